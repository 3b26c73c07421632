"""The task generator: random scenes passed through random pipelines of `synth.dsl` operations, kept only when
the demos determine the pipeline, written as ARC task files with their test outputs and a sidecar program.

This module owns generated tasks: the operation table (each operation's argument domain, the scene kinds it
starts from), the keep rules, the held-out split by family, and the file layout. A pipeline is a tuple of
`synth.emit.Step`, the form the CPU search finds and `synth.emit.emit_program` turns into BARC-style text,
so a generated task's recorded program is exactly what the search would emit for that pipeline.

Definitions
-----------
* *family* of a pipeline: the sorted set of its operation names joined by '+', e.g. 'crop_object+flip'.
* *held-out family*: `is_heldout_family(family)`, a fixed hash rule (CRC32 of the family text, about 1 in
  10 families); `split="heldout"` generates only those, `split="train"` never does.
* keep rules (`keep_reason`): every step applies to every input and gives a valid grid (sides 1..30,
  colors 0..9); every step changes at least one demo; the pipeline changes every demo and the test input;
  the inputs are pairwise distinct; the demo outputs are not all equal; and the demos determine the
  pipeline (`shorter_fit`).
* *determined* (`shorter_fit`), over the alternatives `alternatives(ctx)` (every operation of the table with
  every argument in its finite domain for the task's colors, plus the learned color map and tiling
  fitters), checked on the demos:
  (1) depth 1: no alternative step fits all demos when the pipeline is deeper; for a depth-1 pipeline no
      alternative that fits all demos gives a different test output;
  (2) depth >= 2: no pipeline left after removing one step fits;
  (3) depth 3: no consecutive pair of steps is replaced by one alternative (or a color map) that maps the
      pair's input images onto its output images;
  (4) depth 3: depth-2 alternatives (a first alternative other than the final-only painters of
      `FINAL_ONLY`, then any alternative or a fitted color map / tiling) are tried, first steps in table
      order, up to `GeneratorConfig.check_depth2_budget` operation applications: a deterministic work cap
      (not a clock, so the output does not depend on the machine); the sidecar's "check" records whether
      that search was complete ("depth2_complete") and how many applications the whole check used.
  Alternatives are tried on the first demo, then confirmed on all; an alternative is applied only where a
  cheap necessary condition (`_Target.could_make`: shapes, colors kept, cells changed) says it could make
  the target, which prunes without changing any verdict.
  Not checked: the search's other learned steps (local rules, stamps, object recoloring, counts) as
  alternatives, and depth-2 alternatives of depth-2 pipelines (same depth, not shorter).

Task `i` has depth `min_depth + i % (max_depth - min_depth + 1)` (the depths are balanced), and every random
choice in it comes from `numpy.random.default_rng([seed, split, i, attempt])`, attempts 0, 1, ... until one
is kept: a task depends only on the seed, the split, its index and the config (and numpy's generator).
"""
from __future__ import annotations

import json
import time
import zlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np

from solver.grid import MAX_SIDE, grid_to_list, is_valid_grid
from solver.storage import atomic_write_text
from synth import dsl
from synth.emit import Step, describe, emit_program
from synth.search import scale_ratio
from synth.scenes import GENERIC_KINDS, SceneStyle, make_scene, make_style

NOT_APPLICABLE = (ValueError, IndexError, KeyError, ZeroDivisionError)  # how a dsl operation says "does not apply"
HELDOUT_PERCENT = 10
SPLITS = ("train", "heldout")


# --------------------------------------------------------------------------------------------- config


@dataclass
class GeneratorConfig:
    """Settings of the task generator (every field is recorded in DIR/meta/manifest.json)."""

    min_depth: int = 1
    max_depth: int = 3
    min_demos: int = 2
    max_demos: int = 4
    n_test: int = 1
    max_side: int = 30                    # largest side of any input (3..30); outputs are capped at 30 anyway
    operations: tuple[str, ...] = ()      # operations pipelines may use (empty: every one of OPERATION_NAMES)
    check_determined: bool = True         # rules (1)-(4) of the module docstring (False: only the cheap rules)
    check_depth2_budget: int = 5000       # rule (4): operation applications for depth-2 alternatives (0: off)
    max_attempts: int = 3000              # attempts per task before giving up with an error

    def validate(self) -> None:
        """Raise ValueError for settings outside what the generator supports."""
        if not 1 <= self.min_depth <= self.max_depth <= 3:
            raise ValueError(f"need 1 <= min_depth <= max_depth <= 3, got {self.min_depth}..{self.max_depth}")
        if not 1 <= self.min_demos <= self.max_demos or self.n_test < 1:
            raise ValueError("need 1 <= min_demos <= max_demos and n_test >= 1")
        if not 3 <= self.max_side <= MAX_SIDE:
            raise ValueError(f"max_side must be 3..{MAX_SIDE}, got {self.max_side}")
        unknown = sorted(set(self.operations) - set(OPERATION_NAMES))
        if unknown:
            raise ValueError(f"unknown operations: {unknown}")


@dataclass
class GeneratedTask:
    """One kept task: demos and tests with outputs, and how they were made."""

    id: str
    train: list[tuple[np.ndarray, np.ndarray]]
    test: list[tuple[np.ndarray, np.ndarray]]
    steps: tuple[Step, ...]
    scene: str
    index: int
    attempt: int
    check: dict

    @property
    def depth(self) -> int:
        return len(self.steps)

    @property
    def family(self) -> str:
        return family_of(self.steps)

    def task_json(self) -> dict:
        """The ARC task file: {"train": [...], "test": [...]} with the test outputs."""
        return {"train": [{"input": grid_to_list(i), "output": grid_to_list(o)} for i, o in self.train],
                "test": [{"input": grid_to_list(i), "output": grid_to_list(o)} for i, o in self.test]}

    def meta_json(self, split: str, seed: int) -> dict:
        """The sidecar: the pipeline, its family and depth, the emitted program and how the task was checked."""
        return {"id": self.id, "split": split, "seed": seed, "index": self.index, "attempt": self.attempt,
                "family": self.family, "depth": self.depth, "scene": self.scene,
                "description": describe(self.steps), "steps": steps_to_json(self.steps),
                "check": self.check, "program": emit_program(self.steps)}


