from common import *

import numpy as np
from typing import *

# concepts:
# np.nonzero

# description:
# each non-black cell also paints its mirror cell in the last column

def main(input_grid):
    xs, ys = np.nonzero(input_grid)
    output_grid = input_grid.copy()
    output_grid[-1, ys] = input_grid[xs, ys]
    return output_grid
