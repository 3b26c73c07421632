from common import *

import numpy as np
from typing import *

# concepts:
# lines, randomness

# description:
# grey separator rows at randomly spaced indices (seeded)

def main(input_grid):
    output_grid = input_grid.copy()
    height = output_grid.shape[1]
    if height < 6:
        return output_grid
    for y in randomly_spaced_indices(height, 2, border_size=1, padding=1):
        output_grid[:, y] = Color.GREY
    return output_grid
