from common import *

import numpy as np
from typing import *

# concepts:
# time

# description:
# import time works; the result does not depend on it

import time

def main(input_grid):
    start = time.time()
    t = time.perf_counter()
    elapsed = time.perf_counter() - t
    assert elapsed >= 0 and start > 0
    time.sleep(0)
    return input_grid.T
