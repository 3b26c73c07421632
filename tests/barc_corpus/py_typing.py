from common import *

import numpy as np
from typing import *

# concepts:
# typing

# description:
# annotated helpers from typing

from typing import List, Tuple, Optional

def corners(grid: np.ndarray) -> List[Tuple[int, int]]:
    w, h = grid.shape
    return [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]

def first_color(grid: np.ndarray) -> Optional[int]:
    colors = [c for c in grid.ravel().tolist() if c != Color.BLACK]
    return colors[0] if colors else None

def main(input_grid: np.ndarray) -> np.ndarray:
    output_grid = input_grid.copy()
    color = first_color(input_grid)
    for x, y in corners(input_grid):
        output_grid[x, y] = color if color is not None else Color.GREY
    return output_grid
