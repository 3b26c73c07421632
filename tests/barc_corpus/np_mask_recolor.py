from common import *

import numpy as np
from typing import *

# concepts:
# boolean masks

# description:
# swap red and blue

def main(input_grid):
    output_grid = input_grid.copy()
    red, blue = input_grid == Color.RED, input_grid == Color.BLUE
    output_grid[red] = Color.BLUE
    output_grid[blue] = Color.RED
    return output_grid
