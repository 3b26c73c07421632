from common import *

import numpy as np
from typing import *

# concepts:
# list of lists

# description:
# a list-of-lists result

def main(input_grid):
    return [[int(c) for c in column[::-1]] for column in input_grid]
