from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, sprites

# description:
# make the whole grid top-bottom symmetric

def main(input_grid):
    return apply_symmetry(input_grid.copy(), "vertical")
