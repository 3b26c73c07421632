from common import *

import numpy as np
from typing import *

# concepts:
# objects, colours

# description:
# objects made only of the two rarest colours are moved to a blank canvas

def main(input_grid):
    colors = [c for c in np.unique(input_grid) if c != Color.BLACK]
    if len(colors) < 2:
        return input_grid
    rare = sorted(colors, key=lambda c: np.sum(input_grid == c))[:2]
    output_grid = np.zeros_like(input_grid)
    for obj in detect_objects(input_grid, colors=[int(c) for c in rare], monochromatic=False, connectivity=4):
        output_grid = blit_object(output_grid, obj)
    return output_grid
