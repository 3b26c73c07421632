from common import *

import numpy as np
from typing import *

# concepts:
# pairs

# description:
# draw lines between all pairs of red pixels on the same row

from itertools import combinations

def main(input_grid):
    output_grid = input_grid.copy()
    points = [tuple(p) for p in np.argwhere(input_grid == Color.RED)]
    for (x1, y1), (x2, y2) in combinations(points, 2):
        if y1 == y2:
            draw_line(output_grid, int(x1), int(y1), end_x=int(x2), end_y=int(y2), color=Color.RED)
    return output_grid
