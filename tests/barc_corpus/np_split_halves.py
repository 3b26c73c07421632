from common import *

import numpy as np
from typing import *

# concepts:
# splitting

# description:
# np.split into two equal halves along y when even, overlay with or

def main(input_grid):
    if input_grid.shape[1] % 2:
        return input_grid
    top, bottom = np.split(input_grid, 2, axis=1)
    return np.where((top != 0) | (bottom != 0), Color.RED, Color.BLACK)
