from common import *

import numpy as np
from typing import *

# concepts:
# np.select

# description:
# low colours blue, middle red, high green

def main(input_grid):
    return np.select([input_grid == 0, input_grid < 4, input_grid < 7], [0, Color.BLUE, Color.RED], Color.GREEN)
