"""Transformed views of a task (after icecuber's normalised and flipped tasks): the search runs on the task
seen through a per-grid color permutation, and what it finds is mapped back to the task itself.

This module owns the views. A view names a `synth.dsl` function that gives each input grid its color
permutation; the view task has every demo pair (input and output) and every test input recolored by the
permutation of its own input. A program found on the view becomes a program of the task by a wrapper
(`wrap_program`): recolor the input, run the view's program, recolor its output back by the inverse
permutation; the wrapper pastes its helpers' source, so the branch verifies the wrapped text in the sandbox
on the task's own grids like any other program. The answers in-process are mapped back the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import numpy as np

from solver.tasks import Pair, Task
from synth import dsl


@dataclass(frozen=True)
class View:
    name: str
    table: str        # synth.dsl function: input grid -> color permutation (table[color] = new color)
    description: str


VIEWS = {
    "zero_background": View("zero_background", "color_table_zero_background",
                            "each grid's most common color swapped with 0"),
    "color_rank": View("color_rank", "color_table_by_frequency",
                       "each grid's colors renumbered by falling frequency (the most common is 0)"),
}


def parse_views(names: str) -> list[View]:
    """The views of a comma-separated list of names ("" = none); an unknown name is a ValueError naming it."""
    out = []
    for name in (n.strip() for n in names.split(",")):
        if not name:
            continue
        if name not in VIEWS:
            raise ValueError(f"unknown search view {name!r} (known: {', '.join(VIEWS)})")
        out.append(VIEWS[name])
    return out


def _table(view: View, grid: np.ndarray) -> np.ndarray:
    return dsl.OPERATIONS[view.table](grid)


def view_task(task: Task, view: View) -> Optional[Task]:
    """The task seen through `view`; None when the view changes no grid (it would repeat the plain search)."""
    tables = [_table(view, p.input) for p in task.train]
    test_tables = [_table(view, g) for g in task.test_inputs]
    identity = np.arange(10)
    if all(np.array_equal(t, identity) for t in tables + test_tables):
        return None
    pairs = tuple(Pair(dsl.apply_color_table(p.input, t), dsl.apply_color_table(p.output, t))
                  for p, t in zip(task.train, tables))
    tests = tuple(dsl.apply_color_table(g, t) for g, t in zip(task.test_inputs, test_tables))
    return Task(f"{task.id}@{view.name}", pairs, tests)


def map_back(test_outputs: list[np.ndarray], task: Task, view: View) -> list[np.ndarray]:
    """The view's test answers recolored back by the inverse permutation of each test input."""
    return [dsl.apply_color_table(out, dsl.invert_color_table(_table(view, g)))
            for out, g in zip(test_outputs, task.test_inputs)]


WRAPPED_MAIN = "main_in_view"


def wrap_program(text: str, view: View) -> str:
    """A program of the task from a program `text` of the view task (one `def main(input_grid):`)."""
    signature = "\ndef main(input_grid):"
    if text.count(signature) != 1:
        raise ValueError("the program must define main(input_grid) once")
    body = text.replace(signature, f"\ndef {WRAPPED_MAIN}(input_grid):")
    # the helpers (a helper the program pastes already is pasted again: the same source, harmless)
    source = dsl.function_source([view.table, "apply_color_table", "invert_color_table"])
    wrapper = [
        "def main(input_grid):",
        f"    # the task seen with {view.description}; the answer recolored back",
        "    grid = np.array(input_grid, dtype=np.uint8)",
        f"    table = {view.table}(grid)",
        f"    output_grid = np.array({WRAPPED_MAIN}(apply_color_table(grid, table)), dtype=np.uint8)",
        "    return apply_color_table(output_grid, invert_color_table(table))",
    ]
    return body.rstrip("\n") + "\n\n\n" + (source.strip("\n") + "\n\n\n" if source.strip() else "") + "\n".join(wrapper) + "\n"
