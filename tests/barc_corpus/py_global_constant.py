from common import *

import numpy as np
from typing import *

# concepts:
# globals

# description:
# module-level constants and a helper

TARGET = Color.YELLOW
REPLACEMENT = Color.ORANGE

def swap(grid):
    out = grid.copy()
    out[grid == TARGET] = REPLACEMENT
    return out

def main(input_grid):
    return swap(input_grid)
