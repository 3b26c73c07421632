from common import *

import numpy as np
from typing import *

# concepts:
# holes

# description:
# objects with an enclosed hole turn green

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=False, connectivity=4):
        interior = object_interior(obj)
        if np.any(interior & (obj == Color.BLACK)):
            output_grid[obj != Color.BLACK] = Color.GREEN
    return output_grid