@dataclass
class GenerateReport:
    """What one `generate_tasks` run made, and how fast."""

    n: int
    seed: int
    split: str
    out_dir: str
    attempts: int = 0
    seconds: float = 0.0                 # wall clock, writing included
    cpu_seconds: float = 0.0             # this process's CPU time
    by_depth: dict = field(default_factory=dict)
    families: int = 0
    rejected: dict = field(default_factory=dict)
    resumed: int = 0                     # tasks already in the folder from an earlier run

    @property
    def tasks_per_minute(self) -> float:
        """Tasks per minute of this process's CPU time (the wall clock counts other processes' load too)."""
        return 60.0 * self.n / self.cpu_seconds if self.cpu_seconds > 0 else 0.0

    def summary(self) -> str:
        """A few lines for the command line."""
        depths = ", ".join(f"depth {d}: {k}" for d, k in sorted(self.by_depth.items()))
        top = ", ".join(f"{why} {k}" for why, k in list(self.rejected.items())[:6])
        return (f"{self.n} {self.split} tasks (seed {self.seed}) in {self.out_dir}: {depths}; {self.families} "
                f"families\n{self.attempts} attempts, {self.seconds:.1f} s wall, {self.cpu_seconds:.1f} s CPU "
                f"({self.tasks_per_minute:.0f} tasks per CPU minute)"
                + (f", {self.resumed} kept from an earlier run" if self.resumed else "") + f"\nrejected: {top}")


# ---------------------------------------------------------------------------------------- families


def family_of(steps: tuple[Step, ...] | list[str]) -> str:
    """The family of a pipeline (or of a list of operation names): its sorted distinct operation names."""
    names = [s.name if isinstance(s, Step) else s for s in steps]
    return "+".join(sorted(set(names)))


def is_heldout_family(family: str) -> bool:
    """True for the families kept out of training (a fixed rule: CRC32 of the family text mod 100 < 10)."""
    return zlib.crc32(family.encode("utf-8")) % 100 < HELDOUT_PERCENT


# ------------------------------------------------------------------------------------ operation table


@dataclass(frozen=True)
class ArgContext:
    """What argument domains depend on: the colors present, the colors that may be painted, the scene style
    (first step of a generated pipeline only), and whether the domain is for the determinism check."""

    colors: tuple[int, ...]
    paint: tuple[int, ...]
    style: Optional[SceneStyle] = None
    check: bool = False
    ratio: Optional[tuple[int, int, bool]] = None   # check only: (fy, fx, up) shared by every demo, if any


Domain = Callable[[ArgContext], list]
Sampler = Callable[[np.random.Generator, ArgContext], Optional[tuple]]


@dataclass(frozen=True)
class OpSpec:
    """One operation the generator may put in a pipeline."""

    name: str
    domain: Domain                              # every argument tuple (sampled from; enumerated by the check)
    kinds: tuple[str, ...] = GENERIC_KINDS      # scene kinds a pipeline starting with it draws its inputs from
    first_only: bool = False                    # needs its scene kind: only ever the first step
    sample: Optional[Sampler] = None            # custom sampler where the domain is learned or too big
    in_check: bool = True                       # enumerated as an alternative by the determinism check


def _fixed(*args: tuple) -> Domain:
    return lambda ctx: list(args)


def _with_colors(roles: bool = True) -> Domain:
    return lambda ctx: [(c,) for c in ctx.colors] + ([("most",), ("least",)] if roles else [])


def _paint(ctx: ArgContext) -> list:
    return [(c,) for c in ctx.paint]


OBJECT_KINDS = ((4, False), (8, False), (8, True))
CROP_SELECTORS = ("largest", "smallest", "largest_box", "smallest_box", "most_colors", "unique_color",
                  "unique_shape", "topmost", "bottommost", "leftmost", "rightmost", "most_holes")
KEEP_SELECTORS = ("largest", "smallest", "unique_color", "unique_shape")
PART_SPLITS = ("sep", ("rows", 2), ("cols", 2), ("rows", 3), ("cols", 3))
COMBINE_OPS = ("and", "or", "xor", "nor", "first_only", "overlay", "overlay_rev")
PART_SELECTORS = ("most_cells", "fewest_cells", "most_colors", "fewest_colors", "odd", "common")
RAY_DIRECTIONS = ("UDLR", "UD", "LR", "U", "D", "L", "R", "abcd", "UDLRabcd")
SYMMETRIES = ("lr", "ud", "lrud", "diag", "rot4")
DIHEDRAL = ("id", "lr", "ud", "r180", "t", "at", "r90", "r270")
UPSCALES = ((2, 2), (3, 3), (2, 1), (1, 2))
TILE_SHAPES = ((1, 2), (2, 1), (2, 2))
OFFSETS = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0))


def _style_split(style: Optional[SceneStyle]) -> list:
    """The `split_parts` argument matching a panels style."""
    if style is None or style.kind != "panels":
        return []
    if style.sep >= 0:
        return ["sep"]
    r, c = style.layout
    return [("rows", r)] if c == 1 else [("cols", c)] if r == 1 else []


def _parts_domain(options: tuple) -> Domain:
    def domain(ctx: ArgContext) -> list:
        hows = list(PART_SPLITS) if ctx.check else _style_split(ctx.style)
        return [(how, o) for how in hows for o in options]
    return domain


def _sep_domain(options: tuple) -> Domain:
    def domain(ctx: ArgContext) -> list:
        if not ctx.check and (ctx.style is None or ctx.style.sep < 0):
            return []
        return [(o,) for o in options]
    return domain


