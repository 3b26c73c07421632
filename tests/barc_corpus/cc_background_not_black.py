from common import *

import numpy as np
from typing import *

# concepts:
# objects, background

# description:
# treat the most common colour as background and keep the smallest object

def main(input_grid):
    values, counts = np.unique(input_grid, return_counts=True)
    background = int(values[np.argmax(counts)])
    objects = find_connected_components(input_grid, background=background, monochromatic=False)
    if not objects:
        return input_grid
    smallest = min(objects, key=lambda obj: np.sum(obj != background))
    return crop(smallest, background=background)
