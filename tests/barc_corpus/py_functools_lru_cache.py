from common import *

import numpy as np
from typing import *

# concepts:
# memoisation

# description:
# colours replaced by a cached function of themselves

import functools

@functools.lru_cache(maxsize=None)
def remap(color: int) -> int:
    return (color * 7) % 10

def main(input_grid):
    return np.array([[remap(int(c)) for c in column] for column in input_grid])