def _symmetrize_domain(ctx: ArgContext) -> list:
    if ctx.check:
        return [(k, n) for k in SYMMETRIES for n in (0,) + ctx.colors]
    if ctx.style is None or ctx.style.noise < 0:
        return []
    kinds = ("lr", "ud", "lrud") if ctx.style.sym == "lrud" else (ctx.style.sym,)
    return [(k, ctx.style.noise) for k in kinds]


def _noise_domain(ctx: ArgContext) -> list:
    if ctx.check:
        return [(n,) for n in (0,) + ctx.colors]
    return [] if ctx.style is None or ctx.style.noise < 0 else [(ctx.style.noise,)]


def _upscale_domain(ctx: ArgContext) -> list:
    if ctx.check:
        return [(ctx.ratio[0], ctx.ratio[1])] if ctx.ratio and ctx.ratio[2] else []
    return list(UPSCALES)


def _downscale_domain(ctx: ArgContext) -> list:
    if ctx.check:
        factors = [ctx.ratio[:2]] if ctx.ratio and not ctx.ratio[2] else []
    else:
        factors = [ctx.style.block] if ctx.style is not None and ctx.style.kind == "blocky" else []
    return [(fy, fx, mode) for fy, fx in factors for mode in ("first", "major", "any")]


def _slide_domain(ctx: ArgContext) -> list:
    if not ctx.check:
        slide = ctx.style is not None and ctx.style.kind == "slide"
        return [(ctx.style.palette[0], ctx.style.palette[1])] if slide else []
    return [(m, a) for m in ctx.colors for a in ctx.colors if m != a]


def _sample_recolor(rng: np.random.Generator, ctx: ArgContext) -> Optional[tuple]:
    if not ctx.colors:
        return None
    k = min(len(ctx.colors), int(rng.integers(1, 3)))
    sources = [ctx.colors[i] for i in sorted(rng.choice(len(ctx.colors), size=k, replace=False).tolist())]
    mapping = {}
    for src in sources:
        targets = [c for c in range(10) if c != src]
        mapping[int(src)] = int(targets[int(rng.integers(len(targets)))])
    return (mapping,)


def _sample_tile(rng: np.random.Generator, ctx: ArgContext) -> Optional[tuple]:
    ty, tx = TILE_SHAPES[int(rng.integers(len(TILE_SHAPES)))]
    names = ("id", "lr", "ud", "r180") if rng.random() < 0.7 else DIHEDRAL
    pattern = tuple(tuple(names[int(rng.integers(len(names)))] for _ in range(tx)) for _ in range(ty))
    return (pattern,)


def _sample_stamp(rng: np.random.Generator, ctx: ArgContext) -> Optional[tuple]:
    if not ctx.colors:
        return None
    color = ctx.colors[int(rng.integers(len(ctx.colors)))]
    n = int(rng.integers(1, 5))
    picks = sorted(rng.choice(len(OFFSETS), size=n, replace=False).tolist())
    paint = ctx.paint[int(rng.integers(len(ctx.paint)))]
    marks = tuple((OFFSETS[i][0], OFFSETS[i][1], int(paint if rng.random() < 0.7 else
                                                     ctx.paint[int(rng.integers(len(ctx.paint)))])) for i in picks)
    return ({int(color): marks},)


def _sample_recolor_objects(rng: np.random.Generator, ctx: ArgContext) -> Optional[tuple]:
    conn = (4, 8)[int(rng.integers(2))]
    paint = [int(ctx.paint[i]) for i in rng.permutation(len(ctx.paint))[:2]]
    choice = int(rng.integers(5))
    if choice == 0:
        return (conn, "size_rank", {0: paint[0]})
    if choice == 1:
        return (conn, "size_rank_asc", {0: paint[0]})
    if choice == 2:
        return (conn, "touches_border", {0: paint[0], 1: paint[1]})
    if choice == 3:
        return (conn, "is_rect", {1: paint[0]})
    return (conn, "holes", {0: paint[0], 1: paint[1]})


def _sample_count_bar(rng: np.random.Generator, ctx: ArgContext) -> Optional[tuple]:
    features = [("objects", 4, -1, 1), ("objects", 8, -1, 1), ("colors",)] + [("cells", c) for c in ctx.colors]
    feature = features[int(rng.integers(len(features)))]
    color = int(ctx.paint[int(rng.integers(len(ctx.paint)))])
    h, w, layout = ((1, -1, "rows"), (-1, 1, "rows"), (3, 3, "rows"), (3, 3, "stride"), (-1, -1, "diagonal"))[
        int(rng.integers(5))]
    return (feature, color, h, w, layout)


