from common import *

import numpy as np
from typing import *

# concepts:
# objects, predicates

# description:
# keep only objects that are wider than tall

def main(input_grid):
    def wide(obj):
        x, y, w, h = bounding_box(obj)
        return w > h
    output_grid = np.zeros_like(input_grid)
    for obj in detect_objects(input_grid, predicate=wide, background=Color.BLACK, connectivity=8):
        blit_object(output_grid, obj, background=Color.BLACK)
    return output_grid
