from common import *

import numpy as np
from typing import *

# concepts:
# colours

# description:
# aliases map to the same values: grey/gray, teal/purple, maroon/brown

def main(input_grid):
    mapping = {Color.GREY: Color.GRAY, Color.TEAL: Color.PURPLE, Color.MAROON: Color.BROWN,
               Color.TRANSPARENT: Color.BACKGROUND}
    assert all(k == v for k, v in mapping.items())
    output_grid = input_grid.copy()
    output_grid[input_grid == Color.GRAY] = Color.PURPLE
    output_grid[input_grid == Color.BROWN] = Color.ORANGE
    return output_grid
