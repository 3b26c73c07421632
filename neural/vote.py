"""Voting over augmented predictions for one test input: our hierarchical vote and the TTT paper's vote.

Input: groups of predictions (a name and its predicted grids, None for an unparseable output; a group may
hold several samples). Unparseable outputs (None, or anything that is not a valid grid) are counted and
dropped. `vote(kind, groups, top_k)` runs the vote `NeuralConfig.vote_kind` names.

hierarchical (`hierarchical_vote`; one group per transform)

1. Within a group, the grid(s) predicted most often win; several grids tied at the top all win. A group with
   no valid prediction elects nothing.
2. Across groups, a grid's `votes` is the number of groups it won. Grids are ranked by votes (more first),
   then by `raw_count`, the total number of predictions equal to it over all groups (more first), then by
   first appearance (earlier first; groups in the order given, samples in order within a group).

Grids that won no group still rank, after every elected grid, with votes = 0 (by raw count, then first
appearance), so that a second attempt can be filled when only one grid was elected.

marc (`marc_vote`; the paper's `arclib/voting.py`; one group per inverse transform, "identity" for the
prompts that were not transformed)
1. Categories: every group, plus "all" (every prediction). Each category nominates its top 3: its most,
   second and third most common grids. Where it has fewer than 3 distinct grids the paper fills the places
   with the row-wise, else column-wise, majority grid; with first-appearance tie-breaking that grid is always
   the category's most common one, so a category with one distinct grid nominates it three times.
2. The nominations are pooled (as a list, repeats counted) and ranked the same way: C1, C2, C3.
3. If C2 and C3 have as many nominations, the one predicted more often by the "identity" group is C2
   (C3 on equal counts, as the paper's code does). The attempts are C1 and C2.
Ties between counts, which the paper's code breaks by Python set order (arbitrary), are broken here by first
appearance (groups in the order given, "all" first, then "identity"). Where C2 ends up equal to C1 (two
nominated grids tied, the identity rule picking the padded C3 = C1) the paper submits one grid twice; here
the next nominated grid, then the next predicted one, follows C1, so a second distinct attempt exists
whenever two grids were predicted.
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


def _valid_keys(groups: Sequence[tuple[str, Sequence[Grid | None]]]) -> tuple[dict[str, list[bytes]], int]:
    """Group name -> keys of its valid predictions (groups of the same name merged); number of invalid ones."""
    by_group: dict[str, list[bytes]] = {}
    bad = 0
    for name, preds in groups:
        keys = by_group.setdefault(name, [])
        for pred in preds:
            if pred is None or not is_valid_grid(pred):
                bad += 1
            else:
                keys.append(grid_key(pred))
    return by_group, bad


def _ranked(keys: Sequence[bytes]) -> list[bytes]:
    """Distinct keys, most frequent first, ties by first appearance."""
    counts = Counter(keys)  # insertion order is first appearance; sorted() is stable
    return sorted(counts, key=lambda k: -counts[k])


def _top3(keys: Sequence[bytes]) -> list[bytes]:
    """The paper's get_all_type_of_votingsv2: most, second, third most common, missing places = the most common."""
    ranked = _ranked(keys)
    return (ranked + [ranked[0]] * 2)[:3]


def marc_vote(groups: Sequence[tuple[str, Sequence[Grid | None]]],
              top_k: int = 2) -> tuple[list[VoteResult], int]:
    """The paper's vote (module docstring); (top_k results, attempts first, n_unparseable).

    `votes` is the number of nominations a grid got, `raw_count` its predictions over all groups, `groups` the
    categories that nominated it.
    """
    by_group, bad = _valid_keys(groups)
    every = [k for keys in by_group.values() for k in keys]
    if not every or top_k <= 0:
        return [], bad
    categories = [("all", every)]
    if by_group.get("identity"):
        categories.append(("identity", by_group["identity"]))
    categories += [(name, keys) for name, keys in by_group.items() if keys and name != "identity"]
    nominations: list[bytes] = []
    nominators: dict[bytes, list[str]] = {}
    for name, keys in categories:
        for k in _top3(keys):
            nominations.append(k)
            if name not in nominators.setdefault(k, []):
                nominators[k].append(name)
    c1, c2, c3 = _top3(nominations)
    counts = Counter(nominations)
    identity = by_group.get("identity", [])
    if counts[c2] == counts[c3] and identity:
        c2 = c2 if identity.count(c2) > identity.count(c3) else c3
    order = [c1, c2] + _ranked(nominations) + _ranked(every)
    chosen = list(dict.fromkeys(order))[:top_k]
    raw = Counter(every)
    return [VoteResult(grid_from_key(k), counts[k], raw[k], list(nominators.get(k, []))) for k in chosen], bad


VOTE_KINDS: tuple[str, ...] = ("hierarchical", "marc")


def vote(kind: str, groups: Sequence[tuple[str, Sequence[Grid | None]]],
         top_k: int = 2) -> tuple[list[VoteResult], int]:
    """The vote called `kind` ("hierarchical" or "marc"); ValueError for any other name."""
    if kind == "hierarchical":
        return hierarchical_vote(groups, top_k)
    if kind == "marc":
        return marc_vote(groups, top_k)
    raise ValueError(f"unknown vote kind {kind!r} (choose one of {', '.join(VOTE_KINDS)})")
