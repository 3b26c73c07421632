from common import *

import numpy as np
from typing import *

# concepts:
# bands

# description:
# horizontal bands with np.ogrid

def main(input_grid):
    xs, ys = np.ogrid[0:input_grid.shape[0], 0:input_grid.shape[1]]
    return ((ys // 2) % 2) * Color.YELLOW + xs * 0
