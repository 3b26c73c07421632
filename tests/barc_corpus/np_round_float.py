from common import *

import numpy as np
from typing import *

# concepts:
# floats

# description:
# a float array of whole numbers is accepted as a grid

def main(input_grid):
    out = np.zeros(input_grid.shape)
    out += input_grid / 2
    return np.round(out)
