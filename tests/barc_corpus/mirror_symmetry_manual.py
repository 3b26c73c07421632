from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, mirror

# description:
# mirror every pixel about the vertical centre line

def main(input_grid):
    width, height = input_grid.shape
    sym = MirrorSymmetry(mirror_x=(width - 1) / 2, mirror_y=None)
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid != Color.BLACK):
        mx, my = sym.apply(x, y)
        output_grid[int(mx), int(my)] = input_grid[x, y]
    return output_grid
