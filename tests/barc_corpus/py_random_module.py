from common import *

import numpy as np
from typing import *

# concepts:
# randomness

# description:
# import random explicitly; seeded shuffle of the colours

import random

def main(input_grid):
    colors = list(range(1, 10))
    random.shuffle(colors)
    mapping = {0: 0, **{c: colors[c - 1] for c in range(1, 10)}}
    return np.vectorize(mapping.get)(input_grid)
