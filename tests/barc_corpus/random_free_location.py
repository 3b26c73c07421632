from common import *

import numpy as np
from typing import *

# concepts:
# placement, randomness

# description:
# put a 2x2 yellow square somewhere free (seeded)

def main(input_grid):
    output_grid = input_grid.copy()
    square = np.full((2, 2), Color.YELLOW)
    try:
        x, y = random_free_location_for_sprite(output_grid, square, padding=1)
    except ValueError:
        return output_grid
    return blit_sprite(output_grid, square, x, y)
