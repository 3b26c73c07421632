from common import *

import numpy as np
from typing import *

# concepts:
# contact

# description:
# of the first twelve objects, those touching another one become red

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=True)[:12]
    output_grid = input_grid.copy()
    for i, a in enumerate(objects):
        if any(contact(object1=a, object2=b, connectivity=4) for j, b in enumerate(objects) if i != j):
            output_grid[a != Color.BLACK] = Color.RED
    return output_grid
