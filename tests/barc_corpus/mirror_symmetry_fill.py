from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, mirror

# description:
# complete the picture with its best mirror symmetry

def main(input_grid):
    syms = detect_mirror_symmetry(input_grid, ignore_colors=[Color.BLACK])
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid != Color.BLACK):
        for px, py in orbit(output_grid, x, y, syms):
            if output_grid[px, py] == Color.BLACK:
                output_grid[px, py] = input_grid[x, y]
    return output_grid
