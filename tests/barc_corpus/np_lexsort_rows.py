from common import *

import numpy as np
from typing import *

# concepts:
# sorting

# description:
# sort the rows lexicographically

def main(input_grid):
    rows = input_grid.T
    order = np.lexsort(rows.T[::-1])
    return rows[order].T
