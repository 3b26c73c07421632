"""Views of a task (`synth.views`): the search on the task seen through per-grid color permutations, its
programs wrapped to run on the task itself and verified in the sandbox."""
from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pytest

from solver.tasks import Pair, Task
from synth import dsl
from synth.branch import solve
from synth.config import SynthConfig
from synth.sandbox.model import Outcome
from synth.search import FoundProgram, search_programs
from synth.verify import Verified
from synth.views import VIEWS, map_back, parse_weighted_views, view_task, wrap_program
from tests.test_search import run_text


def _grid(rows: list[str]) -> np.ndarray:
    return np.array([[int(c) for c in row] for row in rows], dtype=np.uint8)


def _rank_swap_task() -> tuple[Task, np.ndarray]:
    """Each grid: a background (most common, its color varies), a second color (5 cells) and a third (3 cells);
    the output paints the third color's cells with the second color. Colors differ from pair to pair."""
    def pair(bg: int, second: int, third: int) -> tuple[np.ndarray, np.ndarray]:
        g = np.full((5, 5), bg, dtype=np.uint8)
        g[0, :5] = second
        g[[2, 3, 4], [1, 3, 0]] = third
        out = g.copy()
        out[g == third] = second
        return g, out

    demos = [pair(9, 1, 2), pair(0, 3, 7), pair(4, 6, 8), pair(2, 5, 1)]
    test_in, test_out = pair(7, 2, 4)
    return Task("rank-swap", tuple(Pair(i, o) for i, o in demos), (test_in,)), test_out


def test_color_tables_are_permutations() -> None:
    g = _grid(["9992", "9922", "1999"])
    rank = dsl.color_table_by_frequency(g)
    assert sorted(rank.tolist()) == list(range(10))
    assert rank[9] == 0 and rank[2] == 1 and rank[1] == 2 and rank[0] == 3  # absent colors follow, increasing
    zero = dsl.color_table_zero_background(g)
    assert zero[9] == 0 and zero[0] == 9 and zero[2] == 2
    back = dsl.apply_color_table(dsl.apply_color_table(g, rank), dsl.invert_color_table(rank))
    assert np.array_equal(back, g)


def test_view_task_is_none_when_the_view_changes_nothing() -> None:
    g = _grid(["0001", "0012", "0000"])  # 0 most common, then 1, then 2: already in rank order
    task = Task("t", (Pair(g, g.copy()),), (g.copy(),))
    assert view_task(task, VIEWS["color_rank"]) is None
    assert view_task(task, VIEWS["zero_background"]) is None


def test_parse_views_names_an_unknown_view() -> None:
    assert [v.name for v, _ in parse_weighted_views("color_rank, zero_background")] == ["color_rank", "zero_background"]
    assert parse_weighted_views("") == []
    with pytest.raises(ValueError, match="unknown search view 'flipped'"):
        parse_weighted_views("color_rank,flipped")


def test_a_view_may_carry_a_weight() -> None:
    weighted = parse_weighted_views("color_rank:2, zero_background,transpose:0.5")
    assert [(v.name, w) for v, w in weighted] == [("color_rank", 2.0), ("zero_background", 1.0), ("transpose", 0.5)]
    for bad in ("color_rank:0", "color_rank:-1", "color_rank:x", "color_rank:inf"):
        with pytest.raises(ValueError, match="is not a positive number"):
            parse_weighted_views(bad)


def test_the_views_share_the_time_left_by_weight(monkeypatch) -> None:
    """With no program on the task itself, the views share the second half of the time in proportion to their
    weights (the task's three views: 3 + 1 + 1)."""
    import synth.compiled as compiled
    from synth.compiled import SearchResult
    from synth.search import search_with_near_misses

    task, _ = _rank_swap_task()
    budgets: list[float] = []

    def fake_search(seen, config, deadline, seed, memory_mb=0):  # finds nothing, in all of its time
        budgets.append(deadline - time.monotonic())
        time.sleep(max(0.0, deadline - time.monotonic()))
        return SearchResult([], [], {})

    monkeypatch.setattr(compiled, "compiled_search", fake_search)
    config = SynthConfig(search_early_s=0, search_views="color_rank:3,zero_background,transpose")
    search_with_near_misses(task, config, time.monotonic() + 2.0, 0)
    assert len(budgets) == 4
    for got, want in zip(budgets, (1.0, 0.6, 0.2, 0.2)):
        assert want - 0.05 < got <= want + 0.001, budgets


