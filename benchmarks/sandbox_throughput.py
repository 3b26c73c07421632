"""Throughput of synth.sandbox against plain in-process exec on typical short BARC-style programs.

Generates a few hundred programs (flips, rotations, colour maps, crops, tiling, gravity, object recolouring,
using numpy and `common`) and a handful of ARC-sized inputs, then measures programs verified per second:
  * sandbox: a warm Sandbox pool (default 2 workers) running the whole batch, after a warm-up batch;
  * in-process: the same programs compiled, exec'd in fresh globals and called on every input, in this
    single process, with the same result conversion.
Prints both rates and their ratio (goal: sandbox >= 0.5x in-process).

Usage: .venv/bin/python benchmarks/sandbox_throughput.py [--programs N] [--inputs M] [--workers W] [--repeat R]
`common` is synth.common when it imports; otherwise a small stand-in written to a temporary file.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synth.sandbox import Sandbox, SandboxConfig  # noqa: E402

STAND_IN = '''
import numpy as np
import random

class Color:
    BLACK = 0; BLUE = 1; RED = 2; GREEN = 3; YELLOW = 4; GREY = 5; GRAY = 5; PINK = 6; ORANGE = 7
    TEAL = 8; MAROON = 9; PURPLE = 8; BROWN = 9; TRANSPARENT = 0; BACKGROUND = 0
    ALL_COLORS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    NOT_BLACK = [1, 2, 3, 4, 5, 6, 7, 8, 9]

def bounding_box(grid, background=Color.BLACK):
    xs, ys = np.nonzero(grid != background)
    if len(xs) == 0:
        return grid.shape[0], grid.shape[1], -grid.shape[0], -grid.shape[1]
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)

def crop(grid, background=Color.BLACK):
    x, y, w, h = bounding_box(grid, background)
    return grid[x:x + max(w, 0), y:y + max(h, 0)]

def find_connected_components(grid, background=Color.BLACK, connectivity=4, monochromatic=True):
    seen = np.zeros(grid.shape, dtype=bool)
    out = []
    steps = [(1, 0), (-1, 0), (0, 1), (0, -1)]
    if connectivity == 8:
        steps += [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    for x in range(grid.shape[0]):
        for y in range(grid.shape[1]):
            if seen[x, y] or grid[x, y] == background:
                continue
            obj = np.full(grid.shape, background)
            stack = [(x, y)]
            seen[x, y] = True
            while stack:
                i, j = stack.pop()
                obj[i, j] = grid[i, j]
                for dx, dy in steps:
                    a, b = i + dx, j + dy
                    if 0 <= a < grid.shape[0] and 0 <= b < grid.shape[1] and not seen[a, b] \\
                            and grid[a, b] != background and (not monochromatic or grid[a, b] == grid[i, j]):
                        seen[a, b] = True
                        stack.append((a, b))
            out.append(obj)
    return out

def blit_sprite(grid, sprite, x, y, background=None):
    for i in range(sprite.shape[0]):
        for j in range(sprite.shape[1]):
            if background is None or sprite[i, j] != background:
                if 0 <= x + i < grid.shape[0] and 0 <= y + j < grid.shape[1]:
                    grid[x + i, y + j] = sprite[i, j]
    return grid
'''

HEADER = "from common import *\n\nimport numpy as np\nfrom typing import *\n\n"

TEMPLATES = [
    # (description, body) with {a}, {b}, {k} parameters
    ("flip along an axis", """
def main(input_grid):
    # flip the grid
    output_grid = np.flip(input_grid, axis={k2})
    return output_grid
"""),
    ("rotate", """
def main(input_grid):
    output_grid = np.rot90(input_grid, k={k4})
    return output_grid
"""),
    ("colour map", """
def main(input_grid):
    output_grid = input_grid.copy()
    output_grid[input_grid == {a}] = {b}
    output_grid[input_grid == {b}] = {a}
    return output_grid
"""),
    ("crop then flip", """
def main(input_grid):
    sprite = crop(input_grid, background=Color.BLACK)
    if sprite.size == 0:
        return input_grid
    return np.flip(sprite, axis={k2}).copy()
"""),
    ("tile", """
def main(input_grid):
    w, h = input_grid.shape
    reps = ({t1}, {t2})
    if w * reps[0] > 30 or h * reps[1] > 30:
        return input_grid
    return np.tile(input_grid, reps)
"""),
    ("gravity", """
def main(input_grid):
    output_grid = np.zeros_like(input_grid)
    width, height = input_grid.shape
    for x in range(width):
        column = [c for c in input_grid[x, :] if c != Color.BLACK]
        for i, c in enumerate(reversed(column)):
            output_grid[x, height - 1 - i] = c
    return output_grid
"""),
    ("recolour biggest object", """
def main(input_grid):
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity={conn})
    output_grid = input_grid.copy()
    if not objects:
        return output_grid
    biggest = max(objects, key=lambda o: np.sum(o != Color.BLACK))
    output_grid[biggest != Color.BLACK] = {a}
    return output_grid
"""),
    ("mirror symmetrize", """
def main(input_grid):
    output_grid = input_grid.copy()
    mirrored = np.flip(input_grid, axis={k2})
    mask = output_grid == Color.BLACK
    output_grid[mask] = mirrored[mask]
    return output_grid
"""),
    ("outline", """
