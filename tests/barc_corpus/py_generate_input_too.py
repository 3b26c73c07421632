from common import *

import numpy as np
from typing import *

# concepts:
# generators

# description:
# a full BARC file: main and generate_input

def main(input_grid):
    output_grid = input_grid.copy()
    output_grid[input_grid == Color.BLACK] = Color.BLUE
    return output_grid

def generate_input():
    grid = np.zeros((10, 10), dtype=int)
    sprite = random_sprite(3, 3, color_palette=[Color.RED])
    x, y = random_free_location_for_sprite(grid, sprite)
    blit_sprite(grid, sprite, x, y)
    return grid
