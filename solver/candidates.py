"""The contract between branches and the ensemble: `Candidates`, ranked output grids per test input.

A branch returns one `Candidates`; the ensemble reads nothing else from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from solver.grid import Grid, grid_key, grid_to_list


@dataclass
class Candidate:
    """One proposed output grid for one test input.

    score: the branch's own ranking score (number of agreeing verified programs, or votes).
    provenance: which branch and what produced it: e.g. {"programs": [text...]} or {"votes": n, "transforms": [...]}.
    verified: True only when a program that produced it reproduced every demo.
    model_score: a model's product-of-experts log-probability of this answer (higher is better), when a scoring
    model scored it (the neural branch's `rank_by = "score"`, or the application's scoring stage); else None.
    """

    grid: Grid
    score: float
    branch: str
    provenance: dict[str, Any] = field(default_factory=dict)
    verified: bool = False
    model_score: float | None = None

    @property
    def key(self) -> bytes:
        return grid_key(self.grid)

    def to_json(self) -> dict[str, Any]:
        return {"grid": grid_to_list(self.grid), "score": self.score, "branch": self.branch,
                "verified": self.verified, "model_score": self.model_score, "provenance": self.provenance}


@dataclass
class Candidates:
    """A branch's answer for a task: for each test input, a list of candidates ranked best first.

    `reason` is set when the branch returned nothing on purpose or by failure (off, error, time budget).
    """

    branch: str
    per_test: list[list[Candidate]]
    reason: str | None = None
    seconds: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, branch: str, n_tests: int, reason: str, seconds: float = 0.0) -> "Candidates":
        return cls(branch, [[] for _ in range(n_tests)], reason, seconds)

    def to_json(self, keep: int = 5) -> dict[str, Any]:
        return {"branch": self.branch, "reason": self.reason, "seconds": round(self.seconds, 3), "info": self.info,
                "per_test": [[c.to_json() for c in cands[:keep]] for cands in self.per_test]}
