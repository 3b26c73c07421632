"""Tests of synth.common (BARC helper library): colours, namespace, objects, drawing and contact helpers.

Grids are written as lists of ARC rows and converted with `G`, so that `G(rows)[x, y] == rows[y][x]`.
"""
import ast
import random as stdlib_random
from pathlib import Path

import numpy as np
import pytest

from synth import common
from synth.common import (
    Color, blit, blit_object, blit_sprite, bounding_box, bounding_box_mask, check_between_objects, collision,
    contact, crop, detect_objects, draw_line, find_connected_components, flood_fill, is_contiguous,
    object_boundary, object_colors, object_interior, object_neighbors, object_position, scale_pattern,
    scale_sprite, translate,
)


def G(rows):
    """ARC rows -> [x, y] grid."""
    return np.array(rows, dtype=int).T


def cells(mask):
    """Set of (x, y) where mask is true."""
    return {(int(x), int(y)) for x, y in np.argwhere(mask)}


# ---------------------------------------------------------------------------------------------------------------
# Colour and namespace
# ---------------------------------------------------------------------------------------------------------------

def test_color_values_and_aliases():
    expected = dict(BLACK=0, BLUE=1, RED=2, GREEN=3, YELLOW=4, GREY=5, GRAY=5, PINK=6, ORANGE=7, TEAL=8,
                    PURPLE=8, MAROON=9, BROWN=9, TRANSPARENT=0, BACKGROUND=0)
    for name, value in expected.items():
        member = getattr(Color, name)
        assert type(member) is int and member == value, name
    assert Color.RED + 1 == Color.GREEN
    assert np.array([Color.TEAL])[0] == 8


def test_color_lists_are_shared_ordered_lists():
    assert type(Color.ALL_COLORS) is list and Color.ALL_COLORS == list(range(10))
    assert type(Color.NOT_BLACK) is list and Color.NOT_BLACK == list(range(1, 10))
    assert Color.NOT_BLACK is Color.NOT_BLACK  # class attribute, not rebuilt per access
    assert stdlib_random.choice(Color.NOT_BLACK) in range(1, 10)
    assert len(stdlib_random.sample(Color.ALL_COLORS, 3)) == 3
    assert int(np.random.choice(Color.NOT_BLACK)) in range(1, 10)


EXPECTED_EXPORTS = {
    "np", "random", "Color",
    "find_connected_components", "detect_objects", "bounding_box", "bounding_box_mask", "crop", "object_position",
    "object_colors", "object_interior", "object_boundary", "object_neighbors", "is_contiguous",
    "blit", "blit_sprite", "blit_object", "draw_line", "flood_fill", "translate", "scale_sprite", "scale_pattern",
    "collision", "contact", "check_between_objects",
    "Symmetry", "TranslationalSymmetry", "MirrorSymmetry", "orbit",
    "detect_translational_symmetry", "detect_mirror_symmetry", "detect_rotational_symmetry",
    "apply_symmetry", "apply_diagonal_symmetry", "random_sprite", "generate_sprite",
    "random_free_location_for_sprite", "random_free_location_for_object", "randomly_scatter_points",
    "randomly_spaced_indices", "show_colored_grid", "visualize",
}


def test_star_import_exports_exactly_the_interface():
    assert set(common.__all__) == EXPECTED_EXPORTS
    assert len(common.__all__) == len(set(common.__all__))
    namespace = {}
    exec("from synth.common import *", namespace)
    exported = {k for k in namespace if k != "__builtins__"}
    assert exported == EXPECTED_EXPORTS
    assert namespace["np"] is np
    assert namespace["random"] is stdlib_random
    assert not any(name.startswith("_") for name in exported)


