from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, diagonal

# description:
# the largest square at the top-left becomes symmetric under transposition

def main(input_grid):
    n = min(input_grid.shape)
    square = input_grid[:n, :n].copy()
    return apply_diagonal_symmetry(square, background=Color.BLACK)
