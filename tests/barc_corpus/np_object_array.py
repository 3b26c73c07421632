from common import *

import numpy as np
from typing import *

# concepts:
# dtypes

# description:
# an object array of ints is a valid result

def main(input_grid):
    out = np.empty(input_grid.shape, dtype=object)
    for x, y in np.ndindex(*input_grid.shape):
        out[x, y] = int(input_grid[x, y])
    return out
