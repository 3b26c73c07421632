"""The compiled search's limits: the deadline (within a few percent), the memory cap (stop expanding, keep what
was found, record the hit), deepening to depth 4, and its counters."""
from __future__ import annotations

import time

import pytest

from solver.tasks import Task, load_dataset
from synth.compiled import compiled_search, run_core
from synth.config import SynthConfig
from synth.search import build_ops


@pytest.fixture(scope="module")
def big_task() -> Task:
    """An arc1-train task (e5062a87) that no pipeline fits and whose depth-4 search takes far longer than the
    tests allow (05269061 and 1caeab9d were ones until fill_diagonal_periodic and align_objects solved them)."""
    return next(t.task for t in load_dataset("arc1-train").tasks if t.task.id == "e5062a87")


def test_deadline_is_honoured(big_task: Task) -> None:
    start = time.monotonic()
    run = run_core(big_task, build_ops(big_task), depth=4, seconds=1.0)
    wall = time.monotonic() - start
    assert run.stats["timed_out"] and not run.stats["memory_cap_hit"]
    assert 0.95 <= run.stats["seconds"] <= 1.05
    assert wall < 1.5  # the Python-side set-up included


def test_memory_cap_stops_expansion_and_keeps_states(big_task: Task) -> None:
    run = run_core(big_task, build_ops(big_task), depth=4, seconds=60.0, memory_mb=16)
    stats = run.stats
    assert stats["memory_cap_hit"] and not stats["timed_out"]
    assert stats["bytes"] <= 16 * 2**20 and stats["rss_growth"] <= 20 * 2**20
    assert stats["states"] > 10_000 and run.core.n_states() == stats["states"]
    assert len(run.core.state_images(stats["states"] - 1)) == len(big_task.train) + len(big_task.test_inputs)


def test_deepens_to_depth_4_when_nothing_is_found(big_task: Task) -> None:
    run = run_core(big_task, build_ops(big_task), depth=4, seconds=3.0)
    assert run.stats["depth_reached"] == 4 and not run.core.fits()
    assert max(run.core.state_depth(i) for i in range(run.core.n_states())) == 4


def test_search_returns_programs_within_its_deadline_under_a_cap() -> None:
    task = load_dataset("arc1-train").tasks[15].task  # 0d3d703e: a color map
    start = time.monotonic()
    result = compiled_search(task, SynthConfig(), start + 3.0, 0, memory_mb=64)
    assert time.monotonic() - start < 3.3
    assert any(p.description.startswith("recolor(") for p in result.programs)
    assert result.stats["states"] > 1 and result.stats["fits"] >= 1


def test_late_phase_applies_final_operations_to_deeper_states() -> None:
    """fill_enclosed is final-only on parents of depth <= 1; the late phase applies it to the depth-2 state
    flip | flip (a half turn), which the task needs, and only when the main levels found nothing."""
    import numpy as np

    from solver.tasks import Pair
    from synth.emit import Step
    from synth.encoding import decode
    from synth.search import Op

    ring = np.array([[1, 1, 1, 0], [1, 0, 1, 0], [1, 1, 1, 2]], dtype=np.uint8)
    out = np.array([[2, 1, 1, 1], [0, 1, 4, 1], [0, 1, 1, 1]], dtype=np.uint8)
    task = Task("late", (Pair(ring, out),), (ring,))
    ops = [Op(Step("flip", ("lr",))), Op(Step("flip", ("ud",))), Op(Step("fill_enclosed", (4,)), final_only=True)]
    assert not run_core(task, ops, depth=3, seconds=10.0, late=False).core.fits()
    run = run_core(task, ops, depth=3, seconds=10.0, late=True)
    fits = run.core.fits()
    assert fits
    state = fits[0][0]
    assert run.path(state) == (Step("flip", ("lr",)), Step("flip", ("ud",)), Step("fill_enclosed", (4,)))
    assert decode(fits[0][3], fits[0][4]) == Step("identity", ())
