"""Clean re-implementation of the BARC helper library (`from common import *`).

This module owns the runtime interface that BARC-style ARC programs expect: the `Color` namespace, object and
component extraction, drawing/blitting, contact tests, symmetry objects and detectors, the generator-side sprite
and placement helpers, and two debugging helpers.  Its behaviour follows /work/shared/barc_library_api.md, which
describes the reference library precisely (ordering, quirks and scoring included).

Grids are numpy arrays indexed ``grid[x, y]`` (x = column, y = row).  Only numpy and the standard library are
used; component labelling, dilation and flood fill are done here rather than through scipy.

A star import exports exactly the public interface listed in ``__all__``, which includes ``np`` (numpy) and
``random`` (the standard library module) because many BARC programs use them without importing them.
"""

import itertools as _itertools
import math as _math
import random
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

__all__ = [
    "np", "random",
    "Color",
    "find_connected_components", "detect_objects",
    "bounding_box", "bounding_box_mask", "crop", "object_position", "object_colors",
    "object_interior", "object_boundary", "object_neighbors", "is_contiguous",
    "blit", "blit_sprite", "blit_object", "draw_line", "flood_fill",
    "translate", "scale_sprite", "scale_pattern",
    "collision", "contact", "check_between_objects",
    "Symmetry", "TranslationalSymmetry", "MirrorSymmetry", "orbit",
    "detect_translational_symmetry", "detect_mirror_symmetry", "detect_rotational_symmetry",
    "apply_symmetry", "apply_diagonal_symmetry",
    "random_sprite", "generate_sprite",
    "random_free_location_for_sprite", "random_free_location_for_object",
    "randomly_scatter_points", "randomly_spaced_indices",
    "show_colored_grid", "visualize",
]

Point = Tuple[Any, Any]


# --------------------------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------------------------

class Color:
    """ARC colours as plain ints (a namespace, not an enum).

    ``ALL_COLORS`` and ``NOT_BLACK`` are lists shared at class level, in ascending order.
    """

    BLACK = 0
    BLUE = 1
    RED = 2
    GREEN = 3
    YELLOW = 4
    GREY = 5
    GRAY = 5
    PINK = 6
    ORANGE = 7
    TEAL = 8
    PURPLE = 8
    MAROON = 9
    BROWN = 9
    TRANSPARENT = 0
    BACKGROUND = 0

    ALL_COLORS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    NOT_BLACK = [1, 2, 3, 4, 5, 6, 7, 8, 9]


# --------------------------------------------------------------------------------------------------------------
# Private helpers: neighbourhoods, labelling, dilation
# --------------------------------------------------------------------------------------------------------------

_OFFSETS_4 = ((-1, 0), (1, 0), (0, -1), (0, 1))
_OFFSETS_8 = _OFFSETS_4 + ((-1, -1), (-1, 1), (1, -1), (1, 1))


def _offsets(connectivity: int, error: str = "Connectivity must be 4 or 8.") -> Tuple[Tuple[int, int], ...]:
    if connectivity == 4:
        return _OFFSETS_4
    if connectivity == 8:
        return _OFFSETS_8
    raise ValueError(error)


def _label(mask: np.ndarray, offsets: Sequence[Tuple[int, int]]) -> Tuple[np.ndarray, int]:
    """Label the True cells of a 2-D mask.  Labels 1..n follow the C-order position of each component's first
    cell (x outer, y inner), which is the numbering scipy.ndimage.label produces."""
    mask = np.asarray(mask, dtype=bool)
    width, height = mask.shape
    flat = mask.ravel().tolist()
    labels = [0] * (width * height)
    count = 0
    for start in np.flatnonzero(mask).tolist():
        if labels[start]:
            continue
        count += 1
        labels[start] = count
        stack = [start]
        while stack:
            p = stack.pop()
            px, py = divmod(p, height)
            for dx, dy in offsets:
                qx, qy = px + dx, py + dy
                if 0 <= qx < width and 0 <= qy < height:
                    q = qx * height + qy
                    if flat[q] and not labels[q]:
                        labels[q] = count
                        stack.append(q)
    return np.array(labels, dtype=np.int64).reshape(width, height), count


def _shift_or(out: np.ndarray, src: np.ndarray, dx: int, dy: int) -> None:
    """out[p] |= src[p - (dx, dy)] wherever both are inside the canvas."""
    width, height = src.shape
    if abs(dx) >= width or abs(dy) >= height:
        return
    out[max(dx, 0):width + min(dx, 0), max(dy, 0):height + min(dy, 0)] |= \
        src[max(-dx, 0):width + min(-dx, 0), max(-dy, 0):height + min(-dy, 0)]


def _dilate(mask: np.ndarray, offsets: Sequence[Tuple[int, int]], include_center: bool = True) -> np.ndarray:
    """One binary dilation step (cells outside the canvas count as False)."""
    mask = np.asarray(mask, dtype=bool)
    out = mask.copy() if include_center else np.zeros_like(mask)
    for dx, dy in offsets:
        _shift_or(out, mask, dx, dy)
    return out


def _exterior(grid: np.ndarray, background: Any) -> np.ndarray:
    """Background cells 4-connected to a background cell on the canvas edge."""
    empty = np.asarray(grid == background, dtype=bool)
    if empty.size == 0:
        return empty
    labels, _ = _label(empty, _OFFSETS_4)
    edge_labels = np.concatenate([labels[0, :], labels[-1, :], labels[:, 0], labels[:, -1]])
    edge_labels = edge_labels[edge_labels > 0]
    return np.isin(labels, edge_labels) & empty


def _occupied(grid: np.ndarray, background: Any) -> np.ndarray:
    return np.asarray(grid != background, dtype=bool)


def _component_dtype(grid: np.ndarray) -> np.dtype:
    return np.result_type(grid.dtype, np.int64)


# --------------------------------------------------------------------------------------------------------------
# Objects and components
# --------------------------------------------------------------------------------------------------------------