def test_a_view_program_is_wrapped_to_run_on_the_task_itself() -> None:
    task, expected = _rank_swap_task()
    view = VIEWS["color_rank"]
    seen = view_task(task, view)
    assert seen is not None
    found = search_programs(seen, SynthConfig(search_views=""), time.monotonic() + 10, 0)
    assert found
    answer = map_back(found[0].test_outputs, task, view)[0]
    assert np.array_equal(answer, expected)
    wrapped = wrap_program(found[0].text, view)
    assert np.array_equal(run_text(wrapped, task.test_inputs[0]), expected)
    for p in task.train:  # the wrapped program reproduces the demos of the task itself
        assert np.array_equal(run_text(wrapped, p.input), p.output)


def test_the_search_solves_through_a_view_what_the_task_itself_does_not_show() -> None:
    task, expected = _rank_swap_task()
    plain = search_programs(task, SynthConfig(search_views=""), time.monotonic() + 10, 0)
    assert not any(np.array_equal(p.test_outputs[0], expected) for p in plain[:2])
    found = search_programs(task, SynthConfig(), time.monotonic() + 20, 0)
    assert found and "[color_rank view]" in found[0].description
    assert np.array_equal(found[0].test_outputs[0], expected)


def test_the_branch_verifies_a_view_program_in_the_sandbox() -> None:
    task, expected = _rank_swap_task()
    out = solve(task, SynthConfig(), 0, None, time.monotonic() + 30)
    top = out.per_test[0][0]
    assert top.verified and np.array_equal(top.grid, expected)


@pytest.mark.parametrize("total, took, view_low, view_high", [
    (2.0, 0.5, 0.45, 0.55),    # the task took longer than the floor: each view gets about as long as it took
    (20.0, 0.2, 1.9, 2.05),    # the task answered quickly: each view still gets VIEW_FLOOR of the time
])
def test_a_view_gets_as_long_as_the_task_itself_took_but_at_least_the_floor(monkeypatch, total, took, view_low,
                                                                             view_high) -> None:
    import synth.compiled as compiled
    from synth.compiled import SearchResult
    from synth.search import VIEW_FLOOR, FoundProgram, search_with_near_misses

    assert abs(VIEW_FLOOR - 0.1) < 1e-9  # the bounds below are written for this floor
    task, expected = _rank_swap_task()
    budgets: list[float] = []

    def fake_search(seen, config, deadline, seed, memory_mb=0):
        budgets.append(deadline - time.monotonic())
        if len(budgets) == 1:  # the task itself: one answer, found in `took` seconds
            time.sleep(took)
            return SearchResult([FoundProgram("def main(input_grid):\n    return input_grid\n", 5, [expected], "x")], [], {})
        return SearchResult([], [], {})

    monkeypatch.setattr(compiled, "compiled_search", fake_search)
    programs, _ = search_with_near_misses(task, SynthConfig(search_early_s=0), time.monotonic() + total, 0)
    assert len(budgets) == 4                                       # the task, then its three views
    assert total / 2 - 1 < budgets[0] <= total / 2                 # the task itself: half of the time
    assert all(view_low <= b <= view_high for b in budgets[1:]), budgets
    assert [p.description for p in programs] == ["x"]


