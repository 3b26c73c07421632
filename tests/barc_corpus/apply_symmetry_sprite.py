from common import *

import numpy as np
from typing import *

# concepts:
# symmetry, sprites

# description:
# make the cropped content left-right symmetric

def main(input_grid):
    sprite = crop(input_grid).copy()
    if sprite.size == 0:
        return input_grid
    return apply_symmetry(sprite, "horizontal", background=Color.BLACK)