def find_connected_components(grid: np.ndarray, background: int = Color.BLACK, connectivity: int = 4,
                              monochromatic: bool = True) -> List[np.ndarray]:
    """Split the non-background pixels into connected components (full-canvas arrays, background elsewhere).

    Monochromatic mode labels each colour separately, visiting colours in the iteration order of
    ``set(grid.flatten()) - {background}``; within one labelling pass components follow the C-order position of
    their first pixel.
    """
    offsets = _offsets(connectivity)
    grid = np.asarray(grid)
    dtype = _component_dtype(grid)

    def pieces(mask: np.ndarray) -> List[np.ndarray]:
        labels, count = _label(mask, offsets)
        result = []
        for k in range(1, count + 1):
            inside = labels == k
            component = np.full(grid.shape, background, dtype=dtype)
            component[inside] = grid[inside]
            result.append(component)
        return result

    if not monochromatic:
        return pieces(grid != background)
    components: List[np.ndarray] = []
    for color in set(grid.flatten()) - {background}:
        components.extend(pieces(grid == color))
    return components


def _only_allowed_colors(arr: np.ndarray, colors: Any, background: Any) -> bool:
    return all((value in colors) or value == background for value in np.unique(arr))


def _choose_non_overlapping(objects: List[np.ndarray], background: Any) -> List[np.ndarray]:
    """Overlap resolution of `detect_objects` (objects already sorted largest first).

    Objects overlapping nothing are kept.  Among the others, the reference runs a depth-first search over the
    sorted order: include the object first (if it overlaps nothing chosen so far), return at once when the
    chosen set covers every cell of the overlapping objects, otherwise keep the branch covering more, preferring
    "exclude" on ties.  This search returns exactly what that one does, but prunes branches that provably cannot
    reach the value they would need to be selected (an upper bound on the coverage still reachable).
    """
    count = len(objects)
    if count == 0:
        return []
    masks = [np.asarray(obj != background, dtype=bool) for obj in objects]
    flat = np.stack([m.ravel() for m in masks]).astype(np.float32)  # exact: counts stay far below 2**24
    overlap = (flat @ flat.T) > 0.5
    np.fill_diagonal(overlap, False)
    has_overlap = overlap.any(axis=1)
    keep = [objects[i] for i in range(count) if not has_overlap[i]]
    remaining = [i for i in range(count) if has_overlap[i]]
    if not remaining:
        return keep

    bits = {i: int.from_bytes(np.packbits(masks[i].ravel()).tobytes(), "big") for i in remaining}
    union = 0
    for i in remaining:
        union |= bits[i]
    best_possible = union.bit_count()
    end = len(remaining)

    # search(pos, chosen, covered_bits, need) returns the reference's answer (chosen indices, covered count) for
    # that sub-search when its covered count is >= need, and None when it is < need.  Chosen objects never
    # overlap, so a cell set is enough state.  Generators driven by an explicit stack avoid deep recursion.
    def search(pos: int, chosen: Tuple[int, ...], covered_bits: int, need: int):
        covered = covered_bits.bit_count()
        reachable = 0
        for i in remaining[pos:]:
            if not bits[i] & covered_bits:
                reachable |= bits[i]
        if covered + reachable.bit_count() < need:
            return None
        if pos == end:
            return chosen, covered
        index = remaining[pos]
        if bits[index] & covered_bits:
            result = yield (pos + 1, chosen, covered_bits, need)
            return result
        with_it = yield (pos + 1, chosen + (index,), covered_bits | bits[index], need)
        if with_it is None:
            # "include" stays below `need`, so only "exclude" can reach it (and then wins the comparison).
            result = yield (pos + 1, chosen, covered_bits, need)
            return result
        if with_it[1] == best_possible:
            return with_it
        # "exclude" wins whenever it covers at least as much as "include".
        without_it = yield (pos + 1, chosen, covered_bits, with_it[1])
        return with_it if without_it is None else without_it

    stack = [search(0, (), 0, 0)]
    value: Any = None
    while stack:
        try:
            request = stack[-1].send(value)
        except StopIteration as done:
            stack.pop()
            value = done.value
            continue
        stack.append(search(*request))
        value = None
    chosen, _ = value
    return keep + [objects[i] for i in chosen]


def detect_objects(grid: np.ndarray, _: Any = None, predicate: Optional[Callable[[np.ndarray], Any]] = None,
                   background: int = Color.BLACK, monochromatic: bool = False, connectivity: Optional[int] = None,
                   allowed_dimensions: Optional[Sequence[Tuple[int, int]]] = None,
                   colors: Optional[Sequence[int]] = None, can_overlap: bool = False) -> List[np.ndarray]:
    """Find objects: connected components (if `connectivity`), windows of `allowed_dimensions`, then (unless
    `can_overlap`) a non-overlapping selection sorted by bounding-box area and pixel count, largest first."""
    grid = np.asarray(grid)
    objects: List[np.ndarray] = []
    if connectivity:
        objects = find_connected_components(grid, background=background, connectivity=connectivity,
                                            monochromatic=monochromatic)
        if colors:
            objects = [obj for obj in objects if _only_allowed_colors(obj, colors, background)]
        if predicate:
            objects = [obj for obj in objects if predicate(crop(obj, background=background))]

    if allowed_dimensions:
        # Quirk kept from the reference: components are filtered on their (full canvas) array shape.
        objects = [obj for obj in objects if obj.shape in allowed_dimensions]
        scanned = []
        for w, h in allowed_dimensions:
            for i in range(grid.shape[0] - w + 1):
                for j in range(grid.shape[1] - h + 1):
                    window = grid[i:i + w, j:j + h]
                    if not np.any(window != background):
                        continue
                    if colors is not None and not _only_allowed_colors(window, colors, background):
                        continue
                    if predicate is not None and not predicate(window):
                        continue
                    candidate = np.full(grid.shape, background)
                    candidate[i:i + w, j:j + h] = window
                    if not any(np.all(candidate == obj) for obj in objects):
                        scanned.append(candidate)
        objects.extend(scanned)

    if not can_overlap:
        def size_key(obj: np.ndarray) -> Tuple[int, int]:
            sprite = crop(obj, background)
            return sprite.shape[0] * sprite.shape[1], int(np.sum(obj != background))
        objects.sort(key=size_key, reverse=True)
        objects = _choose_non_overlapping(objects, background)
    return objects


