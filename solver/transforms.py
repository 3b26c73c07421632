"""Invertible grid and task transforms shared by both branches, and the TTT paper's grid augmenters.

`Transform`: the 8 dihedral symmetries, color permutations (0 fixed by default), demo-order permutations and
their composition. Each transform maps a grid to a grid and has an exact inverse; applying one to a Task
transforms demos and test inputs consistently.

`Augmenter`: one of the grid maps of the test-time-training paper (Akyurek et al. 2024, `ttt/preprocess.py`
`get_augmenters()` of its code), some of which change the grid's size: rotations, flips, transpose, the four
mirror-concatenations (`Reflect`), a random cyclic translation, 2x resolution / height / width, rotations and
flips chained with 2x resolution, and 2x tilings (`Repeat`). `PAPER_AUGMENTERS` lists its 23 in its order,
named as its code prints them. Every augmenter but the translation has an exact inverse (`invert`); the
translation draws a fresh shift from the given rng for every grid it is applied to, as the paper's code does
(its `apply_to_task` hands the same rng to every grid), so it is not inverted.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from solver.grid import Grid
from solver.tasks import Pair, Task

# name -> (forward, inverse), each a function on 2-D arrays
_DIHEDRAL = {
    "identity": (lambda g: g, lambda g: g),
    "rot90": (lambda g: np.rot90(g, 1), lambda g: np.rot90(g, -1)),
    "rot180": (lambda g: np.rot90(g, 2), lambda g: np.rot90(g, 2)),
    "rot270": (lambda g: np.rot90(g, -1), lambda g: np.rot90(g, 1)),
    "flip_lr": (np.fliplr, np.fliplr),
    "flip_ud": (np.flipud, np.flipud),
    "transpose": (lambda g: g.T, lambda g: g.T),
    "anti_transpose": (lambda g: np.rot90(g, 2).T, lambda g: np.rot90(g.T, 2)),
}
DIHEDRAL_NAMES: tuple[str, ...] = tuple(_DIHEDRAL)


@dataclass(frozen=True)
class Transform:
    """A composition: dihedral symmetry, then color permutation; plus an optional demo order.

    `colors[c]` is the new color of color c. `demo_order[i]` is the index of the original demo placed at i.
    """

    dihedral: str = "identity"
    colors: tuple[int, ...] = tuple(range(10))
    demo_order: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.dihedral not in _DIHEDRAL:
            raise ValueError(f"unknown dihedral transform {self.dihedral!r}")
        if sorted(self.colors) != list(range(10)):
            raise ValueError(f"colors must be a permutation of 0..9, got {self.colors}")

    @property
    def name(self) -> str:
        parts = [self.dihedral]
        if self.colors != tuple(range(10)):
            parts.append("c" + "".join(map(str, self.colors)))
        if self.demo_order is not None:
            parts.append("o" + ".".join(map(str, self.demo_order)))
        return "+".join(parts)

    def grid(self, g: Grid) -> Grid:
        fwd, _ = _DIHEDRAL[self.dihedral]
        out = np.ascontiguousarray(fwd(np.asarray(g)))
        return np.asarray(self.colors, dtype=np.uint8)[out]

    def inverse_grid(self, g: Grid) -> Grid:
        _, inv = _DIHEDRAL[self.dihedral]
        inverse_colors = np.empty(10, dtype=np.uint8)
        inverse_colors[list(self.colors)] = np.arange(10, dtype=np.uint8)
        return np.ascontiguousarray(inv(inverse_colors[np.asarray(g)]))

    def task(self, task: Task) -> Task:
        pairs = [Pair(self.grid(p.input), self.grid(p.output)) for p in task.train]
        if self.demo_order is not None:
            if sorted(self.demo_order) != list(range(len(pairs))):
                raise ValueError(f"demo order {self.demo_order} does not fit {len(pairs)} demos")
            pairs = [pairs[i] for i in self.demo_order]
        return Task(task.id, tuple(pairs), tuple(self.grid(g) for g in task.test_inputs))

    def inverse_task(self, task: Task) -> Task:
        pairs = list(task.train)
        if self.demo_order is not None:
            restored: list[Pair | None] = [None] * len(pairs)
            for pos, original in enumerate(self.demo_order):
                restored[original] = pairs[pos]
            pairs = [p for p in restored if p is not None]
        pairs = [Pair(self.inverse_grid(p.input), self.inverse_grid(p.output)) for p in pairs]
        return Task(task.id, tuple(pairs), tuple(self.inverse_grid(g) for g in task.test_inputs))


IDENTITY = Transform()


def random_color_permutation(rng: random.Random, keep_zero: bool = True) -> tuple[int, ...]:
    """A random permutation of 0..9; color 0 (background) stays 0 unless keep_zero is False."""
    movable = list(range(1, 10)) if keep_zero else list(range(10))
    shuffled = movable[:]
    rng.shuffle(shuffled)
    mapping = list(range(10))
    for a, b in zip(movable, shuffled):
        mapping[a] = b
    return tuple(mapping)


def random_transforms(rng: random.Random, n: int, n_demos: int, dihedrals: Sequence[str] = DIHEDRAL_NAMES,
                      permute_colors: bool = True, keep_zero: bool = True, shuffle_demos: bool = True,
                      include_identity: bool = True) -> list[Transform]:
    """`n` distinct transforms, drawn from `rng` (identity first when include_identity)."""
    out: list[Transform] = [IDENTITY] if include_identity and n > 0 else []
    seen = {t.name for t in out}
    attempts = 0
    while len(out) < n and attempts < 50 * n:
        attempts += 1
        colors = random_color_permutation(rng, keep_zero) if permute_colors else tuple(range(10))
        order = None
        if shuffle_demos and n_demos > 1:
            perm = list(range(n_demos))
            rng.shuffle(perm)
            order = tuple(perm)
        t = Transform(rng.choice(list(dihedrals)), colors, order)
        if t.name not in seen:
            seen.add(t.name)
            out.append(t)
    return out


# ----------------------------------------------------------------------------------------------- augmenters


def _halve(axis: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda g: g[: g.shape[0] // 2] if axis == 0 else g[:, : g.shape[1] // 2]


def _second_half(axis: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda g: g[g.shape[0] // 2:] if axis == 0 else g[:, g.shape[1] // 2:]


# primitive step -> (forward, inverse); forward of "translate" is applied with an rng (see _translate)
_STEPS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray] | None]] = {
    **{name: _DIHEDRAL[name] for name in ("rot90", "rot180", "rot270", "flip_ud", "flip_lr", "transpose")},
    # Reflect(axis, reverse): the grid and its mirror image concatenated; reverse puts the mirror image first
    "reflect_ud_mirror_first": (lambda g: np.concatenate([np.flipud(g), g], 0), _second_half(0)),
    "reflect_lr_mirror_first": (lambda g: np.concatenate([np.fliplr(g), g], 1), _second_half(1)),
    "reflect_ud": (lambda g: np.concatenate([g, np.flipud(g)], 0), _halve(0)),
    "reflect_lr": (lambda g: np.concatenate([g, np.fliplr(g)], 1), _halve(1)),
    "upscale2": (lambda g: np.repeat(np.repeat(g, 2, 0), 2, 1), lambda g: g[::2, ::2]),
    "taller2": (lambda g: np.repeat(g, 2, 0), lambda g: g[::2]),
    "wider2": (lambda g: np.repeat(g, 2, 1), lambda g: g[:, ::2]),
    "tile_ud2": (lambda g: np.concatenate([g, g], 0), _halve(0)),
    "tile_lr2": (lambda g: np.concatenate([g, g], 1), _halve(1)),
    "tile2": (lambda g: np.tile(g, (2, 2)), lambda g: g[: g.shape[0] // 2, : g.shape[1] // 2]),
    "translate": (lambda g: g, None),
}


def _translate(g: np.ndarray, rng: random.Random) -> np.ndarray:
    """The paper's RandomTranslateXY: a cyclic shift by 0..3 rows and 0..3 columns (less for small grids)."""
    dy = rng.randrange(min(4, g.shape[0]))
    dx = rng.randrange(min(4, g.shape[1]))
    return np.roll(g, (dy, dx), axis=(0, 1))


