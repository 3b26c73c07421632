from common import *

import numpy as np
from typing import *

# concepts:
# objects, counting

# description:
# one row per colour: as many cells of that colour as it has components (max 9)

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=True)
    counts = {}
    for obj in objects:
        color = object_colors(obj)[0]
        counts[color] = counts.get(color, 0) + 1
    if not counts:
        return np.zeros((1, 1), dtype=int)
    colors = sorted(counts)
    out = np.zeros((max(min(counts[c], 9) for c in colors), len(colors)), dtype=int)
    for y, c in enumerate(colors):
        out[:min(counts[c], 9), y] = c
    return out
