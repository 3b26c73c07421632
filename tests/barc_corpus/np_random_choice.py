from common import *

import numpy as np
from typing import *

# concepts:
# randomness, numpy

# description:
# np.random picks cells to recolour (seeded per program)

def main(input_grid):
    output_grid = input_grid.copy()
    n = input_grid.size
    picks = np.random.choice(n, size=min(3, n), replace=False)
    output_grid.reshape(-1)[picks] = Color.PINK
    return output_grid
