"""A third branch that plugs in through the `arc_solver.branches` entry-point group with its own config table:
it answers the up-down flip of each test input (unverified), or nothing when `[mirror] axis = "none"`."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.branch import Branch
from solver.candidates import Candidate, Candidates


@dataclass
class MirrorConfig:
    enabled: bool = True
    axis: str = "ud"


def solve(task, config: MirrorConfig, seed, run_dir, deadline) -> Candidates:
    if config.axis == "none":
        return Candidates.empty("mirror", len(task.test_inputs), "axis none")
    per_test = [[Candidate(np.flipud(g).copy(), 1.0, "mirror", {"axis": config.axis})] for g in task.test_inputs]
    return Candidates("mirror", per_test)


BRANCH = Branch("mirror", MirrorConfig, solve, description="test plug-in: flips each test input upside down")
