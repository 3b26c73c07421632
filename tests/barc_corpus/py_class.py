from common import *

import numpy as np
from typing import *

# concepts:
# classes

# description:
# a small class holding an object and its bounding box

class Thing:
    def __init__(self, mask):
        self.mask = mask
        self.x, self.y, self.w, self.h = bounding_box(mask)

    def area(self):
        return self.w * self.h

    def __repr__(self):
        return f"Thing({self.x}, {self.y}, {self.w}x{self.h})"

def main(input_grid):
    things = [Thing(obj) for obj in find_connected_components(input_grid, monochromatic=False)]
    output_grid = input_grid.copy()
    for t in things:
        repr(t)
        if t.area() > 4:
            output_grid[t.mask != Color.BLACK] = Color.TEAL
    return output_grid
