from common import *

import numpy as np
from typing import *

# concepts:
# counting

# description:
# a 1-wide bar as long as the number of objects

def main(input_grid):
    n = len(find_connected_components(input_grid, monochromatic=False, connectivity=8))
    return np.full((1, max(1, min(n, 30))), Color.BLUE if n else Color.BLACK)
