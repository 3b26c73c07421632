"""The merge policy: two attempts per test input from the branches' Candidates.

Order (as ../shared/DESIGN.md draws it):
1. verified-program answers, in the order the verifying branch ranked them (the synthesis branch ranks by agreement
   among verified programs, then simplicity); another branch agreeing with one only breaks ties of equal rank;
2. then unverified answers: those a scoring model scored (`Candidate.model_score`, product of experts) by that
   score, higher first; then the others, those proposed by more branches first, then by their rank within their
   branch, then by their branch's score (higher first); a scored answer never outranks a verified one;
duplicates merged (an attempt lists every branch that proposed it). Exactly two attempts per test input, distinct
whenever two distinct candidates exist; the first is repeated when only one exists; an all-zero 1x1 grid, marked
as a placeholder, when nothing was produced. Branch names are never special-cased.
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
    n_branches = len({c.branch for c in cands})
    verified_ranks = [r for c, r in zip(cands, entry["ranks"]) if c.verified]
    if verified_ranks:
        best = max(c.score for c in cands if c.verified)
        return (0, min(verified_ranks), -n_branches, -best, entry["order"])
    scored = [c.model_score for c in cands if c.model_score is not None]
    if scored:  # a scoring model ranked it: its product-of-experts score decides among the unverified answers
        return (1, 0, -max(scored), -n_branches, min(entry["ranks"]), entry["order"])
    return (1, 1, -n_branches, min(entry["ranks"]), -max(c.score for c in cands), entry["order"])


def merge_test(lists: Sequence[list[Candidate]]) -> list[Attempt]:
    """Two attempts for one test input from each branch's ranked candidate list."""
    entries: dict[bytes, dict[str, Any]] = {}
    order = 0
    # interleave by rank so that `rank` and `order` reflect each branch's own ranking
    for rank in range(max((len(c) for c in lists), default=0)):
        for cands in lists:
            if rank < len(cands):
                c = cands[rank]
                if c.key not in entries:
                    entries[c.key] = {"cands": [], "ranks": [], "order": order}
                    order += 1
                entries[c.key]["cands"].append(c)
                entries[c.key]["ranks"].append(rank)
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
