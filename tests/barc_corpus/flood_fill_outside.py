from common import *

import numpy as np
from typing import *

# concepts:
# flood fill, enclosure

# description:
# flood the outside from the corner; what stays black is enclosed and becomes yellow

def main(input_grid):
    grid = input_grid.copy()
    if grid[0, 0] != Color.BLACK:
        return grid
    marker = 10
    work = grid.astype(int)
    flood_fill(work, 0, 0, marker, connectivity=4)
    output_grid = input_grid.copy()
    output_grid[work == Color.BLACK] = Color.YELLOW
    return output_grid
