from common import *

import numpy as np
from typing import *

# concepts:
# colours, objects

# description:
# each multi-coloured object is replaced by its number of colours

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, monochromatic=False, connectivity=8):
        colors = object_colors(obj, background=Color.BLACK)
        output_grid[obj != Color.BLACK] = min(len(colors), 9)
    return output_grid
