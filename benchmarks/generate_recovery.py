"""How many generated tasks (known answers) the CPU program search recovers, by pipeline depth.

Generates K tasks with `synth.generate.iter_tasks` (in memory, the same tasks `arc-solve generate` writes),
runs the search on each (demos and test inputs only) at a short time limit, and prints, per depth: tasks,
tasks where some program fits every demo, pass@1 (the first program's test outputs are the true ones),
pass@2 (one of the first two distinct predictions is), and the mean search time.

    nice .venv/bin/python benchmarks/generate_recovery.py --n 200 --seed 0 --time-limit 2
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from solver.grid import grids_equal  # noqa: E402
from solver.tasks import Pair, Task  # noqa: E402
from synth.config import SynthConfig  # noqa: E402
from synth.emit import describe  # noqa: E402
from synth.generate import GeneratedTask, GeneratorConfig, iter_tasks  # noqa: E402
from synth.search import search_programs  # noqa: E402
from search_train import first_two  # noqa: E402  (this folder is on sys.path when run as a script)


def recover(gen: GeneratedTask, config: SynthConfig, limit: float) -> dict:
    task = Task(gen.id, tuple(Pair(i, o) for i, o in gen.train), tuple(i for i, _ in gen.test))
    start = time.monotonic()
    programs = search_programs(task, config, start + limit, 0)
    seconds = time.monotonic() - start
    truth = [o for _, o in gen.test]
    top1 = bool(programs) and all(grids_equal(programs[0].test_outputs[k], t) for k, t in enumerate(truth))
    top2 = bool(programs) and all(any(grids_equal(p, t) for p in first_two(programs, k))
                                  for k, t in enumerate(truth))
    return {"id": gen.id, "depth": gen.depth, "family": gen.family, "pipeline": describe(gen.steps),
            "found": bool(programs), "top1": top1, "top2": top2, "seconds": round(seconds, 3),
            "first_program": programs[0].description if programs else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", default="train", choices=("train", "heldout"))
    ap.add_argument("--time-limit", type=float, default=2.0, help="search seconds per task")
    ap.add_argument("--depth", type=int, default=3, help="search depth (SynthConfig.search_depth)")
    ap.add_argument("--check-budget", type=int, default=GeneratorConfig().check_depth2_budget)
    ap.add_argument("--out", type=Path, default=None, help="write per-task results here (JSON)")
    args = ap.parse_args()

    gen_config = GeneratorConfig(check_depth2_budget=args.check_budget)
    t0 = time.process_time()
    tasks = list(iter_tasks(args.n, args.seed, gen_config, args.split))
    gen_cpu = time.process_time() - t0
    print(f"generated {len(tasks)} {args.split} tasks (seed {args.seed}) in {gen_cpu:.1f} CPU s "
          f"({60 * len(tasks) / max(gen_cpu, 1e-9):.0f} tasks per CPU minute)", flush=True)

    config = SynthConfig(search_depth=args.depth)
    rows = []
    for n, gen in enumerate(tasks, 1):
        rows.append(recover(gen, config, args.time_limit))
        if n % 20 == 0:
            print(f"  {n}/{len(tasks)} searched, pass@2 so far {sum(r['top2'] for r in rows)}", flush=True)

    by_depth: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_depth[r["depth"]].append(r)
    print(f"\nsearch engine {args.engine}, depth {args.depth}, {args.time_limit:g} s per task")
    print(f"{'depth':>5} {'tasks':>6} {'fits demos':>11} {'pass@1':>8} {'pass@2':>8} {'mean s':>7}")
    for depth in sorted(by_depth) + ["all"]:
        group = rows if depth == "all" else by_depth[depth]
        n = len(group)
        print(f"{depth:>5} {n:>6} {sum(r['found'] for r in group):>11} "
              f"{sum(r['top1'] for r in group):>4} {100 * sum(r['top1'] for r in group) / n:>2.0f}% "
              f"{sum(r['top2'] for r in group):>4} {100 * sum(r['top2'] for r in group) / n:>2.0f}% "
              f"{sum(r['seconds'] for r in group) / n:>7.2f}")
    missed = Counter(op for r in rows if not r["top2"] for op in r["family"].split("+"))
    print("operations in unrecovered tasks:", ", ".join(f"{op} {c}" for op, c in missed.most_common(12)))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
