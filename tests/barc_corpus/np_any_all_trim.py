from common import *

import numpy as np
from typing import *

# concepts:
# trimming

# description:
# drop all-black rows and columns

def main(input_grid):
    rows = np.any(input_grid != Color.BLACK, axis=0)
    cols = np.any(input_grid != Color.BLACK, axis=1)
    if not rows.any():
        return input_grid
    trimmed = input_grid[cols][:, rows]
    assert np.all(trimmed.shape)
    return trimmed
