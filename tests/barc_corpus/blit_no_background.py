from common import *

import numpy as np
from typing import *

# concepts:
# blitting

# description:
# copy the cropped content to the top-left corner, all cells opaque

def main(input_grid):
    sprite = crop(input_grid)
    output_grid = np.full_like(input_grid, Color.GREY)
    if sprite.size:
        blit(output_grid, sprite, 0, 0, background=None)
    return output_grid
