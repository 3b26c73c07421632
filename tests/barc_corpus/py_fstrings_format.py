from common import *

import numpy as np
from typing import *

# concepts:
# strings

# description:
# string formatting (f-strings, format) is allowed

def main(input_grid):
    label = f"{input_grid.shape[0]}x{input_grid.shape[1]}"
    text = "{} has {:>3} cells".format(label, input_grid.size)
    assert "x" in text
    return np.full((1, min(len(label), 30)), len(text) % 10)
