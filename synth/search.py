"""The CPU program sampler's Python side: the operation list, the fitters, and turning fits into programs.

This module owns what a search state is and what may be done to it. A *state* is the tuple of intermediate
grids of every demo input and every test input; states are deduplicated by content. `build_ops` lists the
transforms (parameters enumerated from the task's colors and shapes) that the compiled core
(`synth.compiled`, `synth._core`) applies breadth-first; *fitters* are final steps whose parameters are
inferred from the demo outputs (identity, color map, tiling with symmetries, object recoloring by property,
local cellular rules...). `_Search` records each fit that reproduces every demo as a `FoundProgram` (replayed
through `synth.dsl`, emitted as BARC-style text by `synth.emit`), and the overlays of pipelines that the
core's greedy layered cover proposes (`_Search.record_union`, checked the same way). The enumeration itself
is the core's; `synth.reference` is the small Python search the tests use as its oracle.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Optional

import numpy as np

from solver.tasks import Task
from synth import dsl
from synth.config import SynthConfig
from synth.emit import Step, describe, describe_union, emit_program, emit_union_program, overlay
from synth.views import View, map_back, parse_weighted_views, view_task, wrap_program

MAX_SIDE = 30
NOT_APPLICABLE = (ValueError, IndexError, KeyError, ZeroDivisionError)  # how an operation says "does not apply"


@dataclass
class FoundProgram:
    text: str                       # BARC-style program source (xy orientation)
    complexity: int                 # smaller = simpler (e.g. number of operations / parameters)
    test_outputs: list[np.ndarray]  # row-major uint8 predictions for task.test_inputs, computed in-process
    description: str                # short human-readable pipeline, e.g. "crop_to_object(largest) | flip_lr"
    verified: bool = True           # False for a near miss: a pipeline that does not reproduce every demo
    distance: float = 0.0           # near misses: mean share of demo output cells it gets wrong
    wrong_demos: int = 0            # near misses: how many demo outputs it gets wrong
    size_ok: bool = True            # its test outputs have the sizes `predict_sizes` expects (or none is expected)


@dataclass
class State:
    grids: tuple[np.ndarray, ...]   # demo inputs' images, then test inputs' images
    path: tuple[Step, ...]
    key: bytes


@dataclass(frozen=True)
class Op:
    step: Step
    final_only: bool = False        # applied only near the root, its result not expanded further
    max_parent_depth: int = 1       # for final-only ops: the deepest state they are applied to


# --------------------------------------------------------------------------------------------- applying


def apply_step(step: Step, grid: np.ndarray, original: np.ndarray) -> Optional[np.ndarray]:
    """The grid an operation makes of `grid` (`original`: the task input it came from), or None when it does
    not apply or makes an invalid grid."""
    try:
        if step.name.endswith("_with_input"):
            out = dsl.OPERATIONS[step.name](grid, original, *step.args)
        else:
            out = dsl.OPERATIONS[step.name](grid, *step.args)
    except NOT_APPLICABLE:
        return None
    if out.ndim != 2 or not (1 <= out.shape[0] <= MAX_SIDE and 1 <= out.shape[1] <= MAX_SIDE):
        return None
    return np.ascontiguousarray(out, dtype=np.uint8)


def state_key(grids: tuple[np.ndarray, ...]) -> bytes:
    return b"|".join(bytes(g.shape) + g.tobytes() for g in grids)


def advance(state: State, step: Step, roots: tuple[np.ndarray, ...]) -> Optional[State]:
    grids = []
    for g, original in zip(state.grids, roots):
        out = apply_step(step, g, original)
        if out is None:
            return None
        grids.append(out)
    grids_t = tuple(grids)
    return State(grids_t, state.path + (step,), state_key(grids_t))


def replay(path: tuple[Step, ...], roots: tuple[np.ndarray, ...]) -> Optional[State]:
    """The state a pipeline makes of the task's inputs `roots` through `synth.dsl`; None when a step does not apply."""
    state: Optional[State] = State(roots, (), b"")
    for step in path:
        state = advance(state, step, roots)
        if state is None:
            return None
    return state


def replay_union(paths: list[tuple[Step, ...]], modes: list[str],
                 roots: tuple[np.ndarray, ...]) -> Optional[list[np.ndarray]]:
    """The grids an overlay of pipelines `paths` (bottom layer first, each painting what its mode in `UNION_MODES`
    names) makes of the task's inputs `roots` through `synth.dsl`; None when a step does not apply or the layers
    of one input differ in shape."""
    layers = []
    for path in paths:
        state = replay(path, roots)
        if state is None:
            return None
        layers.append(state.grids)
    grids = []
    for i in range(len(roots)):
        parts = [layer[i] for layer in layers]
        if len({g.shape for g in parts}) != 1:
            return None
        grids.append(overlay(parts, modes))
    return grids


def union_complexity(paths: list[tuple[Step, ...]]) -> int:
    """The complexity of an overlay program: its steps' costs and 2 for each layer past the first."""
    return sum(_step_cost(x) for path in paths for x in path) + 2 * (len(paths) - 1)


# ---------------------------------------------------------------------------------------- operation list


def _colors(grids: list[np.ndarray]) -> list[int]:
    return sorted({int(v) for g in grids for v in np.unique(g)})


