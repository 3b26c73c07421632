from common import *

import numpy as np
from typing import *

# concepts:
# iteration

# description:
# cells of 3x3 blocks take the block's top-left colour

import itertools

def main(input_grid):
    output_grid = input_grid.copy()
    w, h = input_grid.shape
    for bx, by in itertools.product(range(0, w, 3), range(0, h, 3)):
        output_grid[bx:bx + 3, by:by + 3] = input_grid[bx, by]
    return output_grid
