"""Seconds the compiled core spends in each phase after its enumeration, on the same arc1-train tasks: the
enumeration to depth 2 (run to the end), the Python fitters' flags over every state (`Search.flagged`), and the
layered cover (`Search.covers`, with its leave-one-out runs). Every phase runs to completion, so two builds of
the core (say, before and after a change) do the same work and their seconds compare; the counts printed
(states, states flagged, covers) must match between them.

    .venv/bin/python benchmarks/core_phases.py --limit 30 --offset 0

Timings on a shared machine are not timings.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from solver.tasks import load_dataset
    from synth.compiled import COVER_LAYERS, COVER_PIECES, FLAG_COSTLY, FLAG_LOCAL, run_core
    from synth.search import build_ops

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="arc1-train")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=30)
    args = parser.parse_args()
    tasks = [t.task for t in load_dataset(args.dataset).tasks[args.offset:args.offset + args.limit]]
    seconds = {"enumeration": 0.0, "flags": 0.0, "cover": 0.0}
    states = flagged = covers = 0
    for task in tasks:
        start = time.perf_counter()
        run = run_core(task, build_ops(task), 2, 600.0)
        seconds["enumeration"] += time.perf_counter() - start
        states += run.stats["states"]
        start = time.perf_counter()
        flagged += len(run.core.flagged(FLAG_COSTLY | FLAG_LOCAL, 0, 99, False, 600.0))
        seconds["flags"] += time.perf_counter() - start
        start = time.perf_counter()
        if run.core.n_partials():
            covers += len(run.core.covers(COVER_LAYERS, COVER_PIECES, 600.0, True))
        seconds["cover"] += time.perf_counter() - start
    print(f"dataset={args.dataset} tasks={args.offset}..{args.offset + len(tasks) - 1} states={states} "
          f"flagged={flagged} covers={covers}")
    print("seconds: " + " ".join(f"{name}={value:.2f}" for name, value in seconds.items()))


if __name__ == "__main__":
    main()
