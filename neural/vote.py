"""Hierarchical voting over augmented predictions for one test input.

Input: one group per transform (its name and its predicted grids, None for an unparseable output; a group may
hold several samples). Unparseable outputs (None, or anything that is not a valid grid) are counted and
dropped.

1. Within a group, the grid(s) predicted most often win; several grids tied at the top all win. A group with
   no valid prediction elects nothing.
2. Across groups, a grid's `votes` is the number of groups it won. Grids are ranked by votes (more first),
   then by `raw_count`, the total number of predictions equal to it over all groups (more first), then by
   first appearance (earlier first; groups in the order given, samples in order within a group).

Grids that won no group still rank, after every elected grid, with votes = 0 (by raw count, then first
appearance), so that a second attempt can be filled when only one grid was elected.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from solver.grid import Grid, grid_from_key, grid_key, is_valid_grid


@dataclass
class VoteResult:
    """A voted grid: groups that elected it, total predictions equal to it, and those groups' names."""

    grid: Grid
    votes: int
    raw_count: int
    groups: list[str] = field(default_factory=list)


def hierarchical_vote(groups: Sequence[tuple[str, Sequence[Grid | None]]],
                      top_k: int = 2) -> tuple[list[VoteResult], int]:
    """Rank grids by within-group then across-group votes; return (top_k results best first, n_unparseable)."""
    n_unparseable = 0
    raw: Counter[bytes] = Counter()
    first_seen: dict[bytes, int] = {}
    electors: dict[bytes, list[str]] = {}
    for name, preds in groups:
        counts: Counter[bytes] = Counter()
        for pred in preds:
            if pred is None or not is_valid_grid(pred):
                n_unparseable += 1
                continue
            key = grid_key(pred)
            counts[key] += 1
            raw[key] += 1
            first_seen.setdefault(key, len(first_seen))
        if not counts:
            continue
        best = max(counts.values())
        for key, c in counts.items():
            if c == best:
                electors.setdefault(key, []).append(name)
    ranked = sorted(raw, key=lambda k: (-len(electors.get(k, [])), -raw[k], first_seen[k]))
    results = [VoteResult(grid_from_key(k), len(electors.get(k, [])), raw[k], list(electors.get(k, [])))
               for k in ranked[:max(top_k, 0)]]
    return results, n_unparseable
