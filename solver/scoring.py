"""Scoring: exact match per test input, pass@2 per test input, task score, dataset score (ARC Prize rule)."""
from __future__ import annotations

from typing import Sequence

from solver.grid import Grid, grids_equal


def pass_at_2(attempts: Sequence[Grid | None], solution: Grid) -> bool:
    """True if either of the first two attempts equals the solution exactly."""
    return any(grids_equal(a, solution) for a in list(attempts)[:2])


def score_task(attempts: Sequence[Sequence[Grid | None]], solutions: Sequence[Grid]) -> list[bool]:
    """Correctness per test input; `attempts[i]` holds the (up to two) attempts for test input i."""
    if len(attempts) != len(solutions):
        raise ValueError(f"{len(attempts)} attempt lists for {len(solutions)} test inputs")
    return [pass_at_2(a, s) for a, s in zip(attempts, solutions)]


def task_score(correct: Sequence[bool]) -> float:
    """A task's score: the fraction of its test inputs solved."""
    return sum(correct) / len(correct) if correct else 0.0


def dataset_score(task_scores: Sequence[float]) -> float:
    """A dataset's score: the mean of its tasks' scores."""
    return sum(task_scores) / len(task_scores) if task_scores else 0.0
