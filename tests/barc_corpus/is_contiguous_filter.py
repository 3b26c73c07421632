from common import *

import numpy as np
from typing import *

# concepts:
# contiguity

# description:
# keep colours whose cells form one 8-connected piece

def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    for color in Color.NOT_BLACK:
        mask = input_grid == color
        if mask.any() and is_contiguous(mask, connectivity=8):
            output_grid[mask] = color
    return output_grid
