from common import *

import numpy as np
from typing import *

# concepts:
# comparison

# description:
# output 1x1: blue when the grid equals its mirror image, red otherwise

def main(input_grid):
    same = np.array_equal(input_grid, input_grid[::-1, :])
    return np.array([[Color.BLUE if same else Color.RED]])
