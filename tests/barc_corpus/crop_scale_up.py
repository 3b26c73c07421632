from common import *

import numpy as np
from typing import *

# concepts:
# cropping, scaling

# description:
# crop the content and scale it by two when it fits

def main(input_grid):
    sprite = crop(input_grid)
    if sprite.size == 0:
        return input_grid
    if max(sprite.shape) * 2 <= 30:
        return scale_sprite(sprite, 2)
    return sprite
