from common import *

import numpy as np
from typing import *

# concepts:
# lines, connecting

# description:
# connect pairs of same-coloured pixels that share a column

def main(input_grid):
    output_grid = input_grid.copy()
    for x in range(input_grid.shape[0]):
        for color in set(input_grid[x, :].tolist()) - {Color.BLACK}:
            ys = np.where(input_grid[x, :] == color)[0]
            if len(ys) >= 2:
                draw_line(output_grid, x, int(ys[0]), end_x=x, end_y=int(ys[-1]), color=color)
    return output_grid
