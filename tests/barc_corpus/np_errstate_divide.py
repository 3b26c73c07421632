from common import *

import numpy as np
from typing import *

# concepts:
# floats, errstate

# description:
# division guarded by errstate

def main(input_grid):
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(input_grid > 0, 9 / np.maximum(input_grid, 1), 0)
    return np.floor(ratio).astype(int)
