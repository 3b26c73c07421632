from common import *

import numpy as np
from typing import *

# concepts:
# padding

# description:
# add a one-cell teal border

def main(input_grid):
    if max(input_grid.shape) > 28:
        return input_grid
    return np.pad(input_grid, pad_width=1, mode="constant", constant_values=Color.TEAL)
