from common import *

import numpy as np
from typing import *

# concepts:
# argmax, indices

# description:
# the cell with the largest colour value becomes the centre of a cross

def main(input_grid):
    x, y = np.unravel_index(np.argmax(input_grid), input_grid.shape)
    output_grid = input_grid.copy()
    output_grid[x, :] = input_grid[x, y]
    output_grid[:, y] = input_grid[x, y]
    return output_grid
