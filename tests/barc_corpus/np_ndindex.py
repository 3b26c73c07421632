from common import *

import numpy as np
from typing import *

# concepts:
# iteration

# description:
# checker mask with np.ndindex

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for x, y in np.ndindex(*input_grid.shape):
        if (x // 2 + y // 2) % 2 == 0:
            output_grid[x, y] = input_grid[x, y]
    return output_grid
