from common import *

import numpy as np
from typing import *

# concepts:
# colour map

# description:
# a colour map built with a dict comprehension

def main(input_grid):
    mapping = {c: (9 - c if c else 0) for c in Color.ALL_COLORS}
    output_grid = input_grid.copy()
    for c, d in mapping.items():
        output_grid[input_grid == c] = d
    return output_grid
