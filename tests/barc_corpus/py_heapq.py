from common import *

import numpy as np
from typing import *

# concepts:
# priority queue

# description:
# the three largest objects keep their colour, the rest turn grey

import heapq

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=False)
    keep = heapq.nlargest(3, range(len(objects)), key=lambda i: np.count_nonzero(objects[i]))
    output_grid = input_grid.copy()
    for i, obj in enumerate(objects):
        if i not in keep:
            output_grid[obj != Color.BLACK] = Color.GREY
    return output_grid
