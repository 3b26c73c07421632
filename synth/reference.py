"""The reference search: a small breadth-first search over `synth.dsl`, in Python, the oracle of the compiled one.

This module owns the semantics the compiled search (`synth._core.Search`) must reproduce: states are
tuples of the images of every demo and test input, deduplicated by content; level by level, every
operation of the list is applied to every state of the frontier (final-only operations only to parents at
most `max_parent_depth` deep and never below depth 2, their children not expanded unless an operation that is
not final-only makes the same state later, which then joins that level's frontier); every new state is
tried with the cheap fitters (`synth.search.CHEAP_FITTERS`, in that order); a fit is kept when its step
runs on every image and reproduces every demo output. The search stops one level after the first level
with a fit. Each level's frontier is stably sorted by `synth.search._promise`. Tests compare this trace with
the compiled one state by state; `benchmarks/search_speed.py` uses it as the speed baseline.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from solver.tasks import Task
from synth.emit import Step
from synth.search import CHEAP_FITTERS, NOT_APPLICABLE, Op, State, _promise, _same, _step_cost, advance, state_key


@dataclass
class Trace:
    """What a search did: its states in creation order and its fits, with counters."""

    paths: list[tuple[Step, ...]] = field(default_factory=list)   # per state, root first
    keys: list[bytes] = field(default_factory=list)               # per state: synth.search.state_key
    fits: list[tuple[int, Step, int]] = field(default_factory=list)  # (state index, fitted step, complexity)
    applications: int = 0         # operation applications to one image
    seconds: float = 0.0
    timed_out: bool = False


def cheap_fits(state: State, outs: list[np.ndarray], roots: tuple[np.ndarray, ...], n_demo: int) -> list[tuple[Step, int]]:
    """The cheap fitters' steps that, run on every image of `state`, reproduce every demo output."""
    demo, tests = list(state.grids[:n_demo]), list(state.grids[n_demo:])
    found = []
    for fitter in CHEAP_FITTERS:
        try:
            step = fitter(demo, outs, tests, roots[:n_demo], roots[n_demo:])
        except NOT_APPLICABLE:
            step = None
        if step is None or (step.name == "identity" and not state.path):
            continue
        final = advance(state, step, roots) if step.name != "identity" else state
        if final is None or not all(_same(g, o) for g, o in zip(final.grids[:n_demo], outs)):
            continue
        found.append((step, sum(_step_cost(s) for s in state.path) + _step_cost(step)))
    return found


def reference_search(task: Task, ops: list[Op], depth: int, deadline: Optional[float] = None) -> Trace:
    """Run the reference search on `task` with `ops` to `depth` (or until time.monotonic() >= deadline)."""
    start = time.monotonic()
    n_demo = len(task.train)
    outs = [p.output for p in task.train]
    roots = tuple(np.ascontiguousarray(g, dtype=np.uint8) for g in [p.input for p in task.train] + list(task.test_inputs))
    trace = Trace()
    seen: dict[bytes, State] = {}
    expandable: set[bytes] = set()  # states made by an operation that is not final-only (or the root)

    def add(state: State) -> int:
        seen[state.key] = state
        trace.paths.append(state.path)
        trace.keys.append(state.key)
        index = len(trace.keys) - 1
        trace.fits += [(index, step, cost) for step, cost in cheap_fits(state, outs, roots, n_demo)]
        return index

    def time_up() -> bool:
        trace.timed_out = trace.timed_out or (deadline is not None and time.monotonic() >= deadline)
        return trace.timed_out

    root = State(roots, (), state_key(roots))
    add(root)
    expandable.add(root.key)
    frontier = [root]
    first_found = 0 if trace.fits else None
    for level in range(1, max(1, depth) + 1):
        if time_up() or (first_found is not None and level > first_found + 1):
            break
        next_frontier: list[State] = []
        for state in frontier:
            for op in ops:
                if time_up():
                    break
                if op.final_only and (level > 2 or level - 1 > op.max_parent_depth):
                    continue
                trace.applications += len(roots)
                child = advance(state, op.step, roots)
                if child is None:
                    continue
                if child.key in seen:  # a state first made by a final-only operation is expanded after all
                    child = seen[child.key]  # when an expandable one makes it too (its path stays the first one)
                else:
                    add(child)
                if not op.final_only and child.key not in expandable:
                    expandable.add(child.key)
                    next_frontier.append(child)
        if trace.fits and first_found is None:
            first_found = level
        next_frontier.sort(key=lambda s: _promise(s, outs))
        frontier = next_frontier
    trace.seconds = time.monotonic() - start
    return trace
