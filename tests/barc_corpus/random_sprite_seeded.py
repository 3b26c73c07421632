from common import *

import numpy as np
from typing import *

# concepts:
# sprites, randomness

# description:
# draw a random 3x3 sprite (seeded per program) at the top-left

def main(input_grid):
    output_grid = input_grid.copy()
    sprite = random_sprite(3, 3, color_palette=[Color.RED, Color.BLUE], symmetry="not_symmetric")
    blit_sprite(output_grid, sprite, 0, 0)
    return output_grid
