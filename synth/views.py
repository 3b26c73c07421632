"""Transformed views of a task (after icecuber's normalised tasks): the search runs on the task seen another
way, and what it finds is mapped back to the task itself.

This module owns the views. A view names two `synth.dsl` functions: `enter(grid, like)`, the grid seen in the
view of the input grid `like` it belongs to, and `leave(grid, like)`, its inverse. The color views recolor by
a per-input color permutation; the cells view sees a grid of separator lines one pixel per cell; the
transpose view (icecuber's diagonal-flipped task) sees every grid flipped about its main diagonal. The view
task has every demo pair (input and output, both seen by the input's view) and every test input seen by its
own; a view applies only where every grid can be seen and every demo output comes back exactly. A program
found on the view becomes a program of the task by a wrapper (`wrap_program`): see the input, run the view's
program, map its output back; the wrapper pastes its helpers' source, so the branch verifies the wrapped text
in the sandbox on the task's own grids like any other program. The answers in-process are mapped back the
same way, and an answer that cannot be (a cells-view answer of the wrong size) is dropped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np

from solver.tasks import Pair, Task
from synth import dsl


@dataclass(frozen=True)
class View:
    name: str
    enter: str        # synth.dsl function (grid, like) -> the grid seen in the view of input `like`
    leave: str        # synth.dsl function (grid, like) -> the view's grid mapped back
    description: str


VIEWS = {
    "zero_background": View("zero_background", "enter_zero_background", "leave_zero_background",
                            "with each grid's most common color swapped with 0"),
    "color_rank": View("color_rank", "enter_color_rank", "leave_color_rank",
                       "with each grid's colors renumbered by falling frequency (the most common is 0)"),
    "cells": View("cells", "enter_cells", "leave_cells",
                  "one pixel per cell of its separator table (cells of one color)"),
    "transpose": View("transpose", "enter_transpose", "leave_transpose", "flipped about the main diagonal"),
}


def parse_weighted_views(names: str) -> list[tuple[View, float]]:
    """The views of a comma-separated list of `name` or `name:weight` (weight 1 when not given; "" = none), each
    with its weight: the search shares the time left among the views in proportion to their weights. An unknown
    name or a weight that is not a positive number is a ValueError naming it."""
    out = []
    for item in (n.strip() for n in names.split(",")):
        if not item:
            continue
        name, _, weight_text = item.partition(":")
        name = name.strip()
        if name not in VIEWS:
            raise ValueError(f"unknown search view {name!r} (known: {', '.join(VIEWS)})")
        try:
            weight = float(weight_text) if weight_text.strip() else 1.0
        except ValueError:
            weight = math.nan
        if not 0 < weight < math.inf:
            raise ValueError(f"search view {name!r}: weight {weight_text.strip()!r} is not a positive number")
        out.append((VIEWS[name], weight))
    return out


NOT_SEEN = (ValueError, IndexError)  # how a view's function says a grid cannot be seen (or mapped back)


def _enter(view: View, grid: np.ndarray, like: np.ndarray) -> np.ndarray:
    return dsl.OPERATIONS[view.enter](grid, like)


def _leave(view: View, grid: np.ndarray, like: np.ndarray) -> np.ndarray:
    return dsl.OPERATIONS[view.leave](grid, like)


def view_task(task: Task, view: View) -> Optional[Task]:
    """The task seen through `view`; None where the view does not apply (a grid it cannot see, a demo output
    that does not come back exactly) or changes no grid (it would repeat the plain search)."""
    try:
        pairs = tuple(Pair(_enter(view, p.input, p.input), _enter(view, p.output, p.input)) for p in task.train)
        tests = tuple(_enter(view, g, g) for g in task.test_inputs)
        if not all(np.array_equal(_leave(view, q.output, p.input), p.output) for p, q in zip(task.train, pairs)):
            return None
    except NOT_SEEN:
        return None
    if all(np.array_equal(q.input, p.input) and np.array_equal(q.output, p.output) for p, q in zip(task.train, pairs)) \
            and all(np.array_equal(v, g) for v, g in zip(tests, task.test_inputs)):
        return None
    return Task(f"{task.id}@{view.name}", pairs, tests)


def map_back(test_outputs: list[np.ndarray], task: Task, view: View) -> Optional[list[np.ndarray]]:
    """The view's test answers mapped back through each test input's view; None when one cannot be."""
    try:
        return [_leave(view, out, g) for out, g in zip(test_outputs, task.test_inputs)]
    except NOT_SEEN:
        return None


WRAPPED_MAIN = "main_in_view"


def wrap_program(text: str, view: View) -> str:
    """A program of the task from a program `text` of the view task (one `def main(input_grid):`)."""
    signature = "\ndef main(input_grid):"
    if text.count(signature) != 1:
        raise ValueError("the program must define main(input_grid) once")
    body = text.replace(signature, f"\ndef {WRAPPED_MAIN}(input_grid):")
    # the helpers (a helper the program pastes already is pasted again: the same source, harmless)
    source = dsl.function_source([view.enter, view.leave])
    wrapper = [
        "def main(input_grid):",
        f"    # the task seen {view.description}; the answer mapped back",
        "    grid = np.array(input_grid, dtype=np.uint8).T  # row-major: grid[row, col]",
        f"    seen = {view.enter}(grid, grid).T  # {WRAPPED_MAIN} takes and returns the layout of input_grid",
        f"    output_grid = np.array({WRAPPED_MAIN}(seen), dtype=np.uint8).T",
        f"    return {view.leave}(output_grid, grid).T",
    ]
    return body.rstrip("\n") + "\n\n\n" + (source.strip("\n") + "\n\n\n" if source.strip() else "") + "\n".join(wrapper) + "\n"
