from common import *

import numpy as np
from typing import *

# concepts:
# quadrants, symmetry

# description:
# the top-left quadrant mirrored into all four

def main(input_grid):
    w, h = input_grid.shape
    q = input_grid[:(w + 1) // 2, :(h + 1) // 2]
    top = np.concatenate([q, q[::-1, :][w % 2:]], axis=0)
    return np.concatenate([top, top[:, ::-1][:, h % 2:]], axis=1)