OBJ = ("objects", "noise", "rectangles")
OPS: tuple[OpSpec, ...] = (
    OpSpec("rotate", _fixed((1,), (2,), (3,))),
    OpSpec("flip", _fixed(("lr",), ("ud",))),
    OpSpec("transpose", _fixed(())),
    OpSpec("antitranspose", _fixed(())),
    OpSpec("crop_nonbg", _fixed((0,), (-1,)), OBJ + ("sparse",)),
    OpSpec("crop_color", _with_colors(), OBJ),
    OpSpec("crop_inside_color", _with_colors(), ("rectangles",)),
    OpSpec("trim_border", _fixed(())),
    OpSpec("crop_object", lambda ctx: [(c, m, s, i) for c, m in OBJECT_KINDS for s in CROP_SELECTORS
                                       for i in (False, True)], OBJ),
    OpSpec("keep_object", lambda ctx: [(c, m, s) for c, m in OBJECT_KINDS for s in KEEP_SELECTORS], OBJ),
    OpSpec("remove_object", lambda ctx: [(c, m, s) for c, m in OBJECT_KINDS for s in KEEP_SELECTORS], OBJ),
    OpSpec("remove_small_objects", _fixed((4, 1), (4, 2), (8, 1), (8, 2)), ("noise",)),
    OpSpec("recolor", _fixed(), sample=_sample_recolor, in_check=False),
    OpSpec("remove_color", _with_colors()),
    OpSpec("keep_color", _with_colors()),
    OpSpec("binarize", _fixed(())),
    OpSpec("majority_color_fill", _fixed(()), OBJ),
    OpSpec("invert_colors", _fixed(())),
    OpSpec("gravity", _fixed(("down",), ("up",), ("left",), ("right",)), ("sparse", "noise", "objects")),
    OpSpec("gravity_objects", _fixed(("down",), ("up",), ("left",), ("right",)), ("objects", "sparse")),
    OpSpec("slide_color", _slide_domain, ("slide",), first_only=True),
    OpSpec("fill_enclosed", _paint, ("rectangles", "objects")),
    OpSpec("extend_rays", lambda ctx: [(c, d, s) for c in ctx.colors for d in RAY_DIRECTIONS
                                       for s in ("hit", "border")], ("sparse", "objects")),
    OpSpec("connect_pairs", lambda ctx: [(c, d) for c in (-1,) + ctx.paint for d in (False, True)], ("sparse",)),
    OpSpec("hollow_objects", _fixed(()), ("objects", "rectangles")),
    OpSpec("outline_objects", _paint, ("objects", "sparse")),
    OpSpec("draw_border", _paint),
    OpSpec("fill_object_boxes", _paint, ("objects",)),
    OpSpec("stamp_pixels", _fixed(), ("sparse",), sample=_sample_stamp, in_check=False),
    OpSpec("recolor_objects", _fixed(), OBJ, sample=_sample_recolor_objects, in_check=False),
    OpSpec("shift", _fixed((1, 0), (-1, 0), (0, 1), (0, -1))),
    OpSpec("take_part", _fixed((2, 1, 0, 0), (2, 1, 1, 0), (1, 2, 0, 0), (1, 2, 0, 1),
                               (2, 2, 0, 0), (2, 2, 0, 1), (2, 2, 1, 0), (2, 2, 1, 1))),
    OpSpec("symmetrize", _symmetrize_domain, ("symmetric_holes",), first_only=True),
    OpSpec("fill_periodic", _noise_domain, ("periodic_holes",), first_only=True),
    OpSpec("period_tile", _fixed(()), ("periodic",), first_only=True),
    OpSpec("upscale", _upscale_domain),
    OpSpec("downscale", _downscale_domain, ("blocky",), first_only=True),
    OpSpec("tile", _fixed(), sample=_sample_tile, in_check=False),
    OpSpec("fractal", _fixed((False,), (True,))),
    OpSpec("dedupe_lines", _fixed(()), ("stretched",)),
    OpSpec("remove_uniform_lines", lambda ctx: [(c,) for c in (0,) + ctx.colors], ("lines",)),
    OpSpec("combine_parts", _parts_domain(COMBINE_OPS), ("panels",), first_only=True),
    OpSpec("select_part", _parts_domain(PART_SELECTORS), ("panels",), first_only=True),
    OpSpec("cells_to_pixels", _sep_domain(("major", "count")), ("panels",), first_only=True),
    OpSpec("fill_cells", _sep_domain(("all", "most")), ("panels",), first_only=True),
    OpSpec("count_bar", _fixed(), ("objects", "sparse"), sample=_sample_count_bar, in_check=False),
)
SPECS: dict[str, OpSpec] = {spec.name: spec for spec in OPS}
OPERATION_NAMES: tuple[str, ...] = tuple(SPECS)
GROWTH = {"upscale", "tile", "fractal"}


# ---------------------------------------------------------------------------------------------- applying


def apply_step(step: Step, grid: np.ndarray, original: np.ndarray) -> Optional[np.ndarray]:
    """The grid a step makes of `grid` (`original`: the task input), or None when the operation does not apply
    or makes a grid with a side outside 1..30 (the same rule as `synth.search.apply_step`)."""
    fn = dsl.OPERATIONS[step.name]
    try:
        out = fn(grid, original, *step.args) if step.name.endswith("_with_input") else fn(grid, *step.args)
    except NOT_APPLICABLE:
        return None
    if out.ndim != 2 or not (1 <= out.shape[0] <= MAX_SIDE and 1 <= out.shape[1] <= MAX_SIDE):
        return None
    return np.ascontiguousarray(out, dtype=np.uint8)


def run_pipeline(steps: tuple[Step, ...], grid: np.ndarray) -> Optional[np.ndarray]:
    """A pipeline's output for one input, or None when a step does not apply."""
    out = grid
    for step in steps:
        out = apply_step(step, out, grid)
        if out is None:
            return None
    return out


def _same(a: Optional[np.ndarray], b: np.ndarray) -> bool:
    return a is not None and a.shape == b.shape and bool(np.array_equal(a, b))


def _present(grids: list[np.ndarray], every: bool) -> tuple[int, ...]:
    sets = [set(np.unique(g).tolist()) - {0} for g in grids]
    colors = set.intersection(*sets) if every else set.union(*sets)
    return tuple(sorted(int(c) for c in colors))


# ----------------------------------------------------------------------------------------- the check


def fit_color_map(images: list[np.ndarray], outs: list[np.ndarray]) -> Optional[dict]:
    """The one cell-wise color map taking every image onto its output ({} when they are equal), or None."""
    mapping: dict[int, int] = {}
    for s, o in zip(images, outs):
        if s.shape != o.shape:
            return None
        for code in np.unique(s.astype(np.int64) * 10 + o).tolist():
            src, dst = divmod(int(code), 10)
            if mapping.setdefault(src, dst) != dst:
                return None
    return {k: v for k, v in sorted(mapping.items()) if k != v}


