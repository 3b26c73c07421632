from common import *

import numpy as np
from typing import *

# concepts:
# placement

# description:
# the old alias random_free_location_for_object

def main(input_grid):
    output_grid = input_grid.copy()
    dot = np.full((1, 1), Color.PINK)
    try:
        x, y = random_free_location_for_object(output_grid, dot, border_size=1)
    except ValueError:
        return output_grid
    output_grid[x, y] = Color.PINK
    return output_grid
