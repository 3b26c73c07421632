from common import *

import numpy as np
from typing import *

# concepts:
# linear algebra

# description:
# 1x1 grid holding the rank of the colour matrix (capped at 9)

def main(input_grid):
    rank = np.linalg.matrix_rank(input_grid.astype(float))
    return [[min(int(rank), 9)]]
