from common import *

import numpy as np
from typing import *

# concepts:
# collision

# description:
# shift the content right by one if that does not collide with itself, else left

def main(input_grid):
    dx = 1 if not collision(object1=input_grid, object2=input_grid, x2=1, y2=0) else -1
    return translate(input_grid, dx, 0)
