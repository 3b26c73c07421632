from common import *

import numpy as np
from typing import *

# concepts:
# counting, bars

# description:
# a bar chart: each column shows how many non-black cells it had

def main(input_grid):
    counts = np.count_nonzero(input_grid, axis=1)
    output_grid = np.zeros_like(input_grid)
    height = input_grid.shape[1]
    for x, c in enumerate(counts):
        output_grid[x, height - c:] = Color.BLUE
    return output_grid
