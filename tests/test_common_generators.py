"""Tests of synth.common generator-side helpers (sprites, placement, scattering, spaced indices) and the
debugging helpers."""
import random

import numpy as np
import pytest

from synth.common import (
    Color, generate_sprite, is_contiguous, random_free_location_for_object, random_free_location_for_sprite,
    random_sprite, randomly_scatter_points, randomly_spaced_indices, show_colored_grid, visualize,
)

SYMMETRY_CHECKS = {
    "horizontal": lambda s: np.array_equal(s, s[::-1, :]),
    "vertical": lambda s: np.array_equal(s, s[:, ::-1]),
    "mirror": lambda s: np.array_equal(s, s[::-1, :]) and np.array_equal(s, s[:, ::-1]),
    "radial": lambda s: np.array_equal(s, np.rot90(s)),
    "diagonal": lambda s: np.array_equal(s, s.T) or np.array_equal(s, s[::-1, ::-1].T),
    "not_symmetric": lambda s: True,
}


def touches_all_edges(sprite, background=0):
    solid = sprite != background
    return solid[0, :].any() and solid[-1, :].any() and solid[:, 0].any() and solid[:, -1].any()


def draw_sprite(**kwargs):
    """random_sprite, retrying the rare AssertionError (non-contiguous result) that generators tolerate."""
    for _ in range(20):
        try:
            return random_sprite(**kwargs)
        except AssertionError:
            continue
    raise AssertionError("random_sprite kept failing")


@pytest.mark.parametrize("symmetry", sorted(SYMMETRY_CHECKS))
def test_random_sprite_guarantees(symmetry):
    random.seed(11)
    for _ in range(25):
        sprite = draw_sprite(n=[3, 4, 5, 6], m=range(3, 7), symmetry=symmetry)
        assert sprite.shape[0] in (3, 4, 5, 6) and sprite.shape[1] in range(3, 7)
        assert np.issubdtype(sprite.dtype, np.integer)
        assert is_contiguous(sprite)
        assert touches_all_edges(sprite)
        assert SYMMETRY_CHECKS[symmetry](sprite)
        if symmetry in ("radial", "diagonal"):
            assert sprite.shape[0] == sprite.shape[1]


def test_random_sprite_palette_connectivity_background_and_sizes():
    random.seed(3)
    for _ in range(20):
        sprite = draw_sprite(n=4, m=5, color_palette=[Color.RED, Color.TEAL])
        assert sprite.shape == (4, 5) and set(np.unique(sprite)) <= {0, 2, 8}
    for _ in range(10):
        sprite = draw_sprite(n=5, m=5, connectivity=8, symmetry="not_symmetric")
        assert is_contiguous(sprite, connectivity=8) and touches_all_edges(sprite)
    for _ in range(10):
        sprite = draw_sprite(n=4, m=4, background=Color.BLUE, color_palette=[Color.GREEN])
        assert set(np.unique(sprite)) <= {1, 3} and touches_all_edges(sprite, background=1)
        assert is_contiguous(sprite, background=Color.BLUE)
    line = random_sprite(1, 4, symmetry="not_symmetric")  # a side of 1 forces density 1
    assert line.shape == (1, 4) and (line != 0).all()


def test_random_sprite_is_reproducible_and_square_requirement():
    random.seed(123)
    first = [draw_sprite(n=range(2, 6), m=range(2, 6)) for _ in range(5)]
    random.seed(123)
    second = [draw_sprite(n=range(2, 6), m=range(2, 6)) for _ in range(5)]
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    with pytest.raises(IndexError):
        random_sprite([2, 3], [4, 5], symmetry="radial")


def test_generate_sprite_errors_and_auto_palette():
    random.seed(0)
    with pytest.raises(ValueError):
        generate_sprite(3, 3, "spiral")
    with pytest.raises(AssertionError):
        generate_sprite(3, 4, "radial")
    with pytest.raises(ValueError):
        generate_sprite(3, 3, "not_symmetric", connectivity=6)
    sprite = generate_sprite(5, 5, "not_symmetric", fill_percentage=0.6, max_colors=1, background=Color.GREY)
    assert sprite.shape == (5, 5) and (sprite != Color.GREY).sum() >= 15
    assert len(set(np.unique(sprite)) - {Color.GREY}) == 1  # max_colors=1: a single colour, never the background
    sprite = generate_sprite(4, 6, "mirror", color_palate=[4])
    assert np.array_equal(sprite, sprite[::-1, :]) and np.array_equal(sprite, sprite[:, ::-1])
    assert is_contiguous(sprite)


def test_random_free_location_is_free_and_in_bounds():
    random.seed(5)
    grid = np.zeros((8, 8), dtype=int)
    grid[3:5, 3:5] = 2
    sprite = np.array([[1, 1], [1, 0]])
    for _ in range(30):
        x, y = random_free_location_for_sprite(grid, sprite, border_size=1)
        assert type(x) is int and type(y) is int
        assert 1 <= x <= 8 - 1 - 2 and 1 <= y <= 8 - 1 - 2
        assert not ((grid[x:x + 2, y:y + 2] != 0) & (sprite != 0)).any()


