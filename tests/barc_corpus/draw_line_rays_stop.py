from common import *

import numpy as np
from typing import *

# concepts:
# lines, obstacles

# description:
# every red pixel shoots a red ray to the right, stopping at any other colour

def main(input_grid):
    output_grid = np.copy(input_grid)
    others = [c for c in Color.ALL_COLORS if c not in (Color.BLACK, Color.RED)]
    for x, y in np.argwhere(input_grid == Color.RED):
        draw_line(output_grid, x + 1, y, direction=(1, 0), color=Color.RED, stop_at_color=others)
    return output_grid
