from common import *

import numpy as np
from typing import *

# concepts:
# randomness

# description:
# the random module comes from the star import; choose a colour (seeded)

def main(input_grid):
    color = random.choice(Color.NOT_BLACK)
    output_grid = input_grid.copy()
    output_grid[input_grid == Color.BLACK] = color
    return output_grid
