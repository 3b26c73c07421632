from common import *

import numpy as np
from typing import *

# concepts:
# bounding box, outline

# description:
# draw a grey outline around everything that is not black

def main(input_grid):
    output_grid = input_grid.copy()
    x, y, w, h = bounding_box(input_grid, background=Color.BLACK)
    if w <= 0 or h <= 0:
        return output_grid
    for i in range(x, x + w):
        for j in (y, y + h - 1):
            if output_grid[i, j] == Color.BLACK:
                output_grid[i, j] = Color.GREY
    for j in range(y, y + h):
        for i in (x, x + w - 1):
            if output_grid[i, j] == Color.BLACK:
                output_grid[i, j] = Color.GREY
    return output_grid
