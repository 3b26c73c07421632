from common import *

import numpy as np
from typing import *

# concepts:
# separators

# description:
# split by grey lines; each cell gets the majority colour

def main(input_grid):
    output_grid = input_grid.copy()
    cols = [x for x in range(input_grid.shape[0]) if np.all(input_grid[x, :] == Color.GREY)]
    rows = [y for y in range(input_grid.shape[1]) if np.all(input_grid[:, y] == Color.GREY)]
    xs = [-1] + cols + [input_grid.shape[0]]
    ys = [-1] + rows + [input_grid.shape[1]]
    for x0, x1 in zip(xs, xs[1:]):
        for y0, y1 in zip(ys, ys[1:]):
            cell = input_grid[x0 + 1:x1, y0 + 1:y1]
            if cell.size == 0:
                continue
            values, counts = np.unique(cell, return_counts=True)
            output_grid[x0 + 1:x1, y0 + 1:y1] = values[np.argmax(counts)]
    return output_grid
