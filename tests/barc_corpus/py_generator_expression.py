from common import *

import numpy as np
from typing import *

# concepts:
# generators

# description:
# a generator expression summed

def main(input_grid):
    total = sum(int(c) for c in input_grid.ravel() if c)
    return np.full((2, 2), total % 10)
