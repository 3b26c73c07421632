from common import *

import numpy as np
from typing import *

# concepts:
# masked arrays

# description:
# sorted non-black values as one row

def main(input_grid):
    values = np.ma.array(input_grid, mask=input_grid == Color.BLACK).compressed()
    if values.size == 0 or values.size > 30:
        return input_grid
    return np.sort(values).reshape(-1, 1)
