"""Running one program file on one task (the `arc-solve run-program` command): per-demo verdicts and test outputs."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.grid import Grid, grids_equal
from solver.tasks import LoadedTask
from synth.sandbox import Outcome, SandboxConfig, run_programs


@dataclass
class DemoVerdict:
    index: int
    passed: bool
    outcome: Outcome
    expected: Grid


def run_program_on_task(program: str, loaded: LoadedTask, orientation: str = "xy",
                        config: SandboxConfig | None = None) -> tuple[list[DemoVerdict], list[Outcome]]:
    """Run `program` in the sandbox on the task's demo inputs and test inputs."""
    task = loaded.task
    inputs = [p.input for p in task.train] + list(task.test_inputs)
    outcomes = run_programs([program], inputs, orientation=orientation, config=config)[0]
    demos = [DemoVerdict(i, o.status == "ok" and grids_equal(o.grid, p.output), o, p.output)
             for i, (o, p) in enumerate(zip(outcomes, task.train))]
    return demos, outcomes[len(task.train):]


def describe_mismatch(got: Grid, expected: Grid) -> str:
    """A short diff: shape difference, or the differing cells (row, col: got -> expected), at most 10."""
    if got.shape != expected.shape:
        return f"shape {got.shape[0]}x{got.shape[1]}, expected {expected.shape[0]}x{expected.shape[1]}"
    rows, cols = np.nonzero(got != expected)
    cells = [f"({r},{c}): {got[r, c]} -> {expected[r, c]}" for r, c in zip(rows[:10], cols[:10])]
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"{len(rows)} cells differ: " + ", ".join(cells) + more
