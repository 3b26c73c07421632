from common import *

import numpy as np
from typing import *

# concepts:
# sets

# description:
# colours in the left half but not the right become red

def main(input_grid):
    w = input_grid.shape[0] // 2
    left, right = set(input_grid[:w].ravel().tolist()), set(input_grid[w:].ravel().tolist())
    only_left = left - right - {Color.BLACK}
    output_grid = input_grid.copy()
    output_grid[np.isin(input_grid, list(only_left))] = Color.RED
    return output_grid
