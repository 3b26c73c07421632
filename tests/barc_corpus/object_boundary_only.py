from common import *

import numpy as np
from typing import *

# concepts:
# boundary

# description:
# keep only the boundary cells of every object

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, monochromatic=True):
        boundary = object_boundary(obj)
        output_grid[boundary] = obj[boundary]
    return output_grid
