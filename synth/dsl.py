"""Grid operations of the CPU program search (row-major numpy), written so that their own source is the program text.

This module owns the operations the search composes. Every public operation is a plain function of a
row-major grid (2-D integer numpy array, `g[row, col]`) and literal arguments (ints, strings, tuples,
dicts); it returns a new grid or raises ValueError when it does not apply to that grid. The functions use
only numpy and the standard library and call no module-level constants, so `function_source(names)`
can paste their source (with their helpers, found by name) into an emitted program that computes exactly
what the search computed in-process.

The in-process search calls `components` through a content-keyed cache (installed at the bottom of this
module); the emitted programs use the plain function, which returns the same values.
"""
from __future__ import annotations

import inspect
from collections import Counter

import numpy as np

# ----------------------------------------------------------------------------------------------- helpers


def resolve_color(g, color):
    """A color argument: a color 0..9, or 'most' / 'least' for the most / least common non-0 color of the grid."""
    if not isinstance(color, str):
        return color
    counts = np.bincount(np.asarray(g).ravel().astype(np.int64), minlength=10)
    counts[0] = 0
    present = [c for c in range(10) if counts[c] > 0]
    if not present:
        raise ValueError("no colors")
    target = max(counts[c] for c in present) if color == "most" else min(counts[c] for c in present)
    picked = [c for c in present if counts[c] == target]
    if len(picked) != 1:
        raise ValueError("tie")
    return picked[0]


def most_common_color(g):
    """The most frequent color of the grid (ties: the smallest color)."""
    counts = np.bincount(np.asarray(g).ravel().astype(np.int64), minlength=10)
    return int(np.argmax(counts))


def color_table_zero_background(g):
    """The color permutation (table[color] = new color) that swaps the grid's most common color with 0."""
    table = np.arange(10, dtype=np.int64)
    background = most_common_color(g)
    table[0], table[background] = background, 0
    return table


def color_table_by_frequency(g):
    """The color permutation that numbers the grid's colors by falling frequency (ties: the smaller color
    first): the most common becomes 0, the next 1, and so on; the absent colors follow in increasing order."""
    counts = np.bincount(np.asarray(g).ravel().astype(np.int64), minlength=10)
    order = sorted(range(10), key=lambda c: (counts[c] == 0, -counts[c], c))
    table = np.zeros(10, dtype=np.int64)
    table[np.array(order)] = np.arange(10)
    return table


def apply_color_table(g, table):
    """The grid with every color c replaced by table[c]."""
    return np.asarray(table, dtype=np.int64)[np.asarray(g, dtype=np.int64)].astype(np.uint8)


def invert_color_table(table):
    """The inverse of a color permutation."""
    inverse = np.zeros(10, dtype=np.int64)
    inverse[np.asarray(table, dtype=np.int64)] = np.arange(10)
    return inverse


def enter_color_rank(g, like):
    """`g` recolored by the color_table_by_frequency of `like` (the input grid it belongs to)."""
    return apply_color_table(g, color_table_by_frequency(like))


def leave_color_rank(g, like):
    """The inverse of enter_color_rank: `g` recolored back by the inverse permutation of `like`'s."""
    return apply_color_table(g, invert_color_table(color_table_by_frequency(like)))


def enter_zero_background(g, like):
    """`g` recolored by the color_table_zero_background of `like` (the input grid it belongs to)."""
    return apply_color_table(g, color_table_zero_background(like))


def leave_zero_background(g, like):
    """The inverse of enter_zero_background."""
    return apply_color_table(g, invert_color_table(color_table_zero_background(like)))


def enter_transpose(g, like):
    """`g` flipped about its main diagonal (the view of icecuber's diagonal-flipped task; `like` is unused)."""
    return np.asarray(g).T.copy()


def leave_transpose(g, like):
    """The inverse of enter_transpose (a transpose again)."""
    return np.asarray(g).T.copy()


def components(g, conn, multicolor, bg):
    """Connected objects of non-`bg` cells: a tuple of (color, cells) with cells a sorted tuple of (row, col).

    `conn` is 4 or 8; `multicolor` joins touching cells of different colors (color is then -1)."""
    rows = np.asarray(g).tolist()
    h, w = len(rows), len(rows[0])
    seen = [[False] * w for _ in range(h)]
    if conn == 4:
        steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
    else:
        steps = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
    objects = []
    for r in range(h):
        for c in range(w):
            if seen[r][c] or rows[r][c] == bg:
                continue
            color = rows[r][c]
            seen[r][c] = True
            stack = [(r, c)]
            cells = []
            while stack:
                y, x = stack.pop()
                cells.append((y, x))
                for dy, dx in steps:
                    ny, nx = y + dy, x + dx
                    if 0 <= ny < h and 0 <= nx < w and not seen[ny][nx]:
                        v = rows[ny][nx]
                        if v != bg and (multicolor or v == color):
                            seen[ny][nx] = True
                            stack.append((ny, nx))
            objects.append((-1 if multicolor else color, tuple(sorted(cells))))
    return tuple(objects)


def object_bbox(cells):
    """(top, left, bottom, right) inclusive bounding box of a sorted list of (row, col) cells."""
    xs = [x for _, x in cells]
    return cells[0][0], min(xs), cells[-1][0], max(xs)


def object_shape_key(g, cells, with_color):
    """A hashable key of an object's shape (its cells relative to its box), optionally with the cell colors."""
    top, left, _, _ = object_bbox(cells)
    if with_color:
        return tuple(sorted((y - top, x - left, int(g[y, x])) for y, x in cells))
    return tuple(sorted((y - top, x - left) for y, x in cells))


def object_property(g, obj, prop):
    """A numeric or hashable property of one object (see `select_object` and `recolor_objects`)."""
    color, cells = obj
    if prop == "size":
        return len(cells)
    if prop == "color":
        return int(g[cells[0][0], cells[0][1]]) if color < 0 else color
    top, left, bottom, right = object_bbox(cells)
    h, w = np.asarray(g).shape
    if prop == "area":
        return (bottom - top + 1) * (right - left + 1)
    if prop == "colors":
        return len({int(g[y, x]) for y, x in cells})
    if prop == "top":
        return top
    if prop == "left":
        return left
    if prop == "bottom":
        return bottom
    if prop == "right":
        return right
    if prop == "shape":
        return object_shape_key(g, cells, False)
    if prop == "height":
        return bottom - top + 1
    if prop == "width":
        return right - left + 1
    if prop == "is_rect":
        return int(len(cells) == (bottom - top + 1) * (right - left + 1))
    if prop == "is_square":
        return int(bottom - top == right - left and len(cells) == (bottom - top + 1) ** 2)
    if prop == "parity":
        return ((bottom - top + 1) % 2, (right - left + 1) % 2)
    if prop == "touches_border":
        return int(top == 0 or left == 0 or bottom == h - 1 or right == w - 1)
    if prop == "holes":
        return count_holes(cells, top, left, bottom, right)
    if prop == "aligned":
        # (own color, the one other non-0 color in the object's rows or columns; 0 for none, -1 for several)
        own = object_property(g, obj, "color")
        grid = np.asarray(g)
        band = np.concatenate([grid[top:bottom + 1, :].ravel(), grid[:, left:right + 1].ravel()])
        others = set(np.unique(band).tolist()) - {0, own}
        return (own, others.pop() if len(others) == 1 else (0 if not others else -1))
    if prop == "symmetric":
        box = np.zeros((bottom - top + 1, right - left + 1), dtype=np.int64) - 1
        for y, x in cells:
            box[y - top, x - left] = g[y, x]
        return int(np.array_equal(box, box[:, ::-1]) or np.array_equal(box, box[::-1, :]))
    if prop == "skeleton":
        return skeleton_counts(cells)
    raise ValueError(f"unknown object property {prop}")


def skeleton_counts(cells):
    """How a thin shape is drawn, whatever its size: (ends, junctions, corners), the numbers of its cells with one
    4-neighbor in the shape, with three or four, and with two that are not opposite (a bend of the line)."""
    inside = set(cells)
    ends = junctions = corners = 0
    for y, x in cells:
        up, down, left, right = ((y - 1, x) in inside, (y + 1, x) in inside, (y, x - 1) in inside, (y, x + 1) in inside)
        n = up + down + left + right
        if n == 1:
            ends += 1
        elif n >= 3:
            junctions += 1
        elif n == 2 and (up or down) and (left or right):
            corners += 1
    return (ends, junctions, corners)


def count_holes(cells, top, left, bottom, right):
    """Number of 4-connected regions inside an object's box that are not object cells and do not reach the box edge."""
    h, w = bottom - top + 1, right - left + 1
    filled = [[False] * w for _ in range(h)]
    for y, x in cells:
        filled[y - top][x - left] = True
    seen = [[False] * w for _ in range(h)]
    holes = 0
    for r in range(h):
        for c in range(w):
            if filled[r][c] or seen[r][c]:
                continue
            seen[r][c] = True
            stack = [(r, c)]
            edge = False
            while stack:
                y, x = stack.pop()
                if y in (0, h - 1) or x in (0, w - 1):
                    edge = True
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if 0 <= ny < h and 0 <= nx < w and not filled[ny][nx] and not seen[ny][nx]:
                        seen[ny][nx] = True
                        stack.append((ny, nx))
            if not edge:
                holes += 1
    return holes


def select_object(g, conn, multicolor, selector):
    """The one object of `components(g, conn, multicolor, 0)` picked by `selector`; raises ValueError when there is
    none or a tie."""
    objects = components(g, conn, multicolor, 0)
    if not objects:
        raise ValueError("no objects")
    if selector in ("unique_color", "unique_shape"):
        values = object_values_of(g, conn, multicolor, "color" if selector == "unique_color" else "shape")
        counts = Counter(values)
        picked = [o for o, v in zip(objects, values) if counts[v] == 1]
        if len(picked) != 1 or len(objects) < 3:
            raise ValueError("no unique object")
        return picked[0]
    prop, sign = {
        "largest": ("size", 1), "smallest": ("size", -1), "largest_box": ("area", 1), "smallest_box": ("area", -1),
        "most_colors": ("colors", 1), "topmost": ("top", -1), "bottommost": ("bottom", 1),
        "leftmost": ("left", -1), "rightmost": ("right", 1), "most_holes": ("holes", 1),
        "symmetric": ("symmetric", 1),
    }[selector]
    values = [sign * v for v in object_values_of(g, conn, multicolor, prop)]
    best = max(values)
    picked = [o for o, v in zip(objects, values) if v == best]
    if len(picked) != 1:
        raise ValueError("tie")
    return picked[0]


def object_values_of(g, conn, multicolor, prop):
    """`object_values` of the objects `components(g, conn, multicolor, 0)`, as a tuple."""
    return tuple(object_values(g, components(g, conn, multicolor, 0), prop))


# ------------------------------------------------------------------------------------------ geometry


def rotate(g, k):
    """Rotate counter-clockwise by k quarter turns."""
    return np.rot90(g, k).copy()


def flip(g, axis):
    """Mirror left-right (axis 'lr') or up-down (axis 'ud')."""
    return (g[:, ::-1] if axis == "lr" else g[::-1, :]).copy()


def transpose(g):
    """Swap rows and columns (mirror about the main diagonal)."""
    return g.T.copy()


def antitranspose(g):
    """Mirror about the anti-diagonal."""
    return g[::-1, ::-1].T.copy()


# ------------------------------------------------------------------------------------------- cropping


def crop_nonbg(g, bg):
    """Crop to the bounding box of cells that are not the background (`bg`; -1 = most common color)."""
    if bg < 0:
        bg = most_common_color(g)
    ys, xs = np.nonzero(g != bg)
    if len(ys) == 0:
        raise ValueError("empty grid")
    return g[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()


def crop_color(g, color):
    """Crop to the bounding box of one color (see `resolve_color`)."""
    color = resolve_color(g, color)
    ys, xs = np.nonzero(g == color)
    if len(ys) == 0:
        raise ValueError("color absent")
    return g[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()


def crop_color_margin(g, color, dy, dx):
    """Crop to the bounding box of `color` grown by `dy` rows above and below and `dx` columns left and right.
    ValueError when the color is absent or the grown box leaves the grid."""
    ys, xs = np.nonzero(g == color)
    if len(ys) == 0:
        raise ValueError("color absent")
    top, left, bottom, right = ys.min() - dy, xs.min() - dx, ys.max() + dy, xs.max() + dx
    if top < 0 or left < 0 or bottom >= g.shape[0] or right >= g.shape[1]:
        raise ValueError("margin leaves the grid")
    return g[top:bottom + 1, left:right + 1].copy()


def crop_inside_color(g, color):
    """Crop to the inside of the bounding box of one color (a frame), without the frame itself."""
    color = resolve_color(g, color)
    ys, xs = np.nonzero(g == color)
    if len(ys) == 0 or ys.max() - ys.min() < 2 or xs.max() - xs.min() < 2:
        raise ValueError("no frame")
    return g[ys.min() + 1:ys.max(), xs.min() + 1:xs.max()].copy()


def trim_border(g):
    """Remove the outermost row and column on every side."""
    if g.shape[0] < 3 or g.shape[1] < 3:
        raise ValueError("too small")
    return g[1:-1, 1:-1].copy()


def crop_object(g, conn, multicolor, selector, isolate):
    """Crop to the bounding box of the object picked by `selector`; with `isolate`, blank other cells in the box."""
    color, cells = select_object(g, conn, multicolor, selector)
    top, left, bottom, right = object_bbox(cells)
    if not isolate:
        return g[top:bottom + 1, left:right + 1].copy()
    out = np.zeros((bottom - top + 1, right - left + 1), dtype=g.dtype)
    for y, x in cells:
        out[y - top, x - left] = g[y, x]
    return out


def crop_solid_rect(g):
    """Crop to the largest box, at least 3 x 3, whose border cells are all one color (0 too) and more than half of
    whose inside cells are that color: a solid rectangle in a noisy picture, whatever odd cells lie inside it.
    ValueError when there is no such box or two boxes have the largest area."""
    h, w = g.shape
    best, boxes = 0, []
    for color in range(10):
        m = (g == color).astype(np.int64)
        if m.sum() < 8:
            continue
        sums = np.zeros((h + 1, w + 1), dtype=np.int64)  # sums[i, j]: the color's cells in g[:i, :j]
        sums[1:, 1:] = m.cumsum(0).cumsum(1)
        for top in range(h - 2):
            for bottom in range(top + 2, h):
                full = (sums[bottom + 1, 1:] - sums[bottom + 1, :-1] - sums[top, 1:] + sums[top, :-1]) == bottom - top + 1
                edge = (m[top] & m[bottom]).tolist()
                x = 0
                while x < w:
                    if not edge[x]:
                        x += 1
                        continue
                    start = x
                    while x < w and edge[x]:
                        x += 1
                    xs = [i for i in range(start, x) if full[i]]  # full columns within a stretch of both rows
                    for i, left in enumerate(xs):
                        for right in reversed(xs[i + 1:]):  # widest first
                            area = (bottom - top + 1) * (right - left + 1)
                            if right - left < 2 or area < best:
                                break
                            inside = int(sums[bottom, right] - sums[top + 1, right] - sums[bottom, left + 1]
                                         + sums[top + 1, left + 1])
                            if 2 * inside <= (bottom - top - 1) * (right - left - 1):
                                continue
                            if area > best:
                                best, boxes = area, []
                            boxes.append((top, left, bottom, right))
                            break
    if len(boxes) != 1:
        raise ValueError("no single largest solid box")
    top, left, bottom, right = boxes[0]
    return g[top:bottom + 1, left:right + 1].copy()


def crop_most_of(g, conn, color):
    """Crop to the bounding box of the object (`conn`-connected, any colors) with the most cells of `color`;
    ValueError on a tie or when no object has any."""
    objects = components(g, conn, True, 0)
    counts = [sum(1 for y, x in cells if g[y, x] == color) for _, cells in objects]
    best = max(counts, default=0)
    if best == 0 or counts.count(best) != 1:
        raise ValueError("no single object with the most cells of the color")
    top, left, bottom, right = object_bbox(objects[counts.index(best)][1])
    return g[top:bottom + 1, left:right + 1].copy()


def keep_object(g, conn, multicolor, selector):
    """Keep only the object picked by `selector` in place; everything else becomes 0."""
    color, cells = select_object(g, conn, multicolor, selector)
    out = np.zeros_like(g)
    for y, x in cells:
        out[y, x] = g[y, x]
    return out


def remove_object(g, conn, multicolor, selector):
    """Erase (set to 0) the object picked by `selector`."""
    color, cells = select_object(g, conn, multicolor, selector)
    out = g.copy()
    for y, x in cells:
        out[y, x] = 0
    return out


def remove_small_objects(g, conn, max_size):
    """Erase single-color objects of at most `max_size` cells (noise)."""
    out = g.copy()
    for color, cells in components(g, conn, False, 0):
        if len(cells) <= max_size:
            for y, x in cells:
                out[y, x] = 0
    return out


# ------------------------------------------------------------------------------------------- colors


def recolor(g, mapping):
    """Replace colors by `mapping` (a dict color -> color); colors not in it stay."""
    table = np.arange(10, dtype=np.int64)
    for src, dst in mapping.items():
        table[src] = dst
    return table[np.asarray(g, dtype=np.int64)].astype(g.dtype)


def remove_color(g, color):
    """Set every cell of `color` to 0."""
    color = resolve_color(g, color)
    out = g.copy()
    out[g == color] = 0
    return out


def keep_color(g, color):
    """Set every cell that is not `color` to 0."""
    color = resolve_color(g, color)
    out = np.zeros_like(g)
    out[g == color] = color
    return out


def binarize(g):
    """1 where the cell is not 0, else 0 (a mask for a later recoloring)."""
    return (g != 0).astype(g.dtype)


def majority_color_fill(g):
    """Paint every non-0 cell with the most common non-0 color."""
    counts = np.bincount(g.ravel().astype(np.int64), minlength=10)
    counts[0] = 0
    if counts.sum() == 0:
        raise ValueError("empty")
    out = g.copy()
    out[g != 0] = int(np.argmax(counts))
    return out


# ------------------------------------------------------------------------------------------ physics


def gravity(g, direction):
    """Let every non-0 cell fall towards `direction` ('down', 'up', 'left', 'right'), keeping their order."""
    k = {"down": 0, "left": 1, "up": 2, "right": 3}[direction]
    r = np.rot90(g, k)
    out = np.zeros_like(r)
    for c in range(r.shape[1]):
        column = r[:, c]
        values = column[column != 0]
        if len(values):
            out[r.shape[0] - len(values):, c] = values
    return np.rot90(out, -k).copy()


def slide_color(g, mover, anchor):
    """Slide all cells of color `mover`, as one rigid piece, straight towards the cells of color `anchor` until
    the next step would hit a non-0 cell or leave the grid. The anchor must lie wholly on one side of the mover
    (rows overlapping: move left/right; columns overlapping: move up/down)."""
    m = g == mover
    a = g == anchor
    if mover == anchor or not m.any() or not a.any():
        raise ValueError("colors absent")
    mys, mxs = np.nonzero(m)
    ays, axs = np.nonzero(a)
    rows_overlap = max(mys.min(), ays.min()) <= min(mys.max(), ays.max())
    cols_overlap = max(mxs.min(), axs.min()) <= min(mxs.max(), axs.max())
    if rows_overlap == cols_overlap:
        raise ValueError("no single direction")
    if rows_overlap:
        dy, dx = 0, (1 if axs.min() > mxs.max() else -1 if axs.max() < mxs.min() else 0)
    else:
        dy, dx = (1 if ays.min() > mys.max() else -1 if ays.max() < mys.min() else 0), 0
    if (dy, dx) == (0, 0):
        raise ValueError("interleaved")
    h, w = g.shape
    others = (g != 0) & ~m
    k = 0
    while True:
        ny, nx = mys + (k + 1) * dy, mxs + (k + 1) * dx
        if ny.min() < 0 or nx.min() < 0 or ny.max() >= h or nx.max() >= w or others[ny, nx].any():
            break
        k += 1
    if k == 0:
        raise ValueError("does not move")
    out = g.copy()
    out[m] = 0
    out[mys + k * dy, mxs + k * dx] = mover
    return out


def gravity_objects(g, direction):
    """Let every object (8-connected, any colors) fall rigidly towards `direction` until it rests on the grid
    edge or another cell; the objects nearest that edge land first."""
    k = {"down": 0, "left": 1, "up": 2, "right": 3}[direction]
    r = np.rot90(g, k).copy()
    h, w = r.shape
    objects = components(r, 8, True, 0)
    if not objects:
        raise ValueError("empty")
    out = np.zeros_like(r)
    for _, cells in sorted(objects, key=lambda o: -max(y for y, _ in o[1])):
        ys = np.array([y for y, _ in cells])
        xs = np.array([x for _, x in cells])
        values = r[ys, xs]
        drop = 0
        while ys.max() + drop + 1 < h and not out[ys + drop + 1, xs].any():
            drop += 1
        out[ys + drop, xs] = values
    return np.rot90(out, -k).copy()


def alternate_rays(g, direction, color):
    """From every non-0 cell a ray towards `direction` over the 0 cells up to the next non-0 cell or the border,
    alternating `color` (first) and the cell's own color. ValueError when no ray has a cell."""
    dy, dx = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}[direction]
    h, w = g.shape
    out = g.copy()
    drawn = False
    for y, x in np.argwhere(g != 0).tolist():
        k = 1
        while 0 <= y + k * dy < h and 0 <= x + k * dx < w and g[y + k * dy, x + k * dx] == 0:
            out[y + k * dy, x + k * dx] = color if k % 2 else g[y, x]
            drawn = True
            k += 1
    if not drawn:
        raise ValueError("no ray")
    return out


def anchor_hits(g, anchor):
    """Each (y, x, dy, dx, k), in reading order of the cells and then down, up, right, left: the cell (y, x),
    neither 0 nor `anchor`, looks along (dy, dx) over k - 1 >= 1 zero cells onto an `anchor` cell k steps away."""
    h, w = g.shape
    hits = []
    for y, x in np.argwhere((g != 0) & (g != anchor)).tolist():
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            k = 1
            while 0 <= y + k * dy < h and 0 <= x + k * dx < w and g[y + k * dy, x + k * dx] == 0:
                k += 1
            if k > 1 and 0 <= y + k * dy < h and 0 <= x + k * dx < w and g[y + k * dy, x + k * dx] == anchor:
                hits.append((y, x, dy, dx, k))
    return hits


def rays_to(g, anchor):
    """From every cell neither 0 nor `anchor`, a ray of its color in each of the four directions whose 0 cells
    lead to an `anchor` cell. ValueError when no ray has a cell."""
    hits = anchor_hits(g, anchor)
    if not hits:
        raise ValueError("no ray")
    out = g.copy()
    for y, x, dy, dx, k in hits:
        for j in range(1, k):
            out[y + j * dy, x + j * dx] = g[y, x]
    return out


def repeat_lines(g):
    """A grid of exactly two non-0 cells becomes full lines across its shorter side (columns when it is at least
    as wide as tall) through the two cells, repeated at their distance to the far edge, in their colors in turn.
    ValueError otherwise (or when both cells are on one line)."""
    cells = np.argwhere(g != 0).tolist()
    if len(cells) != 2:
        raise ValueError("not two cells")
    axis = 1 if g.shape[1] >= g.shape[0] else 0
    first, second = sorted(cells, key=lambda c: (c[axis], c[1 - axis]))
    step = second[axis] - first[axis]
    if step == 0:
        raise ValueError("both cells on one line")
    colors = (g[first[0], first[1]], g[second[0], second[1]])
    out = np.zeros_like(g)
    for k, at in enumerate(range(first[axis], g.shape[axis], step)):
        if axis == 1:
            out[:, at] = colors[k % 2]
        else:
            out[at, :] = colors[k % 2]
    return out


def meet_halves(g, middle, axis):
    """Every row (axis 'rows') or column ('cols') of the grid with exactly two non-0 cells apart: the first
    half of the gap takes the first cell's color, the second half the second's, and an odd gap's middle cell
    `middle`. ValueError when no line has such a pair."""
    out = g.copy()
    src, dst = (g, out) if axis == "rows" else (g.T, out.T)   # dst is a view of out
    drawn = False
    for i in range(src.shape[0]):
        at = np.nonzero(src[i])[0]
        if len(at) != 2 or at[1] - at[0] < 2:
            continue
        left, right = int(at[0]), int(at[1])
        gap = right - left - 1
        half = gap // 2
        dst[i, left + 1:left + 1 + half] = src[i, left]
        dst[i, right - half:right] = src[i, right]
        if gap % 2:
            dst[i, left + 1 + half] = middle
        drawn = True
    if not drawn:
        raise ValueError("no line with two cells")
    return out


def sort_bars(g):
    """Each row's non-0 cells gathered against the right edge in their order, and the rows sorted by how many
    they have (fewest, so the empty rows, on top; ties keep their order)."""
    h, w = g.shape
    rows = [row[row != 0] for row in g]
    out = np.zeros_like(g)
    for k, i in enumerate(sorted(range(h), key=lambda i: len(rows[i]))):
        if len(rows[i]):
            out[k, w - len(rows[i]):] = rows[i]
    return out


def tile_runs(g):
    """Every row, then every column, whose non-0 cells are one run of two or more: the run repeated over the
    whole line in its own phase (columns read the input). ValueError when no line has such a run."""
    out = g.copy()
    drawn = False
    for src, dst in ((g, out), (g.T, out.T)):
        for i in range(src.shape[0]):
            at = np.nonzero(src[i])[0]
            if len(at) < 2 or at[-1] - at[0] + 1 != len(at):
                continue
            start, period = int(at[0]), len(at)
            dst[i] = src[i, [start + (k - start) % period for k in range(src.shape[1])]]
            drawn = True
    if not drawn:
        raise ValueError("no run")
    return out


def fill_between_corners(g, color):
    """Four cells of one color (a color with at most 20 cells) at the corners of a rectangle at least 3 x 3:
    the 0 cells strictly inside take `color`. ValueError when no four cells make such a rectangle."""
    out = g.copy()
    drawn = False
    for c in range(1, 10):
        cells = [tuple(p) for p in np.argwhere(g == c).tolist()]
        if not 4 <= len(cells) <= 20:
            continue
        marked = set(cells)
        for y1, x1 in cells:
            for y2, x2 in cells:
                if y2 > y1 + 1 and x2 > x1 + 1 and (y1, x2) in marked and (y2, x1) in marked:
                    inside = out[y1 + 1:y2, x1 + 1:x2]
                    inside[g[y1 + 1:y2, x1 + 1:x2] == 0] = color
                    drawn = True
    if not drawn:
        raise ValueError("no rectangle of corner cells")
    return out


def project_onto(g, anchor):
    """Every cell neither 0 nor `anchor` that looks along its row or column over at least one 0 cell onto an
    `anchor` cell paints that cell in its own color (rays_to's hits, without the rays). ValueError: no hit."""
    hits = anchor_hits(g, anchor)
    if not hits:
        raise ValueError("no cell looks onto the anchor color")
    out = g.copy()
    for y, x, dy, dx, k in hits:
        out[y + k * dy, x + k * dx] = g[y, x]
    return out


def fill_empty_squares(g, k, color):
    """Scanning in reading order, every k x k block of 0 cells that overlaps no block taken before takes
    `color`. ValueError when there is none."""
    h, w = g.shape
    out = g.copy()
    taken = np.zeros(g.shape, dtype=bool)
    empty = g == 0
    drawn = False
    for y in range(h - k + 1):
        for x in range(w - k + 1):
            if empty[y:y + k, x:x + k].all() and not taken[y:y + k, x:x + k].any():
                out[y:y + k, x:x + k] = color
                taken[y:y + k, x:x + k] = True
                drawn = True
    if not drawn:
        raise ValueError("no empty square")
    return out


def empty_rects(free):
    """(top, bottom, left, right) of every rectangle of True cells of `free` at least 2 x 2 that is as wide as
    its rows allow (a maximal run of columns free on every row from top to bottom), by top, bottom, left."""
    h, w = free.shape
    rects = []
    for top in range(h - 1):
        for bottom in range(top + 1, h):
            open_cols = free[top:bottom + 1].all(axis=0)
            run = 0
            for x in range(w + 1):
                if x < w and open_cols[x]:
                    run += 1
                    continue
                if run >= 2:
                    rects.append((top, bottom, x - run, x - 1))
                run = 0
    return rects


def fill_largest_empty(g, color):
    """The largest rectangle of 0 cells at least 2 x 2 takes `color`. ValueError when there is none or two tie."""
    rects = empty_rects(g == 0)
    best = max(((b - t + 1) * (r - l + 1) for t, b, l, r in rects), default=0)
    found = [rect for rect in rects if (rect[1] - rect[0] + 1) * (rect[3] - rect[2] + 1) == best]
    if len(found) != 1:
        raise ValueError("no single largest empty rectangle")
    top, bottom, left, right = found[0]
    out = g.copy()
    out[top:bottom + 1, left:right + 1] = color
    return out


def alternate_cells(g, color):
    """In every one-color object (8-connected), every second cell in reading order takes `color`. ValueError when
    no object has two cells."""
    out = g.copy()
    drawn = False
    for _, cells in components(g, 8, False, 0):
        for y, x in cells[1::2]:
            out[y, x] = color
            drawn = True
    if not drawn:
        raise ValueError("no object of two cells")
    return out


def center_lines(g, color):
    """Through the center of every one-color object (8-connected, two cells or more, odd height and width) a row
    and a column of `color` over the 0 cells. ValueError when no object has a center cell."""
    out = g.copy()
    drawn = False
    for _, cells in components(g, 8, False, 0):
        top, left, bottom, right = object_bbox(cells)
        if len(cells) < 2 or (bottom - top) % 2 or (right - left) % 2:
            continue
        cy, cx = (top + bottom) // 2, (left + right) // 2
        out[cy][g[cy] == 0] = color
        out[:, cx][g[:, cx] == 0] = color
        drawn = True
    if not drawn:
        raise ValueError("no object with a center cell")
    return out


def cross_points(g, color, corner):
    """The 0 cells where a row marked on one edge column crosses a column marked on one edge row take `color`;
    a mark is a non-0 cell, the edges meet at `corner` (0 top-left, 1 top-right, 2 bottom-left, 3
    bottom-right). ValueError when no 0 cell is at a crossing."""
    h, w = g.shape
    edge_row, edge_col = (0 if corner < 2 else h - 1), (0 if corner % 2 == 0 else w - 1)
    rows = [y for y in range(h) if g[y, edge_col]]
    cols = [x for x in range(w) if g[edge_row, x]]
    out = g.copy()
    drawn = False
    for y in rows:
        for x in cols:
            if g[y, x] == 0:
                out[y, x] = color
                drawn = True
    if not drawn:
        raise ValueError("no crossing")
    return out


def reverse_rings(g):
    """The concentric rings (cells at one distance from the border) of a grid whose every ring has one color,
    with the rings' colors in reverse order (the outermost takes the innermost's). ValueError otherwise."""
    h, w = g.shape
    ys, xs = np.mgrid[0:h, 0:w]
    ring = np.minimum(np.minimum(ys, xs), np.minimum(h - 1 - ys, w - 1 - xs))
    n = int(ring.max()) + 1
    colors = []
    for i in range(n):
        values = np.unique(g[ring == i])
        if len(values) != 1:
            raise ValueError("a ring of two colors")
        colors.append(values[0])
    return np.array(colors[::-1], dtype=g.dtype)[ring]


def paint_from_edge(g, color, side):
    """Each `color` cell takes the color of its row's (side 'left' / 'right') or column's ('top' / 'bottom')
    cell on that edge, where that is neither 0 nor `color`. ValueError when no cell changes."""
    h, w = g.shape
    out = g.copy()
    changed = False
    for y, x in np.argwhere(g == color).tolist():
        key = {"left": g[y, 0], "right": g[y, w - 1], "top": g[0, x], "bottom": g[h - 1, x]}[side]
        if key != 0 and key != color:
            out[y, x] = key
            changed = True
    if not changed:
        raise ValueError("no cell changes")
    return out


def recolor_like_enclosed(g, conn):
    """Objects (one-color, `conn`-connected) enclosed by others (off the border, with no 4-neighbour in the 0
    area that reaches the border) are keys: every other object with a key's exact shape takes the key's color
    (a shape with keys of two colors is left). ValueError when no object changes."""
    h, w = g.shape
    outside = border_zeros(g)
    objects = components(g, conn, False, 0)

    def enclosed(cells):
        return all(0 < y < h - 1 and 0 < x < w - 1 and not (outside[y + 1, x] or outside[y - 1, x] or
                                                             outside[y, x + 1] or outside[y, x - 1])
                   for y, x in cells)
    keys: dict = {}
    is_key = [enclosed(cells) for _, cells in objects]
    shapes = [object_shape_key(g, cells, False) for _, cells in objects]
    for (color, _), key, shape in zip(objects, is_key, shapes):
        if key:
            keys.setdefault(shape, set()).add(color)
    out = g.copy()
    changed = False
    for (color, cells), key, shape in zip(objects, is_key, shapes):
        colors = keys.get(shape, set())
        if not key and len(colors) == 1 and color not in colors:
            (new,) = colors
            for y, x in cells:
                out[y, x] = new
            changed = True
    if not changed:
        raise ValueError("no object changes")
    return out


def move_by_size(g, direction):
    """Every one-color object (4-connected) moves towards `direction` by its own height (up, down) or width
    (left, right), over a 0 background, later objects on top; cells leaving the grid are lost."""
    dy, dx = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}[direction]
    h, w = g.shape
    out = np.zeros_like(g)
    for _, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        k = bottom - top + 1 if dy else right - left + 1
        for y, x in cells:
            if 0 <= y + dy * k < h and 0 <= x + dx * k < w:
                out[y + dy * k, x + dx * k] = g[y, x]
    return out


