"""The face every branch shows the application: a name, a typed config, `solve`, and an optional `prepare`.

A branch package exposes one `Branch` (e.g. `synth.branch.BRANCH`); the application's registry
(`solver.app.registry`) lists the built-in ones and finds more through the `arc_solver.branches` entry-point
group, so a further branch plugs in without editing this package.

Contracts:
- `solve(task, config, seed, run_dir, deadline) -> Candidates`: `task` holds demos and test inputs only;
  `deadline` is an absolute `time.monotonic()` value; failures come back as empty Candidates with a reason.
- `prepare(tasks, config, seed, run_dir, task_budget_s) -> dict | None`: work done once per evaluation before
  the tasks (e.g. Shared-TTT); returns a record written to RUNDIR/prepare/<name>.json, or None when the config
  asks for nothing. It may raise; the application records the failure and the tasks run without it.
- `score(task, grids_per_test, config, seed, run_dir, deadline) -> scores_per_test` (optional): a model's score
  of each given answer grid (higher is better), for the application's scoring stage, which scores the union of
  every branch's candidates before the merge (`[run] scoring_branch`). It may raise; the task then goes on
  unscored, with the reason recorded.
- the config type is a dataclass with an `enabled: bool` field; its fields are the keys of the branch's TOML
  table `[<name>]`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from solver.candidates import Candidates
from solver.grid import Grid
from solver.tasks import Task

SolveFn = Callable[[Task, Any, int, "Path | None", float], Candidates]
ScoreFn = Callable[[Task, "list[list[Grid]]", Any, int, "Path | None", float], "list[list[float]]"]
PrepareFn = Callable[[Sequence[Task], Any, int, Path, float], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Branch:
    name: str
    config_type: type
    solve: SolveFn
    prepare: PrepareFn | None = None
    description: str = ""
    score: ScoreFn | None = None
