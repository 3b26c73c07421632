from common import *

import numpy as np
from typing import *

# concepts:
# counting

# description:
# the least common non-black colour becomes the most common one

from collections import Counter

def main(input_grid):
    counts = Counter(input_grid[input_grid != Color.BLACK].tolist())
    if len(counts) < 2:
        return input_grid
    (most, _), (least, _) = counts.most_common()[0], counts.most_common()[-1]
    output_grid = input_grid.copy()
    output_grid[input_grid == least] = most
    return output_grid
