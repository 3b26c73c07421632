from common import *

import numpy as np
from typing import *

# concepts:
# gravity, sorting

# description:
# non-black cells fall to the bottom of each column

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for x in range(input_grid.shape[0]):
        column = input_grid[x, :]
        cells = column[column != Color.BLACK]
        if len(cells):
            output_grid[x, -len(cells):] = cells
    return output_grid
