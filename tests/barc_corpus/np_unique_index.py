from common import *

import numpy as np
from typing import *

# concepts:
# np.unique

# description:
# colour of each cell replaced by the flat index of its colour's first cell, mod 10

def main(input_grid):
    values, first = np.unique(input_grid.ravel(), return_index=True)
    lookup = dict(zip(values.tolist(), (first % 10).tolist()))
    return np.vectorize(lookup.get)(input_grid)
