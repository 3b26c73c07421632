from common import *

import numpy as np
from typing import *

# concepts:
# positions, center

# description:
# put a yellow pixel at the (rounded) centre of each object

def main(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid):
        cx, cy = object_position(obj, anchor="center")
        output_grid[int(cx), int(cy)] = Color.YELLOW
    return output_grid
