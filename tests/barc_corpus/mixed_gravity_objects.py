from common import *

import numpy as np
from typing import *

# concepts:
# gravity, objects

# description:
# objects fall down until they hit the floor or another object

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=False, connectivity=8)
    objects.sort(key=lambda o: -object_position(o, anchor="lower left")[1])
    output_grid = np.zeros_like(input_grid)
    for obj in objects:
        dy = 0
        while True:
            moved = translate(obj, 0, dy + 1)
            if np.count_nonzero(moved) < np.count_nonzero(obj) or collision(object1=output_grid, object2=moved):
                break
            dy += 1
        output_grid = blit_object(output_grid, translate(obj, 0, dy))
    return output_grid
