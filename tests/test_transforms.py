"""Transforms: exact inverses (property tests), consistency on tasks, composition naming."""
from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from solver.tasks import Pair, Task
from solver.transforms import DIHEDRAL_NAMES, IDENTITY, Transform, random_color_permutation, random_transforms

grids = st.tuples(st.integers(1, 30), st.integers(1, 30)).flatmap(
    lambda shape: arrays(np.uint8, shape, elements=st.integers(0, 9)))
transforms = st.builds(
    lambda d, seed, keep: Transform(d, random_color_permutation(random.Random(seed), keep)),
    st.sampled_from(DIHEDRAL_NAMES), st.integers(0, 10**6), st.booleans())


@settings(max_examples=300, deadline=None)
@given(grids, transforms)
def test_inverse_undoes_transform(g, t):
    out = t.grid(g)
    assert out.dtype == np.uint8
    assert np.array_equal(t.inverse_grid(out), g)


@given(grids)
def test_dihedral_group_is_eight_distinct_maps_on_generic_grid(g):
    keys = {Transform(d).grid(g).tobytes() + bytes(Transform(d).grid(g).shape) for d in DIHEDRAL_NAMES}
    assert len(keys) <= 8


def test_dihedral_transforms_are_distinct():
    g = np.arange(6, dtype=np.uint8).reshape(2, 3)
    outs = {(Transform(d).grid(g).shape, Transform(d).grid(g).tobytes()) for d in DIHEDRAL_NAMES}
    assert len(outs) == 8


def test_known_values():
    g = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    assert Transform("rot90").grid(g).tolist() == [[2, 4], [1, 3]]
    assert Transform("flip_lr").grid(g).tolist() == [[2, 1], [4, 3]]
    assert Transform("transpose").grid(g).tolist() == [[1, 3], [2, 4]]
    assert Transform("anti_transpose").grid(g).tolist() == [[4, 2], [3, 1]]


def test_color_permutation_keeps_zero_by_default():
    rng = random.Random(3)
    for _ in range(50):
        assert random_color_permutation(rng)[0] == 0
    assert any(random_color_permutation(rng, keep_zero=False)[0] != 0 for _ in range(50))


def _task() -> Task:
    rng = np.random.default_rng(0)
    pairs = tuple(Pair(rng.integers(0, 10, (3, 4), dtype=np.uint8), rng.integers(0, 10, (2, 5), dtype=np.uint8))
                  for _ in range(3))
    return Task("t", pairs, (rng.integers(0, 10, (4, 4), dtype=np.uint8),))


def test_task_transform_is_consistent_and_invertible():
    task = _task()
    t = Transform("rot270", random_color_permutation(random.Random(1)), (2, 0, 1))
    out = t.task(task)
    assert np.array_equal(out.train[0].input, t.grid(task.train[2].input))
    assert np.array_equal(out.test_inputs[0], t.grid(task.test_inputs[0]))
    back = t.inverse_task(out)
    for a, b in zip(back.train, task.train):
        assert np.array_equal(a.input, b.input) and np.array_equal(a.output, b.output)
    with pytest.raises(ValueError):
        Transform(demo_order=(0, 1)).task(task)


def test_random_transforms_are_distinct_seeded_and_start_with_identity():
    a = random_transforms(random.Random(5), 8, 3)
    b = random_transforms(random.Random(5), 8, 3)
    assert [t.name for t in a] == [t.name for t in b]
    assert a[0] == IDENTITY and len({t.name for t in a}) == 8


def test_invalid_transform_rejected():
    with pytest.raises(ValueError):
        Transform("rot45")
    with pytest.raises(ValueError):
        Transform(colors=(0,) * 10)


# ---------------------------------------------------------------------------- the paper's augmenters

from solver.transforms import PAPER_AUGMENTERS, Augmenter, spread_color_permutation  # noqa: E402

