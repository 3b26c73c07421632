from common import *

import numpy as np
from typing import *

# concepts:
# recursion

# description:
# recursive fill of each black region touching the border with blue

def main(input_grid):
    w, h = input_grid.shape
    seen = np.zeros((w, h), dtype=bool)
    output_grid = input_grid.copy()
    def fill(x, y, depth=0):
        if depth > 500 or not (0 <= x < w and 0 <= y < h) or seen[x, y] or input_grid[x, y] != Color.BLACK:
            return
        seen[x, y] = True
        output_grid[x, y] = Color.BLUE
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            fill(x + dx, y + dy, depth + 1)
    for x in range(w):
        fill(x, 0)
        fill(x, h - 1)
    return output_grid
