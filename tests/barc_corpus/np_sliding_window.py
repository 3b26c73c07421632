from common import *

import numpy as np
from typing import *

# concepts:
# windows

# description:
# cells whose 2x2 window is one colour become grey

from numpy.lib.stride_tricks import sliding_window_view

def main(input_grid):
    if min(input_grid.shape) < 2:
        return input_grid
    windows = sliding_window_view(input_grid, (2, 2))
    uniform = (windows == windows[:, :, :1, :1]).all(axis=(2, 3))
    output_grid = input_grid.copy()
    output_grid[:-1, :-1][uniform & (input_grid[:-1, :-1] != Color.BLACK)] = Color.GREY
    return output_grid
