from common import *

import numpy as np
from typing import *

# concepts:
# indices

# description:
# flat index of each non-black cell mod 10

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    xs, ys = np.nonzero(input_grid)
    output_grid[xs, ys] = np.ravel_multi_index((xs, ys), input_grid.shape) % 10
    return output_grid
