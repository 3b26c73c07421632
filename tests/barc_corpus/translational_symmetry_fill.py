from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, translation

# description:
# fill black cells from the detected translational symmetry

def main(input_grid):
    syms = detect_translational_symmetry(input_grid, ignore_colors=[Color.BLACK])
    output_grid = input_grid.copy()
    if not syms:
        return output_grid
    for x, y in np.argwhere(input_grid != Color.BLACK):
        for px, py in orbit(input_grid, x, y, syms):
            if output_grid[px, py] == Color.BLACK:
                output_grid[px, py] = input_grid[x, y]
    return output_grid
