from common import *

import numpy as np
from typing import *

# concepts:
# grouping

# description:
# objects grouped by colour; each colour's largest object is kept

from collections import defaultdict

def main(input_grid):
    groups = defaultdict(list)
    for obj in find_connected_components(input_grid, monochromatic=True):
        groups[object_colors(obj)[0]].append(obj)
    output_grid = np.zeros_like(input_grid)
    for color, objs in groups.items():
        output_grid = blit_object(output_grid, max(objs, key=np.count_nonzero))
    return output_grid
