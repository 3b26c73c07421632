from common import *

import numpy as np
from typing import *

# concepts:
# errors

# description:
# a program that raises on grids with more than five colours

def main(input_grid):
    if len(np.unique(input_grid)) > 5:
        raise ValueError("too many colours")
    return input_grid
