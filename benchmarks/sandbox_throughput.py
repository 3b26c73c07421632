"""Throughput of synth.sandbox against plain in-process exec on typical short BARC-style programs.

Generates a few hundred programs (flips, rotations, colour maps, crops, tiling, gravity, object recolouring,
using numpy and `common`) and a handful of ARC-sized inputs, then measures programs verified per second:
  * sandbox: a warm Sandbox pool (default 2 workers) running the whole batch, after a warm-up batch;
  * in-process: the same programs compiled, exec'd in fresh globals and called on every input, in this
    single process, with the same result conversion.
Prints both rates and their ratio (goal: sandbox >= 0.5x in-process).

Also prints the CPU time per program of all processes involved (this one, the zygote and the program
processes it reaped) and the fork-per-program cost: wall and CPU time per program of a trivial program.

Usage: .venv/bin/python benchmarks/sandbox_throughput.py [--programs N] [--inputs M] [--workers W] [--repeat R]
"""
from __future__ import annotations

import argparse
import importlib
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synth.sandbox import Sandbox, SandboxConfig  # noqa: E402

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


def ensure_common() -> None:
    """Make synth.common importable as `common` for the in-process comparison (the sandbox's zygote
    imports it the same way)."""
    sys.modules["common"] = importlib.import_module("synth.common")


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds of this process (pid None) or of process `pid` with its reaped children."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


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


def fork_cost(n: int) -> tuple[float, float]:
    """(wall ms, CPU ms) per program of a trivial program, one worker: the fork-per-program overhead
    (fork, containment, the Python guards' set-up, exit) with next to no program work."""
    trivial = ["def main(input_grid):\n    return input_grid\n"] * n
    grid = [np.zeros((5, 5), dtype=np.uint8)]
    with Sandbox(SandboxConfig(workers=1, timeout_s=2.0)) as sandbox:
        sandbox.run(trivial[:20], grid)
        zygote = sandbox._zygote.proc.pid
        c0 = cpu_seconds() + cpu_seconds(zygote)
        t0 = time.perf_counter()
        sandbox.run(trivial, grid)
        wall = time.perf_counter() - t0
        time.sleep(0.2)          # let the last processes be reaped into the zygote's children's time
        cpu = cpu_seconds() + cpu_seconds(zygote) - c0
    return wall / n * 1000, cpu / n * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--programs", type=int, default=400)
    ap.add_argument("--inputs", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ensure_common()
    programs = make_programs(args.programs, random.Random(0))
    inputs = make_inputs(args.inputs, np.random.default_rng(0))
    print(f"{len(programs)} programs x {len(inputs)} inputs (sizes {[g.shape for g in inputs]}); "
          f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with Sandbox(SandboxConfig(workers=args.workers, timeout_s=2.0)) as sandbox:
        sandboxed(sandbox, programs[:40], inputs)   # warm-up
        zygote = sandbox._zygote.proc.pid
        sb_times, ip_times, sb_cpu, ip_cpu = [], [], [], []
        for _ in range(args.repeat):
            c0 = cpu_seconds() + cpu_seconds(zygote)
            t, ok_sb = sandboxed(sandbox, programs, inputs)
            time.sleep(0.2)
            sb_cpu.append(cpu_seconds() + cpu_seconds(zygote) - c0)
            sb_times.append(t)
            c0 = cpu_seconds()
            t, ok_ip = in_process(programs, inputs)
            ip_cpu.append(cpu_seconds() - c0)
            ip_times.append(t)
        layers = [name for name, on in sandbox.layers.items() if on]
    sb_best, ip_best = min(sb_times), min(ip_times)
    sb_rate, ip_rate = len(programs) / sb_best, len(programs) / ip_best
    print(f"ok results: sandbox {ok_sb}, in-process {ok_ip} (of {len(programs) * len(inputs)})")
    print(f"sandbox   ({args.workers} workers; layers {', '.join(layers)}): {sb_rate:8.1f} programs/s "
          f"(best of {args.repeat}: {sb_best:.3f}s; CPU {min(sb_cpu) / len(programs) * 1000:.2f} ms/program, "
          "all processes)")
    print(f"in-process (1 process, plain exec): {ip_rate:8.1f} programs/s (best of {args.repeat}: {ip_best:.3f}s; "
          f"CPU {min(ip_cpu) / len(programs) * 1000:.2f} ms/program)")
    print(f"ratio sandbox / in-process: {sb_rate / ip_rate:.2f}x (goal >= 0.5x)")
    wall, cpu = fork_cost(200)
    print(f"fork-per-program cost (trivial program, 1 worker): {wall:.2f} ms wall, {cpu:.2f} ms CPU per program")
    print(f"load average after: {os.getloadavg()[0]:.2f} (timings taken under load are not timings)")


if __name__ == "__main__":
    main()
