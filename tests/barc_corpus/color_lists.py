from common import *

import numpy as np
from typing import *

# concepts:
# colours

# description:
# cells of the first half of NOT_BLACK become black

def main(input_grid):
    first = Color.NOT_BLACK[:4]
    output_grid = input_grid.copy()
    output_grid[np.isin(input_grid, first)] = Color.BLACK
    assert Color.ALL_COLORS == list(range(10))
    return output_grid