def align_objects(g, color, axis):
    """Every object (8-connected, any colors) moves along columns (axis 'rows') or rows ('cols') until its top
    row (left column) is the one of the only object all of `color`; later objects on top."""
    h, w = g.shape
    objects = components(g, 8, True, 0)
    marks = [cells for _, cells in objects if all(g[y, x] == color for y, x in cells)]
    if len(marks) != 1:
        raise ValueError("no single reference object")
    top, left, _, _ = object_bbox(marks[0])
    out = np.zeros_like(g)
    for _, cells in objects:
        t, l, _, _ = object_bbox(cells)
        dy, dx = (top - t, 0) if axis == "rows" else (0, left - l)
        for y, x in cells:
            if 0 <= y + dy < h and 0 <= x + dx < w:
                out[y + dy, x + dx] = g[y, x]
    return out


def flood_touching(g, color):
    """Every 4-connected region of 0 cells that borders (4-adjacent) a cell of `color` is painted `color`.
    ValueError: no cell of that color."""
    is_color = g == color
    if not is_color.any():
        raise ValueError("no cell of that color")
    near = np.zeros(g.shape, dtype=bool)
    near[1:] |= is_color[:-1]
    near[:-1] |= is_color[1:]
    near[:, 1:] |= is_color[:, :-1]
    near[:, :-1] |= is_color[:, 1:]
    out = g.copy()
    for _, cells in components((g == 0).astype(np.uint8), 4, False, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        if near[ys, xs].any():
            out[ys, xs] = color
    return out


def flood_checker(g, wall):
    """The 0 cells 4-connected (through 0 cells) to the seed cells, those neither 0 nor `wall`, take the seeds'
    checkerboard: a cell gets the color of the seeds on its parity of (row + col). ValueError unless the seeds
    show one color on each parity, or when no 0 cell is reached."""
    h, w = g.shape
    by_parity = {}
    stack = []
    for y in range(h):
        for x in range(w):
            v = int(g[y, x])
            if v != 0 and v != wall:
                if by_parity.setdefault((y + x) % 2, v) != v:
                    raise ValueError("seeds of two colors on one parity")
                stack.append((y, x))
    if len(by_parity) != 2:
        raise ValueError("no seed colors on both parities")
    out = g.copy()
    seen = {(y, x) for y, x in stack}
    reached = False
    while stack:
        y, x = stack.pop()
        for yy, xx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
            if 0 <= yy < h and 0 <= xx < w and (yy, xx) not in seen and g[yy, xx] == 0:
                seen.add((yy, xx))
                out[yy, xx] = by_parity[(yy + xx) % 2]
                reached = True
                stack.append((yy, xx))
    if not reached:
        raise ValueError("no 0 cell reached")
    return out


def pieces_into_holes(g):
    """Each hole, a 4-connected region of 0 cells that does not touch the border, takes the first piece of
    exactly its shape: a piece is a one-color object (4-connected) whose color forms no other object, taken in
    `components` order, each used once. The piece moves there, its old cells cleared. ValueError when no hole
    gets a piece."""
    h, w = g.shape
    holes = [cells for _, cells in components((g == 0).astype(np.uint8), 4, False, 0)
             if not any(y in (0, h - 1) or x in (0, w - 1) for y, x in cells)]
    objects = components(g, 4, False, 0)
    n_objects = {}
    for color, _ in objects:
        n_objects[color] = n_objects.get(color, 0) + 1
    pieces = [(color, cells) for color, cells in objects if n_objects[color] == 1]

    def shape(cells):
        top, left = cells[0][0], min(x for _, x in cells)
        return [(y - top, x - left) for y, x in cells]

    used = set()
    moves = []
    for hole in holes:
        for k, (color, cells) in enumerate(pieces):
            if k not in used and len(cells) == len(hole) and shape(cells) == shape(hole):
                used.add(k)
                moves.append((color, cells, hole))
                break
    if not moves:
        raise ValueError("no piece fits a hole")
    out = g.copy()
    for _, cells, _ in moves:
        for y, x in cells:
            out[y, x] = 0
    for color, _, hole in moves:
        for y, x in hole:
            out[y, x] = color
    return out


def recolor_half(g, side, color):
    """In every one-color object (4-connected), the cells past the middle of its box towards `side` ('top',
    'bottom', 'left', 'right'; a middle line of an odd box stays) take `color`."""
    out = g.copy()
    for _, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        h, w = bottom - top + 1, right - left + 1
        for y, x in cells:
            if ((side == "bottom" and 2 * (y - top) > h - 1) or (side == "top" and 2 * (y - top) < h - 1)
                    or (side == "right" and 2 * (x - left) > w - 1) or (side == "left" and 2 * (x - left) < w - 1)):
                out[y, x] = color
    return out


def border_zeros(g):
    """The 0 cells that reach the grid border through 0 cells (4-connected), as a boolean mask."""
    h, w = g.shape
    outside = np.zeros((h, w), dtype=bool)
    stack = [(r, c) for r in range(h) for c in (0, w - 1)] + [(r, c) for r in (0, h - 1) for c in range(w)]
    zero = (g == 0).tolist()
    while stack:
        r, c = stack.pop()
        if 0 <= r < h and 0 <= c < w and zero[r][c] and not outside[r, c]:
            outside[r, c] = True
            stack.extend(((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)))
    return outside


def fill_enclosed(g, color):
    """Paint with `color` the 0 cells that cannot reach the grid border through 0 cells (4-connected)."""
    holes = (g == 0) & ~border_zeros(g)
    out = g.copy()
    out[holes] = color
    return out


def extend_rays(g, color, directions, stop):
    """From every cell of `color` (-1: every non-0 cell), draw rays of its color in `directions` over 0 cells.

    `directions` is a string of letters U D L R (and diagonals 'a'=up-left 'b'=up-right 'c'=down-left
    'd'=down-right); `stop` 'hit' ends a ray at the first non-0 cell, 'border' passes over them, 'only_hit'
    ends it there too but draws only the rays that reach a non-0 cell (not the border)."""
    steps = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1),
             "a": (-1, -1), "b": (-1, 1), "c": (1, -1), "d": (1, 1)}
    h, w = g.shape
    starts = list(zip(*np.nonzero(g != 0 if color == -1 else g == color)))
    out = g.copy()
    for y0, x0 in starts:
        paint = g[y0, x0]
        for letter in directions:
            dy, dx = steps[letter]
            y, x = y0 + dy, x0 + dx
            ray = []
            hit = False
            while 0 <= y < h and 0 <= x < w:
                if g[y, x] != 0:
                    if stop != "border":
                        hit = True
                        break
                else:
                    ray.append((y, x))
                y, x = y + dy, x + dx
            if stop != "only_hit" or hit:
                for y, x in ray:
                    out[y, x] = paint
    return out


def colored_rays(g, paint, directions):
    """From every non-0 cell, rays in `directions` (letters as `extend_rays`) over the 0 cells to the border
    (passing the other cells), painted `paint` rather than the cell's color. ValueError when no ray has a cell."""
    out = g.copy()
    out[extend_rays(g, -1, directions, "border") != g] = paint
    if np.array_equal(out, g):
        raise ValueError("no ray")
    return out


def pixels_to_lines(g, keep):
    """Single cells move straight to the nearest line of their own color (a one-color 4-connected object one
    cell thick and at least 3 long) that spans their row or column, stopping beside it; cells with no such line
    stay when `keep`, else vanish. ValueError: no line or no single cell."""
    lines, pixels = [], []
    for color, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        if len(cells) == 1:
            pixels.append((color, cells[0]))
        elif (top == bottom or left == right) and len(cells) >= 3:
            lines.append((color, top, left, bottom, right))
    if not lines or not pixels:
        raise ValueError("no lines or no single cells")
    out = g.copy()
    for _, (y, x) in pixels:
        out[y, x] = 0
    for color, (y, x) in pixels:
        best = None
        for c, top, left, bottom, right in lines:
            if c != color:
                continue
            if top == bottom and left <= x <= right:
                distance, target = abs(y - top), (top + (1 if y > top else -1), x)
            elif left == right and top <= y <= bottom:
                distance, target = abs(x - left), (y, left + (1 if x > left else -1))
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, target)
        if best is not None:
            out[best[1]] = color
        elif keep:
            out[y, x] = color
    return out


def cross_lines(g, crossing):
    """Every one-cell-thick one-color object (4-connected) extends to a full line over the 0 cells: along its
    row when it is one row high, its column when one column wide (a single cell: both). A row line and a column
    line of different colors meet in `crossing`. ValueError: no such object, or two colors on one line."""
    h, w = g.shape
    rows, cols = {}, {}
    for color, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        if top == bottom:
            rows.setdefault(top, set()).add(color)
        if left == right:
            cols.setdefault(left, set()).add(color)
    if not rows and not cols:
        raise ValueError("no line objects")
    if any(len(colors) > 1 for colors in list(rows.values()) + list(cols.values())):
        raise ValueError("two colors on one line")
    out = g.copy()
    for y, (color,) in rows.items():
        out[y, g[y] == 0] = color
    for x, (color,) in cols.items():
        for y in range(h):
            if g[y, x] == 0:
                out[y, x] = crossing if y in rows and rows[y] != {color} else color
    return out


def template_onto_shapes(g, conn, keep):
    """Paint each single-color object whose cells have the exact shape of a template (a `conn`-connected object
    of two or more colors, not turned) with that template's colors, the first such template in reading order;
    the templates stay when `keep`, else they are erased. No placeholder painted is a ValueError."""
    templates, holders = [], []
    for _, cells in components(g, conn, True, 0):
        top, left, _, _ = object_bbox(cells)
        one_color = len({int(g[y, x]) for y, x in cells}) == 1
        (holders if one_color else templates).append((top, left, object_shape_key(g, cells, False), cells))
    out = g.copy()
    if not keep:
        for _, _, _, cells in templates:
            for y, x in cells:
                out[y, x] = 0
    painted = False
    for top, left, shape, cells in holders:
        for t_top, t_left, t_shape, _ in templates:
            if t_shape == shape:
                for y, x in cells:
                    out[y, x] = g[y - top + t_top, x - left + t_left]
                painted = True
                break
    if not painted:
        raise ValueError("no placeholder has a template's shape")
    return out


def complete_templates(g, turns):
    """Complete partial copies of the picture's templates (8-connected objects of two or more colors).

    A placement puts a template (turned or flipped by the 8 dihedral symmetries when `turns`), wholly inside
    the grid, where every non-0 cell under it has the template's color and those cells make up whole objects.
    Placements covering the most cells go first (then template, symmetry, row, column order); one whose objects
    an earlier placement took is skipped; each taken placement paints the template."""
    return place_templates(g, turns, False)


def move_templates(g, turns):
    """The templates (8-connected objects of two or more colors) move onto their partial copies: as
    `complete_templates`, but a placement may not take its own template's cells nor those of a template that
    has moved, and every template with a placement taken is erased before the placements are painted.
    ValueError when no placement is taken."""
    return place_templates(g, turns, True)


def place_templates(g, turns, move):
    """`complete_templates` (move False) or `move_templates` (move True)."""
    h, w = g.shape
    objects = [cells for _, cells in components(g, 8, True, 0)]
    label = np.full((h, w), -1)
    for i, cells in enumerate(objects):
        for y, x in cells:
            label[y, x] = i
    templates, owners = [], []
    for i, cells in enumerate(objects):
        if len({int(g[y, x]) for y, x in cells}) < 2:
            continue
        owners.append(i)
        top, left, bottom, right = object_bbox(cells)
        patch = np.zeros((bottom - top + 1, right - left + 1), dtype=g.dtype)
        for y, x in cells:
            patch[y - top, x - left] = g[y, x]
        templates.append(patch)
    if not templates:
        raise ValueError("no template")
    names = ("id", "lr", "ud", "r180", "t", "at", "r90", "r270") if turns else ("id",)
    placements = []
    for t, template in enumerate(templates):
        seen = set()
        for n, name in enumerate(names):
            p = dihedral(template, name)
            key = bytes(p.shape) + p.tobytes()
            ph, pw = p.shape
            if key in seen or ph > h or pw > w:
                continue
            seen.add(key)
            ys, xs = np.nonzero(p)
            want = p[ys, xs]
            under = np.lib.stride_tricks.sliding_window_view(g, (ph, pw))[:, :, ys, xs]
            fits = ~((under != 0) & (under != want)).any(axis=2) & (under != 0).any(axis=2)
            for oy, ox in zip(*np.nonzero(fits)):
                Y, X = ys + oy, xs + ox
                taken = g[Y, X] != 0
                touched = set(label[Y[taken], X[taken]].tolist())
                if sum(len(objects[i]) for i in touched) == int(taken.sum()):
                    placements.append((-int(taken.sum()), t, n, int(oy), int(ox), touched, Y, X, want))
    placements.sort(key=lambda item: item[:5])
    used, taken = set(), []
    for _, t, _, _, _, touched, Y, X, want in placements:
        if touched & used or (move and (owners[t] in touched or owners[t] in used)):
            continue
        used |= touched | ({owners[t]} if move else set())
        taken.append((t, Y, X, want))
    if move and not taken:
        raise ValueError("no template moved")
    out = g.copy()
    for t in sorted({t for t, _, _, _ in taken}) if move else ():
        for y, x in objects[owners[t]]:
            out[y, x] = 0
    for _, Y, X, want in taken:
        out[Y, X] = want
    return out