@pytest.mark.parametrize("total, searches", [(10.0, 2), (3.0, 1)])
def test_a_short_early_search_runs_first_and_its_programs_join_the_long_one(monkeypatch, total, searches) -> None:
    import synth.search as search
    from synth.search import EARLY_MIN_FACTOR, FoundProgram, search_with_near_misses

    task, expected = _rank_swap_task()
    config = SynthConfig(search_early_s=0.8)
    assert EARLY_MIN_FACTOR * config.search_early_s <= 10.0 and EARLY_MIN_FACTOR * config.search_early_s > 3.0
    calls: list[float] = []
    early = FoundProgram("def main(input_grid):\n    return input_grid\n", 3, [expected], "early")
    late = FoundProgram("def main(input_grid):\n    return input_grid.T\n", 5, [expected.T], "late")
    miss = FoundProgram("def main(input_grid):\n    return input_grid\n", 1, [expected], "miss", verified=False)

    def fake_once(seen, config, deadline, seed):
        calls.append(deadline - time.monotonic())
        return ([early] if len(calls) < searches else [late]), [miss]

    monkeypatch.setattr(search, "_search_once", fake_once)
    programs, misses = search_with_near_misses(task, config, time.monotonic() + total, 0)
    assert len(calls) == searches and misses == [miss]
    if searches == 2:  # the early search gets its seconds, the long one the rest; programs simplest first
        assert 0.7 < calls[0] <= 0.8 and calls[1] > total - 1
        assert [p.description for p in programs] == ["late", "early"]  # two searches, two attempts
    else:  # too little time for two searches: only the long one
        assert [p.description for p in programs] == ["late"]


def _program(name: str, complexity: int, answer: np.ndarray) -> FoundProgram:
    return FoundProgram(f"def main(input_grid):\n    return {name}\n", complexity, [answer], name)


def test_the_early_answer_ranks_second_unless_the_long_search_already_ranks_it_first() -> None:
    from synth.search import with_early_answer

    a, b, c = (np.full((2, 2), v, dtype=np.uint8) for v in (1, 2, 3))
    long_ = [_program("a1", 2, a), _program("c1", 3, c)]
    early = [_program("a0", 1, a), _program("b0", 9, b)]  # its best answer equals the long best's: b0 is picked
    assert [p.description for p in with_early_answer(long_, early)] == ["a1", "b0", "c1", "a0"]
    assert [p.description for p in with_early_answer(long_, early[:1])] == ["a1", "c1", "a0"]
    assert [p.description for p in with_early_answer([], early)] == ["a0", "b0"]


def test_the_two_searches_near_misses_alternate_with_distinct_answers() -> None:
    from synth.search import alternate

    a, b, c, d = (np.full((2, 2), v, dtype=np.uint8) for v in (1, 2, 3, 4))
    long_ = [_program("a1", 1, a), _program("b1", 1, b), _program("c1", 1, c)]
    early = [_program("b0", 1, b), _program("d0", 1, d)]  # b0 comes before b1, which then repeats its answer
    assert [m.description for m in alternate(long_, early)] == ["a1", "b0", "d0", "c1"]
    assert [m.description for m in alternate(long_, [])] == ["a1", "b1", "c1"]


def test_the_branch_submits_answers_in_the_order_the_search_ranks_them(monkeypatch) -> None:
    import synth.branch as branch

    task, expected = _rank_swap_task()
    other = expected.copy()
    other[0, 0] = (other[0, 0] + 1) % 10
    ranked = [_program("input_grid", 5, expected), _program("input_grid.T", 9, expected.T),
              _program("input_grid[::-1]", 3, other)]  # the second is the early answer: more complex, still second
    monkeypatch.setattr(branch, "search_with_near_misses", lambda *args: (ranked, []))
    monkeypatch.setattr(branch, "verify_programs", lambda task, specs, sandbox, deadline: (
        [Verified(s, [Outcome(p.test_outputs[0], "ok")]) for s, p in zip(specs, ranked)], Counter()))
    out = solve(task, SynthConfig(), 0, None, time.monotonic() + 5)
    assert [c.provenance["description"] for c in out.per_test[0]] == ["input_grid", "input_grid.T", "input_grid[::-1]"]


def _cells_grid(cells: np.ndarray, heights: list[int], widths: list[int], sep: int = 5) -> np.ndarray:
    """A grid of separator lines (color `sep`) around cells of the given heights and widths, each filled with
    the matching value of `cells`."""
    row_at = np.cumsum([0] + [h + 1 for h in heights])
    col_at = np.cumsum([0] + [w + 1 for w in widths])
    out = np.full((row_at[-1] - 1, col_at[-1] - 1), sep, dtype=np.uint8)
    for i, h in enumerate(heights):
        for j, w in enumerate(widths):
            out[row_at[i]:row_at[i] + h, col_at[j]:col_at[j] + w] = cells[i, j]
    return out


