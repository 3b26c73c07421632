"""Tests of synth.common symmetry objects, orbit, the three detectors and the sprite symmetrisers."""
import numpy as np
import pytest

from synth import common
from synth.common import (
    MirrorSymmetry, Symmetry, TranslationalSymmetry, apply_diagonal_symmetry, apply_symmetry,
    detect_mirror_symmetry, detect_rotational_symmetry, detect_translational_symmetry, orbit,
)


def G(rows):
    return np.array(rows, dtype=int).T


def mirrors(syms):
    return [(s.mirror_x, s.mirror_y) for s in syms]


# ---------------------------------------------------------------------------------------------------------------
# symmetry objects
# ---------------------------------------------------------------------------------------------------------------

def test_symmetry_base_and_class_relations():
    assert Symmetry().apply(1, 2) is None
    assert isinstance(TranslationalSymmetry(1, 0), Symmetry)
    assert not isinstance(MirrorSymmetry(1, None), Symmetry)
    assert isinstance(common._RotationalSymmetry(0, 0), Symmetry)


def test_translational_apply_repr_and_range():
    sym = TranslationalSymmetry(translate_x=2, translate_y=-1)
    assert sym.translate_x == 2 and sym.translate_y == -1
    assert sym.apply(1, 5) == (3, 4)
    assert sym.apply(1, 5, iters=3) == (7, 2)
    assert sym.apply(1, 5, iters=-2) == (-3, 7)
    xs, ys = sym.apply(np.array([0, 1]), np.array([0, 0]))
    assert xs.tolist() == [2, 3] and ys.tolist() == [-1, -1] and np.issubdtype(xs.dtype, np.integer)
    fx, fy = TranslationalSymmetry(0.5, 0).apply(1, 1)
    assert (fx, fy) == (2, 1) and type(fx) is int  # float results are rounded to int
    assert repr(sym) == str(sym) == "TranslationalSymmetry(translate_x=2, translate_y=-1)"
    assert TranslationalSymmetry(2, 0)._iter_range((6, 4)) == (-3, 4)
    assert TranslationalSymmetry(4, 3)._iter_range((6, 4)) == (-2, 3)
    assert TranslationalSymmetry(0, 0)._iter_range((6, 4)) == (0, 1)


def test_mirror_apply_repr_and_range():
    assert MirrorSymmetry(mirror_x=2, mirror_y=None).apply(0, 3) == (4, 3)
    point = MirrorSymmetry(1.5, None).apply(0, 0)
    assert point == (3, 0) and type(point[0]) is int
    assert MirrorSymmetry(None, 0.5).apply(2, 0) == (2, 1)
    assert MirrorSymmetry(1, 1).apply(0, 0) == (2, 2)
    assert MirrorSymmetry(1, 1).apply(0.7, 0.2, iters=2) == (0.7, 0.2)  # even iters: unchanged, no cast
    assert MirrorSymmetry(1, 1).apply(0, 0, iters=-1) == (2, 2)
    xs, ys = MirrorSymmetry(2.5, None).apply(np.array([0, 5]), np.array([1, 2]))
    assert xs.tolist() == [5, 0] and ys.tolist() == [1, 2]
    sym = MirrorSymmetry(mirror_x=1.5, mirror_y=None)
    assert repr(sym) == str(sym) == "MirrorSymmetry(mirror_x=1.5, mirror_y=None)"
    assert sym._iter_range((5, 5)) == (0, 2)


def test_rotational_apply_quirks():
    sym = common._RotationalSymmetry(2, 2)
    assert sym.apply(3, 2) == (2, 1)  # right goes to up: a counter-clockwise quarter turn on screen
    assert sym.apply(3, 2, iters=2) == (1, 2)
    assert sym.apply(3, 2, iters=4) == (3, 2)
    assert sym.apply(3, 2, iters=0) == (3, 2)
    assert sym.apply(3, 2, iters=-1) == (3, 2)  # negative iters: no rotation
    half = common._RotationalSymmetry(1.5, 1.5)
    point = half.apply(0, 0)
    assert point == (0, 3) and all(type(v) is int for v in point)
    xs, ys = half.apply(np.array([0, 3]), np.array([0, 3]))
    assert xs.tolist() == [0, 3] and ys.tolist() == [3, 0]
    assert sym._iter_range((9, 9)) == (0, 4)


# ---------------------------------------------------------------------------------------------------------------
# orbit
# ---------------------------------------------------------------------------------------------------------------

def test_orbit_translation_and_mirror():
    grid = np.zeros((6, 3), dtype=int)
    assert sorted(orbit(grid, 1, 0, [TranslationalSymmetry(2, 0)])) == [(1, 0), (3, 0), (5, 0)]
    both = orbit(grid, 0, 0, [MirrorSymmetry(2.5, None), MirrorSymmetry(None, 1)])
    assert isinstance(both, list) and sorted(both) == [(0, 0), (0, 2), (5, 0), (5, 2)]
    assert orbit(grid, 4, 1, []) == [(4, 1)]


def test_orbit_drops_combinations_leaving_the_canvas_midway():
    grid = np.zeros((4, 1), dtype=int)
    # T^1 takes x=0 to 4 (off-canvas); the mirror would bring it back to 3, but the combination is dropped.
    assert orbit(grid, 0, 0, [TranslationalSymmetry(4, 0), MirrorSymmetry(3.5, None)]) == [(0, 0)]


