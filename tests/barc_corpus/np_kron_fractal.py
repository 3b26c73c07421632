from common import *

import numpy as np
from typing import *

# concepts:
# kronecker, fractal

# description:
# the mask of the cropped content, kronecker with itself

def main(input_grid):
    sprite = crop(input_grid)
    if sprite.size == 0 or sprite.shape[0] ** 2 > 30 or sprite.shape[1] ** 2 > 30:
        return input_grid
    mask = (sprite != Color.BLACK).astype(int)
    return np.kron(mask, sprite)
