from common import *

import numpy as np
from typing import *

# concepts:
# axes

# description:
# np.stack of the grid and its flip, then a max over the stack axis

def main(input_grid):
    stacked = np.stack([input_grid, input_grid[::-1, ::-1]], axis=0)
    return np.swapaxes(stacked.max(axis=0), 0, 1).T
