from common import *

import numpy as np
from typing import *

# concepts:
# repeat

# description:
# each column repeated twice when it fits

def main(input_grid):
    if input_grid.shape[0] * 2 > 30:
        return input_grid
    return np.repeat(input_grid, 2, axis=0)
