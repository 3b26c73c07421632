from common import *

import numpy as np
from typing import *

# concepts:
# cumulative sums

# description:
# running count of non-black cells along each row, mod 10

def main(input_grid):
    return np.cumsum(input_grid != Color.BLACK, axis=0) % 10