def main(input_grid):
    output_grid = np.full(input_grid.shape, Color.BLACK)
    width, height = input_grid.shape
    for x in range(width):
        for y in range(height):
            if input_grid[x, y] != Color.BLACK:
                neighbours = 0
                for dx, dy in [(1, 0), (-1, 0), (0, 1), (0, -1)]:
                    if 0 <= x + dx < width and 0 <= y + dy < height and input_grid[x + dx, y + dy] != Color.BLACK:
                        neighbours += 1
                output_grid[x, y] = {a} if neighbours < 4 else input_grid[x, y]
    return output_grid
"""),
    ("count colours", """
def main(input_grid):
    colors, counts = np.unique(input_grid[input_grid != Color.BLACK], return_counts=True)
    output_grid = np.zeros((max(1, len(colors)), 1), dtype=int)
    for i, c in enumerate(colors[np.argsort(-counts)]):
        output_grid[i, 0] = c
    return output_grid
"""),
]


def make_programs(n: int, rng: random.Random) -> list[str]:
    programs = []
    for i in range(n):
        desc, body = TEMPLATES[i % len(TEMPLATES)]
        a, b = rng.sample(range(1, 10), 2)
        params = dict(a=a, b=b, k2=rng.randrange(2), k4=rng.randrange(1, 4), t1=rng.randint(1, 3),
                      t2=rng.randint(1, 3), conn=rng.choice([4, 8]))
        programs.append(HEADER + f"# concepts: {desc}\n" + body.format(**params))
    return programs


def make_inputs(m: int, rng: np.random.Generator) -> list[np.ndarray]:
    grids = []
    for _ in range(m):
        rows, cols = rng.integers(5, 21, size=2)
        grid = np.where(rng.random((rows, cols)) < 0.6, 0, rng.integers(1, 10, (rows, cols)))
        grids.append(grid.astype(np.uint8))
    return grids


def ensure_common(tmp: str) -> str:
    """Make `common` importable in-process and for workers; return which one is used."""
    try:
        module = importlib.import_module("synth.common")
        sys.modules["common"] = module
        return "synth.common"
    except ImportError:
        path = os.path.join(tmp, "common.py")
        Path(path).write_text(STAND_IN)
        os.environ["ARC_SANDBOX_COMMON"] = path
        spec = importlib.util.spec_from_file_location("common", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["common"] = module
        spec.loader.exec_module(module)
        return "stand-in (synth.common not importable)"


def in_process(programs: list[str], inputs: list[np.ndarray]) -> tuple[float, int]:
    """Plain exec in this process: compile, exec in fresh globals, call on each (transposed) input."""
    ok = 0
    t0 = time.perf_counter()
    for src in programs:
        try:
            code = compile(src, "<program>", "exec")
            g: dict = {"__name__": "__program__"}
            exec(code, g)
            entry = g.get("main") or g.get("transform")
            for grid in inputs:
                try:
                    out = np.asarray(entry(np.array(grid, dtype=np.int64).T))
                    if out.ndim == 2 and out.dtype.kind in "biu":
                        np.ascontiguousarray(out.T, dtype=np.uint8)
                        ok += 1
                except Exception:  # noqa: BLE001 - a failing program only counts as not ok
                    continue
        except Exception:  # noqa: BLE001
            continue
    return time.perf_counter() - t0, ok


def sandboxed(sandbox: Sandbox, programs: list[str], inputs: list[np.ndarray]) -> tuple[float, int]:
    t0 = time.perf_counter()
    results = sandbox.run(programs, inputs)
    elapsed = time.perf_counter() - t0
    return elapsed, sum(o.status == "ok" for r in results for o in r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--programs", type=int, default=400)
    ap.add_argument("--inputs", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        which = ensure_common(tmp)
        programs = make_programs(args.programs, random.Random(0))
        inputs = make_inputs(args.inputs, np.random.default_rng(0))
        print(f"common: {which}; {len(programs)} programs x {len(inputs)} inputs "
              f"(sizes {[g.shape for g in inputs]})")
        with Sandbox(SandboxConfig(workers=args.workers, timeout_s=2.0)) as sandbox:
            sandboxed(sandbox, programs[:40], inputs)   # warm-up: workers started and caches filled
            sb_times, ip_times = [], []
            for _ in range(args.repeat):
                t, ok_sb = sandboxed(sandbox, programs, inputs)
                sb_times.append(t)
                t, ok_ip = in_process(programs, inputs)
                ip_times.append(t)
            seccomp = sandbox.seccomp
        sb_best, ip_best = min(sb_times), min(ip_times)
        sb_rate, ip_rate = len(programs) / sb_best, len(programs) / ip_best
        print(f"ok results: sandbox {ok_sb}, in-process {ok_ip} (of {len(programs) * len(inputs)})")
        print(f"sandbox   ({args.workers} workers, seccomp={seccomp}): {sb_rate:8.1f} programs/s "
              f"(best of {args.repeat}: {sb_best:.3f}s)")
        print(f"in-process (1 process, plain exec):        {ip_rate:8.1f} programs/s "
              f"(best of {args.repeat}: {ip_best:.3f}s)")
        print(f"ratio sandbox / in-process: {sb_rate / ip_rate:.2f}x (goal >= 0.5x)")


if __name__ == "__main__":
    main()
