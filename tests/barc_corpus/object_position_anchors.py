from common import *

import numpy as np
from typing import *

# concepts:
# positions, anchors

# description:
# mark the upper-left corner of each object red and the lower-right blue

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=False, connectivity=8):
        x, y = object_position(obj, anchor="upper left")
        output_grid[x, y] = Color.RED
        x, y = object_position(obj, anchor="lower right")
        output_grid[x, y] = Color.BLUE
    return output_grid
