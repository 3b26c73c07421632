from common import *

import numpy as np
from typing import *

# concepts:
# neighbours, halo

# description:
# colour the 4-neighbours of every object green

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=False):
        halo = object_neighbors(obj, connectivity=4)
        output_grid[halo & (output_grid == Color.BLACK)] = Color.GREEN
    return output_grid
