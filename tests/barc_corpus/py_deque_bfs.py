from common import *

import numpy as np
from typing import *

# concepts:
# BFS

# description:
# distance (mod 10) from the first red cell through black cells

from collections import deque

def main(input_grid):
    reds = np.argwhere(input_grid == Color.RED)
    if len(reds) == 0:
        return input_grid
    w, h = input_grid.shape
    dist = -np.ones((w, h), dtype=int)
    start = tuple(reds[0])
    dist[start] = 0
    queue = deque([start])
    while queue:
        x, y = queue.popleft()
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < w and 0 <= ny < h and dist[nx, ny] < 0 and input_grid[nx, ny] == Color.BLACK:
                dist[nx, ny] = dist[x, y] + 1
                queue.append((nx, ny))
    output_grid = input_grid.copy()
    reached = dist > 0
    output_grid[reached] = dist[reached] % 10
    return output_grid