def pull_pixels(g, directions):
    """Single cells (8-connected objects of one cell) move straight towards the nearest bigger object along the
    directions (letters as `extend_rays`) and stop beside it; a cell that reaches none stays. Later cells on top.
    ValueError: no single cell, or nothing else."""
    steps = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1),
             "a": (-1, -1), "b": (-1, 1), "c": (1, -1), "d": (1, 1)}
    h, w = g.shape
    objects = components(g, 8, True, 0)
    pixels = [cells[0] for _, cells in objects if len(cells) == 1]
    if not pixels or len(pixels) == len(objects):
        raise ValueError("no single cells or nothing else")
    base = g.copy()
    for y, x in pixels:
        base[y, x] = 0
    out = base.copy()
    for y0, x0 in pixels:
        best = None
        for letter in (ch for ch in "UDLRabcd" if ch in directions):
            dy, dx = steps[letter]
            y, x, n = y0 + dy, x0 + dx, 1
            while 0 <= y < h and 0 <= x < w and base[y, x] == 0:
                y, x, n = y + dy, x + dx, n + 1
            if 0 <= y < h and 0 <= x < w and (best is None or n < best[0]):
                best = (n, y - dy, x - dx)
        if best is None:
            out[y0, x0] = g[y0, x0]
        else:
            out[best[1], best[2]] = g[y0, x0]
    return out


def paint_ray(g, out, y, x, dy, dx, color):
    """Paint `color` into `out` from (y, x) on, a step of (dy, dx) at a time, over the cells that are 0 in `g`,
    until a non-0 cell or the border; whether any cell was painted."""
    h, w = g.shape
    painted = False
    while 0 <= y < h and 0 <= x < w and g[y, x] == 0:
        out[y, x] = color
        painted = True
        y, x = y + dy, x + dx
    return painted


def corner_rays(g, color, directions):
    """From the box corner of every single-color object (8-connected) of `color`, a diagonal ray of that color
    for each letter of `directions` ('a' up-left from the top-left corner, 'b' up-right, 'c' down-left,
    'd' down-right), over 0 cells of the input until a non-0 cell or the border. ValueError: no such object."""
    objects = [cells for c, cells in components(g, 8, False, 0) if c == color]
    if not objects:
        raise ValueError("no object of that color")
    out = g.copy()
    for cells in objects:
        top, left, bottom, right = object_bbox(cells)
        corners = {"a": (top, left, -1, -1), "b": (top, right, -1, 1), "c": (bottom, left, 1, -1),
                   "d": (bottom, right, 1, 1)}
        for letter in directions:
            y, x, dy, dx = corners[letter]
            paint_ray(g, out, y + dy, x + dx, dy, dx, color)
    return out


def extend_tails(g):
    """From every non-0 cell with exactly one non-0 neighbour (of the 8), a ray of its color leading away from
    that neighbour over 0 cells of the input until a non-0 cell or the border: lines and diagonal tails grow.
    ValueError when no ray has a cell."""
    h, w = g.shape
    out = g.copy()
    drawn = False
    for y, x in np.argwhere(g != 0).tolist():
        near = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                if (dy or dx) and 0 <= y + dy < h and 0 <= x + dx < w and g[y + dy, x + dx] != 0]
        if len(near) != 1:
            continue
        dy, dx = -near[0][0], -near[0][1]
        drawn = paint_ray(g, out, y + dy, x + dx, dy, dx, g[y, x]) or drawn
    if not drawn:
        raise ValueError("no tail to extend")
    return out


def attract(g, anchor, axis):
    """Cells slide along rows (axis 'rows') or columns ('cols') towards the cells of color `anchor` in their
    line: the non-0 cells before the line's first anchor cell gather against it, keeping their order, and so
    do those after its last one; lines without an anchor cell stay; 'both' is 'rows' then 'cols'. ValueError
    when no cell has that color."""
    if not (g == anchor).any():
        raise ValueError("no anchor cell")
    if axis == "both":
        return attract(attract(g, anchor, "rows"), anchor, "cols")
    a = g if axis == "rows" else g.T
    out = a.copy()
    for i in range(a.shape[0]):
        line = a[i]
        found = np.nonzero(line == anchor)[0]
        if not len(found):
            continue
        first, last = int(found[0]), int(found[-1])
        before = [v for v in line[:first] if v != 0]
        after = [v for v in line[last + 1:] if v != 0]
        out[i, :first] = 0
        out[i, first - len(before):first] = before
        out[i, last + 1:] = 0
        out[i, last + 1:last + 1 + len(after)] = after
    return out if axis == "rows" else out.T.copy()


def pad_canvas(g, fy, fx):
    """The grid at the top-left of an all-0 canvas fy times as tall and fx times as wide (for a later step to draw
    on). ValueError past 30 cells a side."""
    h, w = g.shape
    if h * fy > 30 or w * fx > 30:
        raise ValueError("too large")
    out = np.zeros((h * fy, w * fx), dtype=g.dtype)
    out[:h, :w] = g
    return out


def pad_edges(g):
    """One more cell on every side, copying the edge cells outwards; the four new corners are 0. ValueError past
    30 cells a side."""
    h, w = g.shape
    if h + 2 > 30 or w + 2 > 30:
        raise ValueError("too large")
    out = np.zeros((h + 2, w + 2), dtype=g.dtype)
    out[1:-1, 1:-1] = g
    out[0, 1:-1], out[-1, 1:-1] = g[0], g[-1]
    out[1:-1, 0], out[1:-1, -1] = g[:, 0], g[:, -1]
    return out


def upscale_by_count(g, feature):
    """Each cell becomes a k x k block, k = the grid's number of non-0 colors ('colors') or non-0 cells ('cells')."""
    k = len(set(np.unique(g).tolist()) - {0}) if feature == "colors" else int(np.count_nonzero(g))
    if k < 1 or k * max(g.shape) > 30:
        raise ValueError("no scale factor")
    return np.kron(g, np.ones((k, k), dtype=g.dtype))


def grid_feature(g, kind):
    """A literal key of the grid: 'mask' its non-0 cells (a tuple of '0'/'1' strings, one per row), 'symmetry'
    whether it equals its lr flip, ud flip and transpose, 'colors' its sorted non-0 colors ('n_colors' how
    many), 'objects' its
    number of 8-connected objects (colors joined), 'shape' its (rows, cols)."""
    if kind == "mask":
        return tuple("".join("1" if v else "0" for v in row) for row in (np.asarray(g) != 0).tolist())
    if kind == "symmetry":
        t = g.shape[0] == g.shape[1] and bool(np.array_equal(g, g.T))
        return (bool(np.array_equal(g, g[:, ::-1])), bool(np.array_equal(g, g[::-1, :])), t)
    if kind == "colors":
        return tuple(int(c) for c in np.unique(g) if c != 0)
    if kind == "n_colors":
        return len([c for c in np.unique(g) if c != 0])
    if kind == "objects":
        return len(components(g, 8, True, 0))
    if kind == "shape":
        return (int(g.shape[0]), int(g.shape[1]))
    raise ValueError(f"unknown feature {kind}")


def lookup_output(g, kind, table):
    """The output grid (a tuple of rows) that `table` gives for the grid's feature `kind` (see `grid_feature`)."""
    key = grid_feature(g, kind)
    if key not in table:
        raise ValueError("feature not in the table")
    return np.array(table[key], dtype=np.uint8)


def map_lines(g, axis, table):
    """Every row (axis 'rows') or column ('cols') replaced by the line `table` gives for it (keys and values are
    tuples of colors); ValueError when a line is not in the table."""
    lines = g if axis == "rows" else g.T
    if any(tuple(line.tolist()) not in table for line in lines):
        raise ValueError("line not in the table")
    out = np.array([table[tuple(line.tolist())] for line in lines], dtype=g.dtype)
    return out if axis == "rows" else out.T.copy()


def open_squares(g):
    """Keep only the non-0 cells that lie in some 2x2 block of cells of their color; the others become 0."""
    h, w = g.shape
    keep = np.zeros((h, w), dtype=bool)
    for y in range(h - 1):
        for x in range(w - 1):
            v = g[y, x]
            if v != 0 and g[y, x + 1] == v and g[y + 1, x] == v and g[y + 1, x + 1] == v:
                keep[y:y + 2, x:x + 2] = True
    out = g.copy()
    out[~keep] = 0
    return out


