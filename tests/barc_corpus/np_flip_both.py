from common import *

import numpy as np
from typing import *

# concepts:
# flips

# description:
# flip along both axes

def main(input_grid):
    return np.flip(np.flip(input_grid, axis=0), axis=1)
