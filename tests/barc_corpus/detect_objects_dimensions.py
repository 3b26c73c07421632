from common import *

import numpy as np
from typing import *

# concepts:
# objects, sizes

# description:
# recolour 1x1 and 2x2 objects

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in detect_objects(input_grid, allowed_dimensions=[(1, 1), (2, 2)], monochromatic=True, connectivity=4):
        output_grid[obj != Color.BLACK] = Color.PINK
    return output_grid
