"""The compiled core against its reference: every operation byte-identical to its synth.dsl twin (random grids
and real tasks' intermediate images), and the compiled search state by state equal to synth.reference."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.tasks import Pair, Task, load_dataset
from synth import _core, dsl
from synth.compiled import compiled_trace, run_core
from synth.emit import Step
from synth.encoding import CODES, decode, encode
from synth.reference import reference_search
from synth.search import Op, apply_step, build_ops

S = Step
COLORS = (0, 1, 2, 5, "most", "least")


def catalogue() -> list[Step]:
    """Steps covering every operation of the core with a spread of arguments."""
    steps = [S("rotate", (k,)) for k in (1, 2, 3)] + [S("flip", (a,)) for a in ("lr", "ud")]
    steps += [S(n, ()) for n in ("transpose", "antitranspose", "trim_border", "binarize", "majority_color_fill",
                                 "hollow_objects", "period_tile", "invert_colors", "dedupe_lines", "fill_color_boxes",
                                 "open_squares", "pad_edges", "color_by_key", "stripe_colors", "line_majority")]
    steps += [S("colors_by_count", (d, k, c)) for d in (True, False) for k in (0, 1, 3) for c in (True, False)]
    steps += [S("recolor_half", (side, 8)) for side in ("bottom", "top", "left", "right")]
    steps += [S("crop_nonbg", (bg,)) for bg in (0, -1, 2)]
    for name in ("crop_color", "crop_inside_color", "remove_color", "keep_color"):
        steps += [S(name, (c,)) for c in COLORS]
    for conn, multi in ((4, False), (8, False), (8, True)):
        steps += [S("crop_object", (conn, multi, sel, iso)) for sel in ("largest", "smallest", "largest_box",
                  "smallest_box", "most_colors", "unique_color", "unique_shape", "topmost", "bottommost", "leftmost",
                  "rightmost", "most_holes", "symmetric") for iso in (False, True)]
        steps += [S(n, (conn, multi, sel)) for n in ("keep_object", "remove_object")
                  for sel in ("largest", "smallest", "unique_color", "unique_shape")]
    steps += [S("remove_small_objects", (conn, k)) for conn in (4, 8) for k in (1, 2)]
    steps += [S("recolor", ({1: 2, 2: 1},)), S("recolor", ({0: 3},))]
    steps += [S("recolor_with_input", ({1: "most", 0: 4},)), S("recolor_with_input", ({2: "least"},))]
    steps += [S(n, (d,)) for n in ("gravity", "gravity_objects") for d in ("down", "up", "left", "right")]
    steps += [S("slide_color", (m, a)) for m in (1, 2, 5) for a in (1, 2, 5) if m != a]
    for name in ("fill_enclosed", "outline_objects", "draw_border", "fill_object_boxes", "remove_uniform_lines"):
        steps += [S(name, (c,)) for c in (0, 1, 3)]
    steps += [S("extend_rays", (c, d, stop)) for c in (1, 2, -1) for d in ("UDLR", "UD", "LR", "U", "D", "L", "R", "abcd",
              "UDLRabcd") for stop in ("hit", "border", "only_hit")]
    steps += [S("stamp_template", (anchor,)) for anchor in ("center", "color")]
    steps += [S("corner_rays", (c, d)) for c in (1, 2) for d in ("a", "d", "bc", "abcd")]
    steps += [S("attract", (c, axis)) for c in (1, 5) for axis in ("rows", "cols", "both")]
    steps += [S("connect_pairs", (lc, diag)) for lc in (-1, 4) for diag in (False, True)]
    steps += [S("connect_elbow", (a, b, 4)) for a, b in ((1, 2), (2, 1), (3, 5))]
    steps += [S("shift", (dy, dx)) for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1), (2, -3))]
    steps += [S("take_part", p) for p in ((2, 1, 0, 0), (2, 1, 1, 0), (1, 2, 0, 0), (1, 2, 0, 1), (2, 2, 0, 0), (3, 3, 2, 1))]
    for noise in (0, 1, 2):
        steps += [S("fill_periodic", (noise,)), S("periodic_patch", (noise,)), S("fill_diagonal_periodic", (noise,))]
        steps += [S(n, (kind, noise)) for n in ("symmetrize", "symmetry_patch") for kind in ("lr", "ud", "lrud", "diag", "rot4")]
    steps += [S("upscale", (fy, fx)) for fy, fx in ((2, 2), (1, 3), (3, 1))]
    steps += [S("downscale", (fy, fx, m)) for fy, fx in ((2, 2), (1, 2), (3, 3)) for m in ("first", "major", "any")]
    steps += [S("dihedral", (n,)) for n in ("id", "lr", "ud", "r180", "t", "at", "r90", "r270")]
    steps += [S("tile", (pattern,)) for pattern in ((("id", "lr"),), (("id",), ("ud",)), (("t", "r90"), ("at", "r180")))]
    steps += [S("fractal", (inv,)) for inv in (False, True)] + [S("fractal_color", (c,)) for c in COLORS] + [S("mirror_across", (c,)) for c in (1, 2, 5)] + [S("border_lines", (k,)) for k in (False, True)]
    for how in ("sep", ("rows", 2), ("cols", 2), ("rows", 3), ("cols", 3), ("long", 2)):
        steps += [S("combine_parts", (how, op)) for op in ("and", "or", "xor", "nor", "first_only", "overlay", "overlay_rev", "fold", "fold_rev", "kron")]
        steps += [S("select_part", (how, sel)) for sel in ("most_cells", "fewest_cells", "most_colors", "fewest_colors", "odd", "common",
                                                           "asymmetric", "symmetric")]
    steps += [S("upscale_by_count", (f,)) for f in ("colors", "cells")]
    steps += [S("period_extend", (fy, fx)) for fy, fx in ((1, 2), (2, 1), (2, 2), (3, 1))]
    steps += [S("period_extend_to", (h, w)) for h, w in ((3, 3), (10, 10), (2, 7))]
    steps += [S(name, (axis,)) for name in ("repeat_band", "keep_center") for axis in ("rows", "cols")]
    steps += [S("fill_empty_parts", ())] + [S("center_in_frame", (c,)) for c in (1, 3)]
    steps += [S("alternate_rays", (d, 5)) for d in ("down", "left", "up", "right")] + [S("cross_points", (c, k)) for c in (2, 0) for k in range(4)]
    steps += [S("crop_most_of", (c, k)) for c in (4, 8) for k in (1, 2)]
    steps += [S("rays_to", (c,)) for c in (1, 3)] + [S("repeat_lines", ())] + [S("meet_halves", (c, a)) for c in (0, 5) for a in ("rows", "cols")]
    steps += [S("reverse_rings", ()), S("sort_bars", ()), S("tile_runs", ())] + [S("fill_between_corners", (c,)) for c in (2, 7)] + [S("project_onto", (c,)) for c in (1, 8)] + [S("fill_empty_squares", (k, c)) for k in (2, 3) for c in (1, 6)] + [S(n, (c,)) for n in ("fill_largest_empty", "alternate_cells", "center_lines") for c in (0, 4)] + [S("recolor_like_enclosed", (c,)) for c in (4, 8)] + [S("paint_from_edge", (c, s)) for c in (1, 5) for s in ("bottom", "left", "top", "right")]
    steps += [S("crop_corner", (h, w, corner)) for h, w in ((1, 1), (2, 3), (3, 2)) for corner in range(4)]
    steps += [S("fill_inner_by_size", (a, b)) for a, b in ((2, 1), (4, 4))] + [S("rows_from_header", ()), S("comb_bars", ()), S("zigzag_down", ()), S("scale_into_frame", ())] + [S("colored_rays", (c, d)) for c in (0, 4, 8) for d in ("UD", "LR", "UDLRabcd", "R", "c")] + [S("mirror_extend", (a, k)) for a in ("rows", "cols") for k in (2, 3, 4)] + [S("drift_extend", (a, n)) for a in ("rows", "cols") for n in (6, 12, 30)] + [S("leaky_box", (c,)) for c in (0, 3, 8)] + [S("flood_checker", (c,)) for c in (0, 2, 8)] + [S("pieces_into_holes", ()), S("largest_color_columns", ()), S("frame_empty_twin", ()), S("stencil_key", ())] + [S("band_holes", (c,)) for c in (0, 2, 5)] + [S("wall_rays", (a, b)) for a, b in ((2, 1), (1, 2), (3, 5))] + [S("crop_color_margin", (c, dy, dx)) for c in (0, 2, 5) for dy, dx in ((1, 0), (0, 1), (2, 1))] + [S("merge_touching", (a, b, c)) for a, b, c in ((3, 2, 8), (1, 2, 0), (2, 5, 5), (0, 1, 4))] + [S("trail_copies", ())] + [S("mark_like_key", (f, c)) for f, c in ((5, 5), (1, 3), (0, 2))] + [S("gather_to", (c,)) for c in (1, 8)] + [S("mirror_to_marker", (c,)) for c in (2, 5)] + [S("assemble_corners", ())] + [S("frame_inside_points", ())] + [S("detour_rays", (d, s)) for d in ("up", "down", "left", "right") for s in (1, -1)] + [S("fill_group_boxes", (c, f, k)) for c, f in ((2, 4), (0, 7)) for k in (0, 1, 2)] + [S("crop_solid_rect", ())] + [S("concentric_squares", ())] + [S("mend_lines", (c,)) for c in (0, 2, 7)] + [S("mark_midpoints", (c,)) for c in (-1, 0, 4)] + [S("pixels_in_grid", (h, w, b, k)) for h, w in ((3, 3), (1, 30), (6, 2)) for b in (0, 1) for k in (0, 1)] + [S("stripe_square", ())] + [S("stair_bar", (a, b)) for a, b in ((3, 1), (0, 4), (6, 6))]
    steps += [S("draw_spiral", (c,)) for c in (0, 3, 7)] + [S("step_rays", (a, b)) for a, b in ((8, 2), (2, 8), (1, 5), (0, 3))] + [S("shift_by_count", (c, dy, dx)) for c, dy, dx in ((5, 1, -1), (1, 0, 1), (2, -1, 0), (3, -1, 1))] + [S("count_bars", (c, d)) for c in (0, 3) for d in ("down", "left", "up", "right")]
    steps += [S("zoom_cell", (p,)) for p in ("fewest", "most")] + [S("cell_to_marker", (c,)) for c in (0, 4, 5)] + [S("bounce_diagonals", (c,)) for c in (0, 3, 8)] + [S("crop_line_frame", ()), S("side_rays", ())] + [S("fit_pieces", ())] + [S("turn_parts", (k,)) for k in (1, 2, 3)] + [S("corner_keys", ())] + [S("block_figure", (k,)) for k in (0, 1)]
    steps += [S("frame_key_matches", ()), S("held_corner_rays", ()), S("corners_across", ())]
    steps += [S("move_templates", (t,)) for t in (False, True)] + [S("extend_rings", (c,)) for c in (0, 5, 7)] + [S("slide_along_stalk", ())] + [S("marker_trails", (c,)) for c in (0, 2, 5)]
    steps += [S("fill_empty_rects", (c,)) for c in (0, 2, 7)] + [S("fill_rooms", (c,)) for c in (0, 4, 9)]
    steps += [S("bridge_along", (c, a)) for c in (0, 9) for a in ("rows", "cols")]
    steps += [S("stair_rays", (c, arms, k, v)) for c, arms, k, v in ((5, "bc", 2, 1), (3, "ad", 1, 0), (0, "abcd", 3, 1), (8, "b", 2, 0))]
    steps += [S("square_side_dots", (s,)) for s in (1, 2, 3)]
    steps += [S("extend_corner_bands", (f,)) for f in (1, 2, 3)] + [S("cover_rays", (d,)) for d in ("down", "left", "up", "right")] + [S("line_past_blobs", (k,)) for k in (0, 1, 3)] + [S("slide_on_track", (k,)) for k in (1, -1, 2)] + [S("copies_by_count", ())]
    steps += [S("continue_period", (side,)) for side in ("down", "left", "up", "right")] + [S("bounce_rays", (d,)) for d in "abcd"] + [S("pad_canvas", f) for f in ((2, 2), (1, 3), (3, 1))] + [S("extend_tails", ()), S("notch_rays", ()), S("complete_rows_like", ()), S("cells_like_first", ()), S("shoot_through", ()), S("color_bars", ())] + [S("step_toward", (m, t)) for m, t in ((1, 2), (3, 0), (2, 2))] + [S(n, (c,)) for n in ("fill_open_lines", "ring_crossings", "plus_between") for c in (3, 6)] + [S("mark_centers", (4, side)) for side in ("bottom", "left", "top", "right")] + [S("bridge_objects", (c, m)) for c in (4, 8) for m in (0, 1)]
    steps += [S("fill_empty_lines", (c,)) for c in (1, 5)] + [S("pixels_to_lines", (k,)) for k in (False, True)] + [S("cross_lines", (c,)) for c in (2, 4)] + \
        [S("complete_templates", (t,)) for t in (False, True)] + [S("template_onto_shapes", (c, k)) for c in (4, 8) for k in (False, True)] + [S("move_by_size", (d,)) for d in ("down", "up", "left", "right")] + \
        [S("align_objects", (c, axis)) for c in (1, 2) for axis in ("rows", "cols")] + [S("pull_pixels", (d,)) for d in ("UDLR", "UDLRabcd", "Rb")] + \
        [S("flood_touching", (c,)) for c in (1, 2)]
    steps += [S("symmetrize_about", (kind, noise, center)) for kind in ("lr", "ud", "lrud", "r180", "rot4", "all")
              for noise, center in ((0, -1), (2, -1), (0, 1))]
    steps += [S("cells_to_pixels", (m,)) for m in ("major", "count")] + [S("fill_cells", (w,)) for w in ("all", "most")]
    features = [("cells", 1), ("cells", -1), ("colors",), ("objects", 4, -1, 1), ("objects", 8, 2, 2)]
    steps += [S("count_bar", (f, c, h, w, layout)) for f in features for c in (3, "most")
              for h, w, layout in ((1, -1, "rows"), (-1, 1, "rows"), (3, 3, "rows"), (3, 3, "stride"), (2, 5, "stride"),
                                   (-1, -1, "diagonal"), (4, 3, "diagonal"), (1, -1, "stride"))]
    steps += [S("cellwise_with_input", ({(0, 0): 5, (1, 2): 0, (2, 2): 7},))]
    return steps


CATALOGUE = catalogue()


def same(step: Step, grid: np.ndarray, original: np.ndarray) -> bool:
    code, args = encode(step)
    ours = _core.apply(code, args, grid, original)
    ref = apply_step(step, grid, original)
    if ours is None or ref is None:
        return ours is None and ref is None
    return ours.shape == ref.shape and ours.dtype == ref.dtype and ours.tobytes() == ref.tobytes()


def test_catalogue_covers_every_core_operation() -> None:
    assert {CODES[s.name] for s in CATALOGUE} == set(range(len(_core.op_names()))) - {CODES["identity"]}


@pytest.mark.parametrize("step", CATALOGUE, ids=lambda s: s.label()[:60])
def test_encoding_round_trips(step: Step) -> None:
    assert decode(*encode(step)) == step


@st.composite
def grids(draw, max_side: int = 12) -> np.ndarray:
    """Small grids with structure: a few colors, often a background, sometimes separator lines, repeats or a
    repeat cut short."""
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    palette = draw(st.lists(st.integers(0, 9), min_size=1, max_size=4, unique=True))
    weights = [0] * draw(st.integers(0, 6)) + palette
    cells = draw(st.lists(st.sampled_from(weights), min_size=h * w, max_size=h * w))
    g = np.array(cells, dtype=np.uint8).reshape(h, w)
    kind = draw(st.integers(0, 4))
    if kind == 1 and h > 2:  # a separator row and column
        c = draw(st.integers(1, 9))
        g[h // 2, :] = c
        g[:, w // 2] = c
    elif kind == 2:  # a repeated tile
        ty, tx = draw(st.integers(1, max(1, h // 2))), draw(st.integers(1, max(1, w // 2)))
        g = np.tile(g[:ty, :tx], (-(-h // ty), -(-w // tx)))[:h, :w].copy()
    elif kind == 3:  # mirror symmetric
        g = np.concatenate([g, g[:, ::-1]], axis=1)[:, :max_side].copy()
    elif kind == 4:  # a repeated tile, some rows (or all) cut short: a pattern to continue or complete
        tx = draw(st.integers(1, max(1, w // 2)))
        g = np.tile(g[:, :tx], (1, -(-w // tx)))[:, :w].copy()
        cut = draw(st.integers(1, w))
        rows = draw(st.lists(st.booleans(), min_size=h, max_size=h))
        g[np.array(rows, dtype=bool), cut:] = 0
    return np.ascontiguousarray(g)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids(), original=grids())
def test_operations_match_dsl_on_random_grids(grid: np.ndarray, original: np.ndarray) -> None:
    for step in CATALOGUE:
        if step.name == "cellwise_with_input":
            original = grid.copy() if original.shape != grid.shape else original
        assert same(step, grid, original), step.label()


@settings(max_examples=60, deadline=None)
@given(grid=grids(max_side=30))
def test_components_match_dsl(grid: np.ndarray) -> None:
    for conn, multi, bg in ((4, False, 0), (8, False, 0), (8, True, 0), (4, True, 3)):
        assert _core.components(grid, conn, multi, bg) == dsl._PLAIN_FUNCTIONS["components"](grid, conn, multi, bg)


@pytest.fixture(scope="module")
def train_tasks() -> list[Task]:
    return [t.task for t in load_dataset("arc1-train").tasks]


@pytest.mark.slow
def test_operations_match_dsl_on_real_intermediate_images(train_tasks: list[Task]) -> None:
    """The operations of each task's list on images its depth-1 search makes, for 50 arc1-train tasks: every
    operation on one state, a rotating quarter of them on two more (the images of Python-side slow ops bound it)."""
    checked = 0
    for t, task in enumerate(train_tasks[:50]):
        steps = [op.step for op in build_ops(task)] + CATALOGUE[t % 5::5]
        run = run_core(task, build_ops(task), depth=1, seconds=30.0)
        n = run.core.n_states()
        originals = run.core.state_images(0)
        for k, index in enumerate(sorted({n // 2, n - 1, 1} & set(range(n)))):
            subset = steps if k == 0 else steps[(t + k) % 4::4]
            for grid, original in zip(run.core.state_images(index), originals):
                for step in subset:
                    assert same(step, grid, original), (task.id, step.label())
                    checked += 1
    assert checked > 20_000


@pytest.mark.parametrize("index,depth", [(0, 2), (5, 2), (15, 2)] + [(i, 1) for i in range(20, 40)])
def test_compiled_search_equals_reference_search(train_tasks: list[Task], index: int, depth: int) -> None:
    task = train_tasks[index]
    ops = build_ops(task)
    ref = reference_search(task, ops, depth)
    ours = compiled_trace(task, ops, depth)
    assert not ref.timed_out and not ours.timed_out
    assert len(ours.keys) == len(ref.keys) > 10
    assert ours.keys == ref.keys
    assert ours.paths == ref.paths
    assert ours.fits == ref.fits


def _random_task(draw_grids: list[np.ndarray], step: Step) -> Task | None:
    pairs = []
    for g in draw_grids:
        out = apply_step(step, g, g)
        if out is None:
            return None
        pairs.append(Pair(g, out))
    return Task("random", tuple(pairs[:-1]), (pairs[-1].input,))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(inputs=st.lists(grids(max_side=8), min_size=3, max_size=4), which=st.integers(0, 10_000))
def test_fitters_match_on_random_tasks(inputs: list[np.ndarray], which: int) -> None:
    """Tasks whose outputs are one step of the inputs: the compiled fits equal the reference fits, depth 1."""
    step = CATALOGUE[which % len(CATALOGUE)]
    task = _random_task(inputs, step)
    if task is None:
        return
    ops = [Op(S("flip", ("lr",))), Op(S("crop_nonbg", (0,))), Op(S("gravity", ("down",))), Op(S("binarize", ())),
           Op(S("fill_enclosed", (4,)), final_only=True)]
    ref = reference_search(task, ops, 1)
    ours = compiled_trace(task, ops, 1)
    assert ours.keys == ref.keys and ours.fits == ref.fits


# tasks where (at some state) object recoloring, stamps, local rules fit, and two where nothing does
@pytest.mark.parametrize("index,fits", [(9, "recolor_objects"), (51, "recolor_objects"), (16, "stamp"), (14, "stamp"),
                                        (72, "local_rule"), (80, "local_rule"), (1, ""), (3, "")])
def test_core_flags_every_state_where_a_python_fitter_fits(train_tasks: list[Task], index: int, fits: str) -> None:
    """The flags are necessary conditions: a Python-only fitter that fits a state implies the state's flag; the stamp
    and local-rule flags are exact (set just where the fitted stamps reproduce the demos, just where a table of some
    neighborhood kind is consistent on the demos and covers the tests)."""
    from synth.compiled import FLAG_LOCAL
    from synth.search import fit_local_rule, fit_recolor_objects, fit_stamp

    task = train_tasks[index]
    run = run_core(task, build_ops(task), depth=1, seconds=30.0)
    n_demo = len(task.train)
    outs = [p.output for p in task.train]
    fitted: set[str] = set()
    for i in range(run.core.n_states()):
        grids = run.core.state_images(i)
        demo, tests = grids[:n_demo], grids[n_demo:]
        flags = run.core.state_flags(i)
        for fitter, bit in ((fit_recolor_objects, 1), (fit_stamp, 2), (fit_local_rule, FLAG_LOCAL)):
            step = fitter(demo, outs, tests)
            if fitter is fit_stamp:  # the stamp flag is exact: set where the fitted stamps reproduce the demos
                step = step if step is not None and all(
                    np.array_equal(dsl.stamp_pixels(g, *step.args), o) for g, o in zip(demo, outs)) else None
                assert bool(flags & bit) == (step is not None), (task.id, i)
            if fitter is fit_local_rule:
                assert bool(flags & bit) == (step is not None), (task.id, i)
            if step is not None:
                fitted.add(fitter.__name__.removeprefix("fit_"))
                assert flags & bit, (task.id, i, fitter.__name__)
    assert fits in fitted if fits else not fitted


def test_flagged_computes_flags_on_demand_within_its_time(train_tasks: list[Task]) -> None:
    """`flagged` lists the states of a depth range whose flags meet the mask (the same as asking each state),
    and with no time left it computes no flags and lists no state whose flags were not known yet."""
    from synth.compiled import FLAG_COSTLY, FLAG_LOCAL

    task = train_tasks[72]  # a local rule fits at some state
    run = run_core(task, build_ops(task), depth=1, seconds=30.0)
    assert run.core.flagged(FLAG_COSTLY | FLAG_LOCAL, 0, 99, False, 0.0) == []
    mask = FLAG_COSTLY | FLAG_LOCAL
    listed = run.core.flagged(mask, 1, 1, False, 60.0)
    expected = [i for i in range(run.core.n_states())
                if run.core.state_depth(i) == 1 and run.core.state_flags(i) & mask]
    assert listed and listed == expected
    assert set(run.core.flagged(mask, 1, 1, True, 60.0)) == set(listed)


# Operations that random grids rarely make apply, each on the inputs of the arc1-train task it was written for:
# both engines must apply them there (not only agree that they do not) and agree byte for byte.
APPLYING = [("d4f3cd78", S("leaky_box", (8,))), ("b782dc8a", S("flood_checker", (8,))),
            ("228f6490", S("pieces_into_holes", ())), ("a3325580", S("largest_color_columns", ())),
            ("890034e9", S("frame_empty_twin", ())), ("6ecd11f4", S("stencil_key", ())),
            ("855e0971", S("band_holes", (0,))), ("8d510a79", S("wall_rays", (2, 1))),
            ("3f7978a0", S("crop_color_margin", (5, 1, 0))), ("d90796e8", S("merge_touching", (3, 2, 8))),
            ("63613498", S("mark_like_key", (5, 5))), ("d89b689b", S("gather_to", (8,))),
            ("2bcee788", S("mirror_to_marker", (2,))), ("a61ba2ce", S("assemble_corners", ())),
            ("928ad970", S("frame_inside_points", ())), ("d9f24cd1", S("detour_rays", ("up", 1))),
            ("36fdfd69", S("fill_group_boxes", (2, 4, 1))), ("8731374e", S("crop_solid_rect", ())),
            ("5c2c9af4", S("concentric_squares", ())), ("4612dd53", S("mend_lines", (2,))),
            ("cbded52d", S("mark_midpoints", (-1,))), ("cdecee7f", S("pixels_in_grid", (3, 3, 1, 1))),
            ("0a938d79", S("stripe_square", ())),
            ("a65b410d", S("stair_bar", (3, 1))), ("28e73c20", S("draw_spiral", (3,))),
            ("f15e1fac", S("step_rays", (8, 2))), ("e48d4e1a", S("shift_by_count", (5, 1, -1))),
            ("fcc82909", S("count_bars", (3, "down"))), ("09629e4f", S("zoom_cell", ("fewest",))),
            ("6d0160f0", S("cell_to_marker", (4,))), ("508bd3b6", S("bounce_diagonals", (3,))),
            ("5daaa586", S("crop_line_frame", ())), ("681b3aeb", S("fit_pieces", ())),
            ("8e5a5113", S("turn_parts", (3,))), ("77fdfe62", S("corner_keys", ())),
            ("5ad4f10b", S("block_figure", (1,))), ("7df24a62", S("frame_key_matches", ())),
            ("ec883f72", S("held_corner_rays", ())), ("93b581b8", S("corners_across", ())), ("0e206a2e", S("move_templates", (True,))),
            ("f8c80d96", S("extend_rings", (5,))), ("98cf29f8", S("slide_along_stalk", ())),
            ("1f0c79e5", S("marker_trails", (2,))), ("a8d7556c", S("fill_empty_rects", (2,))),
            ("e73095fd", S("fill_rooms", (4,))), ("ef135b50", S("bridge_along", (9, "rows"))), ("d06dbe63", S("stair_rays", (5, "bc", 2, 1))),
            ("9d9215db", S("square_side_dots", (2,))), ("539a4f51", S("extend_corner_bands", (2,))), ("6d58a25d", S("cover_rays", ("down",))),
            ("a78176bb", S("line_past_blobs", (1,))), ("5168d44c", S("slide_on_track", (1,))),
            ("91413438", S("copies_by_count", ()))]


@pytest.mark.parametrize("task_id,step", APPLYING, ids=lambda v: v if isinstance(v, str) else v.name)
def test_operations_match_dsl_where_they_apply(train_tasks: list[Task], task_id: str, step: Step) -> None:
    task = next(t for t in train_tasks if t.id == task_id)
    for grid in [p.input for p in task.train] + list(task.test_inputs):
        assert apply_step(step, grid, grid) is not None, (task_id, step.label())
        assert same(step, grid, grid), (task_id, step.label())
