from common import *

import numpy as np
from typing import *

# concepts:
# np.full

# description:
# every non-black cell becomes the colour of the top-left cell

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    fill = np.full_like(input_grid, input_grid[0, 0])
    mask = input_grid != Color.BLACK
    output_grid[mask] = fill[mask]
    return output_grid + np.ones_like(input_grid) * 0
