from common import *

import numpy as np
from typing import *

# concepts:
# boolean logic, halves

# description:
# xor of the left and right halves

def main(input_grid):
    w = input_grid.shape[0] // 2
    if w == 0:
        return input_grid
    left, right = input_grid[:w] != Color.BLACK, input_grid[-w:] != Color.BLACK
    return np.where(np.logical_xor(left, right), Color.GREEN, Color.BLACK)
