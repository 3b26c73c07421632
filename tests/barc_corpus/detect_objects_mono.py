from common import *

import numpy as np
from typing import *

# concepts:
# objects, detection

# description:
# objects of at least three cells become teal

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in detect_objects(input_grid, monochromatic=True, connectivity=4):
        if np.sum(obj != Color.BLACK) >= 3:
            output_grid[obj != Color.BLACK] = Color.TEAL
    return output_grid
