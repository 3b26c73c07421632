from common import *

import numpy as np
from typing import *

# concepts:
# einsum

# description:
# the trace of the top-left square, mod 10, fills a 2x2

def main(input_grid):
    n = min(input_grid.shape)
    return np.full((2, 2), int(np.einsum("ii->", input_grid[:n, :n])) % 10)
