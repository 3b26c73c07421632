from common import *

import numpy as np
from typing import *

# concepts:
# lines, diagonals

# description:
# blue pixels shoot diagonal rays in all four directions

def main(input_grid):
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid == Color.BLUE):
        for direction in [(1, 1), (1, -1), (-1, 1), (-1, -1)]:
            draw_line(output_grid, x, y, direction=direction, color=Color.BLUE, length=4)
    return output_grid
