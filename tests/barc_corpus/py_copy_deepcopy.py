from common import *

import numpy as np
from typing import *

# concepts:
# copying

# description:
# deepcopy of a list of objects, then recolour the copies

import copy

def main(input_grid):
    objects = find_connected_components(input_grid)
    copies = copy.deepcopy(objects)
    output_grid = np.zeros_like(input_grid)
    for obj in copies:
        obj[obj != Color.BLACK] = Color.MAROON
        output_grid = blit_object(output_grid, obj)
    return output_grid
