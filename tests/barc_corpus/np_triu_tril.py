from common import *

import numpy as np
from typing import *

# concepts:
# triangles

# description:
# upper triangle red, lower triangle blue, of the largest top-left square

def main(input_grid):
    n = min(input_grid.shape)
    ones = np.ones((n, n), dtype=int)
    return np.triu(ones, 1) * Color.RED + np.tril(ones, -1) * Color.BLUE
