"""Invertible grid and task transforms shared by both branches.

The 8 dihedral symmetries, color permutations (0 fixed by default), demo-order permutations and their
composition. Each transform maps a grid to a grid and has an exact inverse; applying one to a Task
transforms demos and test inputs consistently.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

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
