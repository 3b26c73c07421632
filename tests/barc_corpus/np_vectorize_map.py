from common import *

import numpy as np
from typing import *

# concepts:
# colour map

# description:
# a vectorized colour permutation

COLOR_MAP = {0: 0, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 7, 7: 8, 8: 9, 9: 1}

def main(input_grid):
    return np.vectorize(lambda c: COLOR_MAP[int(c)])(input_grid)
