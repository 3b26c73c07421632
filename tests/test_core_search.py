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


def test_the_cover_stays_under_the_memory_cap(big_task: Task) -> None:
    """The enumeration stops at the cap less its last 16th, which the layered cover's bitsets may use: after a
    cap hit the cover still chooses among pieces, and the search's estimate (with its 25% margin) and the
    cover's bitsets stay under the cap; a cap too small for every piece cuts the cover, and says so."""
    cap = 16 * 2**20
    run = run_core(big_task, build_ops(big_task), depth=4, seconds=60.0, memory_mb=16)
    assert run.stats["memory_cap_hit"] and run.core.n_partials() > 1
    assert run.stats["bytes"] * 1.25 <= cap - cap / 16 + 4096
    run.core.covers(6, 1_000_000, 60.0, True)
    stats = run.core.stats()
    assert stats["cover_pieces"] > 1 and stats["cover_cap_hit"]
    assert stats["bytes"] + stats["bytes"] // 4 + stats["cover_bytes"] < cap
    roomy = run_core(big_task, build_ops(big_task), depth=1, seconds=60.0)
    roomy.core.covers(6, 1_000_000, 60.0, True)
    assert not roomy.core.stats()["cover_cap_hit"] and roomy.core.stats()["cover_pieces"] > 1


def test_deepens_to_depth_4_when_nothing_is_found(big_task: Task) -> None:
    run = run_core(big_task, build_ops(big_task), depth=4, seconds=3.0)
    assert run.stats["depth_reached"] == 4 and not run.core.fits()
    assert max(run.core.state_depth(i) for i in range(run.core.n_states())) == 4


def test_search_returns_programs_within_its_deadline_under_a_cap() -> None:
    loaded = load_dataset("arc1-train").tasks[15]  # 0d3d703e: a color map
    start = time.monotonic()
    result = compiled_search(loaded.task, SynthConfig(), start + 3.0, 0, memory_mb=64)
    assert time.monotonic() - start < 3.3
    # the simplest programs are cell tables (a plain recolor has a costlier table and may fall past the candidate
    # cap); whichever ranks first, it answers the color map right
    assert result.programs and (result.programs[0].test_outputs[0] == loaded.solutions[0]).all()
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


def test_a_state_first_made_by_a_final_only_operation_is_expanded_when_an_expandable_one_makes_it() -> None:
    """States are deduplicated by content, and final-only results are not expanded: a final-only operation that
    happens to make a state first must not hide it from the expandable operation that makes it again (a new
    operation shadowed crop_nonbg | downscale this way). Both engines expand it, with its first path."""
    import numpy as np

    from solver.tasks import Pair
    from synth.emit import Step
    from synth.reference import reference_search
    from synth.search import Op

    g = np.array([[1, 2, 0], [0, 3, 0]], dtype=np.uint8)
    out = np.ascontiguousarray(np.fliplr(g).T)  # flip, then transpose
    task = Task("shadow", (Pair(g, out),), (g,))
    flip_final, flip = Op(Step("flip", ("lr",)), final_only=True), Op(Step("flip", ("lr",)))
    transpose = Op(Step("transpose", ()))
    assert not run_core(task, [flip_final, transpose], depth=2, seconds=10.0, late=False).core.fits()
    ops = [flip_final, transpose, flip]
    run = run_core(task, ops, depth=2, seconds=10.0, late=False)
    paths = {run.path(state) for state, *_ in run.core.fits()}
    assert (Step("flip", ("lr",)), Step("transpose", ())) in paths
    trace = reference_search(task, ops, depth=2)
    assert trace.paths == [run.path(i) for i in range(run.core.n_states())]


def test_resume_goes_on_where_the_search_stopped(big_task: Task) -> None:
    """A search cut by its deadline and resumed again and again makes the same states, in the same order, as one
    search that was never cut (depth 2, which finishes in well under a second)."""
    ops = build_ops(big_task)
    whole = run_core(big_task, ops, depth=2, seconds=60.0)
    assert whole.core.finished()
    cut = run_core(big_task, ops, depth=2, seconds=0.01)
    assert not cut.core.finished()
    for _ in range(10_000):
        if cut.core.finished():
            break
        cut.core.resume(0.01)
    assert cut.core.finished()
    assert cut.core.n_states() == whole.core.n_states() > 1000
    assert all(cut.core.state_image_ids(i) == whole.core.state_image_ids(i) and cut.path(i) == whole.path(i)
               for i in range(0, whole.core.n_states(), 97))
    assert cut.core.fits() == whole.core.fits()
