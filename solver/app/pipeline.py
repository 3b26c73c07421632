"""Solving one task: run each enabled branch of the registry within its time budget, merge with the ensemble,
score if possible.

Data flows one way: Task -> branches -> Candidates -> ensemble -> attempts -> TaskResult. A branch that is
off, missing, failing or out of time gives empty Candidates with the reason; it never takes the run down.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ensemble.merge import Attempt, merge
from solver.app import registry
from solver.app.config import RunConfig
from solver.candidates import Candidates
from solver.grid import Grid, grid_to_list
from solver.scoring import score_task, task_score
from solver.tasks import LoadedTask, Task, task_seed


@dataclass
class TaskResult:
    task_id: str
    attempts: list[list[Attempt]]
    branch_outputs: dict[str, Candidates]
    branch_attempts: dict[str, list[list[Attempt]]]
    correct: list[bool] | None = None
    branch_correct: dict[str, list[bool]] = field(default_factory=dict)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    task_json: dict[str, Any] = field(default_factory=dict)   # the task itself (demos, test inputs), for pictures
    solutions: list[list[list[int]]] | None = None
    scoring: dict[str, Any] | None = None                   # the scoring stage's record, when it ran

    @property
    def score(self) -> float | None:
        return None if self.correct is None else task_score(self.correct)

    def to_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "score": self.score,
            "correct": self.correct,
            "attempts": [[a.to_json() for a in per_test] for per_test in self.attempts],
            "submission": [{"attempt_1": a[0].to_json()["grid"], "attempt_2": a[1].to_json()["grid"]}
                           for a in self.attempts],
            "branches": {
                name: {
                    "enabled": out.reason != "disabled",
                    "reason": out.reason,
                    "seconds": round(out.seconds, 3),
                    "info": out.info,
                    "correct": self.branch_correct.get(name),
                    "score": None if name not in self.branch_correct else task_score(self.branch_correct[name]),
                    "attempts": [[a.to_json() for a in per_test] for per_test in self.branch_attempts[name]],
                    "candidates": out.to_json()["per_test"],
                }
                for name, out in self.branch_outputs.items()
            },
            "seconds": round(self.seconds, 3),
            "scoring": self.scoring,
            "errors": self.errors,
            "task": self.task_json,
            "solutions": self.solutions,
        }


def run_branch(name: str, task: Task, config: RunConfig, seed: int, run_dir: Path | None,
               budget_s: float) -> Candidates:
    """One branch on one task within `budget_s` seconds; off, unavailable or failing gives empty Candidates."""
    n = len(task.test_inputs)
    available = registry.branches()
    if name not in config.branches or not config.branch(name).enabled:
        return Candidates.empty(name, n, "disabled")
    if name not in available:
        broken = registry.unavailable().get(name)
        return Candidates.empty(name, n, f"branch '{name}' is not available"
                                + (f" ({broken.source}: {broken.reason})" if broken else ""))
    start = time.monotonic()
    try:
        out = available[name].solve(task, config.branch(name), seed, run_dir, start + budget_s)
    except Exception as exc:  # a branch failure is recorded with its traceback, never fatal to the run
        out = Candidates.empty(name, n, f"error: {exc.__class__.__name__}: {exc}", time.monotonic() - start)
        out.info["traceback"] = traceback.format_exc(limit=5)
        return out
    out.seconds = out.seconds or (time.monotonic() - start)
    return out


def run_scoring_stage(task: Task, outputs: dict[str, Candidates], config: RunConfig, seed: int,
                      run_dir: Path | None) -> dict[str, Any]:
    """Score the union of every branch's candidates with the scoring branch's model and store each score in
    `Candidate.model_score` (branches never see each other; the merge reads the scores). Returns a record."""
    name = config.run.scoring_branch
    start = time.monotonic()
    record: dict[str, Any] = {"branch": name}
    branch = registry.branches().get(name)
    if branch is None or branch.score is None:
        record["error"] = f"branch {name!r} cannot score (no such branch or no score face)"
        return record
    union: list[dict[bytes, Any]] = [{} for _ in task.test_inputs]
    for out in outputs.values():
        for i, cands in enumerate(out.per_test):
            for c in cands:
                union[i].setdefault(c.key, c.grid)
    grids = [list(u.values()) for u in union]
    record["candidates"] = sum(len(g) for g in grids)
    if record["candidates"]:
        budget = config.run.time_limit_s * config.run.scoring_share
        try:
            scores = branch.score(task, grids, config.branch(name), seed, run_dir, start + budget)
        except Exception as exc:  # the task goes on unscored, with the reason
            record["error"] = f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:300]}"
            scores = None
        if scores is not None:
            by_key = [dict(zip(u.keys(), row)) for u, row in zip(union, scores)]
            for out in outputs.values():
                for i, cands in enumerate(out.per_test):
                    for c in cands:
                        c.model_score = float(by_key[i][c.key])
    record["seconds"] = round(time.monotonic() - start, 3)
    return record


def solve_task(loaded: LoadedTask, config: RunConfig, run_dir: Path | None = None) -> TaskResult:
    """Run the enabled branches on one task (in registry order), merge, and score against the solutions."""
    start = time.monotonic()
    task = loaded.task
    seed = task_seed(config.run.seed, task.id)
    budgets = config.branch_budgets()
    outputs = {name: run_branch(name, task, config, seed, run_dir, budgets.get(name, 0.0))
               for name in registry.names()}
    scoring = run_scoring_stage(task, outputs, config, seed, run_dir) if config.run.scoring_branch else None
    result = _result(loaded, outputs, scoring)
    result.seconds = time.monotonic() - start
    return result


def failed_task_result(loaded: LoadedTask, config: RunConfig, reason: str) -> TaskResult:
    """The result of a task that could not run at all (e.g. its worker died twice): every enabled branch empty
    with `reason`, the task recorded as an error and scored as unsolved when its solutions are known."""
    n = len(loaded.task.test_inputs)
    outputs = {name: Candidates.empty(name, n, "disabled" if name not in config.enabled() else f"error: {reason}")
               for name in registry.names()}
    return _result(loaded, outputs, None)


def _result(loaded: LoadedTask, outputs: dict[str, Candidates], scoring: dict[str, Any] | None) -> TaskResult:
    task = loaded.task
    n = len(task.test_inputs)
    attempts = merge(list(outputs.values()), n)
    branch_attempts = {name: merge([out], n) for name, out in outputs.items()}
    result = TaskResult(task.id, attempts, outputs, branch_attempts, task_json=task.to_json(), scoring=scoring)
    result.errors = [f"{name}: {out.reason}" for name, out in outputs.items()
                     if out.reason and (out.reason.startswith("error") or " failed " in out.reason)]
    if scoring is not None and scoring.get("error"):
        result.errors.append(f"scoring: {scoring['error']}")
    if loaded.solutions is not None:
        result.solutions = [grid_to_list(g) for g in loaded.solutions]
        result.correct = _score(attempts, loaded.solutions)
        result.branch_correct = {name: _score(a, loaded.solutions) for name, a in branch_attempts.items()
                                 if outputs[name].reason != "disabled"}
    return result


def _score(attempts: list[list[Attempt]], solutions: tuple[Grid, ...]) -> list[bool]:
    return score_task([[a.grid for a in per_test if not a.placeholder] for per_test in attempts], solutions)
