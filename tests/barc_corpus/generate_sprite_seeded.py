from common import *

import numpy as np
from typing import *

# concepts:
# sprites, randomness

# description:
# a mirror-symmetric sprite from generate_sprite replaces the grid when small

def main(input_grid):
    sprite = generate_sprite(4, 4, "mirror", fill_percentage=0.5, color_palate=[Color.GREEN])
    output_grid = np.zeros((max(4, input_grid.shape[0]), max(4, input_grid.shape[1])), dtype=int)
    blit_sprite(output_grid, sprite, 0, 0)
    return output_grid