def _cell_gravity_task() -> tuple[Task, np.ndarray]:
    """Cells of unequal heights between separator lines; the colored cells fall to the bottom of their column
    of cells within the same table (pixels do not fall that way: only the cell-level view shows the rule)."""
    rng = np.random.default_rng(3)
    heights, widths = [2, 1, 3, 1], [1, 3, 2]

    def fall(cells: np.ndarray) -> np.ndarray:
        out = np.zeros_like(cells)
        for j in range(cells.shape[1]):
            column = [v for v in cells[:, j] if v]
            out[cells.shape[0] - len(column):, j] = column
        return out

    def pair() -> tuple[np.ndarray, np.ndarray]:
        cells = rng.choice([0, 0, 1, 2, 3], size=(len(heights), len(widths)))
        return _cells_grid(cells, heights, widths), _cells_grid(fall(cells), heights, widths)

    demos = [pair() for _ in range(3)]
    test_in, test_out = pair()
    return Task("cell-gravity", tuple(Pair(i, o) for i, o in demos), (test_in,)), test_out


def test_the_transpose_view_flips_every_grid_and_its_program_runs_on_the_task_itself() -> None:
    rng = np.random.default_rng(3)
    pairs = []
    for h, w in ((3, 5), (4, 2), (2, 6)):
        g = rng.integers(0, 4, (h, w)).astype(np.uint8)
        pairs.append(Pair(g, g[:, ::-1].copy()))           # the task flips left-right; seen flipped, it flips up-down
    test_in = rng.integers(0, 4, (5, 3)).astype(np.uint8)
    task = Task("lr", tuple(pairs), (test_in,))
    view = VIEWS["transpose"]
    seen = view_task(task, view)
    assert seen is not None and seen.train[0].input.shape == (5, 3) and seen.test_inputs[0].shape == (3, 5)
    assert np.array_equal(seen.train[1].output, pairs[1].output.T)
    found = search_programs(seen, SynthConfig(search_views=""), time.monotonic() + 10, 0)
    assert found
    assert np.array_equal(map_back(found[0].test_outputs, task, view)[0], test_in[:, ::-1])
    wrapped = wrap_program(found[0].text, view)
    for p in task.train + (Pair(test_in, test_in[:, ::-1].copy()),):   # the wrapped program runs on the task itself
        assert np.array_equal(run_text(wrapped, p.input), p.output)
    square = np.array([[1, 2], [2, 1]], dtype=np.uint8)              # symmetric about the diagonal: nothing to see
    assert view_task(Task("s", (Pair(square, square.copy()),), (square.copy(),)), view) is None


def test_the_cells_view_sees_one_pixel_per_cell_and_maps_back() -> None:
    cells = np.array([[1, 0, 2], [3, 3, 0]], dtype=np.uint8)
    grid = _cells_grid(cells, [2, 3], [1, 2, 2])
    assert np.array_equal(dsl.enter_cells(grid, grid), cells)
    assert np.array_equal(dsl.leave_cells(cells[:, ::-1], grid), _cells_grid(cells[:, ::-1], [2, 3], [1, 2, 2]))
    with pytest.raises(ValueError):
        dsl.leave_cells(cells.T, grid)          # not one pixel per cell
    mixed = grid.copy()
    mixed[0, 2] = 4                             # a cell of two colors
    with pytest.raises(ValueError):
        dsl.enter_cells(mixed, grid)
    task, _ = _cell_gravity_task()
    seen = view_task(task, VIEWS["cells"])
    assert seen is not None and seen.train[0].input.shape == (4, 3)
    assert view_task(_rank_swap_task()[0], VIEWS["cells"]) is None   # no separator table: the view does not apply


def test_the_search_solves_through_the_cells_view_what_the_pixels_do_not_show() -> None:
    task, expected = _cell_gravity_task()
    plain = search_programs(task, SynthConfig(search_views=""), time.monotonic() + 2, 0)
    assert not any(np.array_equal(p.test_outputs[0], expected) for p in plain[:2])
    out = solve(task, SynthConfig(), 0, None, time.monotonic() + 5)
    top = out.per_test[0][0]
    assert top.verified and np.array_equal(top.grid, expected)   # verified in the sandbox, on the task itself
    assert "[cells view]" in top.provenance["description"]
