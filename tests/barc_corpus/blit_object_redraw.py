from common import *

import numpy as np
from typing import *

# concepts:
# objects, redraw

# description:
# redraw objects of even size only

def main(input_grid):
    canvas = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid):
        if np.count_nonzero(obj) % 2 == 0:
            canvas = blit_object(canvas, obj, background=Color.BLACK)
    return canvas
