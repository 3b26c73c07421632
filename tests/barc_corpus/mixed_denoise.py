from common import *

import numpy as np
from typing import *

# concepts:
# denoising

# description:
# isolated single pixels are removed

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=False, connectivity=8):
        if np.count_nonzero(obj) == 1:
            output_grid[obj != Color.BLACK] = Color.BLACK
    return output_grid
