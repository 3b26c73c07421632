from common import *

import numpy as np
from typing import *

# concepts:
# stacking

# description:
# grid above its flip, using vstack/hstack

def main(input_grid):
    w, h = input_grid.shape
    if 2 * h > 30:
        return input_grid
    return np.hstack([input_grid, np.fliplr(input_grid)]) if w > 0 else np.vstack([input_grid])
