from common import *

import numpy as np
from typing import *

# concepts:
# records

# description:
# objects as namedtuples sorted by position

from collections import namedtuple

Item = namedtuple("Item", ["x", "y", "color"])

def main(input_grid):
    items = []
    for obj in find_connected_components(input_grid):
        x, y = object_position(obj)
        items.append(Item(x, y, object_colors(obj)[0]))
    items.sort(key=lambda item: (item.y, item.x))
    if not items:
        return input_grid
    row = np.array([[item.color] for item in items[:30]])
    return row
