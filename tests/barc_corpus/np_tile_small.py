from common import *

import numpy as np
from typing import *

# concepts:
# tiling

# description:
# tile small grids 2x2

def main(input_grid):
    w, h = input_grid.shape
    if 2 * w > 30 or 2 * h > 30:
        return input_grid
    return np.tile(input_grid, (2, 2))