def test_orbit_rotation():
    grid = np.zeros((5, 5), dtype=int)
    points = orbit(grid, 3, 2, [common._RotationalSymmetry(2, 2)])
    assert sorted(points) == [(1, 2), (2, 1), (2, 3), (3, 2)]


# ---------------------------------------------------------------------------------------------------------------
# detectors
# ---------------------------------------------------------------------------------------------------------------

def test_translational_prefers_negative_on_ties():
    grid = G([[1, 2, 1, 2, 1, 2],
              [1, 2, 1, 2, 1, 2]])
    syms = detect_translational_symmetry(grid)
    assert [(s.translate_x, s.translate_y) for s in syms] == [(-2, 0), (0, -1)]


def test_translational_diagonal_fallback():
    grid = np.array([[(x - y) % 4 + 1 for y in range(4)] for x in range(4)])
    syms = detect_translational_symmetry(grid)
    assert [(s.translate_x, s.translate_y) for s in syms] == [(1, 1)]


def test_translational_none_and_background_handling():
    single = np.zeros((4, 4), dtype=int)
    single[1, 1] = 3
    assert detect_translational_symmetry(single) == []
    row = G([[1, 1, 0, 0]])
    assert [(s.translate_x, s.translate_y) for s in detect_translational_symmetry(row)] == [(1, 0)]
    # black no longer ignored: landing on background is a conflict
    strict = detect_translational_symmetry(row, ignore_colors=[], background=0)
    assert [(s.translate_x, s.translate_y) for s in strict] == [(-1, 0)]


def test_mirror_detector_symmetric_figure_gives_three():
    grid = np.zeros((5, 5), dtype=int)
    grid[1, 1] = grid[3, 1] = grid[1, 3] = grid[3, 3] = 2
    grid[2, 2] = 3
    assert mirrors(detect_mirror_symmetry(grid)) == [(2, None), (None, 2), (2, 2)]


def test_mirror_detector_ties_and_conflicts():
    grid = np.zeros((5, 5), dtype=int)
    grid[1, 1] = grid[3, 1] = grid[1, 3] = 2
    grid[3, 3] = 4
    grid[2, 2] = 3
    assert mirrors(detect_mirror_symmetry(grid)) == [(1, None), (3, None), (None, 1), (None, 3), (1, 2), (2, 1)]
    assert detect_mirror_symmetry(np.zeros((3, 3), dtype=int)) == []


def test_mirror_detector_half_offsets_and_ignore_colours():
    grid = G([[1, 2, 2, 1],
              [3, 4, 4, 3]])
    assert mirrors(detect_mirror_symmetry(grid)) == [(1.5, None)]
    occluded = grid.copy()
    occluded[0, 0] = 8
    assert mirrors(detect_mirror_symmetry(occluded, ignore_colors=[8])) == [(1.5, None)]
    # without ignoring 8, the teal pixel conflicts with its mirror image
    assert (1.5, None) not in mirrors(detect_mirror_symmetry(occluded, ignore_colors=[0]))


def test_rotational_detector():
    grid = np.zeros((5, 5), dtype=int)
    grid[1, 1] = grid[3, 1] = grid[1, 3] = grid[3, 3] = 2
    grid[2, 2] = 3
    sym = detect_rotational_symmetry(grid)
    assert (sym.center_x, sym.center_y) == (2, 2) and type(sym.center_x) is int
    pinwheel = np.zeros((4, 4), dtype=int)
    for p in [(0, 0), (1, 0), (0, 2), (0, 3), (2, 3), (3, 3), (3, 0), (3, 1)]:
        pinwheel[p] = 1
    sym = detect_rotational_symmetry(pinwheel)
    assert (sym.center_x, sym.center_y) == (1.5, 1.5)
    for x, y in np.argwhere(pinwheel):
        assert pinwheel[sym.apply(x, y)] == 1
    assert detect_rotational_symmetry(np.zeros((3, 3), dtype=int)) is None


# ---------------------------------------------------------------------------------------------------------------
# sprite symmetrisers
# ---------------------------------------------------------------------------------------------------------------

def test_apply_symmetry_horizontal_and_vertical():
    sprite = G([[1, 0, 0],
                [0, 0, 2]])
    out = apply_symmetry(sprite, "horizontal")
    assert out is sprite and np.array_equal(sprite, G([[1, 0, 1], [2, 0, 2]]))
    sprite = G([[1, 0, 0],
                [0, 0, 2]])
    apply_symmetry(sprite, "vertical")
    assert np.array_equal(sprite, G([[1, 0, 2], [1, 0, 2]]))
    with pytest.raises(ValueError):
        apply_symmetry(sprite, "diagonal")


def test_apply_diagonal_symmetry():
    sprite = np.zeros((3, 3), dtype=int)
    sprite[0, 1] = 3
    sprite[1, 0] = 4
    sprite[2, 0] = 5
    out = apply_diagonal_symmetry(sprite)
    assert out is sprite
    assert sprite[0, 1] == sprite[1, 0] == 3  # [x, y] with x < y wins
    assert sprite[0, 2] == sprite[2, 0] == 5
    assert np.array_equal(sprite, sprite.T)
    with pytest.raises(ValueError):
        apply_diagonal_symmetry(np.zeros((2, 3), dtype=int))
