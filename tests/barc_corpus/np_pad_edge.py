from common import *

import numpy as np
from typing import *

# concepts:
# padding

# description:
# extend the grid by repeating its edge

def main(input_grid):
    if max(input_grid.shape) > 26:
        return input_grid
    return np.pad(input_grid, ((2, 0), (0, 2)), mode="edge")
