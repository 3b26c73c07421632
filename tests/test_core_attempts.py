"""Two distinct attempts: the compiled search's near misses, ranked after a single verified answer, unverified."""
from __future__ import annotations

import time

import numpy as np

from ensemble.merge import merge_test
from solver.candidates import Candidate
from solver.grid import grid_key
from solver.tasks import Pair, Task
from synth.branch import solve
from synth.config import SynthConfig
from synth.search import FoundProgram, search_with_near_misses
from synth.verify import add_near_misses


def _task(pairs: list[tuple[list, list]], tests: list[list]) -> Task:
    arr = lambda g: np.array(g, dtype=np.uint8)  # noqa: E731
    return Task("t", tuple(Pair(arr(i), arr(o)) for i, o in pairs), tuple(arr(t) for t in tests))


def _flip_task() -> Task:
    grids = [[[1, 2, 0], [0, 3, 0], [4, 0, 0]], [[5, 0, 0], [0, 6, 6], [0, 0, 7]], [[7, 7, 1], [0, 0, 2], [3, 0, 0]]]
    test = [[2, 0, 0], [4, 5, 0], [0, 0, 1]]
    return _task([(g, [r[::-1] for r in g]) for g in grids], [test])


def _miss(grid: list, distance: float) -> FoundProgram:
    return FoundProgram("def main(g):\n    return g\n", 1, [np.array(grid, dtype=np.uint8)], "miss", False, distance)


def test_near_misses_are_unverified_distinct_and_nearest_first() -> None:
    task = _flip_task()
    programs, misses = search_with_near_misses(task, SynthConfig(), time.monotonic() + 5, 0)
    assert programs and all(p.verified for p in programs)
    assert len(misses) >= 2
    assert all(not m.verified and m.distance > 0 and m.wrong_demos >= 1 for m in misses)
    order = [(m.wrong_demos, m.distance) for m in misses]
    assert order == sorted(order)
    keys = [grid_key(m.test_outputs[0]) for m in misses]
    assert len(set(keys)) == len(keys)
    flip_answer = grid_key(np.array([[0, 0, 2], [0, 5, 4], [1, 0, 0]], dtype=np.uint8))
    assert flip_answer in {grid_key(p.test_outputs[0]) for p in programs}


def test_near_misses_fill_the_attempts_that_verified_answers_leave() -> None:
    answer = Candidate(np.array([[1, 2]], dtype=np.uint8), 1.0, "synth", {}, verified=True)
    other = Candidate(np.array([[3, 3]], dtype=np.uint8), 1.0, "synth", {}, verified=True)
    misses = [_miss([[1, 2]], 0.1), _miss([[2, 1]], 0.2), _miss([[0, 0]], 0.3)]
    single, double, none = add_near_misses([[answer], [answer, other], []], [
        FoundProgram(m.text, 1, [m.test_outputs[0]] * 3, m.description, False, m.distance) for m in misses])
    assert [c.grid.tolist() for c in single] == [[[1, 2]], [[2, 1]]]  # the equal miss is skipped
    assert single[1].verified is False and single[1].provenance["source"] == "cpu-near-miss"
    assert double == [answer, other]
    assert [c.grid.tolist() for c in none] == [[[1, 2]], [[2, 1]]] and not any(c.verified for c in none)
    attempts = merge_test([single])
    assert [a.grid.tolist() for a in attempts] == [[[1, 2]], [[2, 1]]] and attempts[0].verified and not attempts[1].verified


def test_branch_second_attempt_is_distinct_when_one_answer_is_verified() -> None:
    task = _flip_task()
    out = solve(task, SynthConfig(), 0, None, time.monotonic() + 20)
    cands = out.per_test[0]
    assert cands and cands[0].verified
    assert cands[0].grid.tolist() == [[0, 0, 2], [0, 5, 4], [1, 0, 0]]
    if len([c for c in cands if c.verified]) == 1:
        assert len(cands) == 2 and not cands[1].verified and cands[1].key != cands[0].key
    attempts = merge_test([cands])
    assert attempts[0].grid.tolist() != attempts[1].grid.tolist()


def test_without_a_program_the_near_misses_are_both_attempts() -> None:
    """Outputs no pipeline makes (fixed noise, unlike the inputs): the branch finds no program and submits the
    two first distinct near misses, unverified, rather than nothing."""
    rng = np.random.default_rng(3)
    pairs = [(rng.integers(0, 3, (4, 4)).tolist(), rng.integers(0, 10, (4, 4)).tolist()) for _ in range(3)]
    out = solve(_task(pairs, [rng.integers(0, 3, (4, 4)).tolist()]), SynthConfig(), 0, None, time.monotonic() + 3)
    cands = out.per_test[0]
    assert out.reason == "no program found"
    assert len(cands) == 2 and not any(c.verified for c in cands) and cands[0].key != cands[1].key
    assert all(c.provenance["source"] == "cpu-near-miss" for c in cands)
