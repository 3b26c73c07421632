from common import *

import numpy as np
from typing import *

# concepts:
# exceptions

# description:
# a program that handles its own exceptions

def main(input_grid):
    try:
        x = input_grid[100, 100]
    except IndexError:
        x = Color.GREEN
    try:
        value = 1 / 0
    except ZeroDivisionError:
        value = 0
    output_grid = input_grid.copy()
    output_grid[0, 0] = x + value
    return output_grid
