"""The compiled search engine: `synth._core.Search` enumerates the states, Python turns its fits into programs.

This module owns the driver of the compiled core. The core runs the breadth-first search of
`synth.reference` (same states, same cheap fits) on the task's operation list (`synth.search.build_ops`)
(to `search_depth`, and on to `search_max_depth` while nothing fits) within a share of the time left and a
memory cap, then, in Python: each fit the core reports, simplest
first, is replayed through `synth.dsl` (`synth.search._Search.record`: the demos are checked again and the
test outputs computed by the reference operations, whose source the emitted program pastes); the costly
and local fitters (object recoloring, stamps, cellular rules) run on the states where the core finds their
necessary conditions to hold (checked on demand, after the enumeration), shallow states first; when nothing
fits there, the core's greedy layered cover (`cover`: overlays of up to COVER_LAYERS of its states, each layer
painting its non-0 cells, its 0 cells, every cell, or its non-0 cells in one color) is replayed as union
programs, and then (still nothing) those fitters run on the deeper states. When they leave time over
(RESUME_MIN_SECONDS or more) and nothing was found, the core goes on where its enumeration stopped (`resume`)
and the cover runs again. Covers right on every demo but one (`cover_fallback`) become near misses, ranked
before the core's nearest pipelines. Every fit is re-checked in Python, so an answer never rests on the core
alone (and the branch verifies each program in the sandbox).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from solver.tasks import Task
from synth import _core, dsl
from synth.config import SynthConfig
from synth.emit import UNION_MODES, Step, describe, describe_union, emit_program, emit_union_program
from synth.encoding import decode, encode, supported
from synth.reference import Trace
from synth.search import (FoundProgram, Op, State, _Search, _step_cost, answer_key, build_ops, fit_local_rule,
                          fit_recolor_objects, fit_stamp, replay, replay_union, state_key,
                          union_complexity)

CORE_SHARE = 0.35       # share of the time left that the core's enumeration may use; the rest is for Python fitters
                        # (arc1-train at 1 s: 0.25 285, 0.35 289, 0.5 286, 0.7 283 of 400; at 10 s on every 4th task 0.35 = 0.5)
DEFAULT_MEMORY_MB = 2048
COVER_SHARE = 0.25      # share of the time left after the core kept for the partial cover when it may run
RESUME_MIN_SECONDS = 0.5  # the core goes on after the Python fitters when this much time is left (less: the views get it)


@dataclass
class CoreRun:
    """One run of the core on a task: the search object, the operation list it ran, its counters."""

    core: _core.Search
    ops: list[Op]
    stats: dict = field(default_factory=dict)

    def path(self, state: int) -> tuple[Step, ...]:
        return tuple(self.ops[i].step for i in self.core.state_path(state))

    def state(self, index: int) -> State:
        grids = tuple(self.core.state_images(index))
        return State(grids, self.path(index), state_key(grids))


def _roots(task: Task) -> list[np.ndarray]:
    return [np.ascontiguousarray(g, dtype=np.uint8) for g in [p.input for p in task.train] + list(task.test_inputs)]


def run_core(task: Task, ops: list[Op], depth: int, seconds: float, memory_mb: int = DEFAULT_MEMORY_MB,
             late: bool = False) -> CoreRun:
    """Run the compiled search on `task` with `ops` (every one must be implemented by the core: an operation
    it lacks means a stale build of `synth._core`, a RuntimeError that says to rebuild)."""
    missing = sorted({op.step.name for op in ops if not supported(op.step)})
    if missing:
        raise RuntimeError(f"the compiled core synth/_core lacks {', '.join(missing)}: it is older than synth/; "
                           "rebuild it with `pip install --no-deps -e .`")
    outs = [np.ascontiguousarray(p.output, dtype=np.uint8) for p in task.train]
    core = _core.Search(_roots(task), len(task.train), outs)
    encoded = [(*encode(op.step), op.final_only, op.max_parent_depth) for op in ops]
    core.run(encoded, depth, max(0.0, seconds), int(memory_mb) * 1024 * 1024, late)
    return CoreRun(core, list(ops), core.stats())


def compiled_trace(task: Task, ops: list[Op], depth: int, seconds: float = 60.0) -> Trace:
    """The compiled search's states and fits in the form of `synth.reference.Trace` (for the oracle test)."""
    run = run_core(task, ops, depth, seconds)
    trace = Trace(applications=run.stats["applications"], seconds=run.stats["seconds"],
                  timed_out=run.stats["timed_out"])
    for i in range(run.core.n_states()):
        trace.paths.append(run.path(i))
        trace.keys.append(state_key(tuple(run.core.state_images(i))))
    trace.fits = [(state, decode(code, args), cost) for state, _fitter, cost, code, args in run.core.fits()]
    return trace


