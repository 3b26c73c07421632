from common import *

import numpy as np
from typing import *

# concepts:
# scaling

# description:
# the deprecated scale_pattern (it prints) on the cropped content

def main(input_grid):
    sprite = crop(input_grid)
    if sprite.size == 0 or max(sprite.shape) > 15:
        return input_grid
    return scale_pattern(sprite, 2)
