from common import *

import numpy as np
from typing import *

# concepts:
# mirroring, concatenation

# description:
# the grid next to its mirror image

def main(input_grid):
    if input_grid.shape[0] * 2 > 30:
        return input_grid
    return np.concatenate([input_grid, input_grid[::-1, :]], axis=0)
