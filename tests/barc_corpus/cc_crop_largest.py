from common import *

import numpy as np
from typing import *

# concepts:
# objects, cropping

# description:
# output the largest object (any colours, 8-connected), cropped

def main(input_grid):
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=8, monochromatic=False)
    if not objects:
        return input_grid
    largest = max(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    return crop(largest, background=Color.BLACK)