def fit_tile(images: list[np.ndarray], outs: list[np.ndarray]) -> Optional[tuple]:
    """The `tile` pattern taking every image onto its output, or None."""
    factors = {(o.shape[0] // s.shape[0], o.shape[1] // s.shape[1]) if o.shape[0] % s.shape[0] == 0
               and o.shape[1] % s.shape[1] == 0 else None for s, o in zip(images, outs)}
    if len(factors) != 1 or None in factors:
        return None
    fy, fx = factors.pop()
    if (fy, fx) == (1, 1) or fy * fx > 16:
        return None
    pattern = []
    for ty in range(fy):
        row = []
        for tx in range(fx):
            name = next((n for n in DIHEDRAL if all(_same(dsl.dihedral(s, n), _block(o, s.shape, ty, tx))
                                                    for s, o in zip(images, outs))), None)
            if name is None:
                return None
            row.append(name)
        pattern.append(tuple(row))
    return (tuple(pattern),)


def _block(grid: np.ndarray, shape: tuple[int, int], ty: int, tx: int) -> np.ndarray:
    h, w = shape
    return grid[ty * h:(ty + 1) * h, tx * w:(tx + 1) * w]


FINAL_ONLY = {"extend_rays", "connect_pairs", "symmetrize", "fill_periodic", "fill_enclosed", "outline_objects",
              "draw_border", "fill_object_boxes"}  # not expanded as the first step of a depth-2 alternative
_CATEGORY = {
    "flip": "geom_same", "transpose": "geom_t", "antitranspose": "geom_t",
    "crop_nonbg": "smaller", "crop_color": "smaller", "crop_inside_color": "smaller", "trim_border": "smaller",
    "crop_object": "object_box", "take_part": "smaller", "period_tile": "prefix",
    "dedupe_lines": "smaller", "remove_uniform_lines": "smaller", "downscale": "smaller",
    "combine_parts": "parts", "select_part": "parts", "cells_to_pixels": "smaller",
    "upscale": "bigger", "fractal": "bigger",
    "remove_color": "erase", "keep_color": "erase", "remove_object": "erase", "keep_object": "erase",
    "remove_small_objects": "erase", "hollow_objects": "erase",
    "fill_enclosed": "paint", "outline_objects": "paint", "extend_rays": "paint", "fill_object_boxes": "paint",
    "connect_pairs": "paint", "draw_border": "border",
    "gravity": "conserve", "gravity_objects": "conserve", "slide_color": "conserve", "shift": "move",
    "symmetrize": "noise", "fill_periodic": "noise",
    "binarize": "recolor", "majority_color_fill": "recolor", "invert_colors": "recolor", "fill_cells": "recolor",
}


def _category(step: Step) -> tuple[str, int]:
    """(category, key color) of an alternative, for `_Target.could_make` (key -1: none)."""
    if step.name == "rotate":
        return ("geom_same" if step.args[0] == 2 else "geom_t"), -1
    category = _CATEGORY[step.name]
    if category == "paint":
        return category, int(step.args[0])        # connect_pairs(-1, ...): the pair's own color
    if category == "border":
        return category, int(step.args[0])
    if category == "noise":
        return category, int(step.args[-1])
    if category == "object_box":
        return category, OBJECT_KINDS.index(step.args[:2])
    if category == "parts":
        return category, PART_SPLITS.index(step.args[0])
    return category, -1


@dataclass
class _Target:
    """What an image `s` and the grid `o` it should become have in common, for cheap necessary conditions."""

    same: bool
    transposed: bool
    smaller: bool
    bigger: bool
    src_colors: frozenset
    out_colors: frozenset
    diff_from: frozenset = frozenset()
    diff_to: frozenset = frozenset()
    image: Optional[np.ndarray] = None
    target: Optional[np.ndarray] = None
    _boxes: dict = field(default_factory=dict)

    def object_crops(self, kind: int) -> set:
        """The grids `crop_object` can make of the image with one `OBJECT_KINDS` kind (boxes, and isolated)."""
        if kind not in self._boxes:
            conn, multi = OBJECT_KINDS[kind]
            crops = set()
            for _, cells in dsl.components(self.image, conn, multi, 0):
                top, left, bottom, right = dsl.object_bbox(cells)
                box = self.image[top:bottom + 1, left:right + 1]
                isolated = np.zeros_like(box)
                ys, xs = np.array(cells).T
                isolated[ys - top, xs - left] = self.image[ys, xs]
                crops.update(bytes(g.shape) + g.tobytes() for g in (box, isolated))
            self._boxes[kind] = crops
        return self._boxes[kind]

    def part_shape(self, how: int) -> Optional[tuple[int, int]]:
        """The shape of the image's parts under `split_parts(PART_SPLITS[how])`, None when it does not split."""
        key = ("parts", how)
        if key not in self._boxes:
            try:
                self._boxes[key] = dsl.split_parts(self.image, PART_SPLITS[how])[0].shape
            except NOT_APPLICABLE:
                self._boxes[key] = None
        return self._boxes[key]

    @staticmethod
    def of(s: np.ndarray, o: np.ndarray) -> "_Target":
        (sh, sw), (oh, ow) = s.shape, o.shape
        t = _Target(s.shape == o.shape, (sh, sw) == (ow, oh), oh <= sh and ow <= sw, oh >= sh and ow >= sw,
                    frozenset(np.unique(s).tolist()), frozenset(np.unique(o).tolist()), image=s, target=o)
        if t.same:
            diff = s != o
            t.diff_from = frozenset(np.unique(s[diff]).tolist())
            t.diff_to = frozenset(np.unique(o[diff]).tolist())
        return t

    def could_make(self, category: str, key: int) -> bool:
        """False when no operation of `category` (key color `key`) can turn the image into the target."""
        if category == "geom_same":
            return self.same and self.src_colors == self.out_colors
        if category == "geom_t":
            return self.transposed and self.src_colors == self.out_colors
        if category == "smaller":
            return self.smaller and self.out_colors <= self.src_colors | {0, 1}
        if category == "object_box":
            return self.smaller and self.out_colors <= self.src_colors | {0} and \
                bytes(self.target.shape) + self.target.tobytes() in self.object_crops(key)
        if category == "parts":
            return self.target.shape == self.part_shape(key) and self.out_colors <= self.src_colors | {0, 1}
        if category == "prefix":
            oh, ow = self.target.shape
            return self.smaller and bool(np.array_equal(self.image[:oh, :ow], self.target))
        if category == "bigger":
            return self.bigger and self.out_colors <= self.src_colors | {0}
        if not self.same or not self.diff_to:
            return False
        if category == "erase":
            return self.diff_to == {0}
        if category == "paint":
            return self.diff_from == {0} and (self.diff_to == {key} if key >= 0 else self.diff_to <= self.src_colors)
        if category == "border":
            return self.diff_to == {key}
        if category == "move":
            return self.out_colors <= self.src_colors | {0}
        if category == "conserve":
            return bool(np.array_equal(np.bincount(self.image.ravel(), minlength=10),
                                       np.bincount(self.target.ravel(), minlength=10)))
        if category == "noise":
            return self.diff_from == {key}
        return True  # recolor


def alternatives(ctx: ArgContext) -> list[Step]:
    """Every step the determinism check tries: the table's enumerable operations over their finite domains."""
    return [Step(spec.name, tuple(args)) for spec in OPS if spec.in_check for args in spec.domain(ctx)]


def _fitted(images: list[np.ndarray], outs: list[np.ndarray]) -> list[Step]:
    """The learned final steps (a color map that changes something, a tiling) taking `images` onto `outs`."""
    found = []
    mapping = fit_color_map(images, outs)
    if mapping:
        found.append(Step("recolor", (mapping,)))
    pattern = fit_tile(images, outs)
    if pattern is not None:
        found.append(Step("tile", pattern))
    return found


class _Checker:
    """One task's determinism check (rules (1)-(4) of the module docstring). Alternatives are tried on the
    first demo (after a cheap necessary condition, `_Target.could_make`) and confirmed on every demo."""

    def __init__(self, demo_in: list[np.ndarray], demo_out: list[np.ndarray], test_in: list[np.ndarray],
                 test_out: list[np.ndarray]):
        self.demo_in, self.demo_out, self.test_in, self.test_out = demo_in, demo_out, test_in, test_out
        ctx = ArgContext(_present(demo_in + demo_out, every=False), _present(demo_out, every=False),
                         check=True, ratio=scale_ratio(demo_in, demo_out))
        self.alts = alternatives(ctx)
        groups: dict[tuple[str, int], list[Step]] = {}
        for step in self.alts:
            groups.setdefault(_category(step), []).append(step)
        self.groups = list(groups.items())
        self.applications = 0

    def apply(self, step: Step, grid: np.ndarray) -> Optional[np.ndarray]:
        self.applications += 1
        return apply_step(step, grid, self.demo_in[0])

    def fits(self, steps: tuple[Step, ...]) -> bool:
        return all(_same(run_pipeline(steps, i), o) for i, o in zip(self.demo_in, self.demo_out))

    def tests_differ(self, steps: tuple[Step, ...]) -> bool:
        return not all(_same(run_pipeline(steps, i), o) for i, o in zip(self.test_in, self.test_out))

    def one_step(self, image: np.ndarray, target: np.ndarray) -> list[Step]:
        """The alternatives that may take `image` (first demo) onto `target`, tried on the first demo only."""
        info = _Target.of(image, target)
        return [step for (category, key), steps in self.groups if info.could_make(category, key)
                for step in steps if _same(self.apply(step, image), target)]

    def depth1(self, depth: int) -> Optional[str]:
        """Rule (1)."""
        candidates = [(s,) for s in self.one_step(self.demo_in[0], self.demo_out[0])]
        candidates += [(s,) for s in _fitted(self.demo_in, self.demo_out)]
        for steps in candidates:
            if not self.fits(steps):
                continue
            if depth > 1:
                return f"shorter: {describe(steps)}"
            if self.tests_differ(steps):
                return f"ambiguous: {describe(steps)}"
        return None

    def removals(self, steps: tuple[Step, ...]) -> Optional[str]:
        """Rule (2)."""
        for i in range(len(steps)):
            rest = steps[:i] + steps[i + 1:]
            if rest and self.fits(rest):
                return f"removable: step {i + 1}"
        return None

    def pair_collapses(self, steps: tuple[Step, ...]) -> Optional[str]:
        """Rule (3): one step doing on every demo what a consecutive pair of the pipeline does."""
        chain = [list(self.demo_in)]
        for step in steps:
            chain.append([None if g is None else apply_step(step, g, orig) for g, orig in zip(chain[-1], self.demo_in)])
        for i in range(len(steps) - 1):
            before, after = chain[i], chain[i + 2]
            if any(g is None for g in before + after) or _same(before[0], after[0]):
                continue
            for a in self.one_step(before[0], after[0]) + _fitted(before, after):
                if all(_same(apply_step(a, b, orig), o) for b, o, orig in zip(before, after, self.demo_in)):
                    return f"collapses: steps {i + 1}-{i + 2} = {a.label()}"
        return None

    def depth2(self, budget: int) -> tuple[Optional[str], bool]:
        """Rule (4): (reason or None, whether every depth-2 alternative was tried within `budget` applications)."""
        first_in, first_out = self.demo_in[0], self.demo_out[0]
        states: dict[bytes, tuple[Step, np.ndarray]] = {}
        for step in self.alts:
            if step.name in FINAL_ONLY:
                continue
            image = self.apply(step, first_in)
            if image is not None and not _same(image, first_in):
                states.setdefault(bytes(image.shape) + image.tobytes(), (step, image))
        for first, image in states.values():
            if self.applications >= budget:
                return None, False
            for second in self.one_step(image, first_out):
                if self.fits((first, second)):
                    return f"shorter: {describe((first, second))}", False
            if _fitted([image], [first_out]):
                images = [image] + [self.apply(first, g) for g in self.demo_in[1:]]
                if any(g is None for g in images):
                    continue
                for second in _fitted(images, self.demo_out):
                    if self.fits((first, second)):
                        return f"shorter: {describe((first, second))}", False
        return None, True


def shorter_fit(steps: tuple[Step, ...], train: list[tuple[np.ndarray, np.ndarray]],
                test: list[tuple[np.ndarray, np.ndarray]], depth2_budget: int) -> tuple[Optional[str], dict]:
    """(why the demos do not determine `steps`, or None; what was checked). See the module docstring."""
    checker = _Checker([i for i, _ in train], [o for _, o in train], [i for i, _ in test], [o for _, o in test])
    info: dict = {"alternatives": len(checker.alts)}
    reason = checker.depth1(len(steps))
    if reason is None and len(steps) > 1:
        reason = checker.removals(steps)
    if reason is None and len(steps) > 2:
        reason = checker.pair_collapses(steps)
    if reason is None and len(steps) > 2 and depth2_budget > 0:
        reason, complete = checker.depth2(depth2_budget)
        info["depth2_complete"] = complete
    info["applications"] = checker.applications
    return reason, info


# ------------------------------------------------------------------------------------------ generating


def _names(rng: np.random.Generator, depth: int, allowed: tuple[str, ...]) -> list[str]:
    first = allowed[int(rng.integers(len(allowed)))]
    later = [n for n in allowed if not SPECS[n].first_only]
    return [first] + [later[int(rng.integers(len(later)))] for _ in range(depth - 1)]


def _max_input_side(steps_so_far: dict[int, tuple], names: list[str], cap: int) -> int:
    """The largest input side whose grids stay within 30 through every growth step of the pipeline."""
    for side in range(cap, 0, -1):
        s = side
        for i, name in enumerate(names):
            if name == "fractal":
                s = s * s
            elif name in ("upscale", "tile"):
                args = steps_so_far[i]
                s = s * (max(args) if name == "upscale" else max(len(args[0]), len(args[0][0])))
        if s <= MAX_SIDE:
            return side
    return 0


def keep_reason(steps: tuple[Step, ...], train: list[tuple[np.ndarray, np.ndarray]],
                test: list[tuple[np.ndarray, np.ndarray]]) -> Optional[str]:
    """Why a task breaks one of the cheap keep rules (validity, change, distinct inputs, varied outputs), or None."""
    for i, o in train + test:
        if not (is_valid_grid(i) and is_valid_grid(o)):
            return "invalid grid"
    if any(_same(o, i) for i, o in train):
        return "a demo is unchanged"
    if any(_same(o, i) for i, o in test):
        return "test output equals test input"
    keys = {bytes(i.shape) + i.tobytes() for i, _ in train + test}
    if len(keys) < len(train) + len(test):
        return "repeated input"
    if len(train) > 1 and len({bytes(o.shape) + o.tobytes() for _, o in train}) == 1:
        return "every demo output is the same"
    for i, o in train + test:
        if not _same(run_pipeline(steps, i), o):
            return "outputs do not match the pipeline"
    return None


def _attempt(rng: np.random.Generator, depth: int, config: GeneratorConfig, split: str,
             allowed: tuple[str, ...]) -> tuple[Optional[tuple], str]:
    """One try at a task: ((steps, train, test, scene, check info), "") or (None, why it was rejected)."""
    names = _names(rng, depth, allowed)
    if is_heldout_family(family_of(names)) != (split == "heldout"):
        return None, "other split"
    pre: dict[int, tuple] = {}
    for i, name in enumerate(names):
        if name in ("upscale", "tile"):
            spec = SPECS[name]
            ctx = ArgContext((), tuple(range(1, 10)))
            domain = spec.domain(ctx)
            pre[i] = spec.sample(rng, ctx) if spec.sample else domain[int(rng.integers(len(domain)))]
    max_side = _max_input_side(pre, names, config.max_side)
    if max_side < 3:
        return None, "grows too large"
    kinds = SPECS[names[0]].kinds
    style = make_style(rng, kinds[int(rng.integers(len(kinds)))], max_side)
    n_demo = int(rng.integers(config.min_demos, config.max_demos + 1))
    try:
        inputs = [make_scene(rng, style) for _ in range(n_demo + config.n_test)]
    except ValueError:
        return None, "scene does not fit"
    grids = list(inputs)
    steps: list[Step] = []
    for i, name in enumerate(names):
        spec = SPECS[name]
        colors = _present(grids, every=True)
        ctx = ArgContext(colors, tuple(range(1, 10)), style if i == 0 else None)
        for _ in range(1 if i in pre else 3):
            if i in pre:
                args = pre[i]
            elif spec.sample is not None:
                args = spec.sample(rng, ctx)
            else:
                domain = spec.domain(ctx)
                args = domain[int(rng.integers(len(domain)))] if domain else None
            if args is None:
                break
            step = Step(name, tuple(args))
            outs = [apply_step(step, g, orig) for g, orig in zip(grids, inputs)]
            if all(o is not None for o in outs) and any(not _same(o, g) for o, g in zip(outs[:n_demo], grids)):
                steps.append(step)
                grids = outs
                break
        if len(steps) != i + 1:
            return None, f"{name} does not apply"
    path = tuple(steps)
    train = list(zip(inputs[:n_demo], grids[:n_demo]))
    test = list(zip(inputs[n_demo:], grids[n_demo:]))
    reason = keep_reason(path, train, test)
    if reason is not None:
        return None, reason
    info: dict = {}
    if config.check_determined:
        reason, info = shorter_fit(path, train, test, config.check_depth2_budget)
        if reason is not None:
            return None, reason.split(":")[0]
    return (path, train, test, style.kind, info), ""


def task_id(split: str, seed: int, index: int) -> str:
    """The id (and file stem) of generated task `index`."""
    return f"gen-{split}-{seed}-{index:06d}"


def generate_one(index: int, seed: int, config: GeneratorConfig, split: str = "train",
                 rejected: Optional[Counter] = None) -> GeneratedTask:
    """Generated task `index` of (seed, split, config): the first attempt that passes every keep rule."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    config.validate()
    allowed = tuple(n for n in OPERATION_NAMES if not config.operations or n in config.operations)
    depths = list(range(config.min_depth, config.max_depth + 1))
    depth = depths[index % len(depths)]
    for attempt in range(config.max_attempts):
        dsl.clear_caches()
        rng = np.random.default_rng([seed, SPLITS.index(split), index, attempt])
        made, reason = _attempt(rng, depth, config, split, allowed)
        if made is not None:
            path, train, test, scene, info = made
            return GeneratedTask(task_id(split, seed, index), train, test, path, scene, index, attempt, info)
        if rejected is not None:
            rejected[reason] += 1
    raise RuntimeError(f"task {index}: no {split} task of depth {depth} kept in {config.max_attempts} attempts "
                       f"({dict(rejected or {})})")


def iter_tasks(n: int, seed: int, config: Optional[GeneratorConfig] = None, split: str = "train",
               rejected: Optional[Counter] = None) -> Iterator[GeneratedTask]:
    """Generated tasks 0..n-1 in memory (what `generate_tasks` writes)."""
    config = config or GeneratorConfig()
    for index in range(n):
        yield generate_one(index, seed, config, split, rejected)


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":")) + "\n"


def generate_tasks(n: int, seed: int, out_dir: Path, config: Optional[GeneratorConfig] = None,
                   split: str = "train", on_task: Optional[Callable[[], None]] = None) -> GenerateReport:
    """Write n generated tasks to `out_dir` (byte-identical for the same n, seed, config and split):

    DIR/<id>.json       the ARC task, {"train": [...], "test": [...]} with the test outputs;
    DIR/meta/<id>.json  its sidecar: pipeline steps, family, depth, scene kind, emitted program, check info;
    DIR/meta/manifest.json  the config, seed and split, and one line of metadata per task (written last).
    Only task files lie at the top, so `solver.tasks.load_task_dir(DIR)` (and `arc-solve evaluate DIR`) reads them.
    Resumable: a task whose sidecar exists (written after its task file) is kept, not made again; a folder made
    with other settings (DIR/meta/settings.json) is refused. `on_task` is called after each task (progress).
    """
    config = config or GeneratorConfig()
    config.validate()
    out_dir = Path(out_dir)
    ids = {task_id(split, seed, i) for i in range(n)}
    strangers = sorted(p.name for p in out_dir.glob("*.json") if p.stem not in ids) if out_dir.is_dir() else []
    if strangers:
        raise FileExistsError(f"{out_dir} holds other task files ({', '.join(strangers[:3])}"
                              f"{', ...' if len(strangers) > 3 else ''}); generate into an empty folder")
    (out_dir / "meta").mkdir(parents=True, exist_ok=True)
    settings = {"seed": seed, "split": split, "config": asdict(config)}
    settings_path = out_dir / "meta" / "settings.json"
    if settings_path.exists() and json.loads(settings_path.read_text(encoding="utf-8")) != json.loads(_dumps(settings)):
        raise FileExistsError(f"{settings_path}: this folder was generated with other settings; use a new folder")
    atomic_write_text(settings_path, _dumps(settings))
    report = GenerateReport(n, seed, split, str(out_dir))
    rejected: Counter = Counter()
    entries = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for index in range(n):
        tid = task_id(split, seed, index)
        meta_path = out_dir / "meta" / f"{tid}.json"
        if (out_dir / f"{tid}.json").exists() and meta_path.exists():  # finished by an earlier run: resume
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = {k: meta[k] for k in ("family", "depth", "scene", "description")}
            attempt = int(meta["attempt"])
            report.resumed += 1
        else:
            task = generate_one(index, seed, config, split, rejected)
            atomic_write_text(out_dir / f"{tid}.json", _dumps(task.task_json()))
            atomic_write_text(meta_path, _dumps(task.meta_json(split, seed)))  # written last: marks the task done
            entry = {"family": task.family, "depth": task.depth, "scene": task.scene,
                     "description": describe(task.steps)}
            attempt = task.attempt
        entries.append({"id": tid, **entry})
        report.attempts += attempt + 1
        report.by_depth[entry["depth"]] = report.by_depth.get(entry["depth"], 0) + 1
        if on_task is not None:
            on_task()
    manifest = {"generator": "synth.generate", "seed": seed, "split": split, "n": n,
                "config": asdict(config), "tasks": entries}
    atomic_write_text(out_dir / "meta" / "manifest.json", json.dumps(manifest, indent=1) + "\n")
    report.seconds = time.perf_counter() - start
    report.cpu_seconds = time.process_time() - cpu_start
    report.families = len({e["family"] for e in entries})
    report.rejected = dict(sorted(rejected.items(), key=lambda kv: -kv[1]))
    return report


# --------------------------------------------------------------------------------------- step encoding


def _encode(value: object) -> object:
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


def _decode(value: object) -> object:
    if isinstance(value, dict) and "tuple" in value:
        return tuple(_decode(v) for v in value["tuple"])
    if isinstance(value, dict) and "dict" in value:
        return {_decode(k): _decode(v) for k, v in value["dict"]}
    return value


def steps_to_json(steps: tuple[Step, ...]) -> list[dict]:
    """A pipeline as JSON (tuples and dicts with non-string keys kept exactly)."""
    return [{"name": s.name, "args": _encode(s.args)} for s in steps]


def steps_from_json(data: list[dict]) -> tuple[Step, ...]:
    """Inverse of `steps_to_json`."""
    return tuple(Step(d["name"], _decode(d["args"])) for d in data)
