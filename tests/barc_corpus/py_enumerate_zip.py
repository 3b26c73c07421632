from common import *

import numpy as np
from typing import *

# concepts:
# iteration

# description:
# pair columns with their mirror and keep the brighter cell

def main(input_grid):
    output_grid = input_grid.copy()
    for x, (a, b) in enumerate(zip(input_grid, input_grid[::-1])):
        output_grid[x] = np.maximum(a, b)
    return output_grid
