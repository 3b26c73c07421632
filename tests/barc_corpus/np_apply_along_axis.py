from common import *

import numpy as np
from typing import *

# concepts:
# apply along axis

# description:
# each column replaced by its most common value

def main(input_grid):
    def mode(column):
        values, counts = np.unique(column, return_counts=True)
        return np.full_like(column, values[np.argmax(counts)])
    return np.apply_along_axis(mode, 1, input_grid)
