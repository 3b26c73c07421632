from common import *

import numpy as np
from typing import *

# concepts:
# roll

# description:
# cyclic shift by one in each direction

def main(input_grid):
    return np.roll(np.roll(input_grid, 1, axis=0), -1, axis=1)
