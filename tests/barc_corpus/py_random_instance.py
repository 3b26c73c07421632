from common import *

import numpy as np
from typing import *

# concepts:
# randomness

# description:
# a random.Random() instance (seeded by the sandbox)

import random

def main(input_grid):
    rng = random.Random(3)
    x = rng.randrange(input_grid.shape[0])
    output_grid = input_grid.copy()
    output_grid[x, :] = Color.GREY
    return output_grid
