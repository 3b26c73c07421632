from common import *

import numpy as np
from typing import *

# concepts:
# flips

# description:
# fliplr then flipud

def main(input_grid):
    return np.flipud(np.fliplr(input_grid))
