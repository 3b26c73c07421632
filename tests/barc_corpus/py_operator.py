from common import *

import numpy as np
from typing import *

# concepts:
# operator module

# description:
# itemgetter sorts objects by size

import operator

def main(input_grid):
    objects = [(np.count_nonzero(o), i, o) for i, o in enumerate(find_connected_components(input_grid))]
    objects.sort(key=operator.itemgetter(0, 1))
    output_grid = input_grid.copy()
    if objects:
        output_grid[objects[0][2] != Color.BLACK] = Color.RED
    return output_grid
