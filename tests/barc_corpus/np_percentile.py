from common import *

import numpy as np
from typing import *

# concepts:
# statistics

# description:
# threshold at the 75th percentile

def main(input_grid):
    threshold = np.percentile(input_grid, 75)
    return (input_grid >= threshold).astype(int) * Color.GREEN
