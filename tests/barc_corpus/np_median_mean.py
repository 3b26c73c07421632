from common import *

import numpy as np
from typing import *

# concepts:
# statistics

# description:
# cells above the median become blue, below the mean red

def main(input_grid):
    med, mean = np.median(input_grid), np.mean(input_grid)
    output_grid = np.zeros_like(input_grid)
    output_grid[input_grid > med] = Color.BLUE
    output_grid[input_grid < mean] = Color.RED
    return output_grid
