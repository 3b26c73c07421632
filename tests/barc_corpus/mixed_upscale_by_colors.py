from common import *

import numpy as np
from typing import *

# concepts:
# scaling

# description:
# scale by the number of distinct non-black colours (capped)

def main(input_grid):
    n = len(object_colors(input_grid))
    factor = max(1, min(n, 30 // max(input_grid.shape)))
    return scale_sprite(input_grid, factor)
