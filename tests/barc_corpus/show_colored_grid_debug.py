from common import *

import numpy as np
from typing import *

# concepts:
# debugging

# description:
# prints the grid (discarded) and returns it flipped

def main(input_grid):
    show_colored_grid(input_grid)
    show_colored_grid(input_grid, text=False)
    return np.flip(input_grid, axis=1)
