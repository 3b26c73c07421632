from common import *

import numpy as np
from typing import *

# concepts:
# np.argwhere, cropping

# description:
# crop to the extent of the non-black cells using argwhere

def main(input_grid):
    points = np.argwhere(input_grid != Color.BLACK)
    if len(points) == 0:
        return input_grid
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return input_grid[x0:x1 + 1, y0:y1 + 1]
