from common import *

import numpy as np
from typing import *

# concepts:
# binary search

# description:
# colours bucketed with bisect

import bisect

def main(input_grid):
    edges = [2, 5, 8]
    return np.vectorize(lambda c: bisect.bisect_left(edges, int(c)) * 2)(input_grid)