def test_module_imports_only_numpy_and_allowed_stdlib():
    tree = ast.parse(Path(common.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"numpy", "random", "typing", "itertools", "math", "collections", "copy"}
    assert ast.get_docstring(tree)


# ---------------------------------------------------------------------------------------------------------------
# find_connected_components
# ---------------------------------------------------------------------------------------------------------------

def test_components_monochromatic_order_shape_and_dtype():
    grid = G([[1, 0, 1],
              [1, 0, 0],
              [0, 0, 1]])
    comps = find_connected_components(grid)
    assert isinstance(comps, list) and len(comps) == 3
    assert [cells(c != 0) for c in comps] == [{(0, 0), (0, 1)}, {(2, 0)}, {(2, 2)}]
    for c in comps:
        assert c.shape == grid.shape and c.dtype == np.int64 and c is not grid
        assert set(np.unique(c)) == {0, 1}


def test_components_connectivity_4_vs_8():
    grid = G([[2, 0, 0],
              [0, 2, 0],
              [0, 0, 3]])
    assert len(find_connected_components(grid, connectivity=4)) == 3
    mono8 = find_connected_components(grid, connectivity=8)
    assert sorted(len(cells(c != 0)) for c in mono8) == [1, 2]
    multi8 = find_connected_components(grid, connectivity=8, monochromatic=False)
    assert len(multi8) == 1 and np.array_equal(multi8[0], grid)


def test_components_invalid_connectivity():
    with pytest.raises(ValueError, match="Connectivity must be 4 or 8."):
        find_connected_components(G([[1]]), connectivity=6)


def test_components_non_monochromatic_keeps_colours():
    grid = G([[1, 2, 0, 3],
              [0, 4, 0, 3]])
    comps = find_connected_components(grid, monochromatic=False)
    assert len(comps) == 2
    assert cells(comps[0] != 0) == {(0, 0), (1, 0), (1, 1)}
    assert comps[0][1, 1] == 4 and comps[0][0, 0] == 1
    assert cells(comps[1] != 0) == {(3, 0), (3, 1)}
    mono = find_connected_components(grid, monochromatic=True)
    assert len(mono) == 4  # touching colours stay separate


def test_components_colour_order_is_set_iteration_order():
    grid = np.array([[9, 1, 0], [8, 0, 2], [0, 0, 0]])
    comps = find_connected_components(grid)
    # CPython set order for this grid: 8, 1, 2, 9 (not ascending) -- the order the reference produces.
    assert [int(c.max()) for c in comps] == [8, 1, 2, 9]


def test_components_background_and_empty_and_bool():
    grid = G([[5, 5, 1],
              [5, 5, 1]])
    comps = find_connected_components(grid, background=5)
    assert len(comps) == 1 and np.array_equal(comps[0], grid)
    assert find_connected_components(np.zeros((3, 3), dtype=int)) == []
    mask = np.array([[True, False], [False, True]])
    comps = find_connected_components(mask)
    assert len(comps) == 2 and all(np.issubdtype(c.dtype, np.integer) for c in comps)


def _oracle_components(grid, connectivity):
    """Independent union-find labelling used as an oracle for random grids."""
    width, height = grid.shape
    parent = {}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    steps = [(1, 0), (0, 1)] + ([(1, 1), (1, -1)] if connectivity == 8 else [])
    for x in range(width):
        for y in range(height):
            if grid[x, y]:
                parent[(x, y)] = (x, y)
    for (x, y) in list(parent):
        for dx, dy in steps:
            q = (x + dx, y + dy)
            if q in parent and grid[q] == grid[x, y]:
                parent[find(q)] = find((x, y))
    groups = {}
    for p in sorted(parent):  # C order: x outer, y inner
        groups.setdefault(find(p), []).append(p)
    return groups


def test_components_match_union_find_oracle():
    rng = np.random.default_rng(0)
    for _ in range(60):
        grid = rng.integers(0, 3, size=tuple(rng.integers(1, 9, size=2)))
        for connectivity in (4, 8):
            comps = find_connected_components(grid, connectivity=connectivity)
            groups = _oracle_components(grid, connectivity)
            assert sorted(sorted(cells(c != 0)) for c in comps) == sorted(groups.values())
            # within one colour, components come in order of their first C-order pixel
            for colour in set(grid.flatten()) - {0}:
                firsts = [min(cells(c != 0)) for c in comps if c.max() == colour]
                assert firsts == sorted(firsts)


# ---------------------------------------------------------------------------------------------------------------
# detect_objects
# ---------------------------------------------------------------------------------------------------------------

def test_detect_objects_defaults_to_empty():
    assert detect_objects(G([[1, 1], [0, 2]])) == []


def test_detect_objects_sorts_components_largest_box_first():
    grid = G([[1, 0, 0, 0],
              [0, 0, 2, 2],
              [0, 0, 2, 0]])
    objs = detect_objects(grid, connectivity=4)
    assert [cells(o != 0) for o in objs] == [{(2, 1), (3, 1), (2, 2)}, {(0, 0)}]
    fcc = find_connected_components(grid, connectivity=4, monochromatic=False)
    assert cells(fcc[0] != 0) == {(0, 0)}  # different order from find_connected_components


def test_detect_objects_colors_and_predicate():
    grid = G([[1, 0, 2, 2],
              [1, 0, 0, 0],
              [0, 0, 3, 0]])
    objs = detect_objects(grid, connectivity=4, colors=[2, 3])
    assert sorted(int(o.max()) for o in objs) == [2, 3]
    seen_shapes = []

    def predicate(sprite):
        seen_shapes.append(sprite.shape)
        return sprite.shape == (1, 2)

    objs = detect_objects(grid, connectivity=4, predicate=predicate)
    assert [cells(o != 0) for o in objs] == [{(0, 0), (0, 1)}]
    assert sorted(seen_shapes) == [(1, 1), (1, 2), (2, 1)]  # the predicate saw cropped sprites


def test_detect_objects_window_scan():
    grid = np.zeros((4, 4), dtype=int)
    grid[1:3, 1:3] = 1
    objs = detect_objects(grid, allowed_dimensions=[(2, 2)])
    assert len(objs) == 1 and np.array_equal(objs[0], grid) and objs[0].dtype == np.int64
    raw = detect_objects(grid, allowed_dimensions=[(2, 2)], can_overlap=True)
    assert len(raw) == 9  # every 2x2 window touches the block


def test_detect_objects_window_predicate_gets_raw_window():
    grid = np.zeros((3, 3), dtype=int)
    grid[0, 0] = 4
    shapes = set()
    detect_objects(grid, allowed_dimensions=[(2, 2)], predicate=lambda w: shapes.add(w.shape) or True,
                   can_overlap=True)
    assert shapes == {(2, 2)}


def test_detect_objects_component_shape_quirk():
    grid = G([[1, 1, 0]])  # 3x1 canvas holding one 2-pixel component
    objs = detect_objects(grid, connectivity=4, allowed_dimensions=[(1, 1)], can_overlap=True)
    # the component is dropped (canvas shape not allowed); the scan yields the two single pixels
    assert sorted(cells(o != 0) for o in objs) == [{(0, 0)}, {(1, 0)}]
    small = G([[1, 1], [0, 0]])
    objs = detect_objects(small, connectivity=4, allowed_dimensions=[(2, 2)], can_overlap=True)
    assert len(objs) == 1  # the identical window is not added again


def test_overlap_resolution_prefers_coverage_then_exclusion():
    def obj(points, shape=(4, 4), colour=1):
        out = np.zeros(shape, dtype=int)
        for p in points:
            out[p] = colour
        return out

    a = obj([(0, 1), (1, 1), (2, 1)])
    b = obj([(0, 0), (0, 1), (0, 2)])
    c = obj([(2, 0), (2, 1), (2, 2)])
    lone = obj([(3, 3)])
    result = common._choose_non_overlapping([a, b, c, lone], 0)
    assert [r is x for r, x in zip(result, [lone, b, c])] == [True, True, True] and len(result) == 3
    # tie (3 cells either way): the "exclude" branch wins
    b2, c2 = obj([(0, 0), (0, 1)]), obj([(2, 1)])
    result = common._choose_non_overlapping([a, b2, c2], 0)
    assert len(result) == 2 and result[0] is b2 and result[1] is c2
    # full cover reached on the include branch: returned at once
    d = obj([(1, 1), (1, 2)])
    result = common._choose_non_overlapping([a, d], 0)
    assert len(result) == 1 and result[0] is a


def _spec_overlap_search(objects):
    """The overlap resolution exactly as the spec words it (plain recursion), as an oracle."""
    masks = [o != 0 for o in objects]
    k = len(objects)
    ov = [[i != j and bool(np.any(masks[i] & masks[j])) for j in range(k)] for i in range(k)]
    keep = [objects[i] for i in range(k) if not any(ov[i])]
    rem = [i for i in range(k) if any(ov[i])]
    union = np.zeros(masks[0].shape, dtype=bool)
    for i in rem:
        union |= masks[i]
    best = int(union.sum())

    def pick(todo, chosen, mask):
        if not todo:
            return chosen, int(mask.sum())
        first, *rest = todo
        if any(ov[i][first] for i in chosen):
            return pick(rest, chosen, mask)
        with_it = pick(rest, chosen + [first], mask | masks[first])
        if with_it[1] == best:
            return with_it
        without = pick(rest, chosen, mask)
        return with_it if with_it[1] > without[1] else without

    chosen, _ = pick(rem, [], np.zeros(masks[0].shape, dtype=bool))
    return keep + [objects[i] for i in chosen]


def test_overlap_resolution_matches_plain_search():
    rng = np.random.default_rng(3)
    for _ in range(150):
        shape = tuple(rng.integers(2, 5, size=2))
        objs = []
        for _ in range(rng.integers(1, 8)):
            o = np.zeros(shape, dtype=int)
            o[rng.random(shape) < rng.uniform(0.1, 0.5)] = 1
            if o.any():
                objs.append(o)
        if not objs:
            continue
        expected = _spec_overlap_search(objs)
        got = common._choose_non_overlapping(list(objs), 0)
        assert len(got) == len(expected) and all(g is e for g, e in zip(got, expected))


# ---------------------------------------------------------------------------------------------------------------
# bounding boxes, crop, position, colours
# ---------------------------------------------------------------------------------------------------------------

def test_bounding_box():
    grid = np.zeros((6, 5), dtype=int)
    grid[1, 2] = 3
    grid[4, 3] = 7
    box = bounding_box(grid)
    assert box == (1, 2, 4, 2) and all(type(v) is int for v in box)
    assert bounding_box(grid != 0) == (1, 2, 4, 2)
    assert bounding_box(np.full((3, 2), 5), background=5) == (3, 2, -3, -2)
    assert bounding_box(np.zeros((3, 2), dtype=int)) == (3, 2, -3, -2)


def test_bounding_box_mask():
    grid = np.zeros((4, 4), dtype=int)
    grid[1, 1] = grid[2, 3] = 1
    mask = bounding_box_mask(grid)
    assert mask.dtype == bool and cells(mask) == {(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)}
    assert not bounding_box_mask(np.zeros((3, 3), dtype=int)).any()


def test_crop_is_a_view_and_keeps_inner_background():
    grid = G([[0, 0, 0, 0],
              [0, 1, 0, 0],
              [0, 0, 2, 0]])
    sprite = crop(grid)
    assert np.array_equal(sprite, np.array([[1, 0], [0, 2]]))
    sprite[1, 0] = 9
    assert grid[2, 1] == 9  # writes go through
    assert crop(np.zeros((3, 3), dtype=int)).shape == (0, 0)
    assert crop(grid, background=1).shape == (4, 3)


def test_object_position_all_anchors():
    obj = np.zeros((6, 6), dtype=int)
    obj[1, 2] = obj[4, 4] = 1  # box x=1, y=2, w=4, h=3
    expected = {
        "upper left": (1, 2), "upper right": (4, 2), "lower left": (1, 4), "lower right": (4, 4),
        "center": (2.5, 3), "upper center": (2.5, 2), "lower center": (2.5, 4), "left center": (1, 3),
        "right center": (4, 3),
    }
    for anchor, point in expected.items():
        got = object_position(obj, anchor=anchor)
        assert got == point, anchor
        for value in got:
            assert type(value) is (float if value % 1 else int)
    assert object_position(obj) == (1, 2)
    assert object_position(obj, anchor="Top Left") == (1, 2)
    assert object_position(obj, anchor="bottom right") == (4, 4)
    assert object_position(obj, anchor="upperleft") == (1, 2)
    square = np.zeros((4, 4), dtype=int)
    square[:, :] = 1
    assert object_position(square, anchor="center") == (1.5, 1.5)
    with pytest.raises(AssertionError):
        object_position(obj, anchor="upper_left")


def test_object_colors():
    grid = np.array([[9, 1, 0], [8, 0, 2], [0, 0, 0]])
    colours = object_colors(grid)
    assert colours == [8, 1, 2, 9]
    assert all(isinstance(c, np.integer) for c in colours)
    assert object_colors(np.zeros((2, 2), dtype=int)) == []
    assert sorted(object_colors(grid, background=9)) == [0, 1, 2, 8]


# ---------------------------------------------------------------------------------------------------------------
# interior, boundary, neighbours, contiguity
# ---------------------------------------------------------------------------------------------------------------

RING = G([[0, 0, 0, 0, 0],
          [0, 1, 1, 1, 0],
          [0, 1, 0, 1, 0],
          [0, 1, 1, 1, 0],
          [0, 0, 0, 0, 0]])


def test_object_interior_ring_and_diagonal_leak():
    interior = object_interior(RING)
    assert interior.dtype == bool
    assert cells(interior) == {(x, y) for x in range(1, 4) for y in range(1, 4)}
    leaky = G([[0, 0, 0, 0, 0],
               [0, 1, 1, 0, 0],
               [0, 1, 0, 1, 0],
               [0, 0, 1, 1, 0],
               [0, 0, 0, 0, 0]])
    assert object_interior(leaky)[2, 2]  # enclosed 4-wise even though open diagonally
    assert not object_interior(leaky)[3, 1]
    assert object_interior(np.full((2, 2), 3)).all()


def test_object_boundary_thick_wall_and_canvas_edge():
    thick = np.zeros((7, 7), dtype=int)
    thick[1:6, 1:6] = 1
    thick[3, 3] = 0
    boundary = object_boundary(thick)
    ring = {(x, y) for x in range(1, 6) for y in range(1, 6) if x in (1, 5) or y in (1, 5)}
    assert cells(boundary) == ring  # pixels next to the hole are not boundary
    full = np.ones((3, 3), dtype=int)
    assert cells(object_boundary(full)) == {(x, y) for x in range(3) for y in range(3)} - {(1, 1)}


def test_object_neighbors():
    n4 = object_neighbors(RING)
    outside4 = {(0, 1), (0, 2), (0, 3), (4, 1), (4, 2), (4, 3), (1, 0), (2, 0), (3, 0), (1, 4), (2, 4), (3, 4)}
    assert cells(n4) == outside4 | {(2, 2)}  # the hole next to a thin wall is included
    n8 = object_neighbors(RING, connectivity=8)
    assert cells(n8) == outside4 | {(2, 2), (0, 0), (4, 0), (0, 4), (4, 4)}
    thick = np.zeros((7, 7), dtype=int)
    thick[1:6, 1:6] = 1
    thick[3, 3] = 0
    assert not object_neighbors(thick)[3, 3]
    assert not (object_neighbors(thick, connectivity=8) & (thick != 0)).any()
    with pytest.raises(ValueError):
        object_neighbors(RING, connectivity=5)


def test_is_contiguous():
    assert is_contiguous(RING)
    assert not is_contiguous(np.zeros((3, 3), dtype=int))
    diagonal = np.eye(3, dtype=int)
    assert not is_contiguous(diagonal)
    assert is_contiguous(diagonal, connectivity=8)
    assert is_contiguous(np.full((2, 2), 4), background=0)
    assert not is_contiguous(G([[1, 0, 1]]))
    with pytest.raises(ValueError):
        is_contiguous(RING, connectivity=3)


# ---------------------------------------------------------------------------------------------------------------
# blit, draw_line, flood_fill
# ---------------------------------------------------------------------------------------------------------------

def test_blit_copies_everything_without_background_and_clips():
    grid = np.full((4, 4), 7)
    sprite = np.array([[1, 0], [0, 2]])
    out = blit(grid, sprite, 1, 1)
    assert out is grid
    assert grid[1, 1] == 1 and grid[1, 2] == 0 and grid[2, 1] == 0 and grid[2, 2] == 2
    grid = np.full((3, 3), 7)
    blit(grid, sprite, -1, 2, background=0)  # negative offsets clip, no wrap-around
    assert cells(grid != 7) == set()
    blit(grid, sprite, 2, 2, background=0)
    assert cells(grid != 7) == {(2, 2)} and grid[2, 2] == 1
    grid = np.zeros((3, 3), dtype=int)
    blit(grid, np.array([[5]]), 1.9, -0.5)  # int() truncation: (1, 0)
    assert cells(grid) == {(1, 0)}


def test_blit_self_aliasing_is_cell_by_cell():
    grid = np.array([[1, 0, 0], [0, 0, 0], [0, 0, 2]])
    expected = grid.copy()
    view = np.rot90(expected)
    for i in range(3):  # the reference semantics: in order, reading the live (aliased) sprite
        for j in range(3):
            if view[i, j] != 0:
                expected[i, j] = view[i, j]
    blit(grid, np.rot90(grid), background=0)
    assert np.array_equal(grid, expected)


def test_blit_sprite_and_object_transparent_background():
    grid = np.full((3, 3), 4)
    assert blit_sprite(grid, np.array([[0, 6]]), x=1, y=0) is grid
    assert grid[1, 0] == 4 and grid[1, 1] == 6
    obj = np.zeros((3, 3), dtype=int)
    obj[2, 2] = 3
    assert blit_object(grid, obj) is grid
    assert grid[2, 2] == 3 and grid[0, 0] == 4
    blit_sprite(grid, np.array([[5, 1]]), 0, 0, background=5)
    assert grid[0, 0] == 4 and grid[0, 1] == 1


def test_draw_line_end_point_and_length():
    grid = np.zeros((5, 5), dtype=int)
    assert draw_line(grid, 0, 0, end_x=4, end_y=2, color=1) == (4, 4)  # off-45 end point is not reached
    assert cells(grid) == {(i, i) for i in range(5)}
    grid = np.zeros((5, 5), dtype=int)
    assert draw_line(grid, 1, 2, direction=(1, 0), color=2) == (4, 2)  # length None: to the edge
    assert cells(grid) == {(1, 2), (2, 2), (3, 2), (4, 2)}
    grid = np.zeros((5, 5), dtype=int)
    assert draw_line(grid, 4, 4, length=2, direction=(-3, -7), color=3) == (3, 3)
    assert cells(grid) == {(4, 4), (3, 3)}
    grid = np.zeros((5, 5), dtype=int)
    assert draw_line(grid, 2, 0, end_x=2, end_y=3, color=1) == (2, 3)
    assert cells(grid) == {(2, 0), (2, 1), (2, 2), (2, 3)}


def test_draw_line_stop_colour_offgrid_and_degenerate():
    grid = np.zeros((5, 5), dtype=int)
    grid[3, 2] = 2
    assert draw_line(grid, 0, 2, direction=(1, 0), color=1, stop_at_color=[2]) == (2, 2)
    assert grid[3, 2] == 2 and grid[4, 2] == 0 and cells(grid == 1) == {(0, 2), (1, 2), (2, 2)}
    assert draw_line(grid, 3, 2, direction=(1, 0), color=1, stop_at_color=[2]) == (3, 2)  # immediate stop
    grid = np.zeros((5, 5), dtype=int)
    assert draw_line(grid, -2, 0, direction=(1, 0), length=4, color=3) == (1, 0)
    assert cells(grid) == {(0, 0), (1, 0)}
    assert draw_line(grid, 4, 4, direction=(1, 1), length=0, color=3) == (4, 4) and grid[4, 4] == 0
    assert draw_line(grid, 2, 2, direction=(0, 0), length=3, color=6) == (2, 2) and grid[2, 2] == 6


def test_draw_line_argument_checks():
    grid = np.zeros((3, 3), dtype=int)
    stop = draw_line(grid, np.int64(0), 3.0, direction=(1, 0), color=1)  # 3.0 is integral; row 3 is off-grid
    assert stop == (0, 3) and type(stop[1]) is int and not grid.any()
    assert draw_line(grid, np.int64(0), 1.0, direction=(1, 0), color=1) == (2, 1)
    with pytest.raises(AssertionError):
        draw_line(grid, 0, 0, end_x=2, color=1)
    with pytest.raises(AssertionError):
        draw_line(grid, 0.5, 0, direction=(1, 0), color=1)
    with pytest.raises(TypeError):
        draw_line(grid, 0, 0, color=1)


def test_flood_fill():
    base = G([[1, 1, 0],
              [0, 1, 0],
              [1, 0, 1]])
    grid = base.copy()
    assert flood_fill(grid, 0, 0, 5) is None
    assert cells(grid == 5) == {(0, 0), (1, 0), (1, 1)}
    grid = base.copy()
    flood_fill(grid, 0, 0, 5, connectivity=8)
    assert cells(grid == 5) == {(0, 0), (1, 0), (1, 1), (0, 2), (2, 2)}
    grid = base.copy()
    flood_fill(grid, 2, 0, 7)  # background region
    assert cells(grid == 7) == {(2, 0), (2, 1)}
    grid = base.copy()
    flood_fill(grid, 0, 0, 1)
    assert np.array_equal(grid, base)
    with pytest.raises(AssertionError):
        flood_fill(grid, 0, 0, 3, connectivity=6)


def test_flood_fill_large_region_is_not_recursive():
    grid = np.zeros((150, 150), dtype=int)
    flood_fill(grid, 75, 75, 2)
    assert (grid == 2).all()


# ---------------------------------------------------------------------------------------------------------------
# translate, scaling, collision, contact, corridors
# ---------------------------------------------------------------------------------------------------------------

def test_translate():
    obj = np.zeros((4, 3), dtype=np.int32)
    obj[0, 0] = 1
    obj[3, 2] = 2
    moved = translate(obj, 1, 1)
    assert moved is not obj and moved.dtype == np.int32 and moved.shape == obj.shape
    assert cells(moved) == {(1, 1)} and moved[1, 1] == 1  # (3, 2) was pushed off the canvas
    back = translate(obj, -3, -2, background=9)
    assert back[0, 0] == 2 and (back == 9).sum() == 11
    assert np.array_equal(translate(obj, 0, 0), obj)
    assert (translate(obj, 10, 0) == 0).all()


def test_scale_sprite_and_pattern(capsys):
    sprite = np.array([[1, 2], [3, 4]], dtype=np.int16)
    scaled = scale_sprite(sprite, 2)
    assert scaled.shape == (4, 4) and scaled.dtype == np.int16
    assert np.array_equal(scaled, np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]))
    assert np.array_equal(scale_sprite(sprite, 1), sprite)
    assert scale_sprite(sprite, 0).shape == (0, 0)
    assert np.array_equal(scale_pattern(sprite, 3), scale_sprite(sprite, 3))
    assert capsys.readouterr().out == "scale_pattern: DEPRECATED, switch to scale_sprite\n"


