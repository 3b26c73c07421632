from common import *

import numpy as np
from typing import *

# concepts:
# iteration

# description:
# cells whose colour equals x mod 10 become teal

def main(input_grid):
    output_grid = input_grid.copy()
    for (x, y), value in np.ndenumerate(input_grid):
        if value != Color.BLACK and value == x % 10:
            output_grid[x, y] = Color.TEAL
    return output_grid
