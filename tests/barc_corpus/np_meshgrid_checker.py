from common import *

import numpy as np
from typing import *

# concepts:
# patterns

# description:
# a checkerboard of the two most common colours

def main(input_grid):
    values, counts = np.unique(input_grid, return_counts=True)
    order = values[np.argsort(-counts, kind="stable")]
    a = order[0]
    b = order[1] if len(order) > 1 else Color.GREY
    xs, ys = np.meshgrid(np.arange(input_grid.shape[0]), np.arange(input_grid.shape[1]), indexing="ij")
    return np.where((xs + ys) % 2 == 0, a, b)