def scale_ratio(inputs: list[np.ndarray], outputs: list[np.ndarray]) -> Optional[tuple[int, int, bool]]:
    """(fy, fx, up) when every output is its input scaled by the same integer factors (up or down), else None."""
    ratios = set()
    for i, o in zip(inputs, outputs):
        (ih, iw), (oh, ow) = i.shape, o.shape
        if oh % ih == 0 and ow % iw == 0:
            ratios.add((oh // ih, ow // iw, True))
        elif ih % oh == 0 and iw % ow == 0:
            ratios.add((ih // oh, iw // ow, False))
        else:
            return None
    if len(ratios) != 1:
        return None
    ratio = ratios.pop()
    return None if ratio[:2] == (1, 1) else ratio


def predict_sizes(task: Task) -> Optional[list[tuple[int, int]]]:
    """The test outputs' sizes by the first rule that gives every demo output's size from its input's: the
    input's size, one constant size, the input's size transposed, the input's size times (or divided by)
    constant integer factors; None when no rule fits."""
    ins = [p.input.shape for p in task.train]
    outs = [p.output.shape for p in task.train]
    tests = [g.shape for g in task.test_inputs]
    if outs == ins:
        return list(tests)
    if len(set(outs)) == 1:
        return [outs[0]] * len(tests)
    if outs == [(w, h) for h, w in ins]:
        return [(w, h) for h, w in tests]
    ratio = _consistent_ratio(task)
    if ratio is not None:
        fy, fx, up = ratio
        if up:
            return [(h * fy, w * fx) for h, w in tests]
        if all(h % fy == 0 and w % fx == 0 for h, w in tests):
            return [(h // fy, w // fx) for h, w in tests]
    return None


def _consistent_ratio(task: Task) -> Optional[tuple[int, int, bool]]:
    """(fy, fx, up) when every demo output is the input scaled by the same integer factors (up or down)."""
    return scale_ratio([p.input for p in task.train], [p.output for p in task.train])


OBJECT_KINDS = ((4, False), (8, False), (8, True))
CROP_SELECTORS = ("largest", "smallest", "largest_box", "smallest_box", "most_colors", "unique_color",
                  "unique_shape", "topmost", "bottommost", "leftmost", "rightmost", "most_holes", "symmetric")
KEEP_SELECTORS = ("largest", "smallest", "unique_color", "unique_shape")
SPLITS = ("sep", ("rows", 2), ("cols", 2), ("rows", 3), ("cols", 3))
RAY_DIRECTIONS = ("UDLR", "UD", "LR", "U", "D", "L", "R", "abcd", "UDLRabcd", "a", "b", "c", "d")
RAY_STOPS = ("hit", "border", "only_hit")


def build_ops(task: Task) -> list[Op]:
    """Every transform the search may apply to this task, cheapest and most common first."""
    demo_in = [p.input for p in task.train]
    demo_out = [p.output for p in task.train]
    in_colors = [c for c in _colors(demo_in) if c != 0]
    out_colors = _colors(demo_out)
    same_shape = all(p.input.shape == p.output.shape for p in task.train)
    smaller = all(p.output.size < p.input.size for p in task.train)
    S = Step
    ops: list[Op] = [Op(S("rotate", (k,))) for k in (1, 2, 3)]
    ops += [Op(S("flip", (a,))) for a in ("lr", "ud")] + [Op(S("transpose", ())), Op(S("antitranspose", ()))]
    ops += [Op(S("crop_nonbg", (0,))), Op(S("crop_nonbg", (-1,))), Op(S("trim_border", ()))]
    ratio = _consistent_ratio(task)
    if ratio is not None:
        fy, fx, up = ratio
        if up:
            ops += [Op(S("upscale", (fy, fx))), Op(S("period_extend", (fy, fx)))]
            if fy == fx:  # nested L bands about the top-left corner continued over the larger grid
                ops.append(Op(S("extend_corner_bands", (fy,)), final_only=True))
            if fy * fx <= 16:  # plain copies, or a blank canvas, for a later step to draw on
                ops += [Op(S("tile", (tuple(("id",) * fx for _ in range(fy)),))), Op(S("pad_canvas", (fy, fx)))]
            for d in (2, 3):  # sparse pixels on a grid of d x d blocks: shrink first, the upscale fitter scales back up
                if all(p.input.shape[0] % d == 0 and p.input.shape[1] % d == 0 for p in task.train):
                    ops.append(Op(S("downscale", (d, d, "major"))))
        else:
            ops += [Op(S("downscale", (fy, fx, mode))) for mode in ("first", "major", "any")]
    if ratio is None and all(p.output.shape[0] % p.input.shape[0] == 0 and p.output.shape[0] > p.input.shape[0]
                             and p.output.shape[0] * p.input.shape[1] == p.output.shape[1] * p.input.shape[0]
                             for p in task.train):  # outputs scaled up by a factor that varies
        ops += [Op(S("upscale_by_count", (f,))) for f in ("colors", "cells")]
    if all(p.output.shape == ((p.input == 0).sum() * p.input.shape[0], (p.input == 0).sum() * p.input.shape[1])
           for p in task.train):  # as many copies wide as the grid has 0 cells
        ops.append(Op(S("copies_by_count", ()), final_only=True))
    ops += [Op(S("gravity", (d,))) for d in ("down", "up", "left", "right")]
    ops += [Op(S("binarize", ())), Op(S("majority_color_fill", ())), Op(S("dedupe_lines", ()))]
    ops += [Op(S("fractal", (inv,))) for inv in (False, True)]
    if not same_shape and all(p.output.shape[0] == p.output.shape[1] > 1 and
                              math.isqrt(p.output.shape[0]) ** 2 == p.output.shape[0] for p in task.train):
        # square outputs of a square side: a fractal of a shape drawn in d x d blocks, shrunk first
        ops += [Op(S("downscale", (d, d, "first"))) for d in (2, 3)]
    if all(p.output.shape == (p.input.shape[0] ** 2, p.input.shape[1] ** 2) for p in task.train):
        ops += [Op(S("fractal_color", (c,))) for c in in_colors + ["most", "least"]]  # copies at one color's cells
    for conn, multi in OBJECT_KINDS:
        ops += [Op(S("crop_object", (conn, multi, sel, iso))) for sel in CROP_SELECTORS for iso in (False, True)]
    if smaller:
        ops += [Op(S("crop_most_of", (conn, c))) for conn in (4, 8) for c in in_colors]
        ops.append(Op(S("scale_into_frame", ())))
        ops += [Op(S("crop_color_margin", (c, dy, dx)), final_only=True) for c in in_colors
                for dy, dx in ((1, 0), (0, 1), (1, 1))]
        ops.append(Op(S("assemble_corners", ()), final_only=True))
        ops.append(Op(S("fit_pieces", ()), final_only=True))
        ops.append(Op(S("corner_keys", ()), final_only=True))
        ops += [Op(S("block_figure", (other,)), final_only=True) for other in (0, 1)]
        ops.append(Op(S("crop_solid_rect", ())))
        ops.append(Op(S("crop_line_frame", ())))  # the box of crossing full lines; side_rays may follow
        ops.append(Op(S("side_rays", ()), final_only=True))
        ops += [Op(S("cross_lines", (c,)), final_only=True) for c in out_colors if c != 0]  # lines in the crop
    for conn, multi in OBJECT_KINDS:
        ops += [Op(S("keep_object", (conn, multi, sel))) for sel in KEEP_SELECTORS]
        ops += [Op(S("remove_object", (conn, multi, sel))) for sel in KEEP_SELECTORS]
    ops += [Op(S("remove_small_objects", (conn, k))) for conn in (4, 8) for k in (1, 2)]
    ops.append(Op(S("open_squares", ())))
    for c in in_colors:
        ops += [Op(S("crop_color", (c,))), Op(S("crop_inside_color", (c,))), Op(S("remove_color", (c,))),
                Op(S("keep_color", (c,))), Op(S("remove_uniform_lines", (c,)))]
    ops.append(Op(S("remove_uniform_lines", (0,))))
    grids = demo_in + list(task.test_inputs)
    mixed = len({np.sign(g.shape[0] - g.shape[1]) for g in grids}) > 1  # some taller, some wider: halves by the long side
    if not same_shape or smaller:
        for how in SPLITS + ((("long", 2),) if mixed else ()):
            ops += [Op(S("combine_parts", (how, op))) for op in
                    ("and", "or", "xor", "nor", "first_only", "overlay", "overlay_rev", "fold", "fold_rev", "kron")]
            ops += [Op(S("select_part", (how, sel))) for sel in
                    ("most_cells", "fewest_cells", "most_colors", "fewest_colors", "odd", "common", "asymmetric",
                     "symmetric")]
    ops += [Op(S("shift", (dy, dx))) for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    parts = [(2, 1, 0, 0), (2, 1, 1, 0), (1, 2, 0, 0), (1, 2, 0, 1), (2, 2, 0, 0)]
    for ny in (1, 2, 3):   # every block of a split whose block size is every demo output's size
        for nx in (1, 2, 3):
            if (ny, nx) != (1, 1) and all(p.output.shape == (p.input.shape[0] // ny, p.input.shape[1] // nx)
                                          for p in task.train):
                parts += [(ny, nx, iy, ix) for iy in range(ny) for ix in range(nx) if (ny, nx, iy, ix) not in parts]
    ops += [Op(S("take_part", part)) for part in parts]
    for axis, side in (("rows", 0), ("cols", 1)):  # reflected back and forth to k (n - 1) + 1 lines, one k for all
        ks = {divmod(p.output.shape[side] - 1, p.input.shape[side] - 1) if p.input.shape[side] > 1 else None
              for p in task.train}
        if all(p.output.shape[1 - side] == p.input.shape[1 - side] for p in task.train) and len(ks) == 1:
            k = next(iter(ks))
            if k is not None and k[1] == 0 and k[0] >= 2:
                ops.append(Op(S("mirror_extend", (axis, k[0]))))
        lengths = {p.output.shape[side] for p in task.train}
        if all(p.output.shape[1 - side] == p.input.shape[1 - side] and p.output.shape[side] > p.input.shape[side]
               for p in task.train) and len(lengths) == 1:  # continued to the one length
            ops.append(Op(S("drift_extend", (axis, next(iter(lengths))))))
    out_shapes = {p.output.shape for p in task.train}
    if len(out_shapes) == 1 and not same_shape and all(p.output.shape[0] >= p.input.shape[0] and
                                                       p.output.shape[1] >= p.input.shape[1] for p in task.train):
        ops.append(Op(S("period_extend_to", next(iter(out_shapes)))))  # the pattern continued to the one size
    if same_shape:
        ops += [Op(S("repeat_band", (axis,))) for axis in ("rows", "cols")]
        ops += [Op(S("keep_center", (axis,))) for axis, side in (("rows", 0), ("cols", 1))
                if all(p.input.shape[side] % 2 for p in task.train)]
        ops += [Op(S("fill_empty_parts", ())), *(Op(S("center_in_frame", (c,))) for c in in_colors)]
        ops.append(Op(S("cells_like_first", ()), final_only=True))
        ops += [Op(S("turn_parts", (k,)), final_only=True) for k in (1, 2, 3)]
        new_colors = [c for c in out_colors if c != 0 and c not in in_colors]
        ops += [Op(S("alternate_rays", (d, c)), final_only=True) for d in ("down", "left", "up", "right")
                for c in new_colors]
        ops += [Op(S("cross_points", (c, corner)), final_only=True) for c in out_colors if c != 0 for corner in range(4)]
        ops.append(Op(S("reverse_rings", ()), final_only=True))
        ops += [Op(S("rays_to", (c,)), final_only=True) for c in in_colors] + [Op(S("repeat_lines", ()), final_only=True)]
        ops += [Op(S("meet_halves", (c, axis)), final_only=True) for c in out_colors for axis in ("rows", "cols")]
        ops += [Op(S("sort_bars", ())), Op(S("tile_runs", ()), final_only=True)]
        ops += [Op(S("fill_between_corners", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("leaky_box", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("band_holes", (c,)), final_only=True) for c in [0] + in_colors if c in out_colors]
        ops += [Op(S("wall_rays", (a, b)), final_only=True) for a in in_colors for b in in_colors if a != b]
        ops.append(Op(S("frame_inside_points", ()), final_only=True))
        ops.append(Op(S("concentric_squares", ()), final_only=True))
        ops += [Op(S("draw_spiral", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("step_rays", (a, b)), final_only=True) for a in in_colors for b in in_colors if a != b]
        ops += [Op(S("shift_by_count", (c, dy, dx)), final_only=True) for c in in_colors
                for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]
        ops += [Op(S("count_bars", (c, d)), final_only=True) for c in out_colors if c != 0
                for d in ("down", "left", "up", "right")]
        ops += [Op(S("zoom_cell", (pick,)), final_only=True) for pick in ("fewest", "most")]
        ops += [Op(S("cell_to_marker", (c,)), final_only=True) for c in in_colors]
        ops += [Op(S("bounce_diagonals", (c,)), final_only=True) for c in out_colors if c != 0]
        ops.append(Op(S("side_rays", ()), final_only=True))
        if all(((p.input == 0) | (p.input == p.output)).all() and np.isin(p.output, p.input).all()
               for p in task.train):  # only 0 cells painted, in the input's colors
            ops.append(Op(S("frame_key_matches", ()), final_only=True, max_parent_depth=0))
            ops.append(Op(S("held_corner_rays", ()), final_only=True))
            ops.append(Op(S("corners_across", ()), final_only=True))
            ops += [Op(S("cover_rays", (d,)), final_only=True) for d in ("down", "left", "up", "right")]
        ops += [Op(S("marker_trails", (c,)), final_only=True) for c in in_colors if c not in out_colors]
        painted = {int(c) for p in task.train for c in np.unique(p.output[p.output != p.input])}
        if len(painted) == 1 and 0 not in painted and all(((p.input == 0) | (p.input == p.output)).all()
                                                          for p in task.train):  # 0 cells painted in one color
            fill = next(iter(painted))
            ops.append(Op(S("fill_empty_rects", (fill,)), final_only=True))
            ops.append(Op(S("fill_rooms", (fill,)), final_only=True))
            ops += [Op(S("bridge_along", (fill, axis)), final_only=True) for axis in ("rows", "cols")]
        if all(np.isin(p.output, p.input).all() and len(np.unique(p.output)) < len(np.unique(p.input))
               for p in task.train):  # a color gone, none new: blobs on a line leave copies of it past them
            ops += [Op(S("line_past_blobs", (gap,)), final_only=True) for gap in (0, 1)]
        if all(len(np.unique(p.input)) == 3 and np.array_equal(np.unique(p.input), np.unique(p.output))
               for p in task.train):  # two colors, the same ones out: a rider may slide along a dotted track
            ops += [Op(S("slide_on_track", (k,)), final_only=True) for k in (1, -1)]
        if all((p.output != 0).sum() < (p.input != 0).sum() and set(np.unique(p.output)) == set(np.unique(p.input))
               for p in task.train):  # fewer cells, the same colors: a block slides along its stalk
            ops.append(Op(S("slide_along_stalk", ()), final_only=True))
        if all(len(np.unique(p.input)) == 2 and p.output.all() for p in task.train):  # one color's rings, no 0 left
            ops += [Op(S("extend_rings", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("detour_rays", (d, side)), final_only=True) for d in ("up", "down", "left", "right")
                for side in (1, -1)]
        ops += [Op(S("project_onto", (c,)), final_only=True) for c in in_colors]
        ops += [Op(S("fill_empty_squares", (k, c)), final_only=True) for k in (2, 3) for c in out_colors if c != 0]
        ops += [Op(S(name, (c,)), final_only=True) for name in ("fill_largest_empty", "center_lines")
                for c in out_colors if c != 0]
        ops += [Op(S("alternate_cells", (c,)), final_only=True) for c in out_colors]
        ops += [Op(S("mirror_across", (c,)), final_only=True) for c in in_colors]
        ops += [Op(S("recolor_like_enclosed", (conn,)), final_only=True) for conn in (4, 8)]
        ops += [Op(S("paint_from_edge", (c, side)), final_only=True) for c in in_colors for side in ("bottom", "left", "top", "right")]
    if smaller and len(out_shapes) == 1 and min(next(iter(out_shapes))) >= 2:
        (h, w), = out_shapes  # one output size (not a line or a pixel): the block of that size at each corner
        ops += [Op(S("crop_corner", (h, w, corner))) for corner in range(4)]
    if not same_shape and len(out_shapes) == 1:  # the cells' colors in reading order, laid out in the one size
        (h, w), = out_shapes
        ops += [Op(S("pixels_in_grid", (h, w, by_cols, snake)), final_only=True) for by_cols in (0, 1)
                for snake in (0, 1)]
    if all(p.output.shape[0] == p.output.shape[1] > 1 and len(np.unique(p.output)) == p.output.shape[0]
           for p in task.train):  # n stripes of n colors: the colors of the one-color lines
        ops.append(Op(S("stripe_square", ()), final_only=True))
    if all(min(p.output.shape) == 1 for p in task.train) and not same_shape:
        ops.append(Op(S("stripe_colors", ())))
        ops += [Op(S("colors_by_count", (desc, skip, column))) for desc in (True, False) for skip in (0, 1)
                for column in (True, False)]
    if not same_shape:
        ops += [Op(S("color_bars", ()))] + [Op(S(n, ()), final_only=True) for n in ("largest_color_columns", "stencil_key")]
    if all(p.output.shape == (p.input.shape[0] + 2, p.input.shape[1] + 2) for p in task.train):
        ops.append(Op(S("pad_edges", ())))
    ops += [Op(S("hollow_objects", ())), Op(S("invert_colors", ()))]
    fresh = [c for c in out_colors if c != 0 and c not in in_colors]  # rays in a color no input shows
    if len(fresh) <= 2:
        ops += [Op(S("colored_rays", (c, d))) for c in fresh for d in ("UD", "LR", "UDLR", "abcd", "UDLRabcd", "U", "D", "L", "R")]
    if smaller:
        ops.append(Op(S("period_tile", ())))
    if same_shape:
        ops += [Op(S("gravity_objects", (d,))) for d in ("down", "up", "left", "right")]
        ops += [Op(S("move_by_size", (d,))) for d in ("down", "up", "left", "right")]
        ops += [Op(S("align_objects", (c, axis))) for c in in_colors for axis in ("rows", "cols")]
        ops += [Op(S("stamp_template", (anchor,))) for anchor in ("center", "color")]
        ops += [Op(S("fill_cells", (which,))) for which in ("all", "most")]
        ops += [Op(S("corner_rays", (c, d))) for c in in_colors for d in ("a", "b", "c", "d", "abcd")]
        if len(in_colors) <= 5:
            ops += [Op(S("slide_color", (m, a))) for m in in_colors for a in in_colors if m != a]
    else:
        ops += [Op(S("cells_to_pixels", (mode,))) for mode in ("major", "count")]
        ops.append(Op(S("color_by_key", ())))
    for role in ("most", "least"):
        ops += [Op(S(name, (role,))) for name in ("crop_color", "crop_inside_color", "remove_color", "keep_color")]
    ops += [Op(S("fill_enclosed", (c,)), final_only=True) for c in out_colors if c != 0]
    ops += [Op(S("connect_pairs", (lc, diag)), final_only=True) for lc in [-1] + [c for c in out_colors if c != 0]
            for diag in (False, True)]
    for noise in [0] + in_colors:
        ops += [Op(S("fill_periodic", (noise,)), final_only=True)]
        if same_shape:
            ops += [Op(S("fill_diagonal_periodic", (noise,)), final_only=True)]
        if not same_shape:
            ops += [Op(S("periodic_patch", (noise,)), final_only=True)]
            ops += [Op(S("symmetry_patch", (kind, noise)), final_only=True) for kind in ("lr", "ud", "lrud", "diag", "rot4")]
    ops += [Op(S("outline_objects", (c,)), final_only=True) for c in out_colors if c != 0]
    if same_shape:
        ops += [Op(S("fill_object_boxes", (c,)), final_only=True) for c in out_colors if c != 0]
        ops.append(Op(S("fill_color_boxes", ()), final_only=True))
        ops += [Op(S("attract", (c, axis)), final_only=True) for c in in_colors for axis in ("rows", "cols", "both")]
        ops += [Op(S("border_lines", (keep,)), final_only=True) for keep in (False, True)]
        ops += [Op(S("pixels_to_lines", (keep,)), final_only=True) for keep in (False, True)]
        ops += [Op(S("cross_lines", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("complete_templates", (turns,)), final_only=True) for turns in (False, True)]
        if all(((p.input != 0) & (p.output == 0)).any() for p in task.train):  # templates leave their places
            ops += [Op(S("move_templates", (turns,)), final_only=True) for turns in (False, True)]
        ops += [Op(S("template_onto_shapes", (conn, keep)), final_only=True) for conn in (4, 8) for keep in (False, True)]
        lone = [c for c in in_colors if all(int((g == c).sum()) == 1 for g in demo_in)]  # one cell in every input
        ops += [Op(S("connect_elbow", (a, b, c)), final_only=True) for a in lone for b in lone if a != b
                for c in out_colors if c != 0]
        ops += [Op(S("step_toward", (m, t)), final_only=True) for m in in_colors for t in lone if m != t]
        ops += [Op(S("pull_pixels", (d,)), final_only=True) for d in ("UDLR", "UDLRabcd")]
        ops.append(Op(S("line_majority", ()), final_only=True))
        ops += [Op(S("recolor_half", (side, c)), final_only=True) for side in ("bottom", "top", "left", "right")
                for c in out_colors if c != 0 and c not in in_colors]
        ops += [Op(S("flood_touching", (c,)), final_only=True) for c in in_colors if c in out_colors]
        ops += [Op(S("flood_checker", (c,)), final_only=True) for c in in_colors if c != 0]
        ops += [Op(S(name, ()), final_only=True) for name in ("pieces_into_holes", "frame_empty_twin")]
        ops += [Op(S("fill_empty_lines", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S(name, (c,)), final_only=True) for name in ("fill_open_lines", "ring_crossings", "plus_between")
                for c in out_colors if c != 0]
        ops += [Op(S("mend_lines", (c,)), final_only=True) for c in out_colors if c != 0]
        ops += [Op(S("mark_midpoints", (c,)), final_only=True) for c in [-1] + new_colors]
        if all(len(np.unique(np.nonzero(g)[0])) == 1 for g in demo_in):  # one bar: a staircase around it
            ops += [Op(S("stair_bar", (a, b)), final_only=True) for a in out_colors for b in out_colors if a != b]
        ops += [Op(S("fill_inner_by_size", (a, b)), final_only=True) for a in new_colors for b in new_colors]
        ops += [Op(S("merge_touching", (a, b, c)), final_only=True) for a in in_colors for b in in_colors if a != b
                for c in new_colors]
        ops += [Op(S("mark_like_key", (f, c)), final_only=True) for f in in_colors for c in out_colors if c != 0]
        ops += [Op(S("gather_to", (c,)), final_only=True) for c in in_colors]
        ops += [Op(S("mirror_to_marker", (c,)), final_only=True) for c in in_colors]
        ops += [Op(S("fill_group_boxes", (c, f, gap)), final_only=True) for c in in_colors for f in new_colors
                for gap in (0, 1)]
        ops += [Op(S("mark_centers", (c, side)), final_only=True) for c in out_colors if c != 0
                for side in ("bottom", "left", "top", "right")]
        ops += [Op(S("bridge_objects", (c, m)), final_only=True) for c in out_colors if c != 0 for m in (0, 1)]
        ops += [Op(S(name, ()), final_only=True) for name in ("extend_tails", "notch_rays", "complete_rows_like",
                                                              "shoot_through", "rows_from_header", "comb_bars",
                                                              "zigzag_down", "trail_copies")]
        if all(np.count_nonzero(g) <= 4 for g in demo_in):  # a few cells whose rays bounce across the grid
            ops += [Op(S("bounce_rays", (d,))) for d in "abcd"]
        ops += [Op(S("continue_period", (side,)), final_only=True) for side in ("right", "down", "left", "up")]
        if all(0 < np.count_nonzero(g) <= 4 and all(np.count_nonzero(g[max(y - 1, 0):y + 2, max(x - 1, 0):x + 2]) == 1
                                                   for y, x in zip(*np.nonzero(g))) for g in demo_in):
            ops += [Op(S("stair_rays", (c, arms, k, v)), final_only=True) for c in out_colors if c != 0
                    for arms in ("bc", "ad", "abcd") for k in (1, 2, 3) for v in (1, 0)]  # staircases from lone cells
        if all((p.output == p.output[::-1]).all() and (p.output == p.output[:, ::-1]).all() and
               (p.input != p.output).any() for p in task.train):  # completed to a square's symmetry, sides dotted
            ops += [Op(S("square_side_dots", (step,)), final_only=True) for step in (2, 1)]
        if all(p.output.all() and not p.input.all() for p in task.train):  # the corner bands' unknown 0s filled
            ops.append(Op(S("extend_corner_bands", (1,)), final_only=True))
    ops += [Op(S("draw_border", (c,)), final_only=True) for c in out_colors]
    for noise in [0] + in_colors:
        ops += [Op(S("symmetrize", (kind, noise)), final_only=True) for kind in ("lr", "ud", "lrud", "diag", "rot4")]
    if same_shape:  # symmetric about a center found in the picture, or the center of one color's cells
        removed = [c for c in in_colors if c not in out_colors]
        ops += [Op(S("symmetrize_about", (kind, noise, -1)), final_only=True)
                for noise in [0] + removed for kind in dsl.CENTERED_KINDS]
        ops += [Op(S("symmetrize_about", (kind, 0, c)), final_only=True) for c in in_colors for kind in ("lrud", "rot4", "all")]
    for c in in_colors + ([-1] if len(in_colors) > 1 else []):  # -1: from every color at once
        depth = 1 if c == -1 else 0  # rays from every color may also follow one step (a canvas, a crop)
        ops += [Op(S("extend_rays", (c, d, stop)), final_only=True, max_parent_depth=depth) for d in RAY_DIRECTIONS
                for stop in RAY_STOPS]
    return ops


# ----------------------------------------------------------------------------------------------- fitters
# A fitter looks at the demo images of a state and the demo outputs and returns the final steps that map the
# former onto the latter (or None). The caller checks the fit on the demos again by running the steps.

Fitter = Callable[..., Optional[Step]]  # (demo images, demo outputs, test images, demo inputs, test inputs)


def fit_color_map(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *roots) -> Optional[Step]:
    mapping: dict[int, int] = {}
    per_demo: list[dict[int, int]] = []
    consistent = True
    for s, o in zip(demo, outs):
        if s.shape != o.shape:
            return None
        pairs = np.unique(s.astype(np.int64) * 10 + o.astype(np.int64))
        local: dict[int, int] = {}
        for p in pairs.tolist():
            src, dst = divmod(p, 10)
            if local.setdefault(src, dst) != dst:
                return None
            consistent = consistent and mapping.setdefault(src, dst) == dst
        per_demo.append(local)
    if not consistent:
        return _fit_role_map(per_demo, roots[0])
    changes = {k: mapping[k] for k in sorted(mapping) if mapping[k] != k}
    if not changes:
        return Step("identity", ())
    return Step("recolor", (changes,))


def _fit_role_map(per_demo: list[dict[int, int]], demo_roots) -> Optional[Step]:
    """A color map whose targets may be the most / least common non-0 color of each demo's input."""
    mapping: dict[int, object] = {}
    for src in sorted({k for local in per_demo for k in local}):
        options: Optional[list] = None
        for local, root in zip(per_demo, demo_roots):
            if src not in local:
                continue
            fits = [local[src]] + [role for role in ("most", "least") if _role_color(root, role) == local[src]]
            options = fits if options is None else [f for f in options if f in fits]
        if not options:
            return None
        mapping[src] = options[0]
    changes = {k: v for k, v in mapping.items() if v != k}
    if not any(isinstance(v, str) for v in changes.values()):
        return None
    return Step("recolor_with_input", (changes,))


def _role_color(grid: np.ndarray, role: str) -> Optional[int]:
    try:
        return int(dsl.resolve_color(grid, role))
    except ValueError:
        return None


DIHEDRAL_NAMES = ("id", "lr", "ud", "r180", "t", "at", "r90", "r270")


def fit_tile(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    factors = set()
    for s, o in zip(demo, outs):
        if o.shape[0] % s.shape[0] or o.shape[1] % s.shape[1]:
            return None
        factors.add((o.shape[0] // s.shape[0], o.shape[1] // s.shape[1]))
    if len(factors) != 1:
        return None
    fy, fx = factors.pop()
    if (fy, fx) == (1, 1) or fy * fx > 64:
        return None
    pattern = []
    for ty in range(fy):
        row = []
        for tx in range(fx):
            name = _tile_symmetry(demo, outs, ty, tx)
            if name is None:
                return None
            row.append(name)
        pattern.append(tuple(row))
    return Step("tile", (tuple(pattern),))


def _tile_symmetry(demo: list[np.ndarray], outs: list[np.ndarray], ty: int, tx: int) -> Optional[str]:
    for name in DIHEDRAL_NAMES:
        ok = True
        for s, o in zip(demo, outs):
            h, w = s.shape
            image = dsl.dihedral(s, name)
            if image.shape != (h, w) or not np.array_equal(image, o[ty * h:(ty + 1) * h, tx * w:(tx + 1) * w]):
                ok = False
                break
        if ok:
            return name
    return None


def _common_ratio(bigs: list[np.ndarray], smalls: list[np.ndarray]) -> Optional[tuple[int, int]]:
    """The one integer (rows, cols) factor from every small grid to its big one, other than (1, 1); else None."""
    factors = set()
    for big, small in zip(bigs, smalls):
        if big.shape[0] % small.shape[0] or big.shape[1] % small.shape[1]:
            return None
        factors.add((big.shape[0] // small.shape[0], big.shape[1] // small.shape[1]))
    if len(factors) != 1:
        return None
    factor = factors.pop()
    return None if factor == (1, 1) else factor


def fit_upscale(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    factor = _common_ratio(outs, demo)
    return None if factor is None else Step("upscale", factor)


def fit_downscale(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    factor = _common_ratio(demo, outs)
    if factor is None:
        return None
    fy, fx = factor
    for mode in ("first", "major"):
        step = Step("downscale", (fy, fx, mode))
        if all(_same(apply_step(step, s, s), o) for s, o in zip(demo, outs)):
            return step
    return None


OBJECT_PROPERTIES = ("size", "color", "shape", "is_rect", "touches_border", "holes", "height", "width", "symmetric",
                     "aligned", "skeleton")
RANK_PROPERTIES = ("size_rank", "size_rank_asc", "size_extreme")
REGION_PROPERTIES = ("size", "is_rect", "touches_border", "height", "width", "shape") + RANK_PROPERTIES + \
    ("is_square", ("touches_border", "parity"))


def fit_recolor_objects(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    if any(s.shape != o.shape for s, o in zip(demo, outs)):
        return None
    for conn in (4, 8):
        objects = [dsl.components(s, conn, False, 0) for s in demo]
        if not _objects_explain_change(demo, outs, objects):
            continue
        test_objects = [dsl.components(t, conn, False, 0) for t in tests]
        for prop in OBJECT_PROPERTIES + RANK_PROPERTIES:
            step = _fit_property_map(demo, outs, objects, tests, test_objects, conn, prop)
            if step is not None:
                return step
        for prop in SPLIT_PROPERTIES:
            step = _fit_property_split(demo, outs, objects, conn, prop)
            if step is not None:
                return step
    return None


SPLIT_PROPERTIES = ("size", "height", "width", "holes")


def _fit_property_split(demo, outs, objects, conn, prop) -> Optional[Step]:
    """A two-way split of a numeric property that explains the demo outputs' object colors: the objects of one
    value (else: up to a threshold) take one color, all others another; it also decides values the demos lack."""
    pairs = []
    for s, o, objs in zip(demo, outs, objects):
        for obj, value in zip(objs, dsl.object_values_of(s, conn, False, prop)):
            y, x = obj[1][0]
            pairs.append((value, int(o[y, x])))
    values = sorted({v for v, _ in pairs})
    for rule, cuts in (("eq", values), ("le", values[:-1])):
        for cut in cuts:
            hits = [v == cut if rule == "eq" else v <= cut for v, _ in pairs]
            inside = {c for (_, c), hit in zip(pairs, hits) if hit}
            outside = {c for (_, c), hit in zip(pairs, hits) if not hit}
            if len(inside) == 1 and len(outside) == 1 and inside != outside:
                return Step("recolor_objects_split", (conn, prop, rule, cut, inside.pop(), outside.pop()))
    return None


def _objects_explain_change(demo, outs, objects) -> bool:
    """Outputs differ from the images only on object cells, and every object is one color in the output."""
    for s, o, objs in zip(demo, outs, objects):
        covered = np.zeros(s.shape, dtype=bool)
        for _, cells in objs:
            ys, xs = zip(*cells)
            values = o[list(ys), list(xs)]
            if (values != values[0]).any():
                return False
            covered[list(ys), list(xs)] = True
        if (s[~covered] != o[~covered]).any():
            return False
    return True


def _fit_property_map(demo, outs, objects, tests, test_objects, conn, prop) -> Optional[Step]:
    mapping: dict = {}
    changed = False
    for s, o, objs in zip(demo, outs, objects):
        for obj, value in zip(objs, dsl.object_values_of(s, conn, False, prop)):
            y, x = obj[1][0]
            color = int(o[y, x])
            if mapping.setdefault(value, color) != color:
                return None
            changed = changed or color != int(s[y, x])
    if not changed:
        return None
    for t, objs in zip(tests, test_objects):
        if any(value not in mapping for value in dsl.object_values_of(t, conn, False, prop)):
            return None
    return Step("recolor_objects", (conn, prop, {k: mapping[k] for k in sorted(mapping)}))


def fit_local_rule(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    if any(s.shape != o.shape for s, o in zip(demo, outs)):
        return None
    if all(np.array_equal(s, o) for s, o in zip(demo, outs)):
        return None
    for kind in LOCAL_KINDS:
        table = _local_table(demo, outs, kind)
        if table is None:
            continue
        if kind.startswith("mod"):
            known = {_position_key(k) for k in table}
            covered = all(set(_position_keys(t, kind).ravel().tolist()) <= known for t in tests)
        else:
            covered = all(dsl.neighborhood(t, y, x, kind) in table for t in tests
                          for y in range(t.shape[0]) for x in range(t.shape[1]))
        if covered:
            changes = {k: v for k, v in sorted(table.items()) if v != k[0]}
            return Step("local_rule", (kind, changes))
    return None


# dsl.neighborhood kinds in the order fit_local_rule tries them; the positional ones ('mod' P Q corner), in the
# same order as the core's (synth/core/search.cpp POSITION_KINDS), repeat no corner that P = 1 or Q = 1 makes equal
LOCAL_KINDS = ("counts", "cross", "square") + tuple(
    f"mod{p}{q}{rows}{cols}" for p, q in ((1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (3, 3))
    for rows in ("t", "b")[:1 if p == 1 else 2] for cols in ("l", "r")[:1 if q == 1 else 2])


def _position_key(key: tuple[int, int, int]) -> int:
    return (key[0] * 3 + key[1]) * 3 + key[2]


def _position_keys(g: np.ndarray, kind: str) -> np.ndarray:
    """`_position_key` of dsl.neighborhood(g, y, x, kind) for every cell, as an array of g's shape."""
    p, q, corner = int(kind[3]), int(kind[4]), kind[5:]
    h, w = g.shape
    rows = np.arange(h)[::-1] if corner[0] == "b" else np.arange(h)
    cols = np.arange(w)[::-1] if corner[1] == "r" else np.arange(w)
    return (g.astype(np.int64) * 3 + (rows % p)[:, None]) * 3 + (cols % q)[None, :]


def _local_table(demo, outs, kind) -> Optional[dict]:
    if kind.startswith("mod"):
        codes = np.unique(np.concatenate([(_position_keys(s, kind) * 10 + o).ravel() for s, o in zip(demo, outs)]))
        keys = codes // 10
        if len(np.unique(keys)) != len(keys):
            return None
        return {(int(k) // 9, int(k) // 3 % 3, int(k) % 3): int(c) % 10 for k, c in zip(keys, codes)}
    table: dict = {}
    for s, o in zip(demo, outs):
        for y in range(s.shape[0]):
            for x in range(s.shape[1]):
                key = dsl.neighborhood(s, y, x, kind)
                if table.setdefault(key, int(o[y, x])) != int(o[y, x]):
                    return None
    return table


def fit_stamp(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """Output = image plus a fixed pattern painted around every cell of some colors (radius 2); the marked
    cells themselves may take one new color (offset (0, 0)), the other non-0 cells stay."""
    if any(s.shape != o.shape for s, o in zip(demo, outs)) or not any(((s == 0) & (o != 0)).any() for s, o in zip(demo, outs)):
        return None  # (a stamp paints some 0 cell)
    recolored = _anchor_recolors(demo, outs)
    if recolored is None:
        return None
    colors = sorted({int(c) for s in demo for c in np.unique(s)} - {0})
    painted_cells = [np.pad((s == 0) & (o != 0), 2) for s, o in zip(demo, outs)]
    stamps: dict[int, tuple] = {}
    for color in colors:
        marks = [(0, 0, recolored[color])] if color in recolored else []
        anchors = [np.nonzero(s == color) for s in demo]
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                # an offset paints only where some anchor's neighbor there was painted (a cheap test first)
                if not any(p[ys + 2 + dy, xs + 2 + dx].any() for p, (ys, xs) in zip(painted_cells, anchors)):
                    continue
                paint = _offset_paint(demo, outs, color, dy, dx)
                if paint is not None:
                    marks.append((dy, dx, paint))
        if marks:
            stamps[color] = tuple(marks)
    painted = any(dy or dx for marks in stamps.values() for dy, dx, _ in marks)
    return Step("stamp_pixels", (stamps,)) if painted else None  # (only recolored anchors: a color map)


def _anchor_recolors(demo, outs) -> Optional[dict[int, int]]:
    """{color: new color} when every non-0 cell that changes is of a color whose cells all take that one new
    color in every demo; None when some non-0 cell changes otherwise."""
    recolored: dict[int, int] = {}
    for s, o in zip(demo, outs):
        for color in np.unique(s[(s != o) & (s != 0)]).tolist():
            new = np.unique(o[s == color])
            if len(new) != 1 or recolored.setdefault(color, int(new[0])) != int(new[0]):
                return None
    for s, o in zip(demo, outs):  # a recolored color changes in every demo that has it
        for color, new in recolored.items():
            if (s == color).any() and not (o[s == color] == new).all():
                return None
    return recolored


def _offset_paint(demo, outs, color, dy, dx) -> Optional[int]:
    """The one color painted at offset (dy, dx) from every `color` cell whose neighbor there is 0, if any."""
    if (dy, dx) == (0, 0):
        return None
    seen: set[int] = set()
    support = 0
    for s, o in zip(demo, outs):
        h, w = s.shape
        ys, xs = np.nonzero(s == color)
        ny, nx = ys + dy, xs + dx
        inside = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
        ny, nx = ny[inside], nx[inside]
        blank = s[ny, nx] == 0
        support += int(blank.sum())
        seen.update(np.unique(o[ny[blank], nx[blank]]).tolist())
        if len(seen) > 1:
            return None
    if len(seen) != 1 or support < 2:
        return None
    paint = seen.pop()
    return None if paint == 0 else int(paint)


def fit_cellwise_with_input(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray],
                            demo_roots: tuple, test_roots: tuple) -> Optional[Step]:
    """Output cell = f(input cell, image cell), learned from the demos, for images shaped like the inputs."""
    if any(s.shape != o.shape or s.shape != r.shape for s, o, r in zip(demo, outs, demo_roots)):
        return None
    if any(np.array_equal(s, r) for s, r in zip(demo, demo_roots)):
        return None
    table: dict[tuple[int, int], int] = {}
    for s, o, r in zip(demo, outs, demo_roots):
        codes = np.unique(r.astype(np.int64) * 100 + s.astype(np.int64) * 10 + o.astype(np.int64))
        for code in codes.tolist():
            a, b, c = code // 100, code // 10 % 10, code % 10
            if table.setdefault((a, b), c) != c:
                return None
    for t, r in zip(tests, test_roots):
        if t.shape != r.shape:
            return None
        pairs = np.unique(r.astype(np.int64) * 10 + t.astype(np.int64)).tolist()
        if any(divmod(p, 10) not in table for p in pairs):
            return None
    changes = {k: v for k, v in sorted(table.items()) if v != k[1]}
    return Step("cellwise_with_input", (changes,)) if changes else None


def count_features(grids: list[np.ndarray]) -> list[tuple]:
    """The counts `dsl.count_feature` can take of these grids, simplest first."""
    colors = [c for c in _colors(grids) if c != 0]
    features: list[tuple] = [("objects", conn, c, k) for k in (1, 2) for conn in (4, 8) for c in [-1] + colors]
    features += [("cells", c) for c in colors] + [("cells", -1), ("colors",)]
    return features


COUNT_LAYOUTS = ("rows", "stride", "diagonal")


def fit_count_bar(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """Output = N cells of one color laid out by one of `COUNT_LAYOUTS` in a fixed-size grid, a bar of length N or
    an N x N square, N a count of the image (objects, cells of a color, non-0 cells, colors) that differs between
    the demos. The color is one color, or each image's most common non-0 color ('most') when the outputs' colors
    differ."""
    out_colors = [{int(c) for c in np.unique(o)} - {0} for o in outs]
    if any(len(c) != 1 for c in out_colors):
        return None
    each = [c.pop() for c in out_colors]
    color: object = each[0]
    if len(set(each)) > 1:
        try:
            if any(dsl.resolve_color(s, "most") != c for s, c in zip(demo, each)):
                return None
            for t in tests:
                dsl.resolve_color(t, "most")
        except ValueError:
            return None
        color = "most"
    counts = [int((o != 0).sum()) for o in outs]
    if 0 in counts or len(set(counts)) == 1:
        return None  # a count seen at one value only is a guess: the shape or color alone explains such outputs
    shapes = {o.shape for o in outs}
    sizes = []
    if len(shapes) == 1:
        sizes.append(next(iter(shapes)))
    sizes += [(h, w) for h, w in ((1, -1), (-1, 1), (-1, -1))
              if all(o.shape == (n if h == -1 else 1, n if w == -1 else 1) for o, n in zip(outs, counts))]
    for h, w in sizes:
        for layout in COUNT_LAYOUTS:
            try:
                if not all(_same(dsl.count_bar(o, ("cells", -1), c, h, w, layout), o) for o, c in zip(outs, each)):
                    continue
            except ValueError:
                continue
            for feature in count_features(demo):
                if all(dsl.count_feature(s, feature) == n for s, n in zip(demo, counts)):
                    try:
                        for t in tests:
                            dsl.count_bar(t, feature, color, h, w, layout)
                    except ValueError:
                        continue
                    return Step("count_bar", (feature, color, h, w, layout))
    return None


def _rows(g: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """A grid as a hashable tuple of rows of Python ints (the tables' values, pasted into program text)."""
    return tuple(map(tuple, g.tolist()))


LOOKUP_FEATURES = ("n_colors", "symmetry", "colors", "objects", "shape", "mask")


def fit_lookup(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots,
               kinds: tuple[str, ...] = LOOKUP_FEATURES) -> Optional[Step]:
    """Output = one of a few fixed grids, chosen by a feature of the image (`dsl.grid_feature`, the first of
    `kinds` that fits): the demos give the table, which must send two demos with the same feature to the same
    grid, hold at least two grids, see a feature shared by two demos (else it only memorises) and know every
    test image's feature."""
    grids = {o.shape + tuple(o.ravel().tolist()) for o in outs}
    if len(grids) < 2 or len(grids) == len(outs):
        return None
    for kind in kinds:
        table: dict = {}
        ok = True
        for s, o in zip(demo, outs):
            value = _rows(o)
            if table.setdefault(dsl.grid_feature(s, kind), value) != value:
                ok = False
                break
        if not ok or len(table) == len(outs) or len(set(table.values())) < 2:
            continue
        if all(dsl.grid_feature(t, kind) in table for t in tests):
            return Step("lookup_output", (kind, table))
    return None


def fit_map_lines(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """Each row (or column) of the output is a fixed function of the same line of the input: the demos give the
    table, which must change some line, see some line twice (else it only memorises) and know every test line."""
    if any(s.shape != o.shape for s, o in zip(demo, outs)):
        return None
    for axis in ("rows", "cols"):
        table: dict = {}
        seen = 0
        ok = True
        for s, o in zip(demo, outs):
            pairs = zip(s, o) if axis == "rows" else zip(s.T, o.T)
            for line, new in pairs:
                key, value = tuple(line.tolist()), tuple(new.tolist())
                seen += key in table
                if table.setdefault(key, value) != value:
                    ok = False
                    break
            if not ok:
                break
        if not ok or not seen or all(k == v for k, v in table.items()):
            continue
        if all(tuple(line.tolist()) in table for t in tests for line in (t if axis == "rows" else t.T)):
            return Step("map_lines", (axis, table))
    return None


def _fit_object_kinds(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray],
                      observe: Callable[[np.ndarray, np.ndarray, tuple], Any],
                      merge: Callable[[Any, Any], Any]) -> Optional[tuple[int, dict]]:
    """The object-kind fitters' common part: (conn, table) for the first connectivity where each demo object
    (keyed by dsl.object_shape_key, with colors) is either left alone (`observe(image, output, cells)` is None)
    or gives a patch, merged into its kind's entry by `merge(entry, patch)` (None: they disagree). A changed
    kind must occur twice in the demos, no kind is both changed and left alone, and every test object's kind is
    known."""
    if any(s.shape != o.shape for s, o in zip(demo, outs)):
        return None
    for conn in (4, 8):
        table: dict = {}
        kept: set = set()
        seen: dict = {}
        ok = True
        for s, o in zip(demo, outs):
            for _, cells in dsl.components(s, conn, False, 0):
                key = dsl.object_shape_key(s, cells, True)
                patch = observe(s, o, cells)
                if patch is None:
                    kept.add(key)
                    continue
                entry = merge(table[key], patch) if key in table else patch
                if entry is None:
                    ok = False
                    break
                table[key] = entry
                seen[key] = seen.get(key, 0) + 1
            if not ok:
                break
        if not ok or not table or kept & set(table) or max(seen.values()) < 2:
            continue
        known = kept | set(table)
        if all(dsl.object_shape_key(t, cells, True) in known for t in tests for _, cells in dsl.components(t, conn, False, 0)):
            return conn, table
    return None


def _replacement_patch(s: np.ndarray, o: np.ndarray, cells: tuple) -> Optional[tuple]:
    """The output over the object's box, or None where it is the image's."""
    top, left, bottom, right = dsl.object_bbox(cells)
    patch = o[top:bottom + 1, left:right + 1]
    return None if np.array_equal(patch, s[top:bottom + 1, left:right + 1]) else _rows(patch)


def fit_replace_objects(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """Output = the image with some objects replaced by fixed patches over their boxes, chosen by the object's
    shape and color (`_fit_object_kinds`)."""
    fit = _fit_object_kinds(demo, outs, tests, _replacement_patch, lambda entry, patch: entry if entry == patch else None)
    return Step("replace_objects", fit) if fit else None


def _decoration_patch(s: np.ndarray, o: np.ndarray, cells: tuple) -> Optional[np.ndarray]:
    """The output on the image's 0 cells of the object's box grown by one (-1 elsewhere: not known here), or
    None where none of them is painted."""
    h, w = s.shape
    top, left, bottom, right = dsl.object_bbox(cells)
    patch = np.full((bottom - top + 3, right - left + 3), -1, dtype=int)
    for dy in range(patch.shape[0]):
        for dx in range(patch.shape[1]):
            y, x = top - 1 + dy, left - 1 + dx
            if 0 <= y < h and 0 <= x < w and s[y, x] == 0:
                patch[dy, dx] = o[y, x]
    return patch if (patch > 0).any() else None


def _merge_decorations(entry: np.ndarray, patch: np.ndarray) -> Optional[np.ndarray]:
    """The two partial patches as one, or None where both know a cell and disagree on it."""
    both = (entry >= 0) & (patch >= 0)
    if (entry[both] != patch[both]).any():
        return None
    return np.where(entry >= 0, entry, patch)


def fit_decorate_objects(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """Output = the image with fixed marks painted on the 0 cells around some objects (within one cell of the
    box), chosen by the object's shape and color (`_fit_object_kinds`)."""
    fit = _fit_object_kinds(demo, outs, tests, _decoration_patch, _merge_decorations)
    if fit is None:
        return None
    conn, patches = fit
    table = {key: tuple(tuple(max(0, int(v)) for v in row) for row in patch) for key, patch in patches.items()}
    return Step("decorate_objects", (conn, table))


def fit_recolor_regions(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """`recolor_regions` by the first region property that maps every demo region to its one output color
    (cells outside the 0 regions unchanged) and knows every test region's value."""
    if any(s.shape != o.shape for s, o in zip(demo, outs)):
        return None
    regions = [dsl.zero_regions(s) for s in demo]
    for s, o, (_, regs) in zip(demo, outs, regions):
        if not regs or (s[s != 0] != o[s != 0]).any():
            return None
        for _, cells in regs:
            ys, xs = zip(*cells)
            values = o[list(ys), list(xs)]
            if (values != values[0]).any():
                return None
    test_regions = [dsl.zero_regions(t) for t in tests]
    for prop in REGION_PROPERTIES:
        mapping: dict = {}
        ok = True
        for o, (mask, regs) in zip(outs, regions):
            for (_, cells), value in zip(regs, dsl.object_values(mask, regs, prop)):
                color = int(o[cells[0]])
                if mapping.setdefault(value, color) != color:
                    ok = False
                    break
            if not ok:
                break
        if not ok or not any(mapping.values()):
            continue
        if all(value in mapping for mask, regs in test_regions for value in dsl.object_values(mask, regs, prop)):
            return Step("recolor_regions", (prop, {k: mapping[k] for k in sorted(mapping, key=repr)}))
    return None


OVERLAY_SPLITS = SPLITS + (("grid", 2), ("grid", 3))


def fit_overlay_parts(demo: list[np.ndarray], outs: list[np.ndarray], tests: list[np.ndarray], *_roots) -> Optional[Step]:
    """`overlay_parts` by the first split whose parts have the output's shape and whose cells each show the
    output's color, in a color priority that every demo cell agrees with: a color shown above another where
    both are (a topological order of those constraints, lowest color first among the free ones). With one output
    shape (ph, pw), the parts may also be the four corner blocks of that shape, or the windows of that shape (odd
    sides) centered on each cell of a color every demo input shows."""
    hows = list(OVERLAY_SPLITS)
    shapes = {o.shape for o in outs}
    if len(shapes) == 1:
        ph, pw = shapes.pop()
        hows.append(("corners", ph, pw))
        if ph % 2 and pw % 2:
            shown = set.intersection(*({int(c) for c in np.unique(s)} - {0} for s in demo))
            hows += [("around", c, ph, pw) for c in sorted(shown)]
    for how in hows:
        try:
            stacks = [np.stack(dsl.split_parts(s, how)) for s in demo]
            for t in tests:
                dsl.split_parts(t, how)
        except ValueError:
            continue
        above: dict[int, set[int]] = {}
        fits = True
        for stack, o in zip(stacks, outs):
            if stack.shape[1:] != o.shape or len(stack) < 2:
                fits = False
                break
            for cell in np.ndindex(o.shape):
                shown = set(stack[(slice(None),) + cell].tolist()) - {0}
                color = int(o[cell])
                if (color == 0) != (not shown) or (color and color not in shown):
                    fits = False
                    break
                if color:
                    above.setdefault(color, set()).update(shown - {color})
            if not fits:
                break
        if not fits:
            continue
        order: list[int] = []
        free = set(above) | {c for below in above.values() for c in below}
        while free:
            tops = [c for c in sorted(free) if not any(c in above.get(a, ()) for a in free if a != c)]
            if not tops:
                break  # a cycle: no priority fits
            order.append(tops[0])
            free.remove(tops[0])
        if not free:
            return Step("overlay_parts", (how, tuple(order)))
    return None


CHEAP_FITTERS: tuple[Fitter, ...] = (fit_color_map, fit_tile, fit_upscale, fit_downscale, fit_cellwise_with_input,
                                     fit_count_bar)


def _same(a: Optional[np.ndarray], b: np.ndarray) -> bool:
    return a is not None and a.shape == b.shape and bool(np.array_equal(a, b))


# ------------------------------------------------------------------------------------------------ search


def _step_cost(step: Step) -> int:
    if step.name == "identity":
        return 0
    if step.name in ("recolor", "recolor_with_input"):
        return 1 + len(step.args[0]) // 2
    if step.name == "local_rule":
        return 4 + len(step.args[1]) // 4
    if step.name == "recolor_objects":
        return 2 + len(step.args[2]) // 3
    if step.name == "recolor_regions":
        return 2 + len(step.args[1]) // 3
    if step.name == "stamp_pixels":
        return 2 + sum(len(marks) for marks in step.args[0].values()) // 4
    if step.name == "tile":
        return 1 + sum(name != "id" for row in step.args[0] for name in row) // 2
    if step.name in ("lookup_output", "map_lines"):
        return 2 + len(step.args[1])
    if step.name in ("replace_objects", "decorate_objects"):
        return 2 + len(step.args[1])
    return 1


COLOR_TABLE_STEPS = ("recolor", "recolor_with_input", "stamp_pixels")  # fitted tables keyed by a cell's color
UNSEEN_PENALTY = 3  # added to the complexity of a program whose fitted color table meets a color no demo showed it


def _extrapolates(state: State, step: Step, n_demo: int) -> bool:
    """Whether `step`, a table fitted on `state`'s demo images that changes every non-0 color they show,
    meets on a test image a color that none of them has: no demo shows a color left as it is, yet the table
    leaves that one so, and the answer rests on no evidence (a color-normalised view of the task usually gives
    the supported one)."""
    if step.name not in COLOR_TABLE_STEPS:
        return False
    seen = set(np.unique(np.concatenate([g.ravel() for g in state.grids[:n_demo]])).tolist())
    if not seen - {0} <= set(step.args[0]):
        return False
    return any(not set(np.unique(g).tolist()) <= seen for g in state.grids[n_demo:])


class _Search:
    """One task's search: the states seen, the programs found, the clock."""

    def __init__(self, task: Task, config: SynthConfig, deadline: float, roots: tuple[np.ndarray, ...]):
        self.task = task
        self.roots = roots
        self.n_demo = len(task.train)
        self.outs = [p.output for p in task.train]
        self.deadline = deadline
        self.max_found = config.max_candidates
        self.found: list[tuple[int, int, FoundProgram]] = []
        self.found_paths: set[tuple[str, ...]] = set()
        self.out_of_time = False
        self.sizes = predict_sizes(task)

    def size_ok(self, tests: list[np.ndarray]) -> bool:
        """Whether test outputs have the predicted sizes (True when no size is predicted)."""
        return self.sizes is None or all(g.shape == tuple(s) for g, s in zip(tests, self.sizes))

    def time_up(self) -> bool:
        if not self.out_of_time and time.monotonic() >= self.deadline:
            self.out_of_time = True
        return self.out_of_time

    def record_union(self, paths: list[tuple[Step, ...]], modes: list[str]) -> None:
        """Record the overlay of pipelines `paths` (bottom layer first, each painting what its mode in
        `UNION_MODES` names) when, replayed through `synth.dsl`, it reproduces every demo output."""
        grids = replay_union(paths, modes, self.roots)
        if grids is None:
            return
        if not all(_same(g, o) for g, o in zip(grids[:self.n_demo], self.outs)):
            return
        key = ("union",) + tuple(f"{m}:" + "|".join(s.call("g") for s in path) for path, m in zip(paths, modes))
        if key in self.found_paths:
            return
        self.found_paths.add(key)
        tests = grids[self.n_demo:]
        complexity = union_complexity(paths)
        self.found.append((complexity, len(self.found),
                           FoundProgram(emit_union_program(paths, modes), complexity, tests,
                                        describe_union(paths, modes), size_ok=self.size_ok(tests))))

    def try_fitters(self, state: State, fitters: tuple[Fitter, ...]) -> None:
        """Record the final step of each fitter in `fitters` that fits `state`, until the deadline."""
        demo = list(state.grids[:self.n_demo])
        tests = list(state.grids[self.n_demo:])
        for fitter in fitters:
            if self.time_up():
                return
            try:
                step = fitter(demo, self.outs, tests, self.roots[:self.n_demo], self.roots[self.n_demo:])
            except NOT_APPLICABLE:
                step = None
            if step is not None:
                self.record(state, step)

    def try_root_fitters(self, root: State) -> None:
        """The fitters run on the task's inputs only (tables of whole outputs or object patches: deeper states
        would only multiply the same over-fitted tables)."""
        demo, tests = list(root.grids[:self.n_demo]), list(root.grids[self.n_demo:])
        for kind in LOOKUP_FEATURES:  # each feature that fits: they may disagree on the tests
            if self.time_up():
                return
            step = fit_lookup(demo, self.outs, tests, kinds=(kind,))
            if step is not None:
                self.record(root, step)
        for fitter in (fit_replace_objects, fit_decorate_objects, fit_recolor_regions, fit_overlay_parts,
                       fit_map_lines):
            step = fitter(demo, self.outs, tests)
            if step is not None:
                self.record(root, step)

    def record(self, state: State, step: Step) -> None:
        path = state.path if step.name == "identity" else state.path + (step,)
        path_key = tuple(s.call("g") for s in path)
        if not path or path_key in self.found_paths:
            return
        final = advance(state, step, self.roots) if step.name != "identity" else state
        if final is None:
            return
        if not all(_same(g, o) for g, o in zip(final.grids[:self.n_demo], self.outs)):
            return
        self.found_paths.add(path_key)
        complexity = sum(_step_cost(s) for s in path) + (UNSEEN_PENALTY if _extrapolates(state, step, self.n_demo) else 0)
        tests = [g.copy() for g in final.grids[self.n_demo:]]
        program = FoundProgram(emit_program(path), complexity, tests, describe(path), size_ok=self.size_ok(tests))
        self.found.append((complexity, len(self.found), program))

    def programs(self) -> list[FoundProgram]:
        """The programs found, those with the predicted test output sizes first, then simplest first."""
        ranked = sorted(self.found, key=lambda item: (not item[2].size_ok, item[0], item[1]))
        return [p for _, _, p in ranked[:self.max_found]]


def _promise(state: State, outs: list[np.ndarray]) -> tuple:
    """Ordering key of states to expand: images with the output shapes and colors first."""
    shape_hits = sum(g.shape == o.shape for g, o in zip(state.grids, outs))
    color_hits = sum(set(np.unique(g).tolist()) == set(np.unique(o).tolist()) for g, o in zip(state.grids, outs))
    return (-shape_hits, -color_hits, len(state.path))


def search_programs(task: Task, config: SynthConfig, deadline: float, seed: int) -> list[FoundProgram]:
    """Programs that reproduce every demo of `task` (checked in-process), simplest first, at most config.max_candidates,
    stopping at time.monotonic() >= deadline. Deterministic for a given seed and enough time. The engine is the
    compiled core (`synth.compiled`); `synth.reference` is its Python oracle."""
    return search_with_near_misses(task, config, deadline, seed)[0]


PLAIN_SHARE = 0.5  # share of the search time the task itself gets when views of it may follow
VIEW_FLOOR = 0.1   # share of the search time a view gets at least, even when the task itself answered sooner


def _from_view(found: FoundProgram, task: Task, view: View) -> Optional[FoundProgram]:
    """A program found on a view of `task` as a program of the task (wrapped text, answers mapped back); None
    when its answers cannot be mapped back."""
    answers = map_back(found.test_outputs, task, view)
    if answers is None:
        return None
    return replace(found, text=wrap_program(found.text, view), test_outputs=answers,
                   description=f"[{view.name} view] {found.description}", complexity=found.complexity + 1)


def _search_once(task: Task, config: SynthConfig, deadline: float,
                 seed: int) -> tuple[list[FoundProgram], list[FoundProgram]]:
    """One search of `task` and then its views until `deadline`: the programs, and the task's near misses."""
    from synth.compiled import compiled_search

    start = time.monotonic()
    views = [(view, weight, seen) for view, weight in parse_weighted_views(config.search_views)
             if (seen := view_task(task, view)) is not None]
    own_deadline = start + (deadline - start) * PLAIN_SHARE if views else deadline
    result = compiled_search(task, config, own_deadline, seed, memory_mb=config.search_memory_mb)
    programs = list(result.programs)
    own_seconds = time.monotonic() - start
    for i, (view, weight, seen) in enumerate(views):
        now = time.monotonic()
        if now >= deadline:
            break
        share = (deadline - now) * weight / sum(w for _, w, _ in views[i:])  # the time left, by weight
        if programs:  # the task itself has answers: a view gets about as long as the task itself took
            share = min(share, max(own_seconds, (deadline - start) * VIEW_FLOOR))
        found = compiled_search(seen, config, now + share, seed, memory_mb=config.search_memory_mb)
        programs += [p for f in found.programs if (p := _from_view(f, task, view)) is not None]
    return programs, result.near_misses


EARLY_MIN_FACTOR = 4  # the short early search runs only when the whole search has this many times its seconds


def answer_key(program: FoundProgram) -> bytes:
    """What identifies a program's answer: its test outputs, shapes included."""
    return state_key(tuple(program.test_outputs))


def _rank_key(program: FoundProgram) -> tuple:
    """The search's ranking: programs with the predicted test output sizes first, then simplest, then shortest."""
    return (not program.size_ok, program.complexity, len(program.text))


def with_early_answer(programs: list[FoundProgram], early: list[FoundProgram]) -> list[FoundProgram]:
    """The long search's `programs` (ranked) with the short search's best answer (`early`, ranked) second, when it
    differs from the long search's best: two searches, two attempts. The other early programs follow."""
    if not programs:
        return list(early)
    first = answer_key(programs[0])
    pick = next((p for p in early if answer_key(p) != first), None)
    if pick is None:
        return programs + list(early)
    return programs[:1] + [pick] + programs[1:] + [p for p in early if p is not pick]


def search_with_near_misses(task: Task, config: SynthConfig, deadline: float,
                            seed: int) -> tuple[list[FoundProgram], list[FoundProgram]]:
    """`search_programs` (ranked: the first program of each answer is the one to submit), and the near misses:
    pipelines (verified=False) closest to the demo outputs (fewest demos wrong, then fewest cells), with distinct
    test outputs; a second guess where the search finds a single answer. When the task itself yields no program,
    the search runs on its views (`config.search_views`, `synth.views`) in turn, sharing the time left; when it
    does, each view still runs, for as long as the task itself took but at least VIEW_FLOOR of the time (a
    simpler program may hide there; the floor keeps a small view's search exhaustive rather than cut by how fast
    the task itself happened to run). The task itself gets PLAIN_SHARE of the time when a view may follow.

    With time for it (EARLY_MIN_FACTOR times `config.search_early_s` or more), a short search of
    `config.search_early_s` runs first, and its best answer ranks second (`with_early_answer`), its near misses
    alternate with the long search's (`alternate`): a longer search makes more pieces, and its layered cover may
    then find a coincidental overlay, or a simpler but wrong program, before what the short search found."""
    start = time.monotonic()
    early: list[FoundProgram] = []
    early_misses: list[FoundProgram] = []
    if config.search_early_s > 0 and deadline - start >= EARLY_MIN_FACTOR * config.search_early_s:
        early, early_misses = _search_once(task, config, start + config.search_early_s, seed)
    programs, near_misses = _search_once(task, config, deadline, seed)
    ranked = with_early_answer(sorted(programs, key=_rank_key), sorted(early, key=_rank_key))
    return ranked[:config.max_candidates], alternate(near_misses, early_misses)


def alternate(first: list[FoundProgram], second: list[FoundProgram]) -> list[FoundProgram]:
    """The near misses of two searches taken in turn (`first`'s first), each with test outputs unlike the earlier
    ones': with no verified program, each search's nearest miss is a guess."""
    out: list[FoundProgram] = []
    seen: set[bytes] = set()
    for i in range(max(len(first), len(second))):
        for misses in (first, second):
            if i < len(misses) and (key := answer_key(misses[i])) not in seen:
                seen.add(key)
                out.append(misses[i])
    return out