def test_collision():
    grid = np.zeros((4, 4), dtype=int)
    grid[2, 2] = 1
    sprite = np.ones((2, 2), dtype=int)
    assert collision(object1=grid, object2=sprite, x2=1, y2=1) is True
    assert collision(object1=grid, object2=sprite, x2=3, y2=3) is False
    assert collision(object1=grid, object2=sprite, x2=-1, y2=2) is False
    assert collision(object1=sprite, object2=grid, x1=1.7, y1=1) is True  # offsets truncated with int()
    assert collision(object1=grid, object2=grid) is True
    assert collision(object1=grid, object2=grid, background=1) is True
    assert collision(object1=grid, object2=np.full((4, 4), 5), background=5) is False


def test_contact():
    grid = np.zeros((5, 5), dtype=int)
    grid[2, 2] = 1
    dot = np.ones((1, 1), dtype=int)
    assert contact(object1=grid, object2=dot, x2=3, y2=2) is True
    assert contact(object1=grid, object2=dot, x2=3, y2=3) is False
    assert contact(object1=grid, object2=dot, x2=3, y2=3, connectivity=8) is True
    assert contact(object1=grid, object2=dot, x2=2, y2=2) is True  # overlap counts
    assert contact(object1=grid, object2=dot, x2=4, y2=2, connectivity=8) is False
    with pytest.raises(ValueError):
        contact(object1=grid, object2=dot, connectivity=2)


def test_check_between_objects():
    a = np.zeros((7, 5), dtype=int)
    a[0:2, 1:4] = 1           # x 0..1, y 1..3
    b = np.zeros((7, 5), dtype=int)
    b[5:7, 2:5] = 2           # x 5..6, y 2..4
    assert check_between_objects(obj1=a, obj2=b, x=3, y=2)
    assert check_between_objects(obj1=b, obj2=a, x=3, y=3)
    assert not check_between_objects(obj1=a, obj2=b, x=3, y=1)
    assert not check_between_objects(obj1=a, obj2=b, x=5, y=2)
    assert not check_between_objects(obj1=a, obj2=b, x=3, y=3, padding=1)
    c = np.zeros((7, 7), dtype=int)
    c[2:5, 0:2] = 3           # x 2..4, y 0..1
    d = np.zeros((7, 7), dtype=int)
    d[3:6, 4:6] = 4           # x 3..5, y 4..5
    assert check_between_objects(c, d, 3, 2) and check_between_objects(d, c, 4, 3)
    assert not check_between_objects(c, d, 2, 2)
    assert not check_between_objects(c, d, 3, 4)
