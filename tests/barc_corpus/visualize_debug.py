from common import *

import numpy as np
from typing import *

# concepts:
# debugging

# description:
# visualize runs a transform once (printing), then the program rotates

def main(input_grid):
    visualize(lambda: input_grid.copy(), lambda g: g.T, n_examples=1, n_attempts=1)
    return np.rot90(input_grid)
