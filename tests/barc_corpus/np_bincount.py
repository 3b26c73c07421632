from common import *

import numpy as np
from typing import *

# concepts:
# bincount

# description:
# colour histogram as a 1x10 row of counts mod 10

def main(input_grid):
    counts = np.bincount(input_grid.ravel(), minlength=10)
    return (counts % 10).reshape(-1, 1)
