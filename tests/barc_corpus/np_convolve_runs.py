from common import *

import numpy as np
from typing import *

# concepts:
# convolution

# description:
# cells in horizontal runs of three same-non-black cells become orange

def main(input_grid):
    output_grid = input_grid.copy()
    for y in range(input_grid.shape[1]):
        row = input_grid[:, y]
        for color in set(row.tolist()) - {Color.BLACK}:
            runs = np.convolve((row == color).astype(int), np.ones(3, dtype=int), mode="same")
            output_grid[runs == 3, y] = Color.ORANGE
    return output_grid