def fill_color_boxes(g):
    """For every color with two cells or more (in increasing order), paint the 0 cells of the box spanned by
    all its cells with it (a later color paints over an earlier one's box)."""
    out = g.copy()
    painted = False
    for c in range(1, 10):
        ys, xs = np.nonzero(g == c)
        if len(ys) < 2:
            continue
        box = out[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        box[g[ys.min():ys.max() + 1, xs.min():xs.max() + 1] == 0] = c
        painted = True
    if not painted:
        raise ValueError("no color with two cells")
    return out


def stamp_template(g, anchor):
    """Copy the template, the one object of several cells (8-connected, colors joined), onto every single-cell
    object (a marker): `anchor` 'center' puts the template's box center on the marker (odd box sides only),
    'color' puts the template's one cell of the marker's color there. Markers are painted in reading order."""
    objects = components(g, 8, True, 0)
    templates = [cells for _, cells in objects if len(cells) > 1]
    markers = [cells[0] for _, cells in objects if len(cells) == 1]
    if len(templates) != 1 or not markers:
        raise ValueError("needs one template and markers")
    cells = templates[0]
    top, left, bottom, right = object_bbox(cells)
    if anchor == "center" and ((bottom - top) % 2 or (right - left) % 2):
        raise ValueError("template without a center cell")
    h, w = g.shape
    out = g.copy()
    for my, mx in markers:
        if anchor == "center":
            ay, ax = (top + bottom) // 2, (left + right) // 2
        else:
            same = [(y, x) for y, x in cells if g[y, x] == g[my, mx]]
            if len(same) != 1:
                raise ValueError("no single anchor cell")
            ay, ax = same[0]
        for y, x in cells:
            ty, tx = y - ay + my, x - ax + mx
            if 0 <= ty < h and 0 <= tx < w:
                out[ty, tx] = g[y, x]
    return out


def connect_elbow(g, a, b, color):
    """The elbow path from the one cell of color `a` along its row to the column of the one cell of color `b`,
    then along that column to it: its 0 cells take `color`. Not exactly one cell of each is a ValueError."""
    cells_a, cells_b = np.argwhere(g == a), np.argwhere(g == b)
    if len(cells_a) != 1 or len(cells_b) != 1:
        raise ValueError("needs one cell of each color")
    (ya, xa), (yb, xb) = cells_a[0], cells_b[0]
    out = g.copy()
    row = out[ya, min(xa, xb):max(xa, xb) + 1]
    row[row == 0] = color
    column = out[min(ya, yb):max(ya, yb) + 1, xb]
    column[column == 0] = color
    return out


def connect_pairs(g, line_color, diagonal):
    """Join every two cells of the same color that face each other along a row or column (and with `diagonal`,
    along a diagonal) with a line over 0 cells; the line has `line_color` (-1: the pair's color)."""
    out = g.copy()
    h, w = g.shape
    directions = ((0, 1), (1, 0), (1, 1), (1, -1)) if diagonal else ((0, 1), (1, 0))
    cells = list(zip(*np.nonzero(g)))
    for dy, dx in directions:
        for y, x in cells:
            color = g[y, x]
            ny, nx = y + dy, x + dx
            while 0 <= ny < h and 0 <= nx < w and g[ny, nx] == 0:
                ny, nx = ny + dy, nx + dx
            if 0 <= ny < h and 0 <= nx < w and g[ny, nx] == color and (ny, nx) != (y + dy, x + dx):
                py, px = y + dy, x + dx
                while (py, px) != (ny, nx):
                    out[py, px] = color if line_color < 0 else line_color
                    py, px = py + dy, px + dx
    return out


def keep_center(g, axis):
    """Keep only the middle column (axis 'cols') or the middle row ('rows') of an odd-sized grid; the rest is 0."""
    out = np.zeros_like(g)
    h, w = g.shape
    if axis == "cols":
        if w % 2 == 0:
            raise ValueError("no middle column")
        out[:, w // 2] = g[:, w // 2]
    else:
        if h % 2 == 0:
            raise ValueError("no middle row")
        out[h // 2] = g[h // 2]
    return out


def step_toward(g, mover, target):
    """Every cell of color `mover` steps one cell towards the one cell of color `target` (diagonally when both its
    row and column differ), unless that step lands on the target. ValueError unless exactly one cell has
    `target` and some cell has `mover`."""
    goal = np.argwhere(g == target)
    cells = np.argwhere(g == mover)
    if len(goal) != 1 or len(cells) == 0 or mover == target:
        raise ValueError("no single target or no mover")
    ty, tx = goal[0].tolist()
    out = g.copy()
    out[g == mover] = 0
    for y, x in cells.tolist():
        ny, nx = y + int(np.sign(ty - y)), x + int(np.sign(tx - x))
        out[(y, x) if (ny, nx) == (ty, tx) else (ny, nx)] = mover
    return out


def fill_inner_by_size(g, largest, others):
    """The inner cells of every object (4-connected, one color; a cell is inner when its four neighbours are all
    in the object) take `largest` in the one largest object and `others` in the rest. ValueError when the
    largest size is shared or no object has an inner cell."""
    objects = components(g, 4, False, 0)
    sizes = sorted((len(cells) for _, cells in objects), reverse=True)
    if not sizes or (len(sizes) > 1 and sizes[0] == sizes[1]):
        raise ValueError("no single largest object")
    out = g.copy()
    filled = False
    for _, cells in objects:
        inside = set(cells)
        for y, x in cells:
            if all((y + dy, x + dx) in inside for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1))):
                out[y, x] = largest if len(cells) == sizes[0] else others
                filled = True
    if not filled:
        raise ValueError("no inner cell")
    return out


def hollow_objects(g):
    """Blank (set to 0) every non-0 cell whose 4 neighbors are all inside the grid and non-0."""
    h, w = g.shape
    inner = np.zeros((h, w), dtype=bool)
    if h > 2 and w > 2:
        nz = g != 0
        inner[1:-1, 1:-1] = nz[1:-1, 1:-1] & nz[:-2, 1:-1] & nz[2:, 1:-1] & nz[1:-1, :-2] & nz[1:-1, 2:]
    out = g.copy()
    out[inner] = 0
    return out


def shift(g, dy, dx):
    """Move the whole picture by (dy, dx) cells; what moves out is lost, what comes in is 0."""
    h, w = g.shape
    out = np.zeros_like(g)
    out[max(0, dy):h + min(0, dy), max(0, dx):w + min(0, dx)] = g[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out


def take_part(g, ny, nx, iy, ix):
    """Cut the grid into ny x nx equal blocks (the middle line is dropped for odd sizes) and keep block (iy, ix)."""
    h, w = g.shape
    bh, bw = h // ny, w // nx
    if bh == 0 or bw == 0:
        raise ValueError("too small")
    y0 = iy * bh + (h % ny if iy == ny - 1 else 0)
    x0 = ix * bw + (w % nx if ix == nx - 1 else 0)
    return g[y0:y0 + bh, x0:x0 + bw].copy()


def crop_corner(g, h, w, corner):
    """The h x w block at one corner of the grid: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right."""
    gh, gw = g.shape
    if h > gh or w > gw:
        raise ValueError("grid smaller than the block")
    y0 = 0 if corner in (0, 1) else gh - h
    x0 = 0 if corner in (0, 2) else gw - w
    return g[y0:y0 + h, x0:x0 + w].copy()


def fill_empty_lines(g, color):
    """Every row and every column of the grid that holds only 0 becomes `color`; ValueError when none does."""
    rows = ~g.any(axis=1)
    cols = ~g.any(axis=0)
    if not rows.any() and not cols.any():
        raise ValueError("no empty line")
    out = g.copy()
    out[rows, :] = color
    out[:, cols] = color
    return out


def notch_rays(g):
    """Every 2x2 block with three cells of one color and one 0 cell (an L): from that notch, a diagonal ray of the
    L's color leaves away from the opposite cell, starting one cell beyond the notch, over 0 cells of the input
    until a non-0 cell or the border. ValueError when no ray has a cell."""
    h, w = g.shape
    out = g.copy()
    drawn = False
    for y in range(h - 1):
        for x in range(w - 1):
            block = g[y:y + 2, x:x + 2]
            empty = np.argwhere(block == 0)
            colors = set(block[block != 0].tolist())
            if len(empty) != 1 or len(colors) != 1:
                continue
            color = colors.pop()
            ey, ex = empty[0].tolist()
            dy, dx = 2 * ey - 1, 2 * ex - 1  # away from the opposite cell (1 - ey, 1 - ex)
            drawn = paint_ray(g, out, y + ey + dy, x + ex + dx, dy, dx, color) or drawn
    if not drawn:
        raise ValueError("no ray from a notch")
    return out


def bridge_objects(g, color, margin):
    """Between every two objects (8-connected, one color each) that face each other across 0 cells, side by side
    or one above the other, paint the gap `color` over the rows (or columns) both span, less `margin` at each
    end. ValueError when no gap is painted."""
    boxes = [object_bbox(cells) for _, cells in components(g, 8, False, 0)]
    out = g.copy()
    bridged = False
    for i, (t1, l1, b1, r1) in enumerate(boxes):
        for t2, l2, b2, r2 in boxes[i + 1:]:
            for (s1, e1, s2, e2), (a1, z1, a2, z2), rows in (((t1, b1, t2, b2), (l1, r1, l2, r2), True),
                                                             ((l1, r1, l2, r2), (t1, b1, t2, b2), False)):
                lo, hi = max(s1, s2) + margin, min(e1, e2) - margin  # the span both share, less the margin
                if lo > hi:
                    continue
                if z1 < a2:
                    start, stop = z1 + 1, a2
                elif z2 < a1:
                    start, stop = z2 + 1, a1
                else:
                    continue
                gap = (slice(lo, hi + 1), slice(start, stop)) if rows else (slice(start, stop), slice(lo, hi + 1))
                if stop > start and not g[gap].any():
                    out[gap] = color
                    bridged = True
    if not bridged:
        raise ValueError("no gap between facing objects")
    return out


def bounce_rays(g, direction):
    """From every non-0 cell, a diagonal ray of its color towards `direction` ('a' up-left, 'b' up-right, 'c'
    down-left, 'd' down-right) that bounces off the left and right borders and ends at the top or bottom border;
    it paints the 0 cells it crosses. ValueError when no ray has a cell or the grid is one column wide."""
    dy, dx0 = {"a": (-1, -1), "b": (-1, 1), "c": (1, -1), "d": (1, 1)}[direction]
    h, w = g.shape
    if w < 2:
        raise ValueError("no room to bounce")
    out = g.copy()
    drawn = False
    for y, x in np.argwhere(g != 0).tolist():
        color, dx = g[y, x], dx0
        while 0 <= y + dy < h:
            if not 0 <= x + dx < w:
                dx = -dx
            y, x = y + dy, x + dx
            if g[y, x] == 0:
                out[y, x] = color
                drawn = True
    if not drawn:
        raise ValueError("no ray")
    return out


def ring_crossings(g, color):
    """Where a row with no 0 cell crosses a column with no 0 cell, the eight cells around the crossing take
    `color`. ValueError when no such row crosses such a column."""
    h, w = g.shape
    rows = [y for y in range(h) if g[y].all()]
    cols = [x for x in range(w) if g[:, x].all()]
    if not rows or not cols:
        raise ValueError("no crossing lines")
    out = g.copy()
    for y in rows:
        for x in cols:
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    if (dy or dx) and 0 <= y + dy < h and 0 <= x + dx < w:
                        out[y + dy, x + dx] = color
    return out


def mark_centers(g, color, side):
    """For every object (8-connected, one color) whose box has a middle column (or row, for the sides 'left' and
    'right'), the cell of the `side` border ('bottom', 'left', 'top', 'right') in line with that middle takes
    `color`. ValueError when no object has a middle."""
    h, w = g.shape
    out = g.copy()
    marked = False
    for _, cells in components(g, 8, False, 0):
        top, left, bottom, right = object_bbox(cells)
        if side in ("bottom", "top"):
            if (right - left) % 2:
                continue
            out[h - 1 if side == "bottom" else 0, (left + right) // 2] = color
        else:
            if (bottom - top) % 2:
                continue
            out[(top + bottom) // 2, w - 1 if side == "right" else 0] = color
        marked = True
    if not marked:
        raise ValueError("no object with a middle")
    return out


def marked_objects(g):
    """(marker color, marker cell, cells) of every object (8-connected, two colors) with a single cell of one of
    its colors, the marker."""
    marked = []
    for _, cells in components(g, 8, True, 0):
        counts = Counter(int(g[y, x]) for y, x in cells)
        lone = [c for c, n in counts.items() if n == 1]
        if len(counts) == 2 and len(lone) == 1:
            marked.append((lone[0], [(y, x) for y, x in cells if g[y, x] == lone[0]][0], cells))
    return marked


def shoot_through(g):
    """Every object (8-connected, two colors) with a single cell of one color on one side of its box shoots a
    ray of that color from it straight across the object, away from that side: over the object, then over 0
    cells until a non-0 cell or the border. ValueError when no ray has a cell."""
    h, w = g.shape
    out = g.copy()
    drawn = False
    for marker, (y, x), cells in marked_objects(g):
        top, left, bottom, right = object_bbox(cells)
        sides = [(dy, dx) for on, (dy, dx) in ((y == top, (1, 0)), (y == bottom, (-1, 0)), (x == left, (0, 1)),
                                               (x == right, (0, -1))) if on]
        if len(sides) != 1:
            continue
        (dy, dx), = sides
        y, x = y + dy, x + dx
        while 0 <= y < h and 0 <= x < w and g[y, x] != 0:
            y, x = y + dy, x + dx
        drawn = paint_ray(g, out, y, x, dy, dx, marker) or drawn
    if not drawn:
        raise ValueError("no ray through an object")
    return out


def rows_from_header(g):
    """The all-0 rows, top to bottom, take the colors of the first row in turn, one color per row (after the last
    color the first comes again). ValueError when the first row has a 0 cell or no row is all 0."""
    header = g[0]
    empty = [y for y in range(g.shape[0]) if not g[y].any()]
    if not header.all() or not empty:
        raise ValueError("no header or no empty row")
    out = g.copy()
    for j, y in enumerate(empty):
        out[y] = header[j % len(header)]
    return out


def comb_bars(g):
    """Every solid one-color rectangle three cells thick (4-connected): its middle line, along its length, has
    every second cell from the first end blanked (to 0), a comb. A bar three high and three wide is combed
    along its rows. ValueError when no object is such a bar."""
    out = g.copy()
    combed = False
    for _, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        height, width = bottom - top + 1, right - left + 1
        if len(cells) != height * width or 3 not in (height, width) or max(height, width) < 3:
            continue
        if height == 3:
            out[top + 1, left + 1:right + 1:2] = 0
        else:
            out[top + 1:bottom + 1:2, left + 1] = 0
        combed = True
    if not combed:
        raise ValueError("no bar three cells thick")
    return out


def plus_between(g, color):
    """Midway between every two cells of one color in the same row or column (an even distance apart), a plus of
    `color`: the midpoint and its four neighbours, over 0 cells. ValueError when no pair has a midpoint."""
    h, w = g.shape
    out = g.copy()
    marked = False
    cells = np.argwhere(g != 0).tolist()
    for i, (y1, x1) in enumerate(cells):
        for y2, x2 in cells[i + 1:]:
            if g[y1, x1] != g[y2, x2] or (y1 != y2 and x1 != x2) or (y1 + y2) % 2 or (x1 + x2) % 2:
                continue
            my, mx = (y1 + y2) // 2, (x1 + x2) // 2
            for dy, dx in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
                if 0 <= my + dy < h and 0 <= mx + dx < w and g[my + dy, mx + dx] == 0:
                    out[my + dy, mx + dx] = color
                    marked = True
    if not marked:
        raise ValueError("no pair with a midpoint")
    return out


def zigzag_down(g):
    """From every non-0 cell, a chain of its color down to the bottom border: the rows an odd number below it
    take the two cells diagonally beside its column, the rows an even number below take its column, over 0
    cells. ValueError when no chain has a cell."""
    h, w = g.shape
    out = g.copy()
    drawn = False
    for y, x in np.argwhere(g != 0).tolist():
        for k in range(1, h - y):
            for nx in ((x - 1, x + 1) if k % 2 else (x,)):
                if 0 <= nx < w and g[y + k, nx] == 0:
                    out[y + k, nx] = g[y, x]
                    drawn = True
    if not drawn:
        raise ValueError("no chain")
    return out


def fill_open_lines(g, color):
    """Every row and column of at least 3 cells whose cells between its first and its last are all 0 gets those
    cells painted `color` (the lines that cross a frame's inside from wall to wall); ValueError when none does."""
    h, w = g.shape
    if h < 3 or w < 3:
        raise ValueError("too small")
    rows = ~g[:, 1:-1].any(axis=1)
    cols = ~g[1:-1, :].any(axis=0)
    if not rows.any() and not cols.any():
        raise ValueError("no open line")
    out = g.copy()
    out[np.ix_(rows, np.arange(1, w - 1))] = color
    out[np.ix_(np.arange(1, h - 1), cols)] = color
    return out


def continue_period(g, side):
    """Continue the picture towards `side` ('right', 'down', 'left', 'up'): its lines from the opposite edge up to
    the last one with a non-0 cell repeat with the smallest period whose repeat shows at least two lines, and
    that repetition fills the grid to the `side` edge. ValueError when the picture already reaches it or shows no period."""
    turn = {"right": lambda a: a, "left": lambda a: a[:, ::-1], "down": lambda a: a.T, "up": lambda a: a[::-1].T}[side]
    v = turn(g)
    used = np.nonzero(v.any(axis=0))[0]
    if len(used) == 0 or used[-1] == v.shape[1] - 1:
        raise ValueError("nothing to continue")
    n = int(used[-1]) + 1
    for p in range(1, n - 1):
        if np.array_equal(v[:, p:n], v[:, :n - p]):
            out = v[:, np.arange(v.shape[1]) % p]
            back = {"right": out, "left": out[:, ::-1], "down": out.T, "up": out.T[::-1]}[side]
            return np.ascontiguousarray(back)
    raise ValueError("no period")


def complete_rows_like(g):
    """Rows that start with some non-0 cells and end in 0 cells are completed like the first full row (no 0
    cell) whose start maps onto theirs color by color: the full row recolored by that map. ValueError when no
    row is completed."""
    full = [row for row in g if row.all()]
    out = g.copy()
    done = False
    for r, row in enumerate(g):
        filled = np.nonzero(row)[0]
        if len(filled) == 0 or row.all() or not row[:filled[-1] + 1].all():
            continue
        k = int(filled[-1]) + 1
        for template in full:
            mapping = {}
            if all(mapping.setdefault(int(a), int(b)) == b for a, b in zip(template[:k], row[:k])) and \
                    all(int(c) in mapping for c in template[k:]):
                out[r] = [mapping[int(c)] for c in template]
                done = True
                break
    if not done:
        raise ValueError("no row to complete")
    return out


def fill_periodic(g, noise):
    """Cells of color `noise` take the color of the smallest rectangular period (py, px) of the other cells."""
    period = find_period(g, noise)
    if period is None:
        raise ValueError("no period")
    py, px, values = period
    h, w = g.shape
    ys, xs = np.indices((h, w))
    return values[(ys % py) * px + xs % px].astype(g.dtype)


def find_period(g, noise):
    """(py, px, values) of the smallest-area period whose every class is known and consistent, or None."""
    h, w = g.shape
    known = g != noise
    if known.all():
        return None
    ys, xs = np.nonzero(known)
    vals = g[known].astype(np.int64)
    candidates = sorted(((py * px, py, px) for py in range(1, h + 1) for px in range(1, w + 1)
                         if (py, px) != (h, w)))
    for _, py, px in candidates:
        classes = (ys % py) * px + xs % px
        lo = np.full(py * px, 99, dtype=np.int64)
        hi = np.full(py * px, -1, dtype=np.int64)
        np.minimum.at(lo, classes, vals)
        np.maximum.at(hi, classes, vals)
        if (hi >= 0).all() and (lo == hi).all():
            return py, px, hi
    return None


def fill_diagonal_periodic(g, noise):
    """Cells of color `noise` take the color of the smallest diagonal period of the other cells: the color is a
    function of (row + col) mod p (direction 'sum', tried first) or of (row - col) mod p ('diff'), every class
    known and consistent; ValueError when no p < rows + cols - 1 fits or no cell is `noise`."""
    h, w = g.shape
    known = g != noise
    if known.all():
        raise ValueError("no noise")
    ys, xs = np.indices((h, w))
    values = g[known].astype(np.int64)
    for p in range(1, h + w - 1):
        for lines in ((ys + xs) % p, (ys - xs) % p):
            classes = lines[known]
            lo = np.full(p, 99, dtype=np.int64)
            hi = np.full(p, -1, dtype=np.int64)
            np.minimum.at(lo, classes, values)
            np.maximum.at(hi, classes, values)
            if (hi >= 0).all() and (lo == hi).all():
                return hi[lines].astype(g.dtype)
    raise ValueError("no diagonal period")


def border_lines(g, keep):
    """Full rows of color c wherever a row starts and ends with c != 0, then full columns wherever a column
    does (both read from the input); drawn over the grid with `keep`, else on an empty one. ValueError when
    there is no such line."""
    h, w = g.shape
    rows = [i for i in range(h) if w > 1 and g[i, 0] != 0 and g[i, 0] == g[i, w - 1]]
    cols = [j for j in range(w) if h > 1 and g[0, j] != 0 and g[0, j] == g[h - 1, j]]
    if not rows and not cols:
        raise ValueError("no border-to-border line")
    out = g.copy() if keep else np.zeros_like(g)
    for i in rows:
        out[i, :] = g[i, 0]
    for j in cols:
        out[:, j] = g[0, j]
    return out


def period_tile(g):
    """The smallest tile (top-left py x px block) whose repetition reproduces the whole grid (not the grid)."""
    h, w = g.shape
    for area, py, px in sorted((py * px, py, px) for py in range(1, h + 1) for px in range(1, w + 1)):
        if (py, px) == (h, w):
            break
        tile = g[:py, :px]
        reps = np.tile(tile, (-(-h // py), -(-w // px)))[:h, :w]
        if np.array_equal(reps, g):
            return tile.copy()
    raise ValueError("not periodic")


def period_extend(g, fy, fx):
    """The grid's periodic pattern (see `period_extend_to`) continued over fy times its height and fx times its
    width."""
    return period_extend_to(g, g.shape[0] * fy, g.shape[1] * fx)


def period_extend_to(g, h, w):
    """The grid's periodic pattern (its `period_tile`, or the grid itself when it has none) continued over (or
    cut to) an h x w grid."""
    if not (1 <= h <= 30 and 1 <= w <= 30):
        raise ValueError("size out of range")
    try:
        unit = period_tile(g)
    except ValueError:
        unit = g
    return np.tile(unit, (-(-h // unit.shape[0]), -(-w // unit.shape[1])))[:h, :w].copy()


def mirror_extend(g, axis, k):
    """The grid reflected back and forth along `axis` ('rows': downwards, 'cols': rightwards), each reflection
    sharing its edge line with the last, to k * (n - 1) + 1 lines (n its lines). ValueError: a single line or a
    result past 30 lines."""
    v = g if axis == "rows" else g.T
    n = v.shape[0]
    length = k * (n - 1) + 1
    if n < 2 or length > 30:
        raise ValueError("no reflection fits")
    period = 2 * (n - 1)
    index = [i % period if i % period < n else period - i % period for i in range(length)]
    out = v[index]
    return np.ascontiguousarray(out if axis == "rows" else out.T)


def drift_extend(g, axis, length):
    """The grid continued along `axis` ('rows': downwards, 'cols': rightwards) to `length` lines: each new line
    is the line p before it shifted by s cells along itself (0 cells come in, cells pushed out are lost), for the
    smallest period p < n - 1 (n its lines), then the smallest shift (0, -1, 1, -2, 2, ...), that every line past
    the first p already obeys. ValueError: not longer, past 30 lines, or no such period."""
    v = g if axis == "rows" else g.T
    n, m = v.shape
    if length <= n or length > 30:
        raise ValueError("no room to continue")

    def shifted(line, s):
        out = np.zeros_like(line)
        if s >= 0:
            out[s:] = line[:m - s]
        else:
            out[:m + s] = line[-s:]
        return out

    for p in range(1, n - 1):
        for s in [0] + [d for k in range(1, m) for d in (-k, k)]:
            if all(np.array_equal(v[i], shifted(v[i - p], s)) for i in range(p, n)):
                lines = list(v)
                while len(lines) < length:
                    lines.append(shifted(lines[-p], s))
                out = np.array(lines, dtype=g.dtype)
                return np.ascontiguousarray(out if axis == "rows" else out.T)
    raise ValueError("no period")


def repeat_band(g, axis):
    """The band from the first to the last row holding a non-0 cell, repeated over every row of the grid in its
    own phase (axis 'rows'); axis 'cols' the same for columns. An empty grid is a ValueError."""
    if axis == "cols":
        return repeat_band(g.T, "rows").T.copy()
    rows = np.nonzero(g.any(axis=1))[0]
    if len(rows) == 0:
        raise ValueError("empty grid")
    top, period = int(rows[0]), int(rows[-1] - rows[0] + 1)
    return g[[top + (y - top) % period for y in range(g.shape[0])]].copy()


def invert_colors(g):
    """Swap the background 0 and the grid's only other color."""
    colors = set(np.unique(g).tolist()) - {0}
    if len(colors) != 1:
        raise ValueError("not two colors")
    c = colors.pop()
    return np.where(g == 0, c, 0).astype(g.dtype)


def periodic_patch(g, noise):
    """What `fill_periodic` writes into the bounding box of the `noise` cells."""
    ys, xs = np.nonzero(g == noise)
    if len(ys) == 0:
        raise ValueError("no noise")
    filled = fill_periodic(g, noise)
    return filled[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()


def symmetry_patch(g, kind, noise):
    """What `symmetrize` writes into the bounding box of the `noise` cells."""
    ys, xs = np.nonzero(g == noise)
    if len(ys) == 0:
        raise ValueError("no noise")
    filled = symmetrize(g, kind, noise)
    return filled[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()


def outline_objects(g, color):
    """Paint with `color` the 0 cells 8-adjacent to any non-0 cell."""
    h, w = g.shape
    nonzero = np.pad(g != 0, 1)
    near = np.zeros((h, w), dtype=bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            near |= nonzero[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
    ring = near & (g == 0)
    out = g.copy()
    out[ring] = color
    return out


def draw_border(g, color):
    """Paint the outermost frame of the grid with `color`."""
    out = g.copy()
    out[0, :] = color
    out[-1, :] = color
    out[:, 0] = color
    out[:, -1] = color
    return out


# ---------------------------------------------------------------------------------------- symmetry


def best_mirror_axis(g, noise, axis):
    """The mirror position s (cell i pairs with s - i) along `axis` that agrees best with the known cells.

    Only positions whose overlap covers at least half the grid are tried; ties go to the one nearest the center."""
    a = g if axis == 1 else g.T
    n = a.shape[1]
    best = None
    for s in range(0, 2 * n - 1):
        lo, hi = max(0, s - (n - 1)), min(n - 1, s)
        cols = np.arange(lo, hi + 1)
        if len(cols) < max(2, (n + 1) // 2):
            continue
        left, right = a[:, cols], a[:, s - cols]
        known = (left != noise) & (right != noise)
        if (left[known] != right[known]).any():
            continue
        score = (len(cols), -abs(s - (n - 1)), -s)
        if best is None or score > best[0]:
            best = (score, s)
    if best is None:
        raise ValueError("no mirror axis")
    return best[1]


def mirror_fill(g, noise, axis):
    """Fill cells of color `noise` from their mirror image across the best axis (axis 1 = left-right)."""
    s = best_mirror_axis(g, noise, axis)
    a = (g if axis == 1 else g.T).copy()
    n = a.shape[1]
    for j in range(n):
        k = s - j
        if 0 <= k < n:
            take = (a[:, j] == noise) & (a[:, k] != noise)
            a[take, j] = a[take, k]
    return a if axis == 1 else a.T.copy()


def symmetrize(g, kind, noise):
    """Complete a symmetric picture: cells of color `noise` take the color of their symmetric counterpart.

    `kind`: 'lr' (mirror left-right), 'ud', 'lrud' (both), 'diag' (transpose, square grids), 'rot4'
    (quarter turns about the center, square grids)."""
    out = g.copy()
    if kind in ("lr", "lrud"):
        out = mirror_fill(out, noise, 1)
    if kind in ("ud", "lrud"):
        out = mirror_fill(out, noise, 0)
    if kind == "lrud":
        out = mirror_fill(out, noise, 1)
    if kind in ("diag", "rot4"):
        if out.shape[0] != out.shape[1]:
            raise ValueError("not square")
        images = [out.T] if kind == "diag" else [np.rot90(out, 1), np.rot90(out, 2), np.rot90(out, 3)]
        for image in images:
            take = (out == noise) & (image != noise)
            out[take] = image[take]
    return out


CENTERED_KINDS = ("lr", "ud", "lrud", "r180", "rot4", "all")


def centered_group(kind):
    """The dihedral elements (other than the identity) of the symmetry group `kind` of `symmetrize_about`."""
    return {"lr": ("lr",), "ud": ("ud",), "lrud": ("lr", "ud", "r180"), "r180": ("r180",),
            "rot4": ("r90", "r180", "r270"), "all": ("lr", "ud", "r180", "t", "at", "r90", "r270")}[kind]


def image_about(name, r, c, sy, sx):
    """Cells (r, c) moved by the dihedral element `name` about the center (sy / 2, sx / 2)."""
    d, s = (sy - sx) // 2, (sy + sx) // 2
    if name == "lr":
        return r, sx - c
    if name == "ud":
        return sy - r, c
    if name == "r180":
        return sy - r, sx - c
    if name == "t":
        return c + d, r - d
    if name == "at":
        return s - c, s - r
    if name == "r90":
        return c + d, s - r
    return s - c, r - d


def symmetry_center(g, kind, noise, center=-1):
    """The center (sy, sx), in half cells, about which the known (non-`noise`) cells are most symmetric.

    The centers tried lie within 3 cells (6 half cells) of the center of the known cells' bounding box, along
    the axes the group moves; `center` = a color: only the center of the bounding box of that color's cells.
    A center is possible when no known cell's image under an element of the group `kind` is a known cell of
    another color; its score is the number of known cells whose image is another known cell. The best score
    wins; ties go to the center nearest the known cells' box center, then the smallest sy, sx. Centers of
    groups with diagonal elements lie on cell centers or cell corners (sy - sx even)."""
    h, w = g.shape
    group = centered_group(kind)
    diagonal = any(name in ("t", "at", "r90", "r270") for name in group)
    ys, xs = np.nonzero(g != noise)
    if len(ys) == 0 or len(ys) == g.size:
        raise ValueError("nothing to complete")
    if center >= 0:
        cy, cx = np.nonzero(g == center)
        if len(cy) == 0:
            raise ValueError("no center color")
        rows, cols = [int(cy.min() + cy.max())], [int(cx.min() + cx.max())]
    by, bx = int(ys.min() + ys.max()), int(xs.min() + xs.max())
    if center < 0:
        rows = [h - 1] if kind == "lr" else range(max(0, by - 6), min(2 * h - 2, by + 6) + 1)
        cols = [w - 1] if kind == "ud" else range(max(0, bx - 6), min(2 * w - 2, bx + 6) + 1)
    best = None
    for sy in rows:
        for sx in cols:
            if diagonal and (sy - sx) % 2:
                continue
            matches = 0
            for name in group:
                r2, c2 = image_about(name, ys, xs, sy, sx)
                inside = (r2 >= 0) & (r2 < h) & (c2 >= 0) & (c2 < w) & ((r2 != ys) | (c2 != xs))
                u, v = g[ys[inside], xs[inside]], g[r2[inside], c2[inside]]
                known = v != noise
                if (u[known] != v[known]).any():
                    matches = -1
                    break
                matches += int(known.sum())
            if matches > 0:
                score = (matches, -(abs(sy - by) + abs(sx - bx)), -sy, -sx)
                if best is None or score > best[0]:
                    best = (score, sy, sx)
    if best is None:
        raise ValueError("no symmetry center")
    return best[1], best[2]


def symmetrize_about(g, kind, noise, center=-1):
    """Complete a picture symmetric about a center found in it (`symmetry_center`), not the grid's: each
    `noise` cell takes the color of its first image (in the group's order) that is a known cell."""
    sy, sx = symmetry_center(g, kind, noise, center)
    h, w = g.shape
    out = g.copy()
    todo = g == noise
    for name in centered_group(kind):
        r, c = np.nonzero(todo)
        r2, c2 = image_about(name, r, c, sy, sx)
        inside = (r2 >= 0) & (r2 < h) & (c2 >= 0) & (c2 < w)
        r, c, r2, c2 = r[inside], c[inside], r2[inside], c2[inside]
        source = g[r2, c2]
        take = source != noise
        out[r[take], c[take]] = source[take]
        todo[r[take], c[take]] = False
    return out


# ------------------------------------------------------------------------------------ scale and tile


def upscale(g, fy, fx):
    """Repeat every cell into an fy x fx block."""
    return np.kron(g, np.ones((fy, fx), dtype=g.dtype))


def downscale(g, fy, fx, mode):
    """Shrink fy x fx blocks into one cell: 'first' takes the top-left cell, 'major' the most common non-0 color
    (0 if none), 'any' 1 if the block has a non-0 cell."""
    h, w = g.shape
    if h % fy or w % fx or (fy == 1 and fx == 1):
        raise ValueError("not divisible")
    blocks = g.reshape(h // fy, fy, w // fx, fx).transpose(0, 2, 1, 3).reshape(h // fy, w // fx, fy * fx)
    if mode == "first":
        return blocks[:, :, 0].copy()
    if mode == "any":
        return (blocks != 0).any(axis=2).astype(g.dtype)
    out = np.zeros((h // fy, w // fx), dtype=g.dtype)
    for r in range(h // fy):
        for c in range(w // fx):
            counts = np.bincount(blocks[r, c].astype(np.int64), minlength=10)
            counts[0] = 0
            out[r, c] = int(np.argmax(counts)) if counts.sum() else 0
    return out


def dihedral(g, name):
    """One of the 8 symmetries of the square by name."""
    if name == "id":
        return g.copy()
    if name == "lr":
        return g[:, ::-1].copy()
    if name == "ud":
        return g[::-1, :].copy()
    if name == "r180":
        return g[::-1, ::-1].copy()
    if name == "t":
        return g.T.copy()
    if name == "at":
        return g[::-1, ::-1].T.copy()
    if name == "r90":
        return np.rot90(g, 1).copy()
    if name == "r270":
        return np.rot90(g, 3).copy()
    raise ValueError(name)


def tile(g, pattern):
    """Tile copies of the grid: `pattern` is a tuple of rows of symmetry names (see `dihedral`), one per tile."""
    rows = [np.concatenate([dihedral(g, name) for name in row], axis=1) for row in pattern]
    return np.concatenate(rows, axis=0)


def fractal(g, invert):
    """Replace each non-0 cell by a copy of the whole grid (and each 0 by zeros); `invert` swaps the roles."""
    mask = (g != 0) if not invert else (g == 0)
    return np.kron(mask.astype(g.dtype), g)


def mirror_across(g, color):
    """Reflect each object (8-connected, of any colors but 0 and `color`) across the nearest line of `color`
    cells that spans it, erasing it where it was: a row whose `color` cells cover every column of the object's
    box (above or below it), or a column covering every row of it (left or right); the nearest by the gap to the
    box, ties in the order above, below, left, right. An object with no such line stays. ValueError when no
    object moves or one would leave the grid."""
    h, w = g.shape
    moves = []
    for _, cells in components(np.where(g == color, 0, g), 8, True, 0):
        top, left, bottom, right = object_bbox(cells)
        lines = []  # (gap, direction, axis, index of the line)
        for direction, span in enumerate((range(top - 1, -1, -1), range(bottom + 1, h))):
            for r in span:
                if (g[r, left:right + 1] == color).all():
                    lines.append((abs(r - (top if direction == 0 else bottom)) - 1, direction, 0, r))
                    break
        for direction, span in enumerate((range(left - 1, -1, -1), range(right + 1, w))):
            for c in span:
                if (g[top:bottom + 1, c] == color).all():
                    lines.append((abs(c - (left if direction == 0 else right)) - 1, 2 + direction, 1, c))
                    break
        if not lines:
            continue
        _, _, axis, at = min(lines)
        moved = [(2 * at - y, x) if axis == 0 else (y, 2 * at - x) for y, x in cells]
        if any(not (0 <= y < h and 0 <= x < w) for y, x in moved):
            raise ValueError("a reflection off the grid")
        moves.append((cells, moved))
    if not moves:
        raise ValueError("no object to reflect")
    out = g.copy()
    for cells, _ in moves:
        for y, x in cells:
            out[y, x] = 0
    for cells, moved in moves:
        for (y, x), (ny, nx) in zip(cells, moved):
            out[ny, nx] = g[y, x]
    return out


def fractal_color(g, color):
    """Replace each cell of `color` (a color, or 'most' / 'least': see `resolve_color`) by a copy of the whole
    grid, every other cell by zeros."""
    mask = g == resolve_color(g, color)
    return np.kron(mask.astype(g.dtype), g)


def dedupe_lines(g):
    """Collapse runs of identical consecutive rows, then of identical consecutive columns."""
    keep_rows = [0] + [i for i in range(1, g.shape[0]) if not np.array_equal(g[i], g[i - 1])]
    g2 = g[keep_rows]
    keep_cols = [0] + [j for j in range(1, g2.shape[1]) if not np.array_equal(g2[:, j], g2[:, j - 1])]
    return g2[:, keep_cols].copy()


def remove_uniform_lines(g, color):
    """Delete every full row and full column made only of `color`."""
    rows = [i for i in range(g.shape[0]) if not (g[i] == color).all()]
    cols = [j for j in range(g.shape[1]) if not (g[:, j] == color).all()]
    if not rows or not cols:
        raise ValueError("everything removed")
    return g[rows][:, cols].copy()


# ------------------------------------------------------------------------------------------- parts


def split_parts(g, how):
    """Cut the grid into equal parts: how='sep' at full lines of one non-0 color, ('rows'|'cols', n) into n strips,
    ('long', n) into n strips across its longer side (rows when taller than wide, columns when wider),
    ('grid', n) into n x n equal blocks, ('corners', ph, pw) the four ph x pw blocks at its corners (they may
    overlap), or ('around', c, ph, pw) the ph x pw windows centered on each cell of color c (each inside the grid)."""
    h, w = g.shape
    if how[0] in ("corners", "around"):
        ph, pw = how[-2:]
        if how[0] == "corners":
            if ph > h or pw > w or (ph, pw) == (h, w):
                raise ValueError("no corner blocks")
            tops = [(0, 0), (0, w - pw), (h - ph, 0), (h - ph, w - pw)]
        else:
            centers = np.argwhere(g == how[1]).tolist()
            tops = [(y - ph // 2, x - pw // 2) for y, x in centers]
            if not tops or any(y < 0 or x < 0 or y + ph > h or x + pw > w for y, x in tops):
                raise ValueError("no window inside the grid")
        return [g[y:y + ph, x:x + pw].copy() for y, x in tops]
    if how == "sep":
        sep_rows = [i for i in range(h) if g[i, 0] != 0 and (g[i] == g[i, 0]).all()]
        sep_cols = [j for j in range(w) if g[0, j] != 0 and (g[:, j] == g[0, j]).all()]
        if len(sep_rows) == h or len(sep_cols) == w:
            raise ValueError("all separators")
        rbounds = runs_between(sep_rows, h)
        cbounds = runs_between(sep_cols, w)
        parts = [g[a:b, c:d].copy() for a, b in rbounds for c, d in cbounds]
        if len(parts) < 2:
            raise ValueError("no separators")
    elif how[0] == "grid":
        n = how[1]
        if h % n or w % n:
            raise ValueError("not divisible")
        bh, bw = h // n, w // n
        parts = [g[i * bh:(i + 1) * bh, j * bw:(j + 1) * bw].copy() for i in range(n) for j in range(n)]
    else:
        axis, n = how
        if axis == "long":  # across the longer side
            if h == w:
                raise ValueError("no longer side")
            axis = "rows" if h > w else "cols"
        size = h if axis == "rows" else w
        if size % n:
            raise ValueError("not divisible")
        step = size // n
        parts = [g[i * step:(i + 1) * step, :].copy() if axis == "rows" else g[:, i * step:(i + 1) * step].copy()
                 for i in range(n)]
    if len({p.shape for p in parts}) != 1:
        raise ValueError("unequal parts")
    return parts


def runs_between(separators, n):
    """(start, stop) index ranges of the maximal runs of indexes in 0..n-1 that are not separators."""
    bounds = []
    start = None
    for i in range(n + 1):
        if i < n and i not in separators:
            if start is None:
                start = i
        elif start is not None:
            bounds.append((start, i))
            start = None
    return bounds


def combine_parts(g, how, op):
    """Split the grid (see `split_parts`) and combine the parts' non-0 masks cell-wise: op 'and', 'or', 'xor',
    'nor', 'first_only' (in the first part only); 1 where true, else 0. op 'overlay' stacks the parts, the
    first non-0 cell wins; 'overlay_rev' lets the last part win. op 'fold' (two parts only) mirrors the second
    part onto the first (left-right when they lie side by side, else up-down) and the first's non-0 cells win;
    'fold_rev' lets the mirrored part win. op 'kron' (two parts only) places a copy of the part with fewer non-0
    colors (the mask) at each cell of the other, in that cell's color, the copies' 0 cells left 0 (ValueError
    when both show as many colors or the result passes 30 cells a side)."""
    parts = split_parts(g, how)
    if op == "kron":
        if len(parts) != 2:
            raise ValueError("kron needs two parts")
        n_colors = [len(set(np.unique(p).tolist()) - {0}) for p in parts]
        if n_colors[0] == n_colors[1]:
            raise ValueError("no part has fewer colors")
        mask, colors = (parts[0], parts[1]) if n_colors[0] < n_colors[1] else (parts[1], parts[0])
        if colors.shape[0] * mask.shape[0] > 30 or colors.shape[1] * mask.shape[1] > 30:
            raise ValueError("too large")
        return (np.kron(colors, np.ones_like(mask)) * np.tile(mask != 0, colors.shape)).astype(g.dtype)
    if op == "fold" or op == "fold_rev":
        if len(parts) != 2:
            raise ValueError("fold needs two parts")
        first, second = parts
        second = second[:, ::-1] if first.shape[0] == g.shape[0] else second[::-1, :]
        top, under = (first, second) if op == "fold" else (second, first)
        out = under.copy()
        out[top != 0] = top[top != 0]
        return out
    masks = [p != 0 for p in parts]
    if op == "overlay" or op == "overlay_rev":
        order = parts if op == "overlay" else parts[::-1]
        out = np.zeros_like(order[0])
        for p in order[::-1]:
            out[p != 0] = p[p != 0]
        return out
    if op == "and":
        m = np.logical_and.reduce(masks)
    elif op == "or":
        m = np.logical_or.reduce(masks)
    elif op == "xor":
        m = np.sum(masks, axis=0) == 1
    elif op == "nor":
        m = ~np.logical_or.reduce(masks)
    elif op == "first_only":
        m = masks[0] & ~np.logical_or.reduce(masks[1:])
    else:
        raise ValueError(op)
    return m.astype(g.dtype)


def overlay_parts(g, how, priority):
    """Split the grid (see `split_parts`) and stack the parts cell-wise by color: each cell takes the first color
    of `priority` that a part shows there (colors not in `priority` after those, lowest first), 0 where none does."""
    parts = np.stack(split_parts(g, how))
    rank = {c: i for i, c in enumerate(list(priority) + [c for c in range(1, 10) if c not in priority])}
    out = np.zeros(parts.shape[1:], dtype=g.dtype)
    best = np.full(parts.shape[1:], len(rank))
    for part in parts:
        for c in np.unique(part):
            if c != 0:
                wins = (part == c) & (best > rank[int(c)])
                out[wins] = c
                best[wins] = rank[int(c)]
    return out


def select_part(g, how, selector):
    """Split the grid (see `split_parts`) and return the one part picked by `selector`: 'most_cells' / 'fewest_cells'
    (non-0 count), 'most_colors' / 'fewest_colors', 'odd' (the only part unlike the others), 'common' (the part that
    occurs most often), 'asymmetric' / 'symmetric' (the only part without / with a mirror symmetry: left-right,
    up-down, or the main diagonal of a square part)."""
    parts = split_parts(g, how)
    if selector in ("asymmetric", "symmetric"):
        mirrored = [np.array_equal(p, p[:, ::-1]) or np.array_equal(p, p[::-1])
                    or (p.shape[0] == p.shape[1] and np.array_equal(p, p.T)) for p in parts]
        picked = [p for p, m in zip(parts, mirrored) if m == (selector == "symmetric")]
        if len(picked) != 1:
            raise ValueError("not exactly one such part")
        return picked[0].copy()
    if selector in ("odd", "common"):
        keys = [p.tobytes() for p in parts]
        counts = Counter(keys)
        target = 1 if selector == "odd" else max(counts.values())
        picked = [p for p, k in zip(parts, keys) if counts[k] == target]
        if selector == "common" and target < 2:
            raise ValueError("no repeated part")
        if len({k.tobytes() for k in picked}) != 1:
            raise ValueError("ambiguous")
        return picked[0].copy()
    if selector in ("most_cells", "fewest_cells"):
        values = [int((p != 0).sum()) for p in parts]
    else:
        values = [len(set(np.unique(p).tolist()) - {0}) for p in parts]
    best = max(values) if selector.startswith("most") else min(values)
    picked = [p for p, v in zip(parts, values) if v == best]
    if len(picked) != 1:
        raise ValueError("tie")
    return picked[0].copy()


def stripe_colors(g):
    """The colors of a striped picture in order: when colors change more often along rows than along columns,
    each column's most common color (the lowest on ties), left to right, as one row; else each row's, top to
    bottom, as one column; runs of one color count once."""
    def runs(values):
        out = []
        for v in values:
            if not out or out[-1] != v:
                out.append(v)
        return out

    along_rows = sum(len(runs(row.tolist())) - 1 for row in g)
    along_cols = sum(len(runs(col.tolist())) - 1 for col in g.T)
    lines = g.T if along_rows >= along_cols else g
    colors = runs([int(np.bincount(line, minlength=10).argmax()) for line in lines])
    out = np.array([colors], dtype=g.dtype)
    return out if along_rows >= along_cols else out.T.copy()


def colors_by_count(g, desc, skip, column):
    """The non-0 colors sorted by how many cells they have (most first when `desc`; ties: lower color first),
    the first `skip` left out, as one row (one column when `column`). ValueError: none left."""
    counts = np.bincount(g.ravel(), minlength=10)
    colors = sorted((c for c in range(1, 10) if counts[c]), key=lambda c: (-counts[c] if desc else counts[c], c))[skip:]
    if not colors:
        raise ValueError("no colors")
    out = np.array([colors], dtype=g.dtype)
    return out.T.copy() if column else out


def color_bars(g):
    """A bar chart of the non-0 colors: one column per color, most cells first (ties: lower color first), each
    filled from the top with as many cells as the color has. ValueError: no color, or a bar over 30 cells."""
    counts = np.bincount(g.ravel(), minlength=10)
    colors = sorted((c for c in range(1, 10) if counts[c]), key=lambda c: (-counts[c], c))
    if not colors or counts[colors[0]] > 30:
        raise ValueError("no bars")
    out = np.zeros((int(counts[colors[0]]), len(colors)), dtype=g.dtype)
    for j, c in enumerate(colors):
        out[:counts[c], j] = c
    return out


def largest_color_columns(g):
    """The colors of the largest objects (4-connected, one color; every object of the largest size), one
    column each from the leftmost object to the rightmost (ties: the upper first), as tall as that size.
    ValueError: no object, or the size is over 30."""
    objects = components(g, 4, False, 0)
    if not objects:
        raise ValueError("no object")
    size = max(len(cells) for _, cells in objects)
    if size > 30:
        raise ValueError("too tall")
    largest = sorted((min(x for _, x in cells), cells[0][0], color) for color, cells in objects if len(cells) == size)
    out = np.zeros((size, len(largest)), dtype=g.dtype)
    for j, (_, _, color) in enumerate(largest):
        out[:, j] = color
    return out


def frame_empty_twin(g):
    """Each ring, a one-color object (4-connected) that is exactly the border of its box (3 x 3 or more) around
    only 0 cells, is copied around the one other block of 0 cells of its inside's size (the copy's border may
    cover any cells but must fit in the grid); a ring with no such block, or several, is left alone.
    ValueError when no ring is copied."""
    h, w = g.shape
    out = g.copy()
    copied = False
    for color, cells in components(g, 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        ih, iw = bottom - top - 1, right - left - 1
        if ih < 1 or iw < 1 or len(cells) != 2 * (ih + iw) + 4 or g[top + 1:bottom, left + 1:right].any():
            continue
        twins = [(y, x) for y in range(1, h - ih) for x in range(1, w - iw)
                 if (y, x) != (top + 1, left + 1) and not g[y:y + ih, x:x + iw].any()]
        if len(twins) != 1:
            continue
        (y, x), = twins
        out[y - 1, x - 1:x + iw + 1] = color
        out[y + ih, x - 1:x + iw + 1] = color
        out[y - 1:y + ih + 1, x - 1] = color
        out[y - 1:y + ih + 1, x + iw] = color
        copied = True
    if not copied:
        raise ValueError("no ring with one empty twin")
    return out


def stencil_key(g):
    """The key, the one object (8-connected, colors joined) with the most colors, seen through a stencil: the
    rest of the grid, cropped to its cells and scaled down to the key's box by whole blocks that are each all
    0 or all non-0; the key's box with its cells kept under the stencil's non-0 blocks, 0 elsewhere.
    ValueError: no single most-colored object, nothing else, or no such scaling."""
    objects = components(g, 8, True, 0)
    n_colors = [len({int(g[y, x]) for y, x in cells}) for _, cells in objects]
    if len(objects) < 2 or n_colors.count(max(n_colors)) != 1:
        raise ValueError("no single key")
    top, left, bottom, right = object_bbox(objects[n_colors.index(max(n_colors))][1])
    key = g[top:bottom + 1, left:right + 1]
    rest = g.copy()
    rest[top:bottom + 1, left:right + 1] = 0
    ys, xs = np.nonzero(rest)
    if len(ys) == 0:
        raise ValueError("no stencil")
    stencil = rest[ys.min():ys.max() + 1, xs.min():xs.max() + 1] != 0
    (kh, kw), (sh, sw) = key.shape, stencil.shape
    if sh % kh or sw % kw:
        raise ValueError("the stencil does not scale to the key")
    blocks = stencil.reshape(kh, sh // kh, kw, sw // kw).transpose(0, 2, 1, 3).reshape(kh, kw, -1)
    if not (blocks.all(axis=2) | ~blocks.any(axis=2)).all():
        raise ValueError("mixed blocks")
    return np.where(blocks.all(axis=2), key, 0).astype(g.dtype)


def line_majority(g):
    """Denoise stripes: when colors change more often along rows than along columns, every column becomes its
    most common color (the lowest on ties); else every row does."""
    along_rows = int((g[:, 1:] != g[:, :-1]).sum())
    along_cols = int((g[1:, :] != g[:-1, :]).sum())
    lines = g.T if along_rows >= along_cols else g
    out = np.array([[np.bincount(line, minlength=10).argmax()] * len(line) for line in lines], dtype=g.dtype)
    return out.T.copy() if along_rows >= along_cols else out


def fill_object_boxes(g, color):
    """Paint with `color` the 0 cells inside the bounding box of every object (8-connected, any colors)."""
    out = g.copy()
    objects = components(g, 8, True, 0)
    if not objects:
        raise ValueError("empty")
    for _, cells in objects:
        top, left, bottom, right = object_bbox(cells)
        box = out[top:bottom + 1, left:right + 1]
        box[box == 0] = color
    return out


def cell_table(g):
    """Split the grid at full lines of one non-0 color, or, where there is none, at full lines of 0: (separator
    color, row ranges, column ranges) of the cells; raises ValueError unless there are separators of exactly
    one color and at least two cells."""
    h, w = g.shape
    sep_rows = [i for i in range(h) if g[i, 0] != 0 and (g[i] == g[i, 0]).all()]
    sep_cols = [j for j in range(w) if g[0, j] != 0 and (g[:, j] == g[0, j]).all()]
    seps = {int(g[i, 0]) for i in sep_rows} | {int(g[0, j]) for j in sep_cols}
    if not seps:
        sep_rows = [i for i in range(h) if not g[i].any()]
        sep_cols = [j for j in range(w) if not g[:, j].any()]
        seps = {0} if sep_rows or sep_cols else set()
    if len(seps) != 1:
        raise ValueError("no separators of one color")
    rbounds = runs_between(sep_rows, h)
    cbounds = runs_between(sep_cols, w)
    if len(rbounds) * len(cbounds) < 2:
        raise ValueError("one cell")
    return seps.pop(), rbounds, cbounds


def cell_boxes(rbounds, cbounds):
    """Every cell of a separator table (see `cell_table`) in reading order: (i, j, a, b, c, d), its row i and
    column j in the table and its box, rows a:b and columns c:d of the grid."""
    return [(i, j, a, b, c, d) for i, (a, b) in enumerate(rbounds) for j, (c, d) in enumerate(cbounds)]


def enter_cells(g, like):
    """`g` seen cell by cell in the separator table of `like` (see `cell_table`; `g` has `like`'s shape): one
    pixel per cell, its one color. ValueError where the shapes differ or a cell holds more than one color."""
    if g.shape != like.shape:
        raise ValueError("not the shape of the table's grid")
    _, rbounds, cbounds = cell_table(like)
    out = np.zeros((len(rbounds), len(cbounds)), dtype=np.uint8)
    for i, j, a, b, c, d in cell_boxes(rbounds, cbounds):
        values = np.unique(g[a:b, c:d])
        if len(values) != 1:
            raise ValueError("a cell of more than one color")
        out[i, j] = values[0]
    return out


def leave_cells(g, like):
    """The inverse of enter_cells: `like` with each cell of its separator table filled with the matching pixel
    of `g`, the separators kept. ValueError unless `g` has one pixel per cell."""
    _, rbounds, cbounds = cell_table(like)
    if g.shape != (len(rbounds), len(cbounds)):
        raise ValueError("not one pixel per cell")
    out = np.array(like, dtype=np.uint8)
    for i, j, a, b, c, d in cell_boxes(rbounds, cbounds):
        out[a:b, c:d] = g[i, j]
    return out


def color_by_key(g):
    """Color a pattern by a key: of the cells of the separator table (see `cell_table`), exactly two hold
    colors other than 0 and the separator, the pattern with one such color and the key with two or more;
    each pattern cell takes the color of the key cell over its block (the key scaled up to the pattern's
    size), the rest is 0. ValueError unless the table has those two cells and the pattern's sides are
    multiples of the key's."""
    sep, rbounds, cbounds = cell_table(g)
    full = []
    for _, _, a, b, c, d in cell_boxes(rbounds, cbounds):
        part = g[a:b, c:d]
        colors = set(part[(part != 0) & (part != sep)].tolist())
        if colors:
            full.append((len(colors), part))
    if len(full) != 2 or min(n for n, _ in full) != 1 or max(n for n, _ in full) < 2:
        raise ValueError("no pattern and key")
    pattern, key = (full[0][1], full[1][1]) if full[0][0] == 1 else (full[1][1], full[0][1])
    (ph, pw), (kh, kw) = pattern.shape, key.shape
    if ph % kh or pw % kw:
        raise ValueError("pattern not a multiple of the key")
    big = np.repeat(np.repeat(key, ph // kh, axis=0), pw // kw, axis=1)
    return np.where((pattern != 0) & (pattern != sep), big, 0).astype(g.dtype)


def cell_summary(cell, sep):
    """(number of cells that are neither 0 nor `sep`, their most common color or 0)."""
    values = cell[(cell != 0) & (cell != sep)]
    if not len(values):
        return 0, 0
    return len(values), Counter(values.tolist()).most_common(1)[0][0]


def cells_to_pixels(g, mode):
    """One pixel per cell of the separator table (see `cell_table`): mode 'major' = the cell's most common
    color other than 0 and the separator (0 when none); 'count' = 1 for the cells with the most such pixels."""
    sep, rbounds, cbounds = cell_table(g)
    out = np.zeros((len(rbounds), len(cbounds)), dtype=g.dtype)
    counts = np.zeros(out.shape, dtype=np.int64)
    for i, j, a, b, c, d in cell_boxes(rbounds, cbounds):
        counts[i, j], out[i, j] = cell_summary(g[a:b, c:d], sep)
    if mode == "count":
        if counts.max() == 0:
            raise ValueError("empty cells")
        return (counts == counts.max()).astype(g.dtype)
    return out


def fill_empty_parts(g):
    """Copy the one cell of the separator table (see `cell_table`) that holds a non-0 color into every cell that
    is all 0. ValueError unless exactly one cell holds colors and every cell has its size."""
    _, rbounds, cbounds = cell_table(g)
    boxes = [box for _, _, *box in cell_boxes(rbounds, cbounds)]
    full = [(a, b, c, d) for a, b, c, d in boxes if g[a:b, c:d].any()]
    if len(full) != 1:
        raise ValueError("not one cell with colors")
    a, b, c, d = full[0]
    source = g[a:b, c:d]
    if any((b2 - a2, d2 - c2) != source.shape for a2, b2, c2, d2 in boxes):
        raise ValueError("cells of different sizes")
    out = g.copy()
    for a2, b2, c2, d2 in boxes:
        if not g[a2:b2, c2:d2].any():
            out[a2:b2, c2:d2] = source
    return out


def cells_like_first(g):
    """Every cell of the separator table (see `cell_table`) takes the shape of its first cell: its 0 cells where
    the first cell has colors take the separator color. ValueError unless every cell has the first one's size,
    the separators have a color and some cell is painted."""
    sep, rbounds, cbounds = cell_table(g)
    boxes = [box for _, _, *box in cell_boxes(rbounds, cbounds)]
    a, b, c, d = boxes[0]
    shape = g[a:b, c:d] != 0
    if sep == 0 or not shape.any() or any((b2 - a2, d2 - c2) != shape.shape for a2, b2, c2, d2 in boxes):
        raise ValueError("no first shape to copy")
    out = g.copy()
    painted = False
    for a2, b2, c2, d2 in boxes[1:]:
        holes = shape & (g[a2:b2, c2:d2] == 0)
        out[a2:b2, c2:d2][holes] = sep
        painted = painted or bool(holes.any())
    if not painted:
        raise ValueError("every cell has the shape")
    return out


def center_in_frame(g, frame):
    """Move every cell neither 0 nor `frame`, together, so that their box is centered in the box of the `frame`
    cells. ValueError: no such cells, a center between cells, or a cell moved off the grid."""
    marks = np.argwhere(g == frame)
    moving = (g != 0) & (g != frame)
    cells = np.argwhere(moving)
    if len(marks) == 0 or len(cells) == 0:
        raise ValueError("no frame or nothing to move")
    dy2 = int(marks[:, 0].min() + marks[:, 0].max()) - int(cells[:, 0].min() + cells[:, 0].max())
    dx2 = int(marks[:, 1].min() + marks[:, 1].max()) - int(cells[:, 1].min() + cells[:, 1].max())
    if dy2 % 2 or dx2 % 2:
        raise ValueError("center between cells")
    ys, xs = cells[:, 0] + dy2 // 2, cells[:, 1] + dx2 // 2
    if ys.min() < 0 or xs.min() < 0 or ys.max() >= g.shape[0] or xs.max() >= g.shape[1]:
        raise ValueError("off the grid")
    out = g.copy()
    out[moving] = 0
    out[ys, xs] = g[cells[:, 0], cells[:, 1]]
    return out


def scale_into_frame(g):
    """The one frame (an 8-connected object of one color, at least 3 x 3, whose cells are exactly the border of
    its box) cropped, its inside filled by the box of every other non-0 cell scaled up by the one integer factor
    that fills it. ValueError: no single frame, nothing else, or no such factor."""
    frames = []
    for color, cells in components(g, 8, False, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        top, left, bottom, right = min(ys), min(xs), max(ys), max(xs)
        border = {(y, x) for y in range(top, bottom + 1) for x in range(left, right + 1)
                  if y in (top, bottom) or x in (left, right)}
        if bottom - top >= 2 and right - left >= 2 and set(cells) == border:
            frames.append((color, cells, top, left, bottom, right))
    if len(frames) != 1:
        raise ValueError("no single frame")
    color, cells, top, left, bottom, right = frames[0]
    rest = g.copy()
    rest[tuple(np.array(cells).T)] = 0
    shape = crop_nonbg(rest, 0)
    k, ry = divmod(bottom - top - 1, shape.shape[0])
    kx, rx = divmod(right - left - 1, shape.shape[1])
    if ry or rx or k != kx or k < 1:
        raise ValueError("no factor fills the frame")
    out = np.full((bottom - top + 1, right - left + 1), color, dtype=g.dtype)
    out[1:-1, 1:-1] = upscale(shape, k, k)
    return out


def leaky_box(g, color):
    """Every one-color object (8-connected, at least 3 x 3) that is the border of its box but for one 0 gap cell
    off the corners: its inside's 0 cells and the gap painted `color`, and a ray of `color` from the gap out of
    the box over the 0 cells to the next non-0 cell or the border. ValueError when no object is such a box."""
    out = g.copy()
    found = False
    for _, cells in components(g, 8, False, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        top, left, bottom, right = min(ys), min(xs), max(ys), max(xs)
        if bottom - top < 2 or right - left < 2:
            continue
        border = {(y, x) for y in range(top, bottom + 1) for x in range(left, right + 1)
                  if y in (top, bottom) or x in (left, right)}
        gaps = border - set(cells)
        if len(gaps) != 1 or len(cells) != len(border) - 1:
            continue
        (gy, gx), = gaps
        if g[gy, gx] != 0 or (gy in (top, bottom) and gx in (left, right)):
            continue
        found = True
        inside = out[top + 1:bottom, left + 1:right]
        inside[g[top + 1:bottom, left + 1:right] == 0] = color
        out[gy, gx] = color
        dy, dx = (-1, 0) if gy == top else (1, 0) if gy == bottom else (0, -1) if gx == left else (0, 1)
        paint_ray(g, out, gy + dy, gx + dx, dy, dx, color)
    if not found:
        raise ValueError("no box with one gap")
    return out


def band_holes(g, color):
    """Bands with holes: every row shows exactly one color besides `color` (horizontal bands, each a run of
    rows of one color), or else every column does (vertical bands). Every `color` cell paints its line across
    its band with `color`: its column over the band's rows, or its row over the band's columns. ValueError
    when there is no `color` cell, or both or neither of rows and columns are of one color each."""
    def line_colors(lines):
        colors = []
        for line in lines:
            rest = set(line.tolist()) - {color}
            if len(rest) != 1:
                return None
            colors.append(rest.pop())
        return colors
    rows, cols = line_colors(g), line_colors(g.T)
    if (rows is None) == (cols is None):
        raise ValueError("not bands one way")
    t = g if rows is not None else g.T
    colors = rows if rows is not None else cols
    out = t.copy()
    holes = np.argwhere(t == color)
    if len(holes) == 0:
        raise ValueError("no hole")
    for y, x in holes:
        top, bottom = y, y
        while top > 0 and colors[top - 1] == colors[y]:
            top -= 1
        while bottom < len(colors) - 1 and colors[bottom + 1] == colors[y]:
            bottom += 1
        out[top:bottom + 1, x] = color
    return out if rows is not None else out.T.copy()


def wall_rays(g, toward, away):
    """One wall: the grid's only full row or column of one non-0 color. Every cell of color `toward` draws a
    ray of its color straight toward the wall, every cell of color `away` one straight away from it, over the
    0 cells to the next non-0 cell or the border (`paint_ray`). ValueError when there is no wall or more than
    one line is, the wall has color `toward` or `away`, or no ray has a cell."""
    h, w = g.shape
    walls = [("rows", y) for y in range(h) if g[y, 0] != 0 and (g[y] == g[y, 0]).all()]
    walls += [("cols", x) for x in range(w) if g[0, x] != 0 and (g[:, x] == g[0, x]).all()]
    if len(walls) != 1 or toward == away:
        raise ValueError("not one wall")
    axis, k = walls[0]
    wall_color = g[k, 0] if axis == "rows" else g[0, k]
    if wall_color in (toward, away):
        raise ValueError("the wall has a ray color")
    out = g.copy()
    painted = False
    for y, x in np.argwhere((g == toward) | (g == away)).tolist():
        here = y if axis == "rows" else x
        side = 1 if k > here else -1
        step = side if g[y, x] == toward else -side
        dy, dx = (step, 0) if axis == "rows" else (0, step)
        painted = paint_ray(g, out, y + dy, x + dx, dy, dx, int(g[y, x])) or painted
    if not painted:
        raise ValueError("no ray")
    return out


def merge_touching(g, a, b, color):
    """Touching pairs merge: every cell of color `a` beside (4-neighbor) a cell of color `b` takes `color`, and
    every `b` cell beside an `a` cell becomes 0. ValueError when no such pair touches or a == b."""
    if a == b:
        raise ValueError("one color")
    h, w = g.shape
    out = g.copy()
    found = False
    for y, x in np.argwhere(g == a).tolist():
        for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
            if 0 <= ny < h and 0 <= nx < w and g[ny, nx] == b:
                out[y, x] = color
                out[ny, nx] = 0
                found = True
    if not found:
        raise ValueError("no touching pair")
    return out


def paint_trail(g, out, cells, dy, dx, color):
    """Copies of `cells` shifted by 1, 2, 3... times (dy, dx), painted `color` in `out` over the cells that are 0
    in `g`, until a copy lies wholly off the grid."""
    h, w = g.shape
    k = 1
    while True:
        inside = False
        for y, x in cells:
            ny, nx = y + k * dy, x + k * dx
            if 0 <= ny < h and 0 <= nx < w:
                inside = True
                if g[ny, nx] == 0:
                    out[ny, nx] = color
        if not inside:
            return
        k += 1


def trail_copies(g):
    """Every object (8-connected, two colors) of one single cell of one color (the marker) beside a shape of
    the other color, the marker outside the shape's box: copies of the shape in the marker's color step away
    from the shape towards the marker (the direction is the sign of the marker's offset from the box center on
    each axis), each step the smallest multiple of that direction that moves the shape off itself, the first
    copy covering the marker; the copies are painted over the 0 cells until one lies wholly off the grid.
    ValueError when no object has such a marker."""
    out = g.copy()
    found = False
    for marker, (my, mx), cells in marked_objects(g):
        shape = [(y, x) for y, x in cells if g[y, x] != marker]
        top, left, bottom, right = object_bbox(shape)
        if top <= my <= bottom and left <= mx <= right:
            continue
        dy = int(np.sign(2 * my - top - bottom))
        dx = int(np.sign(2 * mx - left - right))
        own = set(shape)
        k = 1
        while any((y + k * dy, x + k * dx) in own for y, x in shape):
            k += 1
        if (my - k * dy, mx - k * dx) not in own:
            continue
        found = True
        paint_trail(g, out, shape, k * dy, k * dx, marker)
    if not found:
        raise ValueError("no shape with a marker")
    return out


def mark_like_key(g, frame, paint):
    """The objects (one-color, 8-connected, of a color other than `frame`) wholly inside the box of the `frame`
    cells are keys: every object wholly outside that box with a key's exact shape (any color) is painted
    `paint`. ValueError when `frame` has no cell or no object outside the box has a key's shape."""
    ys, xs = np.nonzero(g == frame)
    if len(ys) == 0:
        raise ValueError("no frame cell")
    top, left, bottom, right = ys.min(), xs.min(), ys.max(), xs.max()
    keys, others = set(), []
    for color, cells in components(g, 8, False, 0):
        if color == frame:
            continue
        inside = [top <= y <= bottom and left <= x <= right for y, x in cells]
        if all(inside):
            keys.add(object_shape_key(g, cells, False))
        elif not any(inside):
            others.append(cells)
    out = g.copy()
    found = False
    for cells in others:
        if object_shape_key(g, cells, False) in keys:
            found = True
            for y, x in cells:
                out[y, x] = paint
    if not found:
        raise ValueError("no object like a key")
    return out


def gather_to(g, color):
    """Every lone cell (an 8-connected object of one cell) of a color other than `color` moves onto the `color`
    cell nearest to it (squared distance; ties to the first in row-major order), the lone cells taken in
    row-major order, so a later one covers an earlier one on the same cell; the cells they leave become 0.
    ValueError when `color` has no cell or there is no lone cell of another color."""
    targets = list(zip(*np.nonzero(g == color)))
    if not targets:
        raise ValueError("no target cell")
    lone = [cells[0] for c, cells in components(g, 8, False, 0) if c != color and len(cells) == 1]
    if not lone:
        raise ValueError("no lone cell")
    lone.sort()
    out = g.copy()
    for y, x in lone:
        out[y, x] = 0
    for y, x in lone:
        ty, tx = min(targets, key=lambda t: (t[0] - y) ** 2 + (t[1] - x) ** 2)
        out[ty, tx] = g[y, x]
    return out


def mirror_to_marker(g, color):
    """Every object (8-connected) of `color` cells and cells of one other color whose `color` cells all lie on
    one side of the other cells' box (above, below, left or right of it, and on no other of these sides): the
    `color` cells become 0 and the other cells are reflected across that side of their box (the mirror image
    starts on the line next to it), painted in their color over the 0 cells. ValueError when no object is so."""
    h, w = g.shape
    out = g.copy()
    found = False
    for _, cells in components(g, 8, True, 0):
        marker = [(y, x) for y, x in cells if g[y, x] == color]
        body = [(y, x) for y, x in cells if g[y, x] != color]
        if not marker or not body or len({int(g[y, x]) for y, x in body}) != 1:
            continue
        top, left, bottom, right = object_bbox(body)
        sides = [all(y < top for y, _ in marker), all(y > bottom for y, _ in marker),
                 all(x < left for _, x in marker), all(x > right for _, x in marker)]
        if sum(sides) != 1:
            continue
        found = True
        for y, x in marker:
            out[y, x] = 0
        side = sides.index(True)
        for y, x in body:
            ny = 2 * top - 1 - y if side == 0 else 2 * bottom + 1 - y if side == 1 else y
            nx = 2 * left - 1 - x if side == 2 else 2 * right + 1 - x if side == 3 else x
            if 0 <= ny < h and 0 <= nx < w and out[ny, nx] == 0:
                out[ny, nx] = g[y, x]
    if not found:
        raise ValueError("no object with a marker on one side")
    return out


def assemble_corners(g):
    """Four objects (8-connected, any colors) with boxes of one size h x w, each box missing exactly one of its
    four corner cells, the missing corners all different, are put together in a 2h x 2w grid: each box in the
    quarter opposite its missing corner (a box missing its bottom-right cell goes top-left), so the missing
    corners meet in the middle. ValueError otherwise."""
    objects = components(g, 8, True, 0)
    if len(objects) != 4:
        raise ValueError("not four objects")
    boxes = [object_bbox(cells) for _, cells in objects]
    sizes = {(b - t + 1, r - l + 1) for t, l, b, r in boxes}
    if len(sizes) != 1:
        raise ValueError("boxes of several sizes")
    (h, w), = sizes
    out = np.zeros((2 * h, 2 * w), dtype=g.dtype)
    used = set()
    for (_, cells), (t, l, b, r) in zip(objects, boxes):
        own = set(cells)
        missing = [k for k, corner in enumerate(((t, l), (t, r), (b, l), (b, r))) if corner not in own]
        if len(missing) != 1 or missing[0] in used:
            raise ValueError("not one missing corner each")
        used.add(missing[0])
        quarter = 3 - missing[0]  # 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
        oy, ox = (quarter // 2) * h, (quarter % 2) * w
        for y, x in cells:
            out[oy + y - t, ox + x - l] = g[y, x]
    return out


def frame_inside_points(g):
    """Two non-0 colors, one of them only single cells (8-connected objects of one cell, at least two): the
    outline of the box those cells span, shrunk by one cell on every side, is drawn over the 0 cells in the
    other color. ValueError when the colors are not so or the shrunk box is thinner than 2 cells."""
    colors = [c for c in range(1, 10) if (g == c).any()]
    if len(colors) != 2:
        raise ValueError("not two colors")
    sizes = {}
    for color, cells in components(g, 8, False, 0):
        sizes.setdefault(color, []).append(len(cells))
    marks = [c for c in colors if len(sizes[c]) >= 2 and max(sizes[c]) == 1]
    if len(marks) != 1:
        raise ValueError("no one color of single cells")
    frame = colors[1] if colors[0] == marks[0] else colors[0]
    ys, xs = np.nonzero(g == marks[0])
    top, left, bottom, right = int(ys.min()) + 1, int(xs.min()) + 1, int(ys.max()) - 1, int(xs.max()) - 1
    if bottom - top < 1 or right - left < 1:
        raise ValueError("the box is too thin")
    out = g.copy()
    for y in range(top, bottom + 1):
        for x in range(left, right + 1):
            if (y in (top, bottom) or x in (left, right)) and g[y, x] == 0:
                out[y, x] = frame
    return out


def detour_rays(g, direction, side):
    """From every non-0 cell of the border line `direction` leaves (the bottom row for 'up'), a ray of its color
    towards `direction` over the 0 cells; where the next cell is not 0 the ray steps one cell aside instead (the
    direction turned clockwise when `side` is 1, counterclockwise when -1) and goes on, and it stops where that
    cell is not 0 or off the grid. ValueError when no ray paints a cell."""
    dy, dx = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}[direction]
    sy, sx = dx * side, -dy * side
    h, w = g.shape
    if dy:
        starts = [(h - 1 if dy < 0 else 0, x) for x in range(w)]
    else:
        starts = [(y, w - 1 if dx < 0 else 0) for y in range(h)]
    out = g.copy()
    painted = False
    for y, x in starts:
        color = g[y, x]
        if color == 0:
            continue
        while True:
            if not (0 <= y + dy < h and 0 <= x + dx < w):
                break
            if g[y + dy, x + dx] == 0:
                y, x = y + dy, x + dx
            elif 0 <= y + sy < h and 0 <= x + sx < w and g[y + sy, x + sx] == 0:
                y, x = y + sy, x + sx
            else:
                break
            out[y, x] = color
            painted = True
    if not painted:
        raise ValueError("no ray")
    return out


def fill_group_boxes(g, color, fill, gap):
    """The cells of `color` in groups, two cells joined when at most `gap` cells lie between them in a row, a
    column or a diagonal (Chebyshev distance gap + 1): in the box of every group the cells of other colors take
    `fill`. ValueError when no box has such a cell."""
    h, w = g.shape
    reach = gap + 1
    seen = np.zeros((h, w), dtype=bool)
    out = g.copy()
    filled = False
    for y0, x0 in np.argwhere(g == color).tolist():
        if seen[y0, x0]:
            continue
        seen[y0, x0] = True
        stack, top, left, bottom, right = [(y0, x0)], y0, x0, y0, x0
        while stack:
            y, x = stack.pop()
            top, left, bottom, right = min(top, y), min(left, x), max(bottom, y), max(right, x)
            for ny in range(max(0, y - reach), min(h, y + reach + 1)):
                for nx in range(max(0, x - reach), min(w, x + reach + 1)):
                    if g[ny, nx] == color and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        box = g[top:bottom + 1, left:right + 1] != color
        if box.any():
            out[top:bottom + 1, left:right + 1][box] = fill
            filled = True
    if not filled:
        raise ValueError("no group box with another color")
    return out


def concentric_squares(g):
    """The non-0 cells, all of one color, an odd number of at least 3, evenly spaced d >= 2 cells apart along a
    row, a column or a diagonal: every cell whose distance (the larger of the row and column offsets) to the
    middle one is a multiple of d takes that color, square rings around it to the border. ValueError otherwise."""
    cells = np.argwhere(g != 0).tolist()
    if len(cells) < 3 or len(cells) % 2 == 0 or len({int(g[y, x]) for y, x in cells}) != 1:
        raise ValueError("not an odd row of one color")
    color = g[cells[0][0], cells[0][1]]
    dy, dx = cells[1][0] - cells[0][0], cells[1][1] - cells[0][1]
    d = max(abs(dy), abs(dx))
    if d < 2 or (dy and dx and abs(dy) != abs(dx)):
        raise ValueError("not evenly spaced on a line")
    if any((b[0] - a[0], b[1] - a[1]) != (dy, dx) for a, b in zip(cells, cells[1:])):
        raise ValueError("not evenly spaced on a line")
    cy, cx = cells[len(cells) // 2]
    h, w = g.shape
    ys, xs = np.indices((h, w))
    out = g.copy()
    out[np.maximum(abs(ys - cy), abs(xs - cx)) % d == 0] = color
    return out


def mend_lines(g, fill):
    """Dashed lines made whole: in the box of the non-0 cells (at least 3 x 3), every row and every column of the
    box with more than half of its cells non-0 (counted on the input) gets its 0 cells in the box painted `fill`.
    ValueError when no line has a 0 cell to mend."""
    ys, xs = np.nonzero(g)
    if len(ys) == 0:
        raise ValueError("empty grid")
    top, bottom, left, right = int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())
    if bottom - top < 2 or right - left < 2:
        raise ValueError("box too small")
    box = g[top:bottom + 1, left:right + 1] != 0
    h, w = box.shape
    rows = 2 * box.sum(axis=1) > w
    cols = 2 * box.sum(axis=0) > h
    mask = (rows[:, None] | cols[None, :]) & ~box
    if not mask.any():
        raise ValueError("no dashed line")
    out = g.copy()
    out[top:bottom + 1, left:right + 1][mask] = fill
    return out


def mark_midpoints(g, color):
    """Every two cells of one color that are the only two of it on their row (or column), an even number of cells
    apart: the cell midway between them takes `color` (-1: the pair's color). 0 and the grid's most common color
    form no pairs. ValueError when no such pair."""
    bg = most_common_color(g)
    out = g.copy()
    found = False
    for lines, across in ((g, False), (g.T, True)):
        for i, line in enumerate(lines):
            for c in np.unique(line).tolist():
                if c == 0 or c == bg:
                    continue
                idx = np.nonzero(line == c)[0]
                if len(idx) != 2 or (idx[1] - idx[0]) % 2:
                    continue
                m = int(idx[0] + idx[1]) // 2
                if across:
                    out[m, i] = c if color < 0 else color
                else:
                    out[i, m] = c if color < 0 else color
                found = True
    if not found:
        raise ValueError("no pair with a midpoint")
    return out


def pixels_in_grid(g, h, w, by_cols, snake):
    """The non-0 cells' colors in reading order (left to right by column, each column top down, when `by_cols`;
    else top down by row, each row left to right) written into an h x w grid of 0 row by row, every other row
    right to left when `snake`. ValueError when there is no cell or more than h * w."""
    ys, xs = np.nonzero(g)
    if len(ys) == 0 or len(ys) > h * w:
        raise ValueError("cells do not fit")
    order = np.lexsort((ys, xs)) if by_cols else np.lexsort((xs, ys))
    out = np.zeros((h, w), dtype=g.dtype)
    for k, i in enumerate(order.tolist()):
        r, c = divmod(k, w)
        out[r, w - 1 - c if snake and r % 2 else c] = g[ys[i], xs[i]]
    return out


def stripe_square(g):
    """The one-color lines as a square of stripes: when every row holding non-0 cells holds only one color, those
    rows' colors top down (a run of neighbouring rows of one color counts once) become the rows of an n x n grid,
    n the number of colors listed; else the same with columns, left to right, as its columns. ValueError when
    neither the rows nor the columns are all of one color, or the square would be over 30."""
    for lines, across in ((g, False), (g.T, True)):
        colors, last, ok = [], -1, True
        for i, line in enumerate(lines):
            present = np.unique(line[line != 0]).tolist()
            if len(present) > 1:
                ok = False
                break
            if present and not (last == i - 1 and colors and colors[-1] == present[0]):
                colors.append(present[0])
            if present:
                last = i
        if ok and colors:
            if len(colors) > 30:
                break
            out = np.array([[c] * len(colors) for c in colors], dtype=g.dtype)
            return out.T if across else out
    raise ValueError("no one-color lines")


def stair_bar(g, grow, shrink):
    """A staircase from a bar: the non-0 cells form one unbroken run on one row, from column a to column b; the
    row k above it is painted `grow` from a to b + k and the row k below it `shrink` from a to b - k (while that
    is not empty), both cut at the border. ValueError when the non-0 cells are not one run on one row."""
    ys, xs = np.nonzero(g)
    if len(ys) == 0 or len(set(ys.tolist())) != 1 or xs.max() - xs.min() + 1 != len(xs):
        raise ValueError("not one bar")
    row, a, b = int(ys[0]), int(xs.min()), int(xs.max())
    out = g.copy()
    for k in range(1, row + 1):
        out[row - k, a:b + k + 1] = grow
    for k in range(1, min(g.shape[0] - row, b - a + 1)):
        out[row + k, a:b - k + 1] = shrink
    return out


def draw_spiral(g, color):
    """A square spiral painted `color` over the grid: a path from the top-left cell rightwards that turns
    clockwise wherever its next cell is off the grid or the cell after that is already on the path, and ends
    where it cannot go on after a turn (the path's arms one cell apart). ValueError for a grid under 2 x 2."""
    h, w = g.shape
    if h < 2 or w < 2:
        raise ValueError("too small for a spiral")
    out = g.copy()
    on = np.zeros((h, w), dtype=bool)
    steps = ((0, 1), (1, 0), (0, -1), (-1, 0))
    y = x = d = 0
    on[0, 0] = True

    def free(y, x, dy, dx):
        ny, nx = y + dy, x + dx
        if not (0 <= ny < h and 0 <= nx < w) or on[ny, nx]:
            return False
        fy, fx = ny + dy, nx + dx
        return not (0 <= fy < h and 0 <= fx < w and on[fy, fx])

    while True:
        if not free(y, x, *steps[d]):
            d = (d + 1) % 4
            if not free(y, x, *steps[d]):
                break
        y, x = y + steps[d][0], x + steps[d][1]
        on[y, x] = True
    out[on] = color
    return out


def step_rays(g, source, marker):
    """Rays of `source` from its cells on one border line (top, bottom, left, right: the first that holds them
    all) straight across the grid, painting its 0 cells and passing over the others, stepping one cell sideways,
    away from the border line that holds every `marker` cell (one across the rays), on each line where a marker
    stands, so the rays go on as stairs until they leave the grid. ValueError: no such source line or marker
    line."""
    h, w = g.shape
    src = [tuple(c) for c in np.argwhere(g == source).tolist()]
    marks = [tuple(c) for c in np.argwhere(g == marker).tolist()]
    if not src or not marks or source == marker or source == 0 or marker == 0:
        raise ValueError("no sources or markers")
    for axis, edge in ((0, 0), (0, h - 1), (1, 0), (1, w - 1)):  # the sources' border line: rows 0 / h-1, cols
        if all(c[axis] == edge for c in src):
            break
    else:
        raise ValueError("sources not on one border line")
    across = 1 - axis  # the rays travel along `axis`; markers sit on a border line across them
    far = (w - 1) if axis == 0 else (h - 1)
    if all(c[across] == 0 for c in marks):
        side = 1
    elif all(c[across] == far for c in marks):
        side = -1
    else:
        raise ValueError("markers not on one border line across the rays")
    steps = {c[axis] for c in marks}
    n = h if axis == 0 else w
    forward = 1 if edge == 0 else -1
    out = g.copy()
    for c in src:
        pos, lateral = c[axis], c[across]
        while True:
            pos += forward
            if not 0 <= pos < n:
                break
            if pos in steps:
                lateral += side
            if not 0 <= lateral <= far:
                break
            y, x = (pos, lateral) if axis == 0 else (lateral, pos)
            if g[y, x] == 0:
                out[y, x] = source
    return out


def shift_by_count(g, marker, dy, dx):
    """The marker cells removed and the rest moved (dy, dx) times their count (dy, dx in -1, 0, 1): the grid's
    border lines repeat into the room the move leaves, so lines running to the border stay whole. ValueError
    when there is no marker cell or the move leaves the grid."""
    h, w = g.shape
    k = int((g == marker).sum())
    if k == 0 or marker == 0 or (dy == 0 and dx == 0) or k * abs(dy) >= h or k * abs(dx) >= w:
        raise ValueError("no marker or too far")
    rest = np.where(g == marker, 0, g)
    ys = np.clip(np.arange(h) - k * dy, 0, h - 1)
    xs = np.clip(np.arange(w) - k * dx, 0, w - 1)
    return np.ascontiguousarray(rest[ys][:, xs])


def count_bars(g, color, direction):
    """Beside every object (8-connected, colors mixed) a bar of `color` on its box side toward `direction`
    ('down', 'left', 'up', 'right'), as wide as its box along that side and as long as the object has colors,
    painting only 0 cells and cut at the border. ValueError when the grid has no object."""
    h, w = g.shape
    objects = components(g, 8, True, 0)
    if not objects:
        raise ValueError("no object")
    out = g.copy()
    for _, cells in objects:
        top, left, bottom, right = object_bbox(cells)
        n = len({int(g[y, x]) for y, x in cells})
        if direction == "down":
            box = (bottom + 1, bottom + n, left, right)
        elif direction == "up":
            box = (top - n, top - 1, left, right)
        elif direction == "right":
            box = (top, bottom, right + 1, right + n)
        else:
            box = (top, bottom, left - n, left - 1)
        y0, y1, x0, x1 = max(box[0], 0), min(box[1], h - 1), max(box[2], 0), min(box[3], w - 1)
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                if g[y, x] == 0:
                    out[y, x] = color
    return out


def zoom_cell(g, pick):
    """In a separator table (see `cell_table`) whose cells are as many pixels tall and wide as the table is
    cells, the one cell with the fewest (pick 'fewest') or the most ('most') pixels neither 0 nor the separator
    is blown up to the table: each of its pixels fills the cell at its place, the separators kept. ValueError
    unless exactly one cell has that count and its shape is the table's."""
    sep, rbounds, cbounds = cell_table(g)
    boxes = cell_boxes(rbounds, cbounds)
    counts = [cell_summary(g[a:b, c:d], sep)[0] for _, _, a, b, c, d in boxes]
    best = min(counts) if pick == "fewest" else max(counts)
    if counts.count(best) != 1:
        raise ValueError("no one cell with that count")
    _, _, a, b, c, d = boxes[counts.index(best)]
    if (b - a, d - c) != (len(rbounds), len(cbounds)):
        raise ValueError("the cell is not the table's shape")
    out = g.copy()
    for i, j, a2, b2, c2, d2 in boxes:
        out[a2:b2, c2:d2] = g[a + i, c + j]
    return out


def cell_to_marker(g, color):
    """In a separator table (see `cell_table`), the one cell holding `color`, which it holds in one pixel, is
    copied to the cell at that pixel's place in it (the cell's pixels read as the table's cells), and every
    other cell is cleared to 0, the separators kept. ValueError unless exactly one cell holds `color`, once,
    `color` is not the separator, the cell has the table's shape and the target cell has the cell's."""
    sep, rbounds, cbounds = cell_table(g)
    if color == sep:
        raise ValueError("the separator color")
    boxes = cell_boxes(rbounds, cbounds)
    holders = [box for box in boxes if (g[box[2]:box[3], box[4]:box[5]] == color).any()]
    if len(holders) != 1:
        raise ValueError("not one cell holds the color")
    _, _, a, b, c, d = holders[0]
    where = np.argwhere(g[a:b, c:d] == color)
    if len(where) != 1 or (b - a, d - c) != (len(rbounds), len(cbounds)):
        raise ValueError("not one marker pixel or not the table's shape")
    _, _, a2, b2, c2, d2 = boxes[int(where[0][0]) * len(cbounds) + int(where[0][1])]
    if (b2 - a2, d2 - c2) != (b - a, d - c):
        raise ValueError("the target cell has another size")
    out = g.copy()
    for _, _, a3, b3, c3, d3 in boxes:
        out[a3:b3, c3:d3] = 0
    out[a2:b2, c2:d2] = g[a:b, c:d]
    return out


def bounce_diagonals(g, color):
    """Every one-color object (8-connected) of at least two cells that lie on one diagonal line is continued
    from both of its ends in `color`, a cell at a time along its diagonal over the 0 cells (of the input). Where
    the next cell is not 0 the ray bounces: it turns its column step when the cell beside it in its row is not 0,
    its row step when the cell beside it in its column is not 0. It ends at the border, where both or neither of
    those two cells is 0, or where it would repeat a step. ValueError when no ray has a cell."""
    h, w = g.shape
    out = g.copy()
    drawn = False
    for _, cells in components(g, 8, False, 0):
        if len(cells) < 2:
            continue
        (y0, x0), (y1, x1) = cells[0], cells[-1]
        n = len(cells) - 1
        if abs(y1 - y0) != n or abs(x1 - x0) != n:
            continue
        sy, sx = (y1 - y0) // n, (x1 - x0) // n
        if any(cells[k] != (y0 + k * sy, x0 + k * sx) for k in range(len(cells))):
            continue
        for y, x, dy, dx in ((y1, x1, sy, sx), (y0, x0, -sy, -sx)):
            seen = set()
            while (y, x, dy, dx) not in seen:
                seen.add((y, x, dy, dx))
                if not (0 <= y + dy < h and 0 <= x + dx < w):
                    break
                if g[y + dy, x + dx] != 0:
                    side, wall = g[y, x + dx] != 0, g[y + dy, x] != 0
                    if side == wall:
                        break
                    dy, dx = (dy, -dx) if side else (-dy, dx)
                    continue
                y, x = y + dy, x + dx
                out[y, x] = color
                drawn = True
    if not drawn:
        raise ValueError("no diagonal to continue")
    return out


def crop_line_frame(g):
    """The box from the first to the last row with no 0 cell and from the first to the last such column, those
    lines included (a frame of crossing lines around the picture). ValueError unless there are at least two such
    rows and two such columns."""
    rows = [y for y in range(g.shape[0]) if g[y].all()]
    cols = [x for x in range(g.shape[1]) if g[:, x].all()]
    if len(rows) < 2 or len(cols) < 2:
        raise ValueError("no frame of lines")
    return g[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].copy()


def side_rays(g):
    """Every side of the grid whose cells, its two corners left out, are all one non-0 color: each cell of that
    color off the border draws a ray of it straight toward that side over the 0 cells, to the next non-0 cell
    (`paint_ray`). ValueError when the grid is under 3 x 3 or no ray has a cell."""
    h, w = g.shape
    if h < 3 or w < 3:
        raise ValueError("too small")
    out = g.copy()
    drawn = False
    for line, dy, dx in ((g[0, 1:-1], -1, 0), (g[-1, 1:-1], 1, 0), (g[1:-1, 0], 0, -1), (g[1:-1, -1], 0, 1)):
        color = line[0]
        if color == 0 or not (line == color).all():
            continue
        for y, x in np.argwhere(g[1:-1, 1:-1] == color).tolist():
            drawn = paint_ray(g, out, y + 1 + dy, x + 1 + dx, dy, dx, color) or drawn
    if not drawn:
        raise ValueError("no ray")
    return out


def fit_pieces(g):
    """The objects (8-connected, any colors, two to four of them) fitted together, without turning, into a box
    they fill exactly: boxes of their total cell count tried from the squarest (then the fewest rows), each at
    least as big as every piece's box; the first empty cell in reading order takes the first cell (in reading
    order) of the first unused piece, in the objects' order, that fits there, backtracking on a dead end. The
    pieces keep their colors. ValueError when there are not two to four objects or no box is filled so."""
    objects = components(g, 8, True, 0)
    if not 2 <= len(objects) <= 4:
        raise ValueError("not two to four pieces")
    pieces = [cells for _, cells in objects]
    total = sum(len(cells) for cells in pieces)
    boxes = [object_bbox(cells) for cells in pieces]
    need_h = max(b - t + 1 for t, _, b, _ in boxes)
    need_w = max(r - l + 1 for _, l, _, r in boxes)
    shapes = sorted((abs(h - total // h), h) for h in range(1, total + 1) if total % h == 0)
    for _, h in shapes:
        w = total // h
        if h < need_h or w < need_w or h > 30 or w > 30:
            continue
        out = np.zeros((h, w), dtype=g.dtype)
        filled = np.zeros((h, w), dtype=bool)
        used = [False] * len(pieces)

        def place(start):
            k = start
            while k < h * w and filled[k // w, k % w]:
                k += 1
            if k == h * w:
                return True
            y0, x0 = divmod(k, w)
            for i, cells in enumerate(pieces):
                if used[i]:
                    continue
                dy, dx = y0 - cells[0][0], x0 - cells[0][1]
                spots = [(y + dy, x + dx) for y, x in cells]
                if all(0 <= y < h and 0 <= x < w and not filled[y, x] for y, x in spots):
                    used[i] = True
                    for (y, x), (sy, sx) in zip(spots, cells):
                        filled[y, x] = True
                        out[y, x] = g[sy, sx]
                    if place(k + 1):
                        return True
                    used[i] = False
                    for y, x in spots:
                        filled[y, x] = False
                        out[y, x] = 0
            return False

        if place(0):
            return out
    raise ValueError("the pieces fill no box")


def turn_parts(g, k):
    """Panels cut by full lines of one non-0 color, the first panel holding colors and the others all 0: each other
    panel in reading order becomes the panel before it turned k quarter turns counter-clockwise (as `rotate`).
    The separator color is the smallest one whose full rows and columns cut the grid so: at least two panels,
    all of one size (square when k is odd), only the first one with colors. ValueError when none does."""
    h, w = g.shape
    for sep in range(1, 10):
        rows = [i for i in range(h) if (g[i] == sep).all()]
        cols = [j for j in range(w) if (g[:, j] == sep).all()]
        if not rows and not cols:
            continue
        boxes = [box for _, _, *box in cell_boxes(runs_between(rows, h), runs_between(cols, w))]
        if len(boxes) < 2:
            continue
        a, b, c, d = boxes[0]
        if any((b2 - a2, d2 - c2) != (b - a, d - c) for a2, b2, c2, d2 in boxes) or (k % 2 and b - a != d - c):
            continue
        if not g[a:b, c:d].any() or any(g[a2:b2, c2:d2].any() for a2, b2, c2, d2 in boxes[1:]):
            continue
        out = g.copy()
        part = g[a:b, c:d]
        for a2, b2, c2, d2 in boxes[1:]:
            part = np.rot90(part, k)
            out[a2:b2, c2:d2] = part
        return out
    raise ValueError("no panels to turn")


def corner_keys(g):
    """The box inside the frame of full one-color lines, its cells colored by the keys in the grid's corners: the
    first and last rows that are all of one non-0 color, and the first and last such columns, bound the inner
    box strictly between them; each corner region outside both lines (e.g. the rows above the first line and
    the columns left of the first) holds one non-0 color, its key; the inner box, of even height and width, is
    returned with the non-0 cells of each quarter painted the key of its corner. ValueError otherwise."""
    h, w = g.shape
    rows = [i for i in range(h) if g[i, 0] != 0 and (g[i] == g[i, 0]).all()]
    cols = [j for j in range(w) if g[0, j] != 0 and (g[:, j] == g[0, j]).all()]
    if len(rows) < 2 or len(cols) < 2:
        raise ValueError("no frame")
    r0, r1, c0, c1 = rows[0], rows[-1], cols[0], cols[-1]
    ih, iw = r1 - r0 - 1, c1 - c0 - 1
    if ih < 2 or iw < 2 or ih % 2 or iw % 2 or r0 == 0 or c0 == 0 or r1 == h - 1 or c1 == w - 1:
        raise ValueError("no even inner box with corners around it")
    keys = []
    for ys, xs in ((slice(0, r0), slice(0, c0)), (slice(0, r0), slice(c1 + 1, w)),
                   (slice(r1 + 1, h), slice(0, c0)), (slice(r1 + 1, h), slice(c1 + 1, w))):
        colors = np.unique(g[ys, xs])
        colors = colors[colors != 0]
        if len(colors) != 1:
            raise ValueError("not one key color in a corner")
        keys.append(colors[0])
    inner = g[r0 + 1:r1, c0 + 1:c1]
    out = np.zeros_like(inner)
    for q, key in enumerate(keys):
        ys = slice(0, ih // 2) if q < 2 else slice(ih // 2, ih)
        xs = slice(0, iw // 2) if q % 2 == 0 else slice(iw // 2, iw)
        out[ys, xs] = np.where(inner[ys, xs] != 0, key, 0)
    return out


def block_figure(g, other):
    """A figure drawn in square blocks among stray cells, shrunk to one cell a block: its color is that of the
    largest 4-connected objects (one color); the box of its cells is cut into s x s blocks, s >= 2 the largest
    side dividing both sides of the box for which every block is all that color or free of it, and each block
    becomes one cell, the figure's color (or, when `other`, the one other non-0 color of the grid) where the
    block is the figure's, else 0. ValueError when no such color, s or other color exists."""
    objects = components(g, 4, False, 0)
    if not objects:
        raise ValueError("empty grid")
    top = max(len(cells) for _, cells in objects)
    colors = {color for color, cells in objects if len(cells) == top}
    if len(colors) != 1:
        raise ValueError("largest objects of several colors")
    color = colors.pop()
    paint = color
    if other:
        rest = [c for c in range(1, 10) if c != color and (g == c).any()]
        if len(rest) != 1:
            raise ValueError("not one other color")
        paint = rest[0]
    ys, xs = np.nonzero(g == color)
    box = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1] == color
    h, w = box.shape
    for side in range(min(h, w), 1, -1):
        if h % side or w % side:
            continue
        blocks = box.reshape(h // side, side, w // side, side).transpose(0, 2, 1, 3).reshape(h // side, w // side, -1)
        full, empty = blocks.all(axis=2), ~blocks.any(axis=2)
        if (full | empty).all():
            return np.where(full, paint, 0).astype(g.dtype)
    raise ValueError("no block size")


def frame_key_matches(g):
    """A key is a one-color object (8-connected) at least 3 x 3 whose box has its whole border in its color F and
    holds cells of exactly one other non-0 color M (its other cells 0 or F). Wherever the key's M cells recur
    in the grid, under any of the 8 turns and flips of the box (M cells all inside the grid, the key's other
    cells free to fall off it), with M exactly there and only 0 or F under the rest of the box, the key's F
    cells are painted over the 0 cells there. Keys in reading order, each matched against the input.
    ValueError when there is no key."""
    h, w = g.shape
    out = g.copy()
    found = False
    for f, cells in components(g, 8, False, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        top, left, bottom, right = min(ys), min(xs), max(ys), max(xs)
        if bottom - top < 2 or right - left < 2:
            continue
        box = g[top:bottom + 1, left:right + 1]
        if not ((box[0] == f).all() and (box[-1] == f).all() and (box[:, 0] == f).all() and (box[:, -1] == f).all()):
            continue
        others = set(np.unique(box).tolist()) - {0, f}
        if len(others) != 1:
            continue
        m = others.pop()
        found = True
        variants = []
        for k in range(8):  # turned k quarters, then transposed for k >= 4
            v = np.rot90(box, k % 4)
            v = v.T if k >= 4 else v
            if not any(np.array_equal(v, u) for u in variants):
                variants.append(v)
        for v in variants:
            th, tw = v.shape
            my, mx = np.nonzero(v == m)
            for oy in range(-int(my.min()), h - int(my.max())):
                for ox in range(-int(mx.min()), w - int(mx.max())):
                    y0, x0 = max(oy, 0), max(ox, 0)
                    y1, x1 = min(oy + th, h), min(ox + tw, w)
                    under = g[y0:y1, x0:x1]
                    key = v[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
                    if not ((under == m) == (key == m)).all() or ((under != 0) & (under != f) & (key != m)).any():
                        continue
                    out[y0:y1, x0:x1][(key == f) & (under == 0)] = f
    if not found:
        raise ValueError("no framed key")
    return out


def held_corner_rays(g):
    """Every one-color object (8-connected) whose box holds cells of exactly one other non-0 color H: from each
    corner of its box that is one of its cells, a diagonal ray of H leaves the box outwards over the 0 cells to
    the next non-0 cell or the border (`paint_ray`). ValueError when no object holds another color at one of
    its corners."""
    out = g.copy()
    found = False
    for c, cells in components(g, 8, False, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        top, left, bottom, right = min(ys), min(xs), max(ys), max(xs)
        others = set(np.unique(g[top:bottom + 1, left:right + 1]).tolist()) - {0, c}
        if len(others) != 1:
            continue
        held = others.pop()
        for y, x, dy, dx in ((top, left, -1, -1), (top, right, -1, 1), (bottom, left, 1, -1), (bottom, right, 1, 1)):
            if g[y, x] == c:
                found = True
                paint_ray(g, out, y + dy, x + dx, dy, dx, held)
    if not found:
        raise ValueError("no object holding another color")
    return out


def corners_across(g):
    """Every object (8-connected, colors joined) that fills a box of at least 2 x 2: a copy of its box moved
    diagonally past each corner, by the box's height and width, is filled with the color of the opposite
    corner cell (the top-left cell's color goes to the box beyond the bottom-right corner, ...), over the 0
    cells and cut at the border. ValueError when no object fills such a box."""
    h, w = g.shape
    out = g.copy()
    found = False
    for _, cells in components(g, 8, True, 0):
        ys, xs = [y for y, _ in cells], [x for _, x in cells]
        top, left, bottom, right = min(ys), min(xs), max(ys), max(xs)
        bh, bw = bottom - top + 1, right - left + 1
        if bh < 2 or bw < 2 or len(cells) != bh * bw:
            continue
        found = True
        for y, x, dy, dx in ((top, left, 1, 1), (top, right, 1, -1), (bottom, left, -1, 1), (bottom, right, -1, -1)):
            y0, x0 = top + dy * bh, left + dx * bw
            region = out[max(y0, 0):max(min(y0 + bh, h), 0), max(x0, 0):max(min(x0 + bw, w), 0)]
            under = g[max(y0, 0):max(min(y0 + bh, h), 0), max(x0, 0):max(min(x0 + bw, w), 0)]
            region[under == 0] = g[y, x]
    if not found:
        raise ValueError("no object filling a box")
    return out


def extend_rings(g, fill):
    """The non-0 cells, all of one color, are nested rings (two or more 8-connected objects) p apart, p the
    smallest Chebyshev distance (the larger of the row and column gaps) between two cells of different objects:
    the rings go on to the border, every cell whose Chebyshev distance to the nearest colored cell is a multiple
    of p taking that color, every other cell `fill`. ValueError when the grid has not one non-0 color or has
    one object."""
    colors = [c for c in np.unique(g).tolist() if c != 0]
    if len(colors) != 1:
        raise ValueError("not one color")
    objects = components(g, 8, False, 0)
    if len(objects) < 2:
        raise ValueError("one object")
    cells = np.array([cell for _, cs in objects for cell in cs])
    labels = np.array([i for i, (_, cs) in enumerate(objects) for _ in cs])
    gap = np.maximum(abs(cells[:, None, 0] - cells[None, :, 0]), abs(cells[:, None, 1] - cells[None, :, 1]))
    p = int(gap[labels[:, None] != labels[None, :]].min())
    h, w = g.shape
    ys, xs = np.mgrid[0:h, 0:w]
    dist = np.maximum(abs(ys[:, :, None] - cells[:, 0]), abs(xs[:, :, None] - cells[:, 1])).min(axis=2)
    return np.where(dist % p == 0, colors[0], fill).astype(g.dtype)


def marker_trails(g, marker):
    """Every object (8-connected, colors joined) of `marker` cells and cells of one other color: each marker
    cell off the middle of the object's box points away from it (the sign of the cell's offset from the box
    center on each axis); the object's cells all take the other color, and copies of it in that color step one
    cell at a time the way each marker points, painted over the 0 cells until wholly off the grid. ValueError
    when no object has such a marker."""
    out = g.copy()
    found = False
    for _, cells in components(g, 8, True, 0):
        colors = {int(g[y, x]) for y, x in cells}
        if marker not in colors or len(colors) != 2:
            continue
        (color,) = colors - {marker}
        top, left, bottom, right = object_bbox(cells)
        ways = []
        for y, x in cells:
            way = (int(np.sign(2 * y - top - bottom)), int(np.sign(2 * x - left - right)))
            if g[y, x] == marker and way != (0, 0) and way not in ways:
                ways.append(way)
        if not ways:
            continue
        found = True
        for y, x in cells:
            out[y, x] = color
        for dy, dx in ways:
            paint_trail(g, out, cells, dy, dx, color)
    if not found:
        raise ValueError("no object with a marker")
    return out


def stair_rays(g, color, arms, k, vertical):
    """From every lone non-0 cell (its 8 neighbors all 0), a staircase of `color` for each letter of `arms`
    ('a' up-left, 'b' up-right, 'c' down-left, 'd' down-right): k cells along the letter's vertical way then k
    along its horizontal way, over and over (horizontal first when `vertical` is 0), each step painted, until
    the border or a non-0 cell of the input. ValueError: k under 1, or no lone cell."""
    h, w = g.shape
    if k < 1:
        raise ValueError("no step")
    ways = {"a": (-1, -1), "b": (-1, 1), "c": (1, -1), "d": (1, 1)}
    out = g.copy()
    found = False
    for y in range(h):
        for x in range(w):
            if g[y, x] == 0 or any(0 <= y + dy < h and 0 <= x + dx < w and g[y + dy, x + dx] != 0
                                   for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx):
                continue
            found = True
            for letter in "abcd":
                if letter not in arms:
                    continue
                dy, dx = ways[letter]
                moves = [(dy, 0)] * k + [(0, dx)] * k if vertical else [(0, dx)] * k + [(dy, 0)] * k
                ry, rx, i = y, x, 0
                while True:
                    ry, rx = ry + moves[i][0], rx + moves[i][1]
                    if not (0 <= ry < h and 0 <= rx < w) or g[ry, rx] != 0:
                        break
                    out[ry, rx] = color
                    i = (i + 1) % (2 * k)
    if not found:
        raise ValueError("no lone cell")
    return out


def square_side_dots(g, step):
    """The grid completed to mirror symmetry left-right and up-down about its center (each cell takes the non-0
    color among itself and its three mirror images), then every non-0 cell off the center's diagonals is on a
    side of a square about the center: nearer the top or bottom edge than the left or right one (in offsets from
    the center), it is joined to its left-right mirror image on its row by cells of its color every `step` cells;
    else to its up-down mirror image on its column. Only 0 cells are painted, the earlier cell (reading order)
    first. ValueError: mirror images of two colors, or nothing changes."""
    h, w = g.shape
    if step < 1:
        raise ValueError("no step")
    s = g.copy()
    for y in range(h):
        for x in range(w):
            colors = {int(g[y, x]), int(g[y, w - 1 - x]), int(g[h - 1 - y, x]), int(g[h - 1 - y, w - 1 - x])} - {0}
            if len(colors) > 1:
                raise ValueError("mirror images disagree")
            if colors:
                s[y, x] = colors.pop()
    out = s.copy()
    for y in range(h):
        for x in range(w):
            if s[y, x] == 0:
                continue
            ay, ax = abs(2 * y - (h - 1)), abs(2 * x - (w - 1))
            if ay == ax:
                continue
            if ay > ax:
                end, sign = w - 1 - x, 1 if w - 1 - x > x else -1
                for j in range(x + sign * step, end, sign * step):
                    if s[y, j] == 0 and out[y, j] == 0:
                        out[y, j] = s[y, x]
            else:
                end, sign = h - 1 - y, 1 if h - 1 - y > y else -1
                for i in range(y + sign * step, end, sign * step):
                    if s[i, x] == 0 and out[i, x] == 0:
                        out[i, x] = s[y, x]
    if np.array_equal(out, g):
        raise ValueError("nothing to complete")
    return out


def extend_corner_bands(g, factor):
    """The grid is nested L-shaped bands about its top-left corner (band i: the cells whose larger coordinate
    is i), each of one color, 0 where unknown: the band colors continue with their smallest period p (band i the
    color of band i - p where it is 0; the first p bands known) over a grid `factor` times as tall and wide.
    ValueError: a band of two colors, no such period, or past 30 cells."""
    h, w = g.shape
    if factor < 1 or h * factor > 30 or w * factor > 30:
        raise ValueError("no room")
    n = max(h, w)
    seq = [-1] * n
    for y in range(h):
        for x in range(w):
            i = max(y, x)
            if seq[i] == -1:
                seq[i] = int(g[y, x])
            elif seq[i] != int(g[y, x]):
                raise ValueError("band of two colors")
    for p in range(1, n + 1):
        if 0 in seq[:p]:
            break
        full = seq[:p]
        for i in range(p, n):
            full.append(seq[i] if seq[i] else full[i - p])
        if all(full[i] == full[i - p] for i in range(p, n)):
            size = n * factor
            while len(full) < size:
                full.append(full[len(full) - p])
            out = np.zeros((h * factor, w * factor), dtype=g.dtype)
            for y in range(h * factor):
                for x in range(w * factor):
                    out[y, x] = full[max(y, x)]
            return out
    raise ValueError("no period")


def slide_along_stalk(g):
    """Every one-color object (4-connected) that is a block with a straight stalk one cell thick at one end of
    its box (the box's last columns, or rows, each holding one cell of the object, all on one row, or column),
    the cell past the stalk's tip non-0, and no other such stalk: the stalk is erased and the block moves along
    it by its length, to the thing it reached (the objects erased first, then the blocks painted). ValueError
    when no object has such a stalk."""
    h, w = g.shape
    out = g.copy()
    moves = []
    for color, cells in components(g, 4, False, 0):
        found = []
        for axis in (0, 1):  # stalk along a row (its columns hold one cell each), or along a column
            lines = {}
            for cell in cells:
                lines.setdefault(cell[1 - axis], []).append(cell)
            lo, hi = min(lines), max(lines)
            for end, step in ((lo, -1), (hi, 1)):
                n = 0
                while end - step * n in lines and len(lines[end - step * n]) == 1:
                    n += 1
                stalk = [lines[end - step * k][0] for k in range(n)]
                if n == 0 or n == hi - lo + 1 or len({c[axis] for c in stalk}) != 1:
                    continue
                ty, tx = (stalk[0][0], end + step) if axis == 0 else (end + step, stalk[0][1])
                if not (0 <= ty < h and 0 <= tx < w) or g[ty, tx] == 0:
                    continue
                dy, dx = (0, step * n) if axis == 0 else (step * n, 0)
                found.append((color, [c for c in cells if c not in stalk], dy, dx, cells))
        if len(found) == 1:
            moves += found
    if not moves:
        raise ValueError("no block with a stalk")
    for _, _, _, _, cells in moves:
        for y, x in cells:
            out[y, x] = 0
    for color, block, dy, dx, _ in moves:
        for y, x in block:
            out[y + dy, x + dx] = color
    return out


def fill_empty_rects(g, color):
    """Rectangles of 0 cells at least 2 x 2 take `color`, the largest first: again and again the largest such
    rectangle of 0 cells not yet taken (ties: the higher top, then the further left, then the higher bottom) is
    taken, until none is left (empty blocks among scattered cells filled, none overlapping another).
    ValueError when there is none."""
    free = g == 0
    out = g.copy()
    drawn = False
    while True:
        rects = empty_rects(free)
        if not rects:
            break
        area = lambda r: (r[1] - r[0] + 1) * (r[3] - r[2] + 1)  # noqa: E731
        top, bottom, left, right = min(rects, key=lambda r: (-area(r), r[0], r[2], r[1]))
        free[top:bottom + 1, left:right + 1] = False
        out[top:bottom + 1, left:right + 1] = color
        drawn = True
    if not drawn:
        raise ValueError("no empty rectangle")
    return out


def fill_rooms(g, color):
    """Every room takes `color`: a region of 0 cells (4-connected) that fills its box, with every cell around
    the box inside the grid non-0, at least two of the box's four outer corner cells inside the grid, and each of
    those a true corner of the wall (neither the cell beyond it along its row nor the one beyond it along its
    column, away from the box, is non-0). Boxes drawn among lines that run into them are filled; the spaces the
    lines cut off are not. ValueError when there is no room."""
    h, w = g.shape
    out = g.copy()
    found = False
    for _, cells in components((g == 0).astype(np.uint8), 4, False, 0):
        top, left, bottom, right = object_bbox(cells)
        if len(cells) != (bottom - top + 1) * (right - left + 1):
            continue
        ring = [(y, x) for y in range(top - 1, bottom + 2) for x in range(left - 1, right + 2)
                if (y in (top - 1, bottom + 1) or x in (left - 1, right + 1)) and 0 <= y < h and 0 <= x < w]
        if any(g[y, x] == 0 for y, x in ring):
            continue
        corners = [(y, x, dy, dx) for y, x, dy, dx in ((top - 1, left - 1, -1, -1), (top - 1, right + 1, -1, 1),
                                                       (bottom + 1, left - 1, 1, -1), (bottom + 1, right + 1, 1, 1))
                   if 0 <= y < h and 0 <= x < w]
        if len(corners) < 2 or any((0 <= y + dy < h and g[y + dy, x] != 0) or (0 <= x + dx < w and g[y, x + dx] != 0)
                                   for y, x, dy, dx in corners):
            continue
        for y, x in cells:
            out[y, x] = color
        found = True
    if not found:
        raise ValueError("no room")
    return out


def bridge_along(g, color, axis):
    """`bridge_objects` in one direction: between every two objects (8-connected, one color each) side by side
    (axis 'rows') or one above the other ('cols') that face each other across 0 cells, the gap takes `color` over
    the rows (or columns) both span, when all of it is 0. ValueError when no gap is painted."""
    boxes = [object_bbox(cells) for _, cells in components(g, 8, False, 0)]
    out = g.copy()
    bridged = False
    for i, box in enumerate(boxes):
        for other in boxes[i + 1:]:
            (t1, l1, b1, r1), (t2, l2, b2, r2) = (box, other) if axis == "rows" else \
                ((box[1], box[0], box[3], box[2]), (other[1], other[0], other[3], other[2]))
            lo, hi = max(t1, t2), min(b1, b2)  # the rows (columns) both span
            start, stop = (r1 + 1, l2) if r1 < l2 else (r2 + 1, l1)
            if lo > hi or stop <= start:
                continue
            gap = (slice(lo, hi + 1), slice(start, stop)) if axis == "rows" else (slice(start, stop), slice(lo, hi + 1))
            if not g[gap].any():
                out[gap] = color
                bridged = True
    if not bridged:
        raise ValueError("no gap between facing objects")
    return out


def cover_rays(g, direction):
    """The cover is the one largest one-color object (8-connected, at least 3 cells). Along `direction` ('down',
    'left', 'up', 'right'), in every line (a column for down / up, a row for left / right) that crosses the cover,
    the first non-0 cell past the cover's last cell in that direction colors the line's 0 cells from the cover to
    the border. ValueError: no one largest object, or no line with a cell past the cover."""
    dy, dx = {"down": (1, 0), "left": (0, -1), "up": (-1, 0), "right": (0, 1)}[direction]
    h, w = g.shape
    objects = components(g, 8, False, 0)
    sizes = sorted(len(cells) for _, cells in objects)
    if not sizes or sizes[-1] < 3 or (len(sizes) > 1 and sizes[-2] == sizes[-1]):
        raise ValueError("no one largest object")
    cover = next(cells for _, cells in objects if len(cells) == sizes[-1])
    ends = {}  # line -> the cover's last cell along the direction in it
    for y, x in cover:
        line, along = (x, y * dy) if dy else (y, x * dx)
        if line not in ends or along > ends[line][0]:
            ends[line] = (along, y, x)
    out = g.copy()
    drawn = False
    for line in sorted(ends):
        _, y, x = ends[line]
        ny, nx = y + dy, x + dx
        while 0 <= ny < h and 0 <= nx < w and g[ny, nx] == 0:
            ny, nx = ny + dy, nx + dx
        if not (0 <= ny < h and 0 <= nx < w):
            continue
        color = g[ny, nx]
        drawn = True
        ny, nx = y + dy, x + dx
        while 0 <= ny < h and 0 <= nx < w:
            if g[ny, nx] == 0:
                out[ny, nx] = color
            ny, nx = ny + dy, nx + dx
    if not drawn:
        raise ValueError("no cell past the cover")
    return out


def line_past_blobs(g, gap):
    """Every full line of one color (a whole row, column or diagonal of the grid, at least 3 cells) with other
    non-0 cells attached (reached from it over 8-connected non-0 cells of other colors): those cells are erased,
    and on each side of the line that held some, a copy of the line is drawn `gap` cells past the farthest of
    them (over the whole parallel line, on its 0 cells). ValueError: no line with cells attached."""
    h, w = g.shape
    kinds = (("rows", range(h)), ("cols", range(w)), ("diag", range(1 - h, w)), ("anti", range(h + w - 1)))

    def line_cells(kind, k):
        if kind == "rows":
            return [(k, x) for x in range(w)] if 0 <= k < h else []
        if kind == "cols":
            return [(y, k) for y in range(h)] if 0 <= k < w else []
        if kind == "diag":
            return [(y, y + k) for y in range(h) if 0 <= y + k < w]
        return [(y, k - y) for y in range(h) if 0 <= k - y < w]

    def index(kind, y, x):
        return {"rows": y, "cols": x, "diag": x - y, "anti": x + y}[kind]

    erased, drawn = set(), []
    for kind, ks in kinds:
        for k in ks:
            cells = line_cells(kind, k)
            color = g[cells[0]]
            if len(cells) < 3 or color == 0 or any(g[c] != color for c in cells):
                continue
            seen, stack = set(), list(cells)
            while stack:
                y, x = stack.pop()
                for ny in (y - 1, y, y + 1):
                    for nx in (x - 1, x, x + 1):
                        if (0 <= ny < h and 0 <= nx < w and (ny, nx) not in seen and g[ny, nx] != 0
                                and g[ny, nx] != color):
                            seen.add((ny, nx))
                            stack.append((ny, nx))
            for side in (1, -1):
                far = [side * (index(kind, y, x) - k) for y, x in seen if side * (index(kind, y, x) - k) > 0]
                if far:
                    drawn.append((color, line_cells(kind, k + side * (max(far) + 1 + gap))))
            erased |= seen
    if not erased:
        raise ValueError("no line with cells attached")
    out = g.copy()
    for y, x in erased:
        out[y, x] = 0
    base = out.copy()
    for color, cells in drawn:
        for y, x in cells:
            if base[y, x] == 0:
                out[y, x] = color
    return out


def slide_on_track(g, step):
    """Two colors: the track, one color's cells (at least 3) on one row or column at an even spacing p (the
    smallest gap between them), and the rider, the other color's cells, whose box spans the track's line. The
    rider moves `step` times p along the track (positive: down or right): its cells cleared, then painted at
    their new places. ValueError: not such a scene (or two), or the rider would leave the grid."""
    h, w = g.shape
    colors = [int(c) for c in np.unique(g) if c != 0]
    if len(colors) != 2:
        raise ValueError("needs two colors")
    found = []
    for track, rider in (colors, colors[::-1]):
        ys, xs = np.nonzero(g == track)
        ry, rx = np.nonzero(g == rider)
        for axis, fixed, along, cross in ((1, ys, xs, ry), (0, xs, ys, rx)):  # axis 1: a row track, moves sideways
            spots = sorted(set(along.tolist()))
            if len(along) < 3 or len(set(fixed.tolist())) != 1 or len(spots) != len(along):
                continue
            if not cross.min() <= fixed[0] <= cross.max():
                continue
            p = min(b - a for a, b in zip(spots, spots[1:]))
            if any((b - a) % p for a, b in zip(spots, spots[1:])):
                continue
            found.append((rider, axis, p))
    if len(found) != 1:
        raise ValueError("no one track")
    (rider, axis, p), = found
    dy, dx = (0, step * p) if axis == 1 else (step * p, 0)
    ys, xs = np.nonzero(g == rider)
    if ys.min() + dy < 0 or ys.max() + dy >= h or xs.min() + dx < 0 or xs.max() + dx >= w:
        raise ValueError("the rider leaves the grid")
    out = g.copy()
    out[ys, xs] = 0
    out[ys + dy, xs + dx] = rider
    return out


def copies_by_count(g):
    """The grid copied once per non-0 cell, the copies laid in reading order over a canvas as many copies wide
    and tall as the grid has 0 cells (the rest of the canvas 0). ValueError: no 0 or no non-0 cell, or past 30."""
    h, w = g.shape
    n, z = int(np.count_nonzero(g)), int(g.size - np.count_nonzero(g))
    if n == 0 or z == 0 or z * max(h, w) > 30:
        raise ValueError("no layout")
    out = np.zeros((z * h, z * w), dtype=g.dtype)
    for i in range(min(n, z * z)):
        y, x = divmod(i, z)
        out[y * h:(y + 1) * h, x * w:(x + 1) * w] = g
    return out



def fill_cells(g, which):
    """Fill cells of the separator table (see `cell_table`) with their most common color: which='all' fills
    every non-empty cell; 'most' fills the cells with the most colored pixels and clears the others."""
    sep, rbounds, cbounds = cell_table(g)
    out = g.copy()
    boxes = cell_boxes(rbounds, cbounds)
    summaries = [cell_summary(g[a:b, c:d], sep) for _, _, a, b, c, d in boxes]
    top = max(n for n, _ in summaries)
    if top == 0:
        raise ValueError("empty cells")
    for (_, _, a, b, c, d), (n, color) in zip(boxes, summaries):
        if which == "all":
            if n:
                out[a:b, c:d] = color
        else:
            out[a:b, c:d] = color if n == top else 0
    return out


def count_bar(g, feature, color, h, w, layout):
    """A (h, w) grid with N cells of `color` (or 'most': the grid's most common non-0 color), the rest 0, where N
    is the count `feature` of the grid (see `count_feature`); h or w of -1 means N (a bar as long as the count,
    or with both an N x N square). `layout` places the cells: 'rows' the first N in reading order, 'stride' every
    second cell in reading order, 'diagonal' down the main diagonal."""
    color = resolve_color(g, color)
    n = count_feature(g, feature)
    if n < 1 or n > 30 * 30:
        raise ValueError("count out of range")
    rows = n if h == -1 else h
    cols = n if w == -1 else w
    if rows > 30 or cols > 30:
        raise ValueError("count too large")
    places = count_places(rows, cols, n, layout)
    out = np.zeros(rows * cols, dtype=g.dtype)
    out[places] = color
    return out.reshape(rows, cols)


def count_places(rows, cols, n, layout):
    """The flat indexes of a (rows, cols) grid where `count_bar` puts its n cells; ValueError when they do not fit."""
    if layout == "diagonal":
        places = [q * (cols + 1) for q in range(n)] if n <= min(rows, cols) else None
    else:
        stride = 2 if layout == "stride" else 1
        places = list(range(0, stride * n, stride)) if stride * (n - 1) < rows * cols else None
    if places is None:
        raise ValueError("count does not fit")
    return places


def count_feature(g, feature):
    """A count of the grid: ('cells', c) cells of color c (-1: non-0 cells); ('objects', conn, c, min_size)
    single-color objects of color c (-1: any color) with at least min_size cells; ('colors',) distinct non-0
    colors."""
    if feature[0] == "cells":
        return int((g != 0).sum()) if feature[1] == -1 else int((g == feature[1]).sum())
    if feature[0] == "colors":
        return len(set(np.unique(g).tolist()) - {0})
    _, conn, c, min_size = feature
    return sum(1 for color, cells in components(g, conn, False, 0)
               if (c == -1 or color == c) and len(cells) >= min_size)


# ------------------------------------------------------------------------------- learned final steps


def object_values(g, objects, prop):
    """The property `prop` of every object: an `object_property`, or 'size_rank' / 'size_rank_asc' (0 = the
    largest / smallest size among the objects), or 'size_extreme' (1 for the largest size, 2 for the
    smallest, 3 when every object has the same size, 0 in between); a tuple of properties gives the tuple of their values."""
    if isinstance(prop, tuple):
        return list(zip(*(object_values(g, objects, p) for p in prop)))
    if prop in ("size_rank", "size_rank_asc"):
        sizes = sorted({len(cells) for _, cells in objects}, reverse=prop == "size_rank")
        return [sizes.index(len(cells)) for _, cells in objects]
    if prop == "size_extreme":
        sizes = [len(cells) for _, cells in objects]
        return [int(n == max(sizes)) + 2 * int(n == min(sizes)) for n in sizes]
    return [object_property(g, obj, prop) for obj in objects]


def recolor_objects(g, conn, prop, mapping):
    """Recolor each single-color object by a property of it (see `object_values`): mapping value -> color.

    Objects whose property value is not in `mapping` keep their color."""
    out = g.copy()
    objects = components(g, conn, False, 0)
    for obj, value in zip(objects, object_values_of(g, conn, False, prop)):
        if value in mapping:
            for y, x in obj[1]:
                out[y, x] = mapping[value]
    return out


def recolor_objects_split(g, conn, prop, rule, value, inside, outside):
    """Recolor each single-color object by a two-way split of a numeric property of it: objects whose value
    equals `value` (rule 'eq') or is at most `value` (rule 'le') become `inside`, the others `outside`."""
    out = g.copy()
    objects = components(g, conn, False, 0)
    for obj, v in zip(objects, object_values_of(g, conn, False, prop)):
        hit = v == value if rule == "eq" else v <= value
        for y, x in obj[1]:
            out[y, x] = inside if hit else outside
    return out


def zero_regions(g):
    """The 0/1 mask of the 0 cells and its 4-connected regions, as objects of the mask: (1, cells) each."""
    mask = (g == 0).astype(np.uint8)
    return mask, components(mask, 4, False, 0)


def recolor_regions(g, prop, mapping):
    """Paint each 4-connected region of 0 cells by a property of it (see `object_values`, measured on the
    region's cells): mapping value -> color; regions whose value is not in `mapping` stay 0."""
    out = g.copy()
    mask, regions = zero_regions(g)
    for (_, cells), value in zip(regions, object_values(mask, regions, prop)):
        if value in mapping:
            for y, x in cells:
                out[y, x] = mapping[value]
    return out


def replace_objects(g, conn, table):
    """Paint over the box of each single-color object whose key (`object_shape_key` with colors) is in `table`
    the patch given there (a tuple of rows, from the box's top-left corner); objects in reading order."""
    out = g.copy()
    for _, cells in components(g, conn, False, 0):
        key = object_shape_key(g, cells, True)
        if key in table:
            top, left, _, _ = object_bbox(cells)
            patch = np.array(table[key], dtype=g.dtype)
            if top + patch.shape[0] > g.shape[0] or left + patch.shape[1] > g.shape[1]:
                raise ValueError("patch out of the grid")
            out[top:top + patch.shape[0], left:left + patch.shape[1]] = patch
    return out


def decorate_objects(g, conn, table):
    """Around each single-color object whose key (`object_shape_key` with colors) is in `table`, paint the 0
    cells of its box grown by one cell with the patch given there (a tuple of rows over the grown box; a 0 in
    the patch paints nothing; cells off the grid are skipped); objects in reading order."""
    h, w = g.shape
    out = g.copy()
    for _, cells in components(g, conn, False, 0):
        key = object_shape_key(g, cells, True)
        if key not in table:
            continue
        top, left, _, _ = object_bbox(cells)
        for dy, row in enumerate(table[key]):
            for dx, paint in enumerate(row):
                y, x = top - 1 + dy, left - 1 + dx
                if paint and 0 <= y < h and 0 <= x < w and g[y, x] == 0:
                    out[y, x] = paint
    return out


def stamp_pixels(g, stamps):
    """Around every cell of color c in `stamps`, paint the 0 cells at the given offsets: stamps is
    {c: ((dy, dx, color), ...)}; the offset (0, 0) recolors the cell itself."""
    h, w = g.shape
    out = g.copy()
    for color, marks in stamps.items():
        for y, x in zip(*np.nonzero(g == color)):
            for dy, dx, paint in marks:
                ny, nx = y + dy, x + dx
                if 0 <= ny < h and 0 <= nx < w and (g[ny, nx] == 0 or (dy, dx) == (0, 0)):
                    out[ny, nx] = paint
    return out


def recolor_with_input(g, original, mapping):
    """Replace colors by `mapping` whose values are colors or roles of the task input: 'most' / 'least' common
    non-0 color of `original` (see `resolve_color`)."""
    table = np.arange(10, dtype=np.int64)
    for src, dst in mapping.items():
        table[src] = resolve_color(original, dst)
    return table[np.asarray(g, dtype=np.int64)].astype(g.dtype)


def cellwise_with_input(g, original, table):
    """Each cell becomes table[(original color, current color)] when that pair is in `table` (same-shape grids)."""
    if g.shape != original.shape:
        raise ValueError("shapes differ")
    out = g.copy()
    for (a, b), c in table.items():
        out[(original == a) & (g == b)] = c
    return out


def neighborhood(g, y, x, kind):
    """The feature of cell (y, x) used by `local_rule`: its color and its neighbors' colors (10 = off the grid).

    kind 'cross': the 4 orthogonal neighbors; 'square': the 8 neighbors; 'counts': the number of non-0 cells
    among the 4 orthogonal and among the 4 diagonal neighbors; 'mod' + P + Q + corner (e.g. 'mod23tr'): the cell's
    color and its row and column numbers modulo P and Q, counted from that corner (tl, tr, bl, br)."""
    h, w = g.shape
    if kind.startswith("mod"):
        p, q, corner = int(kind[3]), int(kind[4]), kind[5:]
        row = h - 1 - y if corner[0] == "b" else y
        col = w - 1 - x if corner[1] == "r" else x
        return (int(g[y, x]), row % p, col % q)

    def at(r, c):
        return int(g[r, c]) if 0 <= r < h and 0 <= c < w else 10

    if kind == "cross":
        return (at(y, x), at(y - 1, x), at(y + 1, x), at(y, x - 1), at(y, x + 1))
    if kind == "square":
        return tuple(at(y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    ortho = sum(1 for r, c in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)) if at(r, c) not in (0, 10))
    diag = sum(1 for r, c in ((y - 1, x - 1), (y - 1, x + 1), (y + 1, x - 1), (y + 1, x + 1)) if at(r, c) not in (0, 10))
    return (at(y, x), ortho, diag)


def local_rule(g, kind, table):
    """Cellular rule: each cell whose neighborhood feature (see `neighborhood`) is in `table` takes that color."""
    out = g.copy()
    h, w = g.shape
    for y in range(h):
        for x in range(w):
            key = neighborhood(g, y, x, kind)
            if key in table:
                out[y, x] = table[key]
    return out


# ------------------------------------------------------------------------------------ source emission

_PLAIN_FUNCTIONS = {name: fn for name, fn in list(globals().items())
                    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")}
_SOURCES = {name: inspect.getsource(fn) for name, fn in _PLAIN_FUNCTIONS.items()}


def _called_names(code) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _called_names(const)
    return names


def function_source(names: list[str]) -> str:
    """Source of the named operations and every helper they call, each once, helpers first, in a fixed order."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        for dep in sorted(_called_names(_PLAIN_FUNCTIONS[name].__code__)):
            if dep in _PLAIN_FUNCTIONS and dep != name and dep not in ("function_source",):
                visit(dep)
        ordered.append(name)

    for name in names:
        visit(name)
    return "\n\n".join(_SOURCES[n].rstrip() for n in ordered)


_CACHES: list[dict] = []


def clear_caches() -> None:
    """Forget every in-process cached result (called at the start of each task's search)."""
    for cache in _CACHES:
        cache.clear()


def _memoized(plain):
    """In-process cache of a pure function of a grid and literal arguments, keyed by the grid's content."""
    cache: dict = {}
    _CACHES.append(cache)

    def cached(g, *args):
        a = np.asarray(g)
        key = (a.shape, a.tobytes(), a.dtype.str, args)
        if key in cache:
            hit = cache[key]
        else:
            if len(cache) > 8000:
                cache.clear()
            try:
                hit = plain(g, *args)
            except ValueError as exc:
                hit = exc
            cache[key] = hit
        if isinstance(hit, ValueError):
            raise hit
        return hit

    return cached


# in-process only: same results as the plain functions (whose source is what programs get), cached by content
components = _memoized(components)
select_object = _memoized(select_object)
object_values_of = _memoized(object_values_of)
OPERATIONS = {name: fn for name, fn in globals().items() if name in _PLAIN_FUNCTIONS}