@dataclass(frozen=True)
class Augmenter:
    """A grid map applied to every grid of a task: primitive `steps` in order; `name` as the paper prints it."""

    name: str
    steps: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [s for s in self.steps if s not in _STEPS]
        if unknown:
            raise ValueError(f"unknown augmenter step(s) {unknown}")

    @property
    def invertible(self) -> bool:
        return all(_STEPS[s][1] is not None for s in self.steps)

    def apply(self, g: Grid, rng: random.Random | None = None) -> Grid:
        """The augmented grid; `rng` is needed (and drawn from) only by the random translation."""
        out = np.asarray(g)
        for step in self.steps:
            if step == "translate":
                if rng is None:
                    raise ValueError(f"{self.name} draws a random shift: pass an rng")
                out = _translate(out, rng)
            else:
                out = _STEPS[step][0](out)
        return np.ascontiguousarray(out, dtype=np.uint8)

    def invert(self, g: Grid) -> Grid:
        """The grid this augmenter maps to `g` (ValueError for the random translation)."""
        if not self.invertible:
            raise ValueError(f"{self.name} is not inverted (its shift is random per grid)")
        out = np.asarray(g)
        for step in reversed(self.steps):
            inverse = _STEPS[step][1]
            assert inverse is not None
            out = inverse(out)
        return np.ascontiguousarray(out, dtype=np.uint8)


