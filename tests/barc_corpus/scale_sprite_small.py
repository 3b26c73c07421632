from common import *

import numpy as np
from typing import *

# concepts:
# scaling

# description:
# small inputs are scaled by three, large ones by one

def main(input_grid):
    factor = 3 if max(input_grid.shape) <= 10 else 1
    return scale_sprite(input_grid, factor)
