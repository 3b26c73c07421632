from common import *

import numpy as np
from typing import *

# concepts:
# masked arrays

# description:
# per row of the program grid: maximum over cells above 4

def main(input_grid):
    masked = np.ma.masked_where(input_grid <= 4, input_grid)
    best = masked.max(axis=1).filled(0)
    return np.array(best).reshape(-1, 1)