PAPER_NAMES = [
    "Rotate(90)", "Rotate(270)", "Rotate(180)", "Flip(0)", "Flip(1)", "Reflect(0, reverse=True)",
    "Reflect(1, reverse=True)", "Reflect(0, reverse=False)", "Reflect(1, reverse=False)", "RandomTranslateXY()",
    "Transpose()", "IncreaseResolution(2)", "IncreaseHeight(2)", "IncreaseWidth(2)",
    "Chain([Rotate(90), IncreaseResolution(2)])", "Chain([Rotate(270), IncreaseResolution(2)])",
    "Chain([Rotate(180), IncreaseResolution(2)])", "Chain([Flip(0), IncreaseResolution(2)])",
    "Chain([Flip(1), IncreaseResolution(2)])", "Chain([Transpose(), IncreaseResolution(2)])",
    "Repeat(0, 2)", "Repeat(1, 2)", "Repeat(2, 2)"]


def test_paper_augmenters_are_the_23_in_order():
    assert [a.name for a in PAPER_AUGMENTERS] == PAPER_NAMES
    assert [a.name for a in PAPER_AUGMENTERS if not a.invertible] == ["RandomTranslateXY()"]


@settings(max_examples=200, deadline=None)
@given(grids, st.sampled_from([a for a in PAPER_AUGMENTERS if a.invertible]))
def test_paper_augmenter_inverse(g, aug):
    out = aug.apply(g)
    assert out.dtype == np.uint8
    assert np.array_equal(aug.invert(out), g)


def test_paper_augmenters_on_a_known_grid():
    g = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8)
    by_name = {a.name: a for a in PAPER_AUGMENTERS}
    assert by_name["Rotate(90)"].apply(g).tolist() == [[3, 6], [2, 5], [1, 4]]  # numpy rot90: counter-clockwise
    assert by_name["Flip(0)"].apply(g).tolist() == [[4, 5, 6], [1, 2, 3]]
    assert by_name["Reflect(0, reverse=True)"].apply(g).tolist() == [[4, 5, 6], [1, 2, 3], [1, 2, 3], [4, 5, 6]]
    assert by_name["Reflect(1, reverse=False)"].apply(g).tolist() == [[1, 2, 3, 3, 2, 1], [4, 5, 6, 6, 5, 4]]
    assert by_name["IncreaseHeight(2)"].apply(g).tolist() == [[1, 2, 3], [1, 2, 3], [4, 5, 6], [4, 5, 6]]
    assert by_name["Chain([Transpose(), IncreaseResolution(2)])"].apply(g).shape == (6, 4)
    assert by_name["Repeat(2, 2)"].apply(g).tolist() == [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]] * 2


def test_translation_is_random_per_grid_and_not_inverted():
    aug = next(a for a in PAPER_AUGMENTERS if a.name == "RandomTranslateXY()")
    g = np.arange(30, dtype=np.uint8).reshape(5, 6) % 10
    rng = random.Random(0)
    outs = [aug.apply(g, rng) for _ in range(20)]
    shifts = set()
    for out in outs:  # every output is a cyclic shift of g by 0..3 rows and 0..3 columns
        found = [(dy, dx) for dy in range(4) for dx in range(4) if np.array_equal(np.roll(g, (dy, dx), (0, 1)), out)]
        assert found
        shifts.add(found[0])
    assert len(shifts) > 1
    assert np.array_equal(aug.apply(np.array([[7]], dtype=np.uint8), rng), [[7]])  # 1x1: no shift possible
    with pytest.raises(ValueError, match="rng"):
        aug.apply(g)
    with pytest.raises(ValueError, match="not inverted"):
        aug.invert(g)
    with pytest.raises(ValueError, match="unknown augmenter step"):
        Augmenter("x", ("nope",))


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(1, 9)), st.integers(0, 10**6))
def test_spread_color_permutation_prefers_unused_colors(used, seed):
    grid = np.array([[0] + sorted(used)], dtype=np.uint8)
    perm = spread_color_permutation([grid], random.Random(seed))
    assert sorted(perm) == list(range(10)) and perm[0] == 0
    moved_to_unused = sum(perm[c] not in used for c in used)
    assert moved_to_unused == min(len(used), 9 - len(used))
    assert spread_color_permutation([grid], random.Random(seed)) == perm
