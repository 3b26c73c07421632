"""The merge policy: two attempts per test input from the branches' Candidates.

Order: answers proposed by both branches first (marked agreed), then verified-program answers (in the
synthesis branch's ranking: agreeing programs, then simplicity), then the neural branch's voted answers
(by votes), then any other candidates; duplicates merged. Exactly two attempts per test input: the first
is repeated when only one exists; an all-zero 1x1 grid, marked as a placeholder, when nothing was produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from solver.candidates import Candidate, Candidates
from solver.grid import Grid, grid_to_list

N_ATTEMPTS = 2


@dataclass
class Attempt:
    """One submitted answer with where it came from."""

    grid: Grid
    branches: list[str]
    verified: bool
    provenance: dict[str, Any] = field(default_factory=dict)
    placeholder: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"grid": grid_to_list(self.grid), "branches": self.branches, "verified": self.verified,
                "placeholder": self.placeholder, "provenance": self.provenance}


def _rank_key(entry: dict[str, Any]) -> tuple:
    cands: list[Candidate] = entry["cands"]
    branches = {c.branch for c in cands}
    verified = any(c.verified for c in cands)
    if len(branches) > 1:
        tier = 0
    elif verified:
        tier = 1
    elif "neural" in branches:
        tier = 2
    else:
        tier = 3
    return (tier, entry["order"])


def merge_test(lists: Sequence[list[Candidate]]) -> list[Attempt]:
    """Two attempts for one test input from each branch's ranked candidate list."""
    entries: dict[bytes, dict[str, Any]] = {}
    order = 0
    # interleave by rank so that `order` reflects each branch's own ranking
    for rank in range(max((len(c) for c in lists), default=0)):
        for cands in lists:
            if rank < len(cands):
                c = cands[rank]
                if c.key not in entries:
                    entries[c.key] = {"cands": [], "order": (rank, order)}
                    order += 1
                entries[c.key]["cands"].append(c)
    ranked = sorted(entries.values(), key=_rank_key)
    attempts = []
    for entry in ranked[:N_ATTEMPTS]:
        cands = entry["cands"]
        attempts.append(Attempt(
            grid=cands[0].grid,
            branches=sorted({c.branch for c in cands}),
            verified=any(c.verified for c in cands),
            provenance={c.branch: c.provenance for c in cands},
        ))
    if not attempts:
        return [Attempt(np.zeros((1, 1), dtype=np.uint8), [], False, {}, placeholder=True)] * N_ATTEMPTS
    while len(attempts) < N_ATTEMPTS:
        attempts.append(attempts[0])
    return attempts


def merge(branch_outputs: Sequence[Candidates], n_tests: int) -> list[list[Attempt]]:
    """Attempts for every test input of a task."""
    for out in branch_outputs:
        if len(out.per_test) != n_tests:
            raise ValueError(f"branch {out.branch} returned {len(out.per_test)} test lists for {n_tests} test inputs")
    return [merge_test([out.per_test[i] for out in branch_outputs]) for i in range(n_tests)]
