from common import *

import numpy as np
from typing import *

# concepts:
# distance

# description:
# Chebyshev distance to the first non-black cell, capped at 9

def main(input_grid):
    points = np.argwhere(input_grid != Color.BLACK)
    if len(points) == 0:
        return input_grid
    x0, y0 = points[0]
    xs, ys = np.mgrid[0:input_grid.shape[0], 0:input_grid.shape[1]]
    return np.minimum(np.maximum(abs(xs - x0), abs(ys - y0)), 9)
