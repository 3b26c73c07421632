from common import *

import numpy as np
from typing import *

# concepts:
# entry point

# description:
# a program with transform instead of main

def transform(input_grid):
    return np.rot90(input_grid, 2)
