from common import *

import numpy as np
from typing import *

# concepts:
# np.isin

# description:
# keep only red, green and yellow

def main(input_grid):
    keep = np.isin(input_grid, [Color.RED, Color.GREEN, Color.YELLOW])
    return np.where(keep, input_grid, Color.BLACK)