def test_random_free_location_padding_and_unique_spot():
    random.seed(6)
    grid = np.zeros((5, 5), dtype=int)
    grid[2, 2] = 1
    dot = np.array([[3]])
    for _ in range(20):
        x, y = random_free_location_for_sprite(grid, dot, padding=1)
        assert max(abs(x - 2), abs(y - 2)) >= 2
        x, y = random_free_location_for_sprite(grid, dot, padding=1, padding_connectivity=4)
        assert abs(x - 2) + abs(y - 2) >= 2
    full = np.ones((3, 3), dtype=int)
    full[0, 2] = 0
    assert random_free_location_for_sprite(full, dot) == (0, 2)
    assert random_free_location_for_object(full, dot) == (0, 2)
    # the sprite's own background pixels may sit on occupied cells
    assert random_free_location_for_sprite(full, np.array([[0, 0, 5]])) == (0, 0)


def test_random_free_location_errors():
    grid = np.ones((3, 3), dtype=int)
    with pytest.raises(ValueError, match="No free location for sprite found."):
        random_free_location_for_sprite(grid, np.array([[1]]))
    with pytest.raises(ValueError, match="No free location for sprite found."):
        random_free_location_for_sprite(np.zeros((2, 2), dtype=int), np.ones((3, 1), dtype=int))
    with pytest.raises(ValueError):
        random_free_location_for_sprite(np.zeros((3, 3), dtype=int), np.array([[1]]), padding=1,
                                        padding_connectivity=6)
    # invalid padding_connectivity is only checked when padding > 0
    assert random_free_location_for_sprite(np.zeros((1, 1), dtype=int), np.array([[1]]),
                                           padding_connectivity=6) == (0, 0)


def test_randomly_scatter_points():
    np.random.seed(0)
    grid = np.zeros((4, 5), dtype=int)
    grid[0, 0] = 7
    out = randomly_scatter_points(grid, Color.RED, density=0.3)
    assert out is grid
    assert (grid == Color.RED).sum() == 6  # ceil(0.3 * 20)
    assert grid[0, 0] == 7
    np.random.seed(0)
    again = np.zeros((4, 5), dtype=int)
    again[0, 0] = 7
    randomly_scatter_points(again, Color.RED, density=0.3)
    assert np.array_equal(again, grid)
    filled = randomly_scatter_points(np.full((2, 2), 3), 1, density=0.5, background=3)
    assert (filled == 1).sum() == 2


def test_randomly_spaced_indices():
    random.seed(2)
    for _ in range(40):
        indices = randomly_spaced_indices(20, 3, border_size=2, padding=2)
        assert isinstance(indices, np.ndarray) and np.issubdtype(indices.dtype, np.integer)
        assert list(indices) == sorted(set(indices.tolist())) and len(indices) == 3
        assert np.all(np.diff(indices) >= 3)
        assert indices.min() >= 2 and indices.max() <= 17
    seen = set()
    for _ in range(200):
        seen |= set(randomly_spaced_indices(6, 1, border_size=0, padding=1).tolist())
    assert seen == set(range(6))
    seen = set()
    for _ in range(200):
        seen |= set(randomly_spaced_indices(6, 1, border_size=1).tolist())
    assert seen == {1, 2, 3}  # border_size .. max_len - 3
    assert randomly_spaced_indices(10, 0).size == 0
    with pytest.raises(IndexError):
        randomly_spaced_indices(5, 3, border_size=0, padding=2)


def test_show_colored_grid_text(capsys):
    grid = np.array([[1], [2]])  # one row: x=0 is blue, x=1 is red
    show_colored_grid(grid)
    assert capsys.readouterr().out == "\x1b[38;5;4m1\x1b[0m\x1b[38;5;1m2\x1b[0m\n"
    show_colored_grid(np.array([[0, 9]]))  # one column, two rows
    assert capsys.readouterr().out == "\x1b[38;5;0m0\x1b[0m\n\x1b[38;5;196m9\x1b[0m\n"
    show_colored_grid(np.array([[7, 8], [5, 6]]), text=False)
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "48;2;255;133;27" in out  # orange #FF851B


def test_visualize(capsys):
    calls = []

    def generator():
        calls.append(1)
        return np.zeros((2, 2), dtype=int)

    def transform(grid):
        grid[0, 0] = 5  # works on a copy
        return grid

    visualize(generator, transform, n_examples=2)
    out = capsys.readouterr().out
    assert len(calls) == 2 and "Example 0" in out and "Example 1" in out and "Example 2" not in out
    assert out.count("Input:") == 2 and "failures" not in out

    def broken(grid):
        raise RuntimeError("boom")

    visualize(generator, broken, n_examples=1, n_attempts=3)
    out = capsys.readouterr().out
    assert "3/3 failures (1.0). For example:" in out and "RuntimeError: boom" in out and "Traceback" in out
