from common import *

import numpy as np
from typing import *

# concepts:
# masked arrays

# description:
# the mean of the non-black cells (rounded) fills the black ones

def main(input_grid):
    masked = np.ma.masked_equal(input_grid, Color.BLACK)
    if masked.count() == 0:
        return input_grid
    mean = int(round(float(masked.mean())))
    return masked.filled(mean)