def _paper_augmenters() -> tuple[Augmenter, ...]:
    basic = [("Rotate(90)", ("rot90",)), ("Rotate(270)", ("rot270",)), ("Rotate(180)", ("rot180",)),
             ("Flip(0)", ("flip_ud",)), ("Flip(1)", ("flip_lr",)),
             ("Reflect(0, reverse=True)", ("reflect_ud_mirror_first",)),
             ("Reflect(1, reverse=True)", ("reflect_lr_mirror_first",)),
             ("Reflect(0, reverse=False)", ("reflect_ud",)), ("Reflect(1, reverse=False)", ("reflect_lr",)),
             ("RandomTranslateXY()", ("translate",)), ("Transpose()", ("transpose",))]
    size = [("IncreaseResolution(2)", ("upscale2",)), ("IncreaseHeight(2)", ("taller2",)),
            ("IncreaseWidth(2)", ("wider2",))]
    chain = [(f"Chain([{name}, IncreaseResolution(2)])", (step, "upscale2")) for name, step in
             (("Rotate(90)", "rot90"), ("Rotate(270)", "rot270"), ("Rotate(180)", "rot180"),
              ("Flip(0)", "flip_ud"), ("Flip(1)", "flip_lr"), ("Transpose()", "transpose"))]
    repeat = [("Repeat(0, 2)", ("tile_ud2",)), ("Repeat(1, 2)", ("tile_lr2",)), ("Repeat(2, 2)", ("tile2",))]
    return tuple(Augmenter(name, steps) for name, steps in basic + size + chain + repeat)


PAPER_AUGMENTERS: tuple[Augmenter, ...] = _paper_augmenters()
"""The 23 TTT augmenters of the paper, in the order of its `get_augmenters()` (basic, size, chain, repeat)."""


def spread_color_permutation(grids: Sequence[Grid], rng: random.Random) -> tuple[int, ...]:
    """A permutation of 0..9 keeping 0 that sends the colors used in `grids` to unused colors first (the
    paper's PermuteColors: each used color goes to a random color not in the task while there is one left,
    the rest are permuted among the colors that are left). `colors[c]` is the new color of c."""
    used = sorted({int(v) for g in grids for v in np.unique(np.asarray(g))} - {0})
    unused = [c for c in range(1, 10) if c not in used]
    rng.shuffle(unused)
    sources = used[:]
    rng.shuffle(sources)
    leftover = [c for c in range(1, 10) if c not in unused[:len(sources)]]
    rng.shuffle(leftover)
    targets = unused[:len(sources)] + leftover
    mapping = list(range(10))
    rest = [c for c in range(1, 10) if c not in sources]
    for src, dst in zip(sources + rest, targets):
        mapping[src] = dst
    return tuple(mapping)
