from common import *

import numpy as np
from typing import *

# concepts:
# randomness, numpy

# description:
# np.random.default_rng with a fixed seed shuffles the rows

def main(input_grid):
    rng = np.random.default_rng(7)
    order = rng.permutation(input_grid.shape[1])
    return input_grid[:, order]
