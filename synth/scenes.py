"""Random input scenes for generated tasks: objects on a background, noise, lines, rectangles, symmetric and
periodic patterns, separated panels, and a few kinds shaped for one operation (sliding pairs, blocky and
stretched pictures).

This module owns the scene kinds. A task draws one `SceneStyle` (kind, background, palette, the kind's
parameters) and then every demo and test input from it with `make_scene`, so that the inputs of one task
share their colors and structure while their sizes and content differ. Every random choice comes from the
`numpy.random.Generator` passed in; grids are row-major uint8 arrays with sides 3..30.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.grid import MAX_SIDE

MIN_SIDE = 3

# kinds a pipeline whose first operation has no special need may start from
GENERIC_KINDS = ("objects", "noise", "sparse", "lines", "rectangles", "symmetric")
KINDS = GENERIC_KINDS + ("symmetric_holes", "periodic", "periodic_holes", "panels", "slide", "blocky", "stretched")


@dataclass(frozen=True)
class SceneStyle:
    """What the inputs of one task have in common."""

    kind: str
    bg: int                         # background color
    palette: tuple[int, ...]        # object colors (never bg, noise or sep)
    max_side: int = MAX_SIDE        # largest side an input may have (smaller when the pipeline grows grids)
    noise: int = -1                 # color of the noise patch / holes (symmetric_holes, periodic_holes), else -1
    sep: int = -1                   # separator line color (panels with separators, lines), else -1
    sym: str = ""                   # symmetric kinds: 'lr', 'ud', 'lrud', 'rot4', 'diag'
    layout: tuple[int, int] = (1, 1)  # panels: panel rows x panel columns
    block: tuple[int, int] = (1, 1)   # blocky: the block size (rows, cols)

    def min_side(self) -> int:
        """Smallest side an input of this style may have."""
        if self.kind == "panels":
            n = max(self.layout)
            return max(MIN_SIDE, 3 * n - 1 if self.sep >= 0 else 2 * n)
        if self.kind == "blocky":
            return max(MIN_SIDE, 2 * max(self.block))
        if self.kind in ("slide", "rectangles"):
            return 5
        return MIN_SIDE


def _pick(rng: np.random.Generator, items: tuple | list):
    return items[int(rng.integers(len(items)))]


def _colors(rng: np.random.Generator, n: int, exclude: set[int]) -> tuple[int, ...]:
    pool = [c for c in range(10) if c not in exclude]
    order = rng.permutation(len(pool))
    return tuple(int(pool[i]) for i in order[:n])


def make_style(rng: np.random.Generator, kind: str, max_side: int = MAX_SIDE) -> SceneStyle:
    """A random style of `kind` whose inputs have sides at most `max_side` (at least 3)."""
    if kind not in KINDS:
        raise ValueError(f"unknown scene kind {kind!r}")
    max_side = max(MIN_SIDE, min(MAX_SIDE, max_side))
    bg = 0 if kind not in ("objects", "noise", "sparse") or rng.random() < 0.85 else int(rng.integers(1, 10))
    n_colors = int(rng.integers(1, 5))
    noise = sep = -1
    sym, layout, block = "", (1, 1), (1, 1)
    if kind in ("symmetric_holes", "periodic_holes"):
        noise = 0 if rng.random() < 0.5 else int(_colors(rng, 1, {bg})[0])
    if kind in ("panels", "lines") and (kind == "lines" or rng.random() < 0.6):
        sep = int(_colors(rng, 1, {bg, noise})[0])
    palette = _colors(rng, max(2, n_colors) if kind == "slide" else n_colors, {bg, noise, sep})
    if kind in ("symmetric", "symmetric_holes"):
        sym = _pick(rng, ("lr", "ud", "lrud", "rot4", "diag"))
    if kind == "panels":
        if sep >= 0 and rng.random() < 0.4:
            layout = _pick(rng, ((1, 3), (3, 1), (2, 2), (3, 3), (2, 3)))
        elif sep >= 0:
            layout = _pick(rng, ((1, 2), (2, 1)))
        else:
            layout = _pick(rng, ((1, 2), (2, 1), (1, 3), (3, 1)))
    if kind == "blocky":
        block = _pick(rng, ((2, 2), (3, 3), (2, 1), (1, 2), (2, 3)))
    return SceneStyle(kind, bg, palette, max_side, noise, sep, sym, layout, block)


def _side(rng: np.random.Generator, lo: int, hi: int) -> int:
    return int(rng.integers(lo, max(lo, hi) + 1))


def make_scene(rng: np.random.Generator, style: SceneStyle) -> np.ndarray:
    """One random input grid of `style`."""
    lo, hi = style.min_side(), style.max_side
    if lo > hi:
        raise ValueError(f"style {style.kind} needs sides >= {lo}, allowed at most {hi}")
    kind = style.kind
    if kind == "panels":
        return _panels(rng, style)
    if kind == "blocky":
        by, bx = style.block
        h, w = _side(rng, max(1, lo // by), hi // by), _side(rng, max(1, lo // bx), hi // bx)
        small = _objects(rng, np.full((h, w), style.bg, dtype=np.uint8), style)
        return np.kron(small, np.ones(style.block, dtype=np.uint8))
    if kind == "stretched":
        small = _objects(rng, np.full((_side(rng, 3, max(3, hi // 2)), _side(rng, 3, max(3, hi // 2))), style.bg,
                                      dtype=np.uint8), style)
        return _stretch(rng, small, hi)
    if style.sym in ("rot4", "diag"):
        h = w = _side(rng, lo, hi)
    else:
        h, w = _side(rng, lo, hi), _side(rng, lo, hi)
    grid = np.full((h, w), style.bg, dtype=np.uint8)
    if kind == "objects":
        return _objects(rng, grid, style)
    if kind == "noise":
        return _noise(rng, _objects(rng, grid, style), style)
    if kind == "sparse":
        return _sparse(rng, grid, style)
    if kind == "lines":
        return _lines(rng, grid, style)
    if kind == "rectangles":
        return _rectangles(rng, grid, style)
    if kind in ("symmetric", "symmetric_holes"):
        return _symmetric(rng, grid, style)
    if kind in ("periodic", "periodic_holes"):
        return _periodic(rng, grid, style)
    if kind == "slide":
        return _slide(rng, grid, style)
    raise ValueError(f"unknown scene kind {kind!r}")


# ------------------------------------------------------------------------------------------------ shapes


def random_shape(rng: np.random.Generator, bh: int, bw: int) -> np.ndarray:
    """A boolean bh x bw mask of a random 4-connected shape touching all four sides of its box (a filled
    rectangle, a frame or a grown blob)."""
    style = rng.random()
    if style < 0.3 or bh * bw <= 2:
        return np.ones((bh, bw), dtype=bool)
    if style < 0.45 and bh >= 3 and bw >= 3:
        mask = np.ones((bh, bw), dtype=bool)
        mask[1:-1, 1:-1] = False
        return mask
    mask = np.zeros((bh, bw), dtype=bool)
    y, x = int(rng.integers(bh)), int(rng.integers(bw))
    mask[y, x] = True
    cells = [(y, x)]
    target = int(rng.integers(max(2, (bh * bw) // 2), bh * bw + 1))
    for _ in range(4 * bh * bw):
        if len(cells) >= target and mask.any(axis=0).all() and mask.any(axis=1).all():
            break
        y, x = cells[int(rng.integers(len(cells)))]
        dy, dx = ((1, 0), (-1, 0), (0, 1), (0, -1))[int(rng.integers(4))]
        ny, nx = y + dy, x + dx
        if 0 <= ny < bh and 0 <= nx < bw and not mask[ny, nx]:
            mask[ny, nx] = True
            cells.append((ny, nx))
    return mask


def _free(grid: np.ndarray, bg: int, top: int, left: int, bh: int, bw: int, margin: int) -> bool:
    h, w = grid.shape
    region = grid[max(0, top - margin):min(h, top + bh + margin), max(0, left - margin):min(w, left + bw + margin)]
    return bool((region == bg).all())


def _place(rng: np.random.Generator, grid: np.ndarray, bg: int, bh: int, bw: int,
           margin: int) -> tuple[int, int] | None:
    h, w = grid.shape
    if bh > h or bw > w:
        return None
    for _ in range(12):
        top, left = int(rng.integers(h - bh + 1)), int(rng.integers(w - bw + 1))
        if _free(grid, bg, top, left, bh, bw, margin):
            return top, left
    return None


def _objects(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """Up to 6 non-touching objects of random shapes; every palette color is used when there are enough objects."""
    h, w = grid.shape
    n = int(rng.integers(1, max(2, min(7, h * w // 10 + 1))))
    colors = list(style.palette) + [int(_pick(rng, style.palette)) for _ in range(max(0, n - len(style.palette)))]
    colors = [colors[i] for i in rng.permutation(len(colors))][:n]
    margin = 1 if rng.random() < 0.8 else 0
    for color in colors:
        bh, bw = _side(rng, 1, min(5, h)), _side(rng, 1, min(5, w))
        spot = _place(rng, grid, style.bg, bh, bw, margin)
        if spot is None:
            continue
        mask = random_shape(rng, bh, bw)
        top, left = spot
        patch = grid[top:top + bh, left:left + bw]
        patch[mask] = color
        if len(style.palette) > 1 and rng.random() < 0.15:
            second = int(_pick(rng, [c for c in style.palette if c != color]))
            patch[mask & (rng.random((bh, bw)) < 0.3)] = second
    return grid


def _noise(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    density = 0.02 + 0.08 * rng.random()
    spots = (rng.random(grid.shape) < density) & (grid == style.bg)
    colors = np.array(style.palette, dtype=np.uint8)[rng.integers(len(style.palette), size=grid.shape)]
    grid[spots] = colors[spots]
    return grid


def _sparse(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    h, w = grid.shape
    n = int(rng.integers(1, max(2, min(8, h * w // 8))))
    for i in range(n):
        spot = _place(rng, grid, style.bg, 1, 1, 1)
        if spot is not None:
            grid[spot] = style.palette[i % len(style.palette)] if i < len(style.palette) else _pick(rng, style.palette)
    return grid


def _lines(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """Full rows and columns of the separator color over a sparse picture."""
    h, w = grid.shape
    grid = _sparse(rng, grid, style) if rng.random() < 0.5 else _objects(rng, grid, style)
    for _ in range(int(rng.integers(1, 4))):
        if rng.random() < 0.5:
            grid[int(rng.integers(h)), :] = style.sep
        else:
            grid[:, int(rng.integers(w))] = style.sep
    return grid


def _rectangles(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """Frames (some with something inside) and filled rectangles, not touching."""
    h, w = grid.shape
    for i in range(int(rng.integers(1, 5))):
        bh, bw = _side(rng, 3, min(h, 10)), _side(rng, 3, min(w, 10))
        spot = _place(rng, grid, style.bg, bh, bw, 1)
        if spot is None:
            continue
        top, left = spot
        color = style.palette[i % len(style.palette)]
        grid[top:top + bh, left:left + bw] = color
        if rng.random() < 0.7:
            inside = grid[top + 1:top + bh - 1, left + 1:left + bw - 1]
            inside[:] = style.bg
            if rng.random() < 0.4 and inside.size:
                y, x = int(rng.integers(inside.shape[0])), int(rng.integers(inside.shape[1]))
                inside[y, x] = _pick(rng, style.palette)
    return grid


def _symmetric(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """A dense random pattern made symmetric (mirror, both mirrors, quarter turns, transpose); for the
    symmetric_holes kind, a rectangle of it painted with the noise color."""
    h, w = grid.shape
    density = 0.3 + 0.6 * rng.random()
    colors = np.array(style.palette, dtype=np.uint8)[rng.integers(len(style.palette), size=(h, w))]
    pattern = np.where(rng.random((h, w)) < density, colors, np.uint8(style.bg)).astype(np.uint8)
    pattern = pattern.ravel()[symmetric_index(h, w, style.sym)].reshape(h, w)
    grid[:] = pattern
    if style.noise >= 0:
        ph, pw = _side(rng, 1, max(1, h // 3)), _side(rng, 1, max(1, w // 3))
        top, left = int(rng.integers(h - ph + 1)), int(rng.integers(w - pw + 1))
        grid[top:top + ph, left:left + pw] = style.noise
    return grid


def symmetric_index(h: int, w: int, sym: str) -> np.ndarray:
    """For each cell of an h x w grid, the flat index of the representative of its orbit under the symmetry
    `sym` (the orbit's smallest index), so that `pattern.ravel()[index]` is exactly symmetric."""
    ys, xs = np.indices((h, w))
    if sym in ("lr", "lrud"):
        xs = np.minimum(xs, w - 1 - xs)
    if sym in ("ud", "lrud"):
        ys = np.minimum(ys, h - 1 - ys)
    if sym == "diag":
        ys, xs = np.minimum(ys, xs), np.maximum(ys, xs)
    if sym == "rot4":
        n = h
        orbit = [ys * n + xs, xs * n + (n - 1 - ys), (n - 1 - ys) * n + (n - 1 - xs), (n - 1 - xs) * n + ys]
        return np.minimum.reduce(orbit).ravel()
    return (ys * w + xs).ravel()


def _periodic(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """A small random motif repeated over the grid; for periodic_holes, a rectangle of noise color over it."""
    h, w = grid.shape
    ph, pw = _side(rng, 1, min(4, max(1, h // 2))), _side(rng, 1, min(4, max(1, w // 2)))
    colors = list(style.palette) + [style.bg]
    motif = np.array([[_pick(rng, colors) for _ in range(pw)] for _ in range(ph)], dtype=np.uint8)
    motif[0, 0] = style.palette[0]
    grid[:] = np.tile(motif, (-(-h // ph), -(-w // pw)))[:h, :w]
    if style.noise >= 0:
        nh, nw = _side(rng, 1, max(1, h // 3)), _side(rng, 1, max(1, w // 3))
        top, left = int(rng.integers(h - nh + 1)), int(rng.integers(w - nw + 1))
        grid[top:top + nh, left:left + nw] = style.noise
    return grid


def _panels(rng: np.random.Generator, style: SceneStyle) -> np.ndarray:
    """r x c equal panels of random sparse content, between separator lines (or side by side without)."""
    r, c = style.layout
    gap = 1 if style.sep >= 0 else 0
    lo_h, lo_w = (3 if r == 1 else 2), (3 if c == 1 else 2)    # every side at least 3 in all
    ph = min(6, _side(rng, lo_h, max(lo_h, (style.max_side - gap * (r - 1)) // r)))
    pw = min(6, _side(rng, lo_w, max(lo_w, (style.max_side - gap * (c - 1)) // c)))
    h, w = r * ph + gap * (r - 1), c * pw + gap * (c - 1)
    grid = np.full((h, w), style.sep if gap else style.bg, dtype=np.uint8)
    density = 0.25 + 0.4 * rng.random()
    for i in range(r):
        for j in range(c):
            color = style.palette[(i * c + j) % len(style.palette)] if rng.random() < 0.5 else _pick(rng, style.palette)
            cells = np.where(rng.random((ph, pw)) < density, np.uint8(color), np.uint8(style.bg))
            grid[i * (ph + gap):i * (ph + gap) + ph, j * (pw + gap):j * (pw + gap) + pw] = cells
    return grid


def _slide(rng: np.random.Generator, grid: np.ndarray, style: SceneStyle) -> np.ndarray:
    """A small mover (palette[0]) and an anchor bar (palette[1]) facing it along rows or columns."""
    h, w = grid.shape
    mover, anchor = style.palette[0], style.palette[1]
    horizontal = rng.random() < 0.5
    g = grid if horizontal else grid.T.copy()
    gh, gw = g.shape
    bh, bw = _side(rng, 1, min(3, gh)), _side(rng, 1, min(3, max(1, gw - 3)))
    top = int(rng.integers(gh - bh + 1))
    left = int(rng.integers(0, max(1, gw - bw - 2)))
    g[top:top + bh, left:left + bw][random_shape(rng, bh, bw)] = mover
    col = int(rng.integers(left + bw + 1, gw)) if left + bw + 1 < gw else gw - 1
    g[max(0, top - 1):min(gh, top + bh + 1), col] = anchor
    if rng.random() < 0.5:
        g = g[:, ::-1].copy()
    return g if horizontal else g.T.copy()


def _stretch(rng: np.random.Generator, small: np.ndarray, max_side: int) -> np.ndarray:
    """Repeat each row and column of `small` 1-3 times (at most max_side in all)."""
    reps_r = rng.integers(1, 4, size=small.shape[0])
    reps_c = rng.integers(1, 4, size=small.shape[1])
    while reps_r.sum() > max_side:
        reps_r[int(np.argmax(reps_r))] -= 1
    while reps_c.sum() > max_side:
        reps_c[int(np.argmax(reps_c))] -= 1
    return np.repeat(np.repeat(small, reps_r, axis=0), reps_c, axis=1)