FLAG_RECOLOR_OBJECTS = 1  # synth._core flags: recolor_objects may fit
FLAG_STAMP = 2            # stamps fit (the core replays them)
FLAG_COSTLY = FLAG_RECOLOR_OBJECTS | FLAG_STAMP
FLAG_LOCAL = 4            # a local rule may fit


def _python_fitters(search: _Search, run: CoreRun, order: list[int], costly: Callable[[int], bool],
                    local: Callable[[int], bool]) -> None:
    """The fitters the core does not implement (costly: object recoloring and stamps; local: cellular rules) on
    the core's states in `order`, by state depth, where the core's flags say they may fit, until the deadline."""
    for index in order:
        if search.time_up():
            return
        depth, flags = run.core.state_depth(index), run.core.state_flags(index)
        fitters = ((fit_recolor_objects,) if flags & FLAG_RECOLOR_OBJECTS and costly(depth) else ()) + \
            ((fit_stamp,) if flags & FLAG_STAMP and costly(depth) else ()) + \
            ((fit_local_rule,) if flags & FLAG_LOCAL and local(depth) else ())
        if fitters:
            search.try_fitters(run.state(index), fitters)


COVER_LAYERS = 6       # most pipelines a layered cover overlays
COVER_PIECES = 60000   # pieces (states with the output shapes, distinct demo images) the cover chooses among


def cover(search: _Search, run: CoreRun, deadline: float) -> list[FoundProgram]:
    """Record the layered covers the core finds among its states (`synth._core.Search.covers`: greedy, top layer
    first), each replayed and checked in Python as an overlay program, bottom layer first; return the covers
    that leave one demo out and miss it (`cover_fallback`), simplest first."""
    seconds = max(0.0, deadline - time.monotonic())
    missed = []
    for left_out, layers in run.core.covers(COVER_LAYERS, COVER_PIECES, seconds, True):
        if search.time_up():
            break
        bottom_first = layers[::-1]
        paths, modes = [run.path(state) for state, _ in bottom_first], [UNION_MODES[m] for _, m in bottom_first]
        miss = cover_fallback(search, paths, modes) if left_out >= 0 else None
        if miss is not None:
            missed.append(miss)
        else:  # a program when right on every demo (record_union checks)
            search.record_union(paths, modes)
    return sorted(missed, key=lambda m: (m.complexity, m.distance))


def cover_fallback(search: _Search, paths: list[tuple[Step, ...]], modes: list[str]) -> Optional[FoundProgram]:
    """An overlay right on every demo but exactly one, as an unverified near miss (icecuber also submits its
    partial covers, by how many demos they get right); None otherwise."""
    grids = replay_union(paths, modes, search.roots)
    if grids is None:
        return None
    demo = grids[:search.n_demo]
    wrong = [g.shape != o.shape or not np.array_equal(g, o) for g, o in zip(demo, search.outs)]
    if sum(wrong) != 1:
        return None
    distance = float(np.mean([1.0 if g.shape != o.shape else float(np.mean(g != o))
                              for g, o in zip(demo, search.outs)]))
    return FoundProgram(emit_union_program(paths, modes), union_complexity(paths), grids[search.n_demo:],
                        f"{describe_union(paths, modes)} (near miss: right on {len(wrong) - sum(wrong)} of "
                        f"{len(wrong)} demos)", verified=False, distance=distance, wrong_demos=1)


@dataclass
class SearchResult:
    """What the compiled search returns: programs (verified in-process), near misses (unverified), counters."""

    programs: list[FoundProgram]
    near_misses: list[FoundProgram]
    stats: dict


MAX_NEAR_MISSES = 8


