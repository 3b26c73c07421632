from common import *

import numpy as np
from typing import *

# concepts:
# neighbours

# description:
# grey objects take the colour of a touching object

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, monochromatic=True):
        if object_colors(obj) != [Color.GREY]:
            continue
        halo = object_neighbors(obj, connectivity=8)
        around = [c for c in input_grid[halo].tolist() if c not in (Color.BLACK, Color.GREY)]
        if around:
            output_grid[obj != Color.BLACK] = max(set(around), key=around.count)
    return output_grid
