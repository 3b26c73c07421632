"""Speed of the search engines: the Python reference search (`synth.reference`) and the compiled core
(`synth._core` via `synth.compiled`) on the same arc1-train tasks, at equal depth and operation set
(`synth.search.build_ops`): states/s, images/s, peak memory and the ratio. Each engine runs in its own fresh
process so that its peak RSS is its own. The last line reads `states/s ratio (compiled/python): X`.

    .venv/bin/python benchmarks/search_speed.py --limit 50 --depth 2 --python-cap 4

`--python-cap` bounds the Python search per task (its rate is states made / seconds spent, whether or not it
finished the level); the compiled search gets `--compiled-cap`. Timings on a shared machine are not timings.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import multiprocess as mp  # noqa: E402


def measure(args: tuple) -> dict:
    """Run one engine on the tasks (in a fresh process); totals and this process's peak RSS."""
    engine, dataset, offset, limit, depth, cap_s = args
    from solver.tasks import load_dataset
    from synth.compiled import run_core
    from synth.reference import reference_search
    from synth.search import build_ops

    tasks = [t.task for t in load_dataset(dataset).tasks[offset:offset + limit]]
    totals = {"engine": engine, "tasks": len(tasks), "states": 0, "images": 0, "applications": 0, "seconds": 0.0,
              "timed_out": 0, "core_bytes_max": 0}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for task in tasks:
        ops = build_ops(task)
        if engine == "python":
            start = time.monotonic()
            trace = reference_search(task, ops, depth, deadline=start + cap_s)
            totals["seconds"] += time.monotonic() - start
            totals["states"] += len(trace.keys)
            totals["applications"] += trace.applications
            totals["images"] += trace.applications
            totals["timed_out"] += trace.timed_out
        else:
            start = time.monotonic()
            run = run_core(task, ops, depth, cap_s)
            totals["seconds"] += time.monotonic() - start
            stats = run.stats
            totals["states"] += stats["states"]
            totals["applications"] += stats["applications"]
            totals["images"] += stats["applications"] + stats["memo_hits"]
            totals["timed_out"] += stats["timed_out"]
            totals["core_bytes_max"] = max(totals["core_bytes_max"], stats["bytes"])
    totals["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    totals["rss_before_mb"] = rss_before / 1024
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="arc1-train")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--python-cap", type=float, default=4.0, help="seconds per task for the Python search")
    parser.add_argument("--compiled-cap", type=float, default=60.0, help="seconds per task for the compiled search")
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    results = {}
    for engine, cap in (("python", args.python_cap), ("compiled", args.compiled_cap)):
        with ctx.Pool(1) as pool:
            results[engine] = pool.apply(measure, ((engine, args.dataset, args.offset, args.limit, args.depth, cap),))
    print(f"dataset={args.dataset} tasks={args.offset}..{args.offset + args.limit - 1} depth={args.depth} "
          f"python_cap={args.python_cap}s compiled_cap={args.compiled_cap}s")
    rates = {}
    for engine, r in results.items():
        secs = max(r["seconds"], 1e-9)
        rates[engine] = r["states"] / secs
        extra = f" core_structures_max={r['core_bytes_max'] / 2**20:.1f}MB" if engine == "compiled" else ""
        print(f"{engine:8s} states={r['states']} seconds={r['seconds']:.2f} states/s={r['states'] / secs:,.0f} "
              f"images/s={r['images'] / secs:,.0f} applications/s={r['applications'] / secs:,.0f} "
              f"timed_out_tasks={r['timed_out']} peak_rss={r['rss_mb']:.0f}MB (after imports {r['rss_before_mb']:.0f}MB)"
              f"{extra}")
    print(f"states/s ratio (compiled/python): {rates['compiled'] / max(rates['python'], 1e-9):.1f}")


if __name__ == "__main__":
    main()
