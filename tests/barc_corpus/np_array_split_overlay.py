from common import *

import numpy as np
from typing import *

# concepts:
# splitting

# description:
# split in three along x and overlay the parts

def main(input_grid):
    parts = np.array_split(input_grid, 3, axis=0)
    w = min(p.shape[0] for p in parts)
    if w == 0:
        return input_grid
    out = np.zeros_like(parts[0][:w])
    for p in parts:
        out = np.where(p[:w] != Color.BLACK, p[:w], out)
    return out
