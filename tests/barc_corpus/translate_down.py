from common import *

import numpy as np
from typing import *

# concepts:
# translation

# description:
# every object moves one cell down (and off the edge)

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, monochromatic=False):
        moved = translate(obj, 0, 1, background=Color.BLACK)
        output_grid = blit_object(output_grid, moved)
    return output_grid
