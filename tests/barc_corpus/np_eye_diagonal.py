from common import *

import numpy as np
from typing import *

# concepts:
# diagonal

# description:
# draw the main diagonal in yellow

def main(input_grid):
    output_grid = input_grid.copy()
    n = min(input_grid.shape)
    output_grid[:n, :n][np.eye(n, dtype=bool)] = Color.YELLOW
    return output_grid
