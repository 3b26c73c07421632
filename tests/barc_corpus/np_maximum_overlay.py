from common import *

import numpy as np
from typing import *

# concepts:
# overlay

# description:
# overlay the top and bottom halves with np.maximum

def main(input_grid):
    h = input_grid.shape[1] // 2
    if h == 0:
        return input_grid
    return np.maximum(input_grid[:, :h], input_grid[:, -h:])
