from common import *

import numpy as np
from typing import *

# concepts:
# rotation

# description:
# rotate by as many quarter turns as there are colours

def main(input_grid):
    k = len(set(input_grid.ravel().tolist()))
    return np.rot90(input_grid, k=k)
