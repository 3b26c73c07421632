from common import *

import numpy as np
from typing import *

# concepts:
# between objects

# description:
# cells between the two largest objects become grey

def main(input_grid):
    objects = sorted(find_connected_components(input_grid, monochromatic=False), key=np.count_nonzero)
    output_grid = input_grid.copy()
    if len(objects) < 2:
        return output_grid
    a, b = objects[-1], objects[-2]
    for x in range(input_grid.shape[0]):
        for y in range(input_grid.shape[1]):
            if output_grid[x, y] == Color.BLACK and check_between_objects(a, b, x, y, padding=0):
                output_grid[x, y] = Color.GREY
    return output_grid
