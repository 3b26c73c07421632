from common import *

import numpy as np
from typing import *

# concepts:
# interior, filling

# description:
# fill the interior of every object with orange

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=False):
        interior = object_interior(obj)
        output_grid[interior & (input_grid == Color.BLACK)] = Color.ORANGE
    return output_grid
