from common import *

import numpy as np
from typing import *

# concepts:
# objects, sorting, recolouring

# description:
# recolour components blue, red, green... by decreasing size

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    objects = find_connected_components(input_grid, connectivity=4, monochromatic=True)
    objects.sort(key=lambda obj: -np.count_nonzero(obj))
    palette = [Color.BLUE, Color.RED, Color.GREEN, Color.YELLOW, Color.GREY]
    for rank, obj in enumerate(objects):
        output_grid[obj != Color.BLACK] = palette[min(rank, len(palette) - 1)]
    return output_grid
