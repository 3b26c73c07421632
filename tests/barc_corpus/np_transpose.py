from common import *

import numpy as np
from typing import *

# concepts:
# transpose

# description:
# transpose the grid

def main(input_grid):
    return np.transpose(input_grid)
