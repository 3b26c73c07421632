from common import *

import numpy as np
from typing import *

# concepts:
# bounding box, filling

# description:
# fill the bounding box of each object with its colour

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, monochromatic=True):
        mask = bounding_box_mask(obj)
        output_grid[mask] = object_colors(obj)[0]
    return output_grid
