"""Grid model: a validated 2-D uint8 numpy array (1..30 per side, colors 0..9), with conversion to and from JSON lists.

This module owns the one definition of a valid ARC grid; every loader and branch validates through it.
"""
from __future__ import annotations

from typing import Any

import numpy as np

Grid = np.ndarray  # 2-D uint8, shape (rows, cols), values 0..9, sides 1..30

MAX_SIDE = 30
N_COLORS = 10


class TaskFormatError(ValueError):
    """A task file or grid is malformed. The message is one line naming where and what."""


def parse_grid(raw: Any, where: str) -> Grid:
    """Validate a JSON-style list of rows and return it as a uint8 array; raise TaskFormatError naming `where`."""
    if isinstance(raw, np.ndarray):
        raw = raw.tolist()
    if not isinstance(raw, list):
        raise TaskFormatError(f"{where}: grid must be a list of rows, got {type(raw).__name__}")
    if not (1 <= len(raw) <= MAX_SIDE):
        raise TaskFormatError(f"{where}: grid has {len(raw)} rows, expected 1..{MAX_SIDE}")
    width = None
    for r, row in enumerate(raw):
        if not isinstance(row, list):
            raise TaskFormatError(f"{where}: row {r} must be a list, got {type(row).__name__}")
        if width is None:
            width = len(row)
            if not (1 <= width <= MAX_SIDE):
                raise TaskFormatError(f"{where}: grid has {width} columns, expected 1..{MAX_SIDE}")
        elif len(row) != width:
            raise TaskFormatError(f"{where}: ragged rows (row 0 has {width} cells, row {r} has {len(row)})")
        for c, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, (int, np.integer)):
                raise TaskFormatError(f"{where}: cell [{r}][{c}] is not an integer: {cell!r}")
            if not (0 <= cell < N_COLORS):
                raise TaskFormatError(f"{where}: cell [{r}][{c}] = {cell} is outside colors 0..9")
    return np.array(raw, dtype=np.uint8)


def is_valid_grid(value: Any) -> bool:
    """True if `value` is a 2-D integer array with sides 1..30 and values 0..9."""
    if not isinstance(value, np.ndarray) or value.ndim != 2:
        return False
    if not (1 <= value.shape[0] <= MAX_SIDE and 1 <= value.shape[1] <= MAX_SIDE):
        return False
    if value.dtype.kind not in "iub":
        return False
    return bool(value.min() >= 0 and value.max() < N_COLORS)


def grid_to_list(grid: Grid) -> list[list[int]]:
    """Row-major JSON form of a grid."""
    return [[int(v) for v in row] for row in np.asarray(grid)]


def grid_key(grid: Grid) -> bytes:
    """A hashable key identifying a grid exactly (shape and cells), for deduplication and voting."""
    g = np.ascontiguousarray(grid, dtype=np.uint8)
    return bytes([g.shape[0], g.shape[1]]) + g.tobytes()


def grid_from_key(key: bytes) -> Grid:
    """Inverse of grid_key."""
    rows, cols = key[0], key[1]
    return np.frombuffer(key[2:], dtype=np.uint8).reshape(rows, cols).copy()


def grids_equal(a: Grid | None, b: Grid | None) -> bool:
    """Exact match: same shape and same cells."""
    if a is None or b is None:
        return False
    return a.shape == b.shape and bool(np.array_equal(a, b))
