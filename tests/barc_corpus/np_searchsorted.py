from common import *

import numpy as np
from typing import *

# concepts:
# binning

# description:
# bin colours into three groups

def main(input_grid):
    bins = np.array([1, 4, 7])
    return np.searchsorted(bins, input_grid, side="right") * 3
