from common import *

import numpy as np
from typing import *

# concepts:
# blitting, sprites

# description:
# the largest object is also drawn at the bottom-right corner

def main(input_grid):
    output_grid = input_grid.copy()
    objects = find_connected_components(input_grid, monochromatic=False)
    if not objects:
        return output_grid
    sprite = crop(max(objects, key=np.count_nonzero))
    w, h = sprite.shape
    return blit_sprite(output_grid, sprite, x=output_grid.shape[0] - w, y=output_grid.shape[1] - h)
