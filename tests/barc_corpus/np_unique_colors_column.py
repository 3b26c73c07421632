from common import *

import numpy as np
from typing import *

# concepts:
# colours, np.unique

# description:
# a column of the colours present, in ascending order

def main(input_grid):
    colors = np.unique(input_grid)
    colors = colors[colors != Color.BLACK]
    if len(colors) == 0:
        return np.zeros((1, 1), dtype=int)
    return colors.reshape(1, -1)
