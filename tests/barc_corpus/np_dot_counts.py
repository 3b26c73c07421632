from common import *

import numpy as np
from typing import *

# concepts:
# linear algebra

# description:
# x-colour co-occurrence via a dot product, mod 10, as 10x10

def main(input_grid):
    onehot = np.stack([(input_grid == c).sum(axis=1) for c in range(10)], axis=1)
    return (onehot.T @ onehot) % 10
