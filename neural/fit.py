"""Drop demos until a prompt fits: the one helper for every place that shortens an in-context prompt.

`fit_demos(demos, build)` calls `build` with all demos, then without the last one, and so on down to
`min_demos` (never below), and returns the first result that is not None with the number of demos it used.
`build` renders and measures: it returns None when its text is over the token limit.
"""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def fit_demos(demos: Sequence[T], build: Callable[[list[T]], R | None],
              min_demos: int = 1) -> tuple[R, int] | None:
    """(first non-None `build(demos[:k])` for k = len(demos) down to min_demos, k); None when none fits.

    With fewer than `min_demos` demos, only all of them are tried.
    """
    n = len(demos)
    for k in range(n, min(min_demos, n) - 1, -1):
        result = build(list(demos[:k]))
        if result is not None:
            return result, k
    return None
