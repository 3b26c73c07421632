from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, rotation

# description:
# complete the picture under its quarter-turn symmetry

def main(input_grid):
    sym = detect_rotational_symmetry(input_grid, ignore_colors=[Color.BLACK])
    output_grid = input_grid.copy()
    if sym is None:
        return output_grid
    for x, y in np.argwhere(input_grid != Color.BLACK):
        for px, py in orbit(output_grid, x, y, [sym]):
            if output_grid[px, py] == Color.BLACK:
                output_grid[px, py] = input_grid[x, y]
    return output_grid
