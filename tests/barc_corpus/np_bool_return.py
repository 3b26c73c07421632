from common import *

import numpy as np
from typing import *

# concepts:
# booleans

# description:
# a boolean mask as the result

def main(input_grid):
    return input_grid != Color.BLACK
