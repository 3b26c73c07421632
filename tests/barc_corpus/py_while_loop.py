from common import *

import numpy as np
from typing import *

# concepts:
# loops

# description:
# shrink the grid until it is at most 5 wide

def main(input_grid):
    grid = input_grid
    while grid.shape[0] > 5:
        grid = grid[::2]
    return grid
