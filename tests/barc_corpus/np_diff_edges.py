from common import *

import numpy as np
from typing import *

# concepts:
# edges, np.diff

# description:
# cells where the colour changes along x become red

def main(input_grid):
    changes = np.diff(input_grid, axis=0) != 0
    output_grid = np.zeros_like(input_grid)
    output_grid[1:][changes] = Color.RED
    return output_grid
