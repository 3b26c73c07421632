from common import *

import numpy as np
from typing import *

# concepts:
# sorting

# description:
# columns sorted by their number of non-black cells

def main(input_grid):
    order = sorted(range(input_grid.shape[0]), key=lambda x: (np.count_nonzero(input_grid[x]), x))
    return input_grid[order, :]