def bounding_box(grid: np.ndarray, background: int = Color.BLACK) -> Tuple[int, int, int, int]:
    """(x, y, width, height) of the non-background pixels; (W, H, -W, -H) when there are none."""
    grid = np.asarray(grid)
    width, height = grid.shape
    mask = _occupied(grid, background)
    xs = np.flatnonzero(mask.any(axis=1))
    ys = np.flatnonzero(mask.any(axis=0))
    if xs.size == 0:
        return width, height, -width, -height
    x0, x1, y0, y1 = int(xs[0]), int(xs[-1]), int(ys[0]), int(ys[-1])
    return x0, y0, x1 - x0 + 1, y1 - y0 + 1


def bounding_box_mask(grid: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """Bool mask, True inside the bounding box of the non-background pixels."""
    mask = np.zeros(np.shape(grid), dtype=bool)
    x, y, w, h = bounding_box(grid, background=background)
    if w > 0 and h > 0:
        mask[x:x + w, y:y + h] = True
    return mask


def crop(grid: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """View of `grid` restricted to the bounding box of its non-background pixels ((0, 0) if there are none)."""
    x, y, w, h = bounding_box(grid, background)
    if w <= 0 or h <= 0:
        return grid[0:0, 0:0]
    return grid[x:x + w, y:y + h]


_ANCHORS = {
    "upperleft": lambda x, y, w, h: (x, y),
    "upperright": lambda x, y, w, h: (x + w - 1, y),
    "lowerleft": lambda x, y, w, h: (x, y + h - 1),
    "lowerright": lambda x, y, w, h: (x + w - 1, y + h - 1),
    "center": lambda x, y, w, h: (x + (w - 1) / 2, y + (h - 1) / 2),
    "uppercenter": lambda x, y, w, h: (x + (w - 1) / 2, y),
    "lowercenter": lambda x, y, w, h: (x + (w - 1) / 2, y + h - 1),
    "leftcenter": lambda x, y, w, h: (x, y + (h - 1) / 2),
    "rightcenter": lambda x, y, w, h: (x + w - 1, y + (h - 1) / 2),
}


def _int_if_integral(value: Union[int, float]) -> Union[int, float]:
    return int(value) if abs(value - int(value)) < 1e-6 else value


def object_position(obj: np.ndarray, background: int = Color.BLACK, anchor: str = "upper left") -> Point:
    """A point of the object's bounding box; `anchor` like "upper left", "center", "bottom right"."""
    key = anchor.lower().replace(" ", "").replace("top", "upper").replace("bottom", "lower")
    assert key in _ANCHORS, "Invalid anchor"
    px, py = _ANCHORS[key](*bounding_box(obj, background=background))
    return _int_if_integral(px), _int_if_integral(py)


def object_colors(obj: np.ndarray, background: int = Color.BLACK) -> list:
    """Distinct non-background colours (numpy scalars), in set iteration order."""
    return list(set(np.asarray(obj).flatten()) - {background})


def object_interior(grid: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """Bool mask: everything except the background reachable (4-connected) from the canvas edge."""
    return ~_exterior(np.asarray(grid), background)


def object_boundary(grid: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """Bool mask of object pixels that touch the exterior (4-adjacent) or lie on the canvas edge."""
    grid = np.asarray(grid)
    near_exterior = _dilate(_exterior(grid, background), _OFFSETS_4)
    edge = np.zeros(grid.shape, dtype=bool)
    if edge.size:
        edge[0, :] = edge[-1, :] = True
        edge[:, 0] = edge[:, -1] = True
    return _occupied(grid, background) & (near_exterior | edge)


def object_neighbors(grid: np.ndarray, background: int = Color.BLACK, connectivity: int = 4) -> np.ndarray:
    """Bool mask of background pixels adjacent (per `connectivity`) to a boundary pixel of the object."""
    offsets = _offsets(connectivity)
    grid = np.asarray(grid)
    near = _dilate(object_boundary(grid, background), offsets, include_center=False)
    return near & np.asarray(grid == background, dtype=bool)


def is_contiguous(bitmask: np.ndarray, background: int = Color.BLACK, connectivity: int = 4) -> bool:
    """True when the non-background pixels form exactly one connected component."""
    offsets = _offsets(connectivity)
    _, count = _label(np.asarray(bitmask) != background, offsets)
    return count == 1


# --------------------------------------------------------------------------------------------------------------
# Drawing, blitting, moving, contact
# --------------------------------------------------------------------------------------------------------------

def blit(grid: np.ndarray, sprite: np.ndarray, x: int = 0, y: int = 0, background: Optional[int] = None) -> np.ndarray:
    """Copy `sprite` into `grid` (in place) with its [0, 0] at (x, y); pixels equal to `background` are skipped
    unless it is None; out-of-canvas pixels are clipped."""
    x, y = int(x), int(y)
    sprite = np.asarray(sprite)
    sw, sh = sprite.shape
    gw, gh = grid.shape
    if np.may_share_memory(grid, sprite):
        # Self-blit (e.g. a rotated view of the canvas): keep the reference's cell-by-cell, in-order semantics.
        for i in range(sw):
            for j in range(sh):
                if background is None or sprite[i, j] != background:
                    if 0 <= x + i < gw and 0 <= y + j < gh:
                        grid[x + i, y + j] = sprite[i, j]
        return grid
    x0, x1 = max(0, x), min(gw, x + sw)
    y0, y1 = max(0, y), min(gh, y + sh)
    if x0 >= x1 or y0 >= y1:
        return grid
    part = sprite[x0 - x:x1 - x, y0 - y:y1 - y]
    target = grid[x0:x1, y0:y1]
    if background is None:
        target[...] = part
    else:
        keep = np.asarray(part != background, dtype=bool)
        target[keep] = part[keep]
    return grid


def blit_sprite(grid: np.ndarray, sprite: np.ndarray, x: int, y: int, background: int = Color.BLACK) -> np.ndarray:
    """Draw `sprite` at (x, y), background transparent.  In place; returns `grid`."""
    return blit(grid, sprite, x=x, y=y, background=background)


def blit_object(grid: np.ndarray, obj: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """Draw a full-canvas object at its own position, background transparent.  In place; returns `grid`."""
    return blit(grid, obj, x=0, y=0, background=background)


def _sign(value: Any) -> int:
    return 1 if value > 0 else (-1 if value < 0 else 0)


def draw_line(grid: np.ndarray, x: int, y: int, end_x: Optional[int] = None, end_y: Optional[int] = None,
              length: Optional[int] = None, direction: Optional[Tuple[int, int]] = None, color: Optional[int] = None,
              stop_at_color: Sequence[int] = []) -> Tuple[int, int]:
    """Paint an 8-directional ray in place; returns the last pixel painted (the start if none was)."""
    assert (end_x is None) == (end_y is None), \
        "draw_line: Either both or neither of end_x and end_y must be specified."
    assert x == int(x) and y == int(y), "draw_line: x and y must be integers."
    x, y = int(x), int(y)
    if end_x is not None:
        length = max(abs(end_x - x), abs(end_y - y)) + 1
        direction = (end_x - x, end_y - y)
    if length is None:
        length = 2 * max(grid.shape)
    dx, dy = direction
    dx, dy = _sign(dx), _sign(dy)
    width, height = grid.shape
    stop_x, stop_y = x, y
    for i in range(int(length)):
        px, py = x + i * dx, y + i * dy
        if 0 <= px < width and 0 <= py < height:
            if grid[px, py] in stop_at_color:
                break
            grid[px, py] = color
            stop_x, stop_y = px, py
    return stop_x, stop_y


def flood_fill(grid: np.ndarray, x: int, y: int, color: int, connectivity: int = 4) -> None:
    """Recolour, in place, the `connectivity`-connected region of cells equal to grid[x, y] that contains (x, y)."""
    old = grid[x, y]
    assert connectivity in (4, 8), "flood_fill: Connectivity must be 4 or 8."
    if old == color:
        return None
    width, height = grid.shape
    x, y = int(x) % width, int(y) % height
    same = np.asarray(grid == old, dtype=bool)
    offsets = _OFFSETS_4 if connectivity == 4 else _OFFSETS_8
    seen = np.zeros_like(same)
    seen[x, y] = True
    stack = [(x, y)]
    while stack:
        px, py = stack.pop()
        for dx, dy in offsets:
            qx, qy = px + dx, py + dy
            if 0 <= qx < width and 0 <= qy < height and same[qx, qy] and not seen[qx, qy]:
                seen[qx, qy] = True
                stack.append((qx, qy))
    grid[seen] = color
    return None


def _as_int_offset(value: Any, name: str) -> int:
    as_int = int(value)
    if as_int != value:
        raise TypeError(f"{name} must be an integer, got {value!r}")
    return as_int


def translate(obj: np.ndarray, x: int, y: int, background: int = Color.BLACK) -> np.ndarray:
    """New array: `obj` shifted by (x, y), background filled in, no wrap-around."""
    obj = np.asarray(obj)
    x, y = _as_int_offset(x, "x"), _as_int_offset(y, "y")
    width, height = obj.shape
    moved = np.zeros(obj.shape, dtype=obj.dtype)
    moved[:, :] = background
    if abs(x) < width and abs(y) < height:
        moved[max(x, 0):width + min(x, 0), max(y, 0):height + min(y, 0)] = \
            obj[max(-x, 0):width + min(-x, 0), max(-y, 0):height + min(-y, 0)]
    return moved


def scale_sprite(sprite: np.ndarray, factor: int) -> np.ndarray:
    """New array where every pixel becomes a factor x factor block (same dtype)."""
    sprite = np.asarray(sprite)
    if factor < 0:
        raise ValueError("factor must be a non-negative integer")
    return np.repeat(np.repeat(sprite, factor, axis=0), factor, axis=1)


def scale_pattern(pattern: np.ndarray, scale_factor: int) -> np.ndarray:
    """Deprecated alias of `scale_sprite` (prints a deprecation line)."""
    print("scale_pattern: DEPRECATED, switch to scale_sprite")
    return scale_sprite(pattern, scale_factor)


def _any_overlap(mask1: np.ndarray, mask2: np.ndarray, ox: int, oy: int) -> bool:
    """True if some p has mask1[p] and mask2[p - (ox, oy)] (mask2 placed at offset (ox, oy))."""
    n1, m1 = mask1.shape
    n2, m2 = mask2.shape
    xa, xb = max(0, ox), min(n1, n2 + ox)
    ya, yb = max(0, oy), min(m1, m2 + oy)
    if xa >= xb or ya >= yb:
        return False
    return bool(np.any(mask1[xa:xb, ya:yb] & mask2[xa - ox:xb - ox, ya - oy:yb - oy]))


def collision(_: Any = None, object1: Optional[np.ndarray] = None, object2: Optional[np.ndarray] = None,
              x1: int = 0, y1: int = 0, x2: int = 0, y2: int = 0, background: int = Color.BLACK) -> bool:
    """Whether object1 placed at (x1, y1) and object2 at (x2, y2) share a non-background cell."""
    dx, dy = int(x2 - x1), int(y2 - y1)
    return _any_overlap(_occupied(np.asarray(object1), background), _occupied(np.asarray(object2), background),
                        dx, dy)


def contact(_: Any = None, object1: Optional[np.ndarray] = None, object2: Optional[np.ndarray] = None,
            x1: int = 0, y1: int = 0, x2: int = 0, y2: int = 0, background: int = Color.BLACK,
            connectivity: int = 4) -> bool:
    """Whether the two placed objects overlap or touch (per `connectivity`)."""
    offsets = _offsets(connectivity)
    dx, dy = int(x2 - x1), int(y2 - y1)
    mask1 = _occupied(np.asarray(object1), background)
    mask2 = _occupied(np.asarray(object2), background)
    return any(_any_overlap(mask1, mask2, dx - mx, dy - my) for mx, my in ((0, 0),) + tuple(offsets))


def check_between_objects(obj1: np.ndarray, obj2: np.ndarray, x: int, y: int, padding: int = 0,
                          background: int = Color.BLACK) -> bool:
    """Whether (x, y) lies in the straight horizontal or vertical corridor between the two objects."""
    for axis in (0, 1):
        # Ordering deliberately uses object_position's default (black) background, as the reference does.
        first, second = sorted([obj1, obj2], key=lambda o: object_position(o)[axis])
        box1 = bounding_box(first, background=background)
        box2 = bounding_box(second, background=background)
        if axis == 0:
            along, across = x, y
            a1, c1, la1, lc1 = box1
            a2, c2, la2, lc2 = box2
        else:
            along, across = y, x
            c1, a1, lc1, la1 = box1
            c2, a2, lc2, la2 = box2
        in_gap = (a1 + la1 <= along < a2) or (a2 + la2 <= along < a1)
        in_band = across - padding >= max(c1, c2) and across + padding < min(c1 + lc1, c2 + lc2)
        if in_gap and in_band:
            return True
    return False


# --------------------------------------------------------------------------------------------------------------
# Symmetry
# --------------------------------------------------------------------------------------------------------------

def _cast_point(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.astype(int)
    if isinstance(value, (float, np.floating)):
        return int(round(value))
    return value


class Symmetry:
    """Base class of symmetry transformations (TranslationalSymmetry, rotational symmetries)."""

    def apply(self, x: Any, y: Any, iters: int = 1) -> Optional[Point]:
        """Map (x, y) `iters` times; the base class does nothing."""
        return None


class TranslationalSymmetry(Symmetry):
    """Translation by (translate_x, translate_y), applied `iters` times (any integer)."""

    def __init__(self, translate_x: int, translate_y: int) -> None:
        self.translate_x = translate_x
        self.translate_y = translate_y

    def apply(self, x: Any, y: Any, iters: int = 1) -> Point:
        return (_cast_point(x + iters * self.translate_x), _cast_point(y + iters * self.translate_y))

    def _iter_range(self, grid_shape: Tuple[int, int]) -> Tuple[int, int]:
        reach = 0
        if self.translate_x != 0:
            reach = _math.ceil(grid_shape[0] / abs(self.translate_x))
        if self.translate_y != 0:
            reach = max(reach, _math.ceil(grid_shape[1] / abs(self.translate_y)))
        return -reach, reach + 1

    def __repr__(self) -> str:
        return f"TranslationalSymmetry(translate_x={self.translate_x}, translate_y={self.translate_y})"

    __str__ = __repr__


class MirrorSymmetry:
    """Reflection about x = mirror_x and/or y = mirror_y (None leaves that axis alone; both = point reflection)."""

    def __init__(self, mirror_x: Optional[float], mirror_y: Optional[float]) -> None:
        self.mirror_x = mirror_x
        self.mirror_y = mirror_y

    def apply(self, x: Any, y: Any, iters: int = 1) -> Point:
        if iters % 2 == 0:
            return x, y
        if self.mirror_x is not None:
            x = 2 * self.mirror_x - x
        if self.mirror_y is not None:
            y = 2 * self.mirror_y - y
        return _cast_point(x), _cast_point(y)

    def _iter_range(self, grid_shape: Tuple[int, int]) -> Tuple[int, int]:
        return 0, 2

    def __repr__(self) -> str:
        return f"MirrorSymmetry(mirror_x={self.mirror_x}, mirror_y={self.mirror_y})"

    __str__ = __repr__


class _RotationalSymmetry(Symmetry):
    """Quarter turns about (center_x, center_y); returned by detect_rotational_symmetry."""

    def __init__(self, center_x: float, center_y: float) -> None:
        self.center_x = center_x
        self.center_y = center_y

    def apply(self, x: Any, y: Any, iters: int = 1) -> Point:
        dx, dy = x - self.center_x, y - self.center_y
        for _ in range(iters):  # negative iters: no rotation (kept from the reference)
            dx, dy = dy, -dx
        return _cast_point(dx + self.center_x), _cast_point(dy + self.center_y)

    def _iter_range(self, grid_shape: Tuple[int, int]) -> Tuple[int, int]:
        return 0, 4


def orbit(grid: np.ndarray, x: int, y: int, symmetries: Sequence[Any]) -> List[Point]:
    """All in-canvas points reachable from (x, y) by applying the symmetries (each with every count in its range,
    in list order); combinations that leave the canvas at any step are dropped."""
    width, height = np.shape(grid)[:2]
    ranges = [range(*sym._iter_range(np.shape(grid))) for sym in symmetries]
    points = set()
    for counts in _itertools.product(*ranges):
        px, py = x, y
        for sym, count in zip(symmetries, counts):
            px, py = sym.apply(px, py, count)
            if not (0 <= px < width and 0 <= py < height):
                break
        else:
            points.add((px, py))
    return list(points)


class _SymmetryScorer:
    """Counts (perfect, off-canvas, conflict) for candidate symmetries of one grid."""

    def __init__(self, grid: np.ndarray, ignore_colors: Any, background: Any) -> None:
        self.grid = np.asarray(grid)
        self.ignore_colors = ignore_colors
        keep = ~np.isin(self.grid, ignore_colors)
        if background is not None:
            keep &= np.asarray(self.grid != background, dtype=bool)
        locations = np.argwhere(keep)
        self.xs, self.ys = locations[:, 0], locations[:, 1]
        self.colors = self.grid[self.xs, self.ys]

    def counts(self, sym: Any) -> Tuple[int, int, int]:
        width, height = self.grid.shape
        tx, ty = sym.apply(self.xs, self.ys)
        inside = (tx >= 0) & (tx < width) & (ty >= 0) & (ty < height)
        off = int(np.sum(~inside))
        image = self.grid[tx[inside], ty[inside]]
        original = self.colors[inside]
        perfect = int(np.sum(original == image))
        conflict = int(np.sum((original != image) & ~np.isin(image, self.ignore_colors)))
        return perfect, off, conflict


def detect_translational_symmetry(grid: np.ndarray, ignore_colors: Sequence[int] = [Color.BLACK],
                                  background: Optional[int] = None) -> List[TranslationalSymmetry]:
    """Best x-shift and best y-shift (positive score; ties: smallest signed shift), else the best diagonal."""
    scorer = _SymmetryScorer(grid, ignore_colors, background)
    width, height = scorer.grid.shape

    def scored(candidates: List[TranslationalSymmetry]) -> List[Tuple[TranslationalSymmetry, float]]:
        result = []
        for sym in candidates:
            perfect, off, conflict = scorer.counts(sym)
            score = perfect - 0.01 * off - 100000 * conflict
            if score > 0:
                result.append((sym, score))
        return result

    shifts_x = [TranslationalSymmetry(t, 0) for t in range(1, width)] + \
               [TranslationalSymmetry(-t, 0) for t in range(1, width)]
    shifts_y = [TranslationalSymmetry(0, t) for t in range(1, height)] + \
               [TranslationalSymmetry(0, -t) for t in range(1, height)]
    found = []
    good_x = scored(shifts_x)
    if good_x:
        found.append(max(good_x, key=lambda item: (item[1], -item[0].translate_x))[0])
    good_y = scored(shifts_y)
    if good_y:
        found.append(max(good_y, key=lambda item: (item[1], -item[0].translate_y))[0])
    if not found:
        diagonal = scored([TranslationalSymmetry(tx, ty) for tx in range(1, width) for ty in range(1, height)])
        if diagonal:
            found.append(max(diagonal, key=lambda item: (item[1], -item[0].translate_x - item[0].translate_y))[0])
    return found


def detect_mirror_symmetry(grid: np.ndarray, ignore_colors: Sequence[int] = [Color.BLACK],
                           background: Optional[int] = None) -> List[MirrorSymmetry]:
    """All mirror symmetries (x, y, then point reflections) sharing the best conflict-free score."""
    scorer = _SymmetryScorer(grid, ignore_colors, background)
    width, height = scorer.grid.shape
    candidates = [MirrorSymmetry(c + z, None) for c in range(width) for z in (0, 0.5)]
    candidates += [MirrorSymmetry(None, c + z) for c in range(height) for z in (0, 0.5)]
    candidates += [MirrorSymmetry(cx + z, cy + z) for cx in range(width) for cy in range(height) for z in (0, 0.5)]
    best: List[MirrorSymmetry] = []
    best_score: float = 0
    for sym in candidates:
        perfect, off, conflict = scorer.counts(sym)
        if conflict > 0 or perfect == 0:
            continue
        score = perfect - 0.01 * off - 10000 * conflict
        if score > best_score:
            best, best_score = [sym], score
        elif score == best_score:
            best.append(sym)
    return best


def detect_rotational_symmetry(grid: np.ndarray, ignore_colors: Sequence[int] = [Color.BLACK],
                               background: Optional[int] = None) -> Optional[Symmetry]:
    """The first rotation centre with the strictly highest positive score, or None."""
    scorer = _SymmetryScorer(grid, ignore_colors, background)
    width, height = scorer.grid.shape
    best, best_score = None, 0
    for cx in range(width):
        for cy in range(height):
            for z in (0, 0.5):
                sym = _RotationalSymmetry(cx + z, cy + z)
                perfect, off, conflict = scorer.counts(sym)
                score = perfect - 5 * off - 1000 * conflict
                if score > best_score:
                    best, best_score = sym, score
    return best


def apply_symmetry(sprite: np.ndarray, symmetry_type: str, background: int = Color.BLACK) -> np.ndarray:
    """Mirror `sprite` in place: "horizontal" (left-right, left wins) or "vertical" (top-bottom, top wins)."""
    width, height = sprite.shape
    if symmetry_type == "horizontal":
        for i in range(width // 2):
            first, second = sprite[i, :].copy(), sprite[width - 1 - i, :].copy()
            merged = np.where(first != background, first, second)
            sprite[i, :] = merged
            sprite[width - 1 - i, :] = merged
    elif symmetry_type == "vertical":
        for j in range(height // 2):
            first, second = sprite[:, j].copy(), sprite[:, height - 1 - j].copy()
            merged = np.where(first != background, first, second)
            sprite[:, j] = merged
            sprite[:, height - 1 - j] = merged
    else:
        raise ValueError(f"Invalid symmetry type {symmetry_type}.")
    return sprite


def apply_diagonal_symmetry(sprite: np.ndarray, background: int = Color.BLACK) -> np.ndarray:
    """Make a square sprite symmetric under transposition, in place ([x, y] wins over [y, x] for x < y)."""
    width, height = sprite.shape
    if width != height:
        raise ValueError("Diagonal symmetry requires a square sprite.")
    xs, ys = np.triu_indices(width, k=1)
    upper, lower = sprite[xs, ys].copy(), sprite[ys, xs].copy()
    merged = np.where(upper != background, upper, np.where(lower != background, lower, background))
    sprite[xs, ys] = merged
    sprite[ys, xs] = merged
    return sprite


# --------------------------------------------------------------------------------------------------------------
# Sprites and random generation (generator side)
# --------------------------------------------------------------------------------------------------------------

# Step order of the random walk (the same order as the reference, so seeded runs walk the same way).
_WALK_MOVES_4 = ((0, 1), (0, -1), (1, 0), (-1, 0))
_WALK_MOVES_8 = _WALK_MOVES_4 + ((1, 1), (1, -1), (-1, 1), (-1, -1))


def generate_sprite(n: int, m: int, symmetry_type: str, fill_percentage: float = 0.5, max_colors: int = 9,
                    color_palate: Optional[Sequence[int]] = None, connectivity: int = 4,
                    background: int = Color.BLACK) -> np.ndarray:
    """Random-walk sprite of shape (n, m) with the given symmetry type (see `random_sprite`)."""
    if color_palate is None:
        n_colors = 1
        while n_colors < max_colors and random.random() < 0.3:
            n_colors += 1
        color_palate = random.sample([c for c in Color.ALL_COLORS if c != background], n_colors)
    palette = list(color_palate)

    full_n, full_m = n, m
    walk_n, walk_m = n, m
    diagonal_flip = False
    if symmetry_type == "not_symmetric":
        x, y = random.randint(0, n - 1), random.randint(0, m - 1)
    elif symmetry_type == "horizontal":
        x, y = random.randint(0, n - 1), m // 2
    elif symmetry_type == "vertical":
        x, y = n // 2, random.randint(0, m - 1)
    elif symmetry_type == "diagonal":
        diagonal_flip = random.choice([True, False])
        x = random.randint(0, n - 1)
        y = x if diagonal_flip else n - 1 - x
    elif symmetry_type == "mirror":
        walk_n, walk_m = int(n / 2 + 0.5), int(m / 2 + 0.5)
        x, y = random.randint(0, walk_n - 1), random.randint(0, walk_m - 1)
    elif symmetry_type == "radial":
        assert n == m, "Radial symmetry requires a square grid."
        walk_n, walk_m = int(n / 2 + 0.5), int(m / 2 + 0.5)
        x, y = walk_n - 1, walk_m - 1  # the inner corner becomes the centre
    else:
        raise ValueError(f"Invalid symmetry type {symmetry_type}.")
    if connectivity == 4:
        moves = _WALK_MOVES_4
    elif connectivity == 8:
        moves = _WALK_MOVES_8
    else:
        raise ValueError("Connectivity must be 4 or 8.")

    canvas = np.full((walk_n, walk_m), background)
    painted = 0
    target = fill_percentage * walk_n * walk_m
    color_index = 0
    while painted < target:
        was_empty = canvas[x, y] == background
        canvas[x, y] = palette[color_index]
        painted += int(was_empty) - int(canvas[x, y] == background)
        if random.random() < 0.33:
            color_index = random.choice(range(len(palette)))
        dx, dy = random.choice(moves)
        if 0 <= x + dx < walk_n and 0 <= y + dy < walk_m:
            x, y = x + dx, y + dy

    if symmetry_type in ("horizontal", "vertical"):
        return apply_symmetry(canvas, symmetry_type, background)
    if symmetry_type == "radial":
        out = np.full((full_n, full_m), background)
        blit(out, canvas, background=background)
        for _ in range(3):
            blit(out, np.rot90(out), background=background)
        return out
    if symmetry_type == "mirror":
        out = np.full((full_n, full_m), background)
        sx = 0 if full_n % 2 == 0 else -1
        sy = 0 if full_m % 2 == 0 else -1
        out[:walk_n, :walk_m] = canvas
        out[walk_n + sx:, :walk_m] = canvas[::-1, :]
        out[:walk_n, walk_m + sy:] = canvas[:, ::-1]
        out[walk_n + sx:, walk_m + sy:] = canvas[::-1, ::-1]
        if not is_contiguous(out, background=background, connectivity=connectivity):
            return generate_sprite(full_n, full_m, symmetry_type, fill_percentage=fill_percentage,
                                   color_palate=palette, connectivity=connectivity, background=background)
        return out
    if symmetry_type == "diagonal":
        if diagonal_flip:
            apply_diagonal_symmetry(canvas[::-1, :], background)  # anti-diagonal: symmetrise the flipped view
        else:
            apply_diagonal_symmetry(canvas, background)
    return canvas


def _choices(value: Any) -> list:
    if isinstance(value, (list, tuple, range)):
        return list(value)
    return [value]


def random_sprite(n: Union[int, Sequence[int]], m: Union[int, Sequence[int]], density: float = 0.5,
                  symmetry: Optional[str] = None, color_palette: Optional[Sequence[int]] = None,
                  connectivity: int = 4, background: int = Color.BLACK) -> np.ndarray:
    """Random connected sprite touching all four of its edges.

    n, m: int, list or range (a value is drawn from each).  symmetry: "horizontal", "vertical", "diagonal",
    "radial", "mirror", "not_symmetric" or None (random).  color_palette: colours to use (random if None).
    """
    n_options, m_options = _choices(n), _choices(m)
    while True:
        square_sizes = [(a, b) for a in n_options for b in m_options if a == b]
        kinds = ["horizontal", "vertical", "not_symmetric", "mirror"]
        if square_sizes:
            kinds += ["diagonal", "radial"]
        kind = symmetry or random.choice(kinds)
        if kind in ("diagonal", "radial"):
            width, height = random.choice(square_sizes)
        else:
            width, height = random.choice(n_options), random.choice(m_options)

        fill = density
        if width == 1 or height == 1:
            fill = 1
        elif width == 2 or height == 2:
            fill = max(density, 0.6)
        elif width == 3 or height == 3:
            fill = max(density, 0.5)
        elif density != 1:
            fill = max(0.4, min(0.95, random.gauss(density, 0.1)))

        sprite = generate_sprite(width, height, symmetry_type=kind, fill_percentage=fill,
                                 color_palate=color_palette, connectivity=connectivity, background=background)
        assert is_contiguous(sprite, background=background, connectivity=connectivity), \
            "Generated sprite is not contiguous."
        solid = sprite != background
        if solid[0, :].any() and solid[-1, :].any() and solid[:, 0].any() and solid[:, -1].any():
            return sprite


def random_free_location_for_sprite(grid: np.ndarray, sprite: np.ndarray, background: int = Color.BLACK,
                                    border_size: int = 0, padding: int = 0,
                                    padding_connectivity: int = 8) -> Tuple[int, int]:
    """Random top-left (x, y) where `sprite` fits without its pixels landing on occupied (optionally padded)
    cells of `grid`; raises ValueError if there is none."""
    grid = np.asarray(grid)
    sprite = np.asarray(sprite)
    width, height = grid.shape
    sw, sh = sprite.shape
    occupied = _occupied(grid, background)
    if padding > 0:
        offsets = _offsets(padding_connectivity, "padding_connectivity must be 4 or 8.")
        for _ in range(padding):
            occupied = _dilate(occupied, offsets)
    solid = _occupied(sprite, background)
    free = [(x, y)
            for x in range(border_size, width + 1 - border_size - sw)
            for y in range(border_size, height + 1 - border_size - sh)
            if not np.any(occupied[x:x + sw, y:y + sh] & solid)]
    if not free:
        raise ValueError("No free location for sprite found.")
    return random.choice(free)


def random_free_location_for_object(*args: Any, **kwargs: Any) -> Tuple[int, int]:
    """Backward-compatible alias of `random_free_location_for_sprite`."""
    return random_free_location_for_sprite(*args, **kwargs)


def randomly_scatter_points(grid: np.ndarray, color: int, density: float = 0.5,
                            background: int = Color.BLACK) -> np.ndarray:
    """Colour random background cells (np.random) until density * W * H new cells are coloured.  In place."""
    width, height = grid.shape
    colored = 0
    while colored < density * width * height:
        x = np.random.randint(0, width)
        y = np.random.randint(0, height)
        if grid[x, y] == background:
            grid[x, y] = color
            colored += 1
    return grid


def randomly_spaced_indices(max_len: int, n_indices: int, border_size: int = 1, padding: int = 1) -> np.ndarray:
    """Sorted array of `n_indices` random indices at least padding+1 apart (range border_size .. max_len-3 when
    border_size > 0)."""
    if border_size > 0:
        return randomly_spaced_indices(max_len - border_size - 2, n_indices, border_size=0, padding=padding) \
            + border_size
    taken = [0] * max(max_len, 0)
    while sum(taken) < n_indices:
        options = [i for i in range(max_len)
                   if sum(taken[max(0, i - padding):min(i + 1 + padding, max_len)]) == 0]
        taken[random.choice(options)] = 1
    return np.flatnonzero(np.array(taken, dtype=np.int64)).astype(np.int64)


# --------------------------------------------------------------------------------------------------------------
# Debugging helpers
# --------------------------------------------------------------------------------------------------------------

_ANSI_256 = (0, 4, 1, 2, 3, 7, 13, 202, 6, 196)
_ARC_RGB = ((0x00, 0x00, 0x00), (0x00, 0x74, 0xD9), (0xFF, 0x41, 0x36), (0x2E, 0xCC, 0x40), (0xFF, 0xDC, 0x00),
            (0xA0, 0xA0, 0xA0), (0xF0, 0x12, 0xBE), (0xFF, 0x85, 0x1B), (0x7F, 0xDB, 0xFF), (0x87, 0x0C, 0x25))


def show_colored_grid(grid: np.ndarray, text: bool = True) -> None:
    """Print the grid, one row (y) per line.  text=True: coloured digits (256-colour ANSI); text=False: blocks in
    the ARC palette (24-bit ANSI background colours; no plotting library needed)."""
    grid = np.asarray(grid)
    width, height = grid.shape
    for y in range(height):
        line = []
        for x in range(width):
            cell = grid[x, y]
            index = int(cell)
            if text:
                code = _ANSI_256[index] if 0 <= index < 10 else 0
                line.append(f"\033[38;5;{code}m{cell}\033[0m")
            else:
                r, g, b = _ARC_RGB[index] if 0 <= index < 10 else (0, 0, 0)
                line.append(f"\033[48;2;{r};{g};{b}m  \033[0m")
        print("".join(line))


def _format_exception(error: BaseException) -> str:
    """A traceback in the usual layout (file, line, function per frame), without importing `traceback`."""
    lines = ["Traceback (most recent call last):"]
    frame = error.__traceback__
    while frame is not None:
        code = frame.tb_frame.f_code
        lines.append(f'  File "{code.co_filename}", line {frame.tb_lineno}, in {code.co_name}')
        frame = frame.tb_next
    lines.append(f"{type(error).__name__}: {error}")
    return "\n".join(lines) + "\n"


def visualize(input_generator: Callable[[], np.ndarray], transform: Callable[[np.ndarray], np.ndarray],
              n_examples: int = 5, n_attempts: int = 100) -> None:
    """Generate inputs, run `transform` on copies, and print up to `n_examples` successes and the failures."""
    successes, failures = [], []
    for _ in range(n_attempts):
        if len(successes) >= n_examples:
            break
        try:
            input_grid = input_generator()
            output_grid = transform(input_grid.copy())
            successes.append((input_grid, output_grid))
        except Exception as error:  # noqa: BLE001 - report every failure of the generator or transform
            failures.append(_format_exception(error))
    for index, (input_grid, output_grid) in enumerate(successes):
        print("Example", index)
        print("Input:")
        show_colored_grid(input_grid)
        print("Output:")
        show_colored_grid(output_grid)
        print("\n\n---------------------\n\n")
    if failures:
        total = len(failures) + len(successes)
        print(f"{len(failures)}/{total} failures ({len(failures) / total}). For example:")
        print(failures[0])
