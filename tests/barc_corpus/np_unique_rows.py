from common import *

import numpy as np
from typing import *

# concepts:
# deduplication

# description:
# distinct rows (ARC rows are axis 1 here), in sorted order

def main(input_grid):
    rows = np.unique(input_grid.T, axis=0)
    return rows.T
