from common import *

import numpy as np
from typing import *

# concepts:
# noise, randomness

# description:
# scatter red points on a blank copy (seeded)

def main(input_grid):
    canvas = np.zeros_like(input_grid)
    randomly_scatter_points(canvas, Color.RED, density=0.1)
    canvas[input_grid != Color.BLACK] = input_grid[input_grid != Color.BLACK]
    return canvas