def near_misses(run: CoreRun, roots: tuple[np.ndarray, ...], n_demo: int, deadline: Optional[float] = None,
                ahead: Sequence[FoundProgram] = ()) -> list[FoundProgram]:
    """The near misses `ahead` (the cover's fallbacks), then the core's nearest misses as programs (test outputs
    replayed through `synth.dsl`), fewest demos wrong first, then fewest cells (a pipeline right on all demos but
    one is a better guess than one a little wrong on each); each with test outputs unlike the earlier ones', at
    most MAX_NEAR_MISSES. Past `deadline`, no replay starts once two near misses are made (a task with no program
    submits two)."""
    out: list[FoundProgram] = []
    seen: set[bytes] = set()
    for miss in ahead:
        if len(out) < MAX_NEAR_MISSES and (key := answer_key(miss)) not in seen:
            seen.add(key)
            out.append(miss)
    for wrong_demos, distance, index in run.core.near_misses():
        if len(out) >= MAX_NEAR_MISSES or (len(out) >= 2 and deadline is not None and time.monotonic() >= deadline):
            break
        path = run.path(index)
        state = replay(path, roots)
        if state is None:
            continue
        tests = [g.copy() for g in state.grids[n_demo:]]
        key = state_key(tuple(tests))
        if key in seen:
            continue
        seen.add(key)
        out.append(FoundProgram(emit_program(path), sum(_step_cost(s) for s in path), tests,
                                f"{describe(path)} (near miss: {wrong_demos} of {n_demo} demos and "
                                f"{100 * distance:.1f}% of demo cells wrong)",
                                verified=False, distance=float(distance), wrong_demos=int(wrong_demos)))
    return out


def _record_fits(search: _Search, run: CoreRun, first: int) -> int:
    """Record the core's fits from the `first`-th on, cheapest first, until the deadline; how many there were."""
    fits = run.core.fits()[first:]
    for _, (state, _fitter, _cost, code, args) in sorted(enumerate(fits), key=lambda item: (item[1][2], item[0])):
        if len(search.found) >= search.max_found or search.time_up():
            break
        search.record(run.state(state), decode(code, args))
    return len(fits)


def compiled_search(task: Task, config: SynthConfig, deadline: float, seed: int,
                    memory_mb: int = DEFAULT_MEMORY_MB, depth: Optional[int] = None) -> SearchResult:
    """Programs that reproduce every demo of `task`, simplest first (at most config.max_candidates), found by the
    compiled core and checked by the reference operations; the near misses; and the core's counters."""
    del seed  # the search order is fixed; nothing in it is random
    dsl.clear_caches()
    roots = tuple(_roots(task))
    search = _Search(task, config, deadline, roots)
    ops = build_ops(task)
    start = time.monotonic()
    left = deadline - start
    if depth is None:
        depth = max(config.search_depth, config.search_max_depth)
    run = run_core(task, ops, depth, left * CORE_SHARE, memory_mb, late=True)
    fits = _record_fits(search, run, 0)
    search.try_root_fitters(State(roots, (), state_key(roots)))
    shallow = run.core.flagged(FLAG_COSTLY | FLAG_LOCAL, 0, 2, False, max(0.0, deadline - time.monotonic()))
    # the Python fitters leave COVER_SHARE of the time left for the layered cover
    cover_reserve = (deadline - time.monotonic()) * COVER_SHARE if run.core.n_partials() else 0.0
    search.deadline = deadline - max(0.0, cover_reserve)
    _python_fitters(search, run, shallow, costly=lambda d: d <= 2, local=lambda d: d <= 1)
    search.deadline, search.out_of_time = deadline, False
    # the cover before the late phase: a few exact layers are a simpler answer than a deep pipeline ending in a
    # large fitted table
    fallbacks: list[FoundProgram] = []
    if not search.found:
        fallbacks = cover(search, run, deadline)
    if not search.found:  # the late phase: what the depth limits skipped, most promising first
        deep = run.core.flagged(FLAG_COSTLY | FLAG_LOCAL, 2, 99, True, max(0.0, deadline - time.monotonic()))
        _python_fitters(search, run, deep, costly=lambda d: d > 2, local=lambda d: d > 1)
    # time left over (the Python fitters had little to do): the core goes on where it stopped, then the cover
    # again, over the pieces it added
    left = deadline - time.monotonic()
    if not search.found and not run.core.finished() and left > RESUME_MIN_SECONDS:
        run.core.resume(left * (1 - COVER_SHARE))
        fits += _record_fits(search, run, fits)
        if not search.found:
            fallbacks = cover(search, run, deadline) or fallbacks
    stats = dict(run.core.stats(), fits=fits, programs=len(search.found), cover_fallbacks=len(fallbacks))
    misses = near_misses(run, roots, len(task.train), deadline, ahead=[] if search.found else fallbacks)
    return SearchResult(search.programs(), misses, stats)
