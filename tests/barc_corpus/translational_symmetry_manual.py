from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, translation, orbit

# description:
# repeat every pixel every three cells to the right

def main(input_grid):
    sym = TranslationalSymmetry(translate_x=3, translate_y=0)
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid != Color.BLACK):
        for px, py in orbit(input_grid, x, y, [sym]):
            if output_grid[px, py] == Color.BLACK:
                output_grid[px, py] = input_grid[x, y]
    return output_grid
