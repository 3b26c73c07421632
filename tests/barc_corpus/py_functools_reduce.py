from common import *

import numpy as np
from typing import *

# concepts:
# reduction

# description:
# overlay all objects onto one cropped canvas with reduce

from functools import reduce

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=False)
    if not objects:
        return input_grid
    sprites = [crop(o) for o in objects]
    w = max(s.shape[0] for s in sprites)
    h = max(s.shape[1] for s in sprites)
    def overlay(acc, sprite):
        return blit_sprite(acc, sprite, 0, 0)
    return reduce(overlay, sprites, np.zeros((w, h), dtype=int))
