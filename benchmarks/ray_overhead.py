"""Wall time of `arc-solve evaluate --executor ray` against `--executor local` on the same tasks (issue 14).

Runs the CLI twice on the first N arc1-train tasks, synthesis branch only, same workers and time limit, each
into a fresh run folder: once with local worker processes, once on Ray (a local cluster started by the run,
so its start-up is counted, or the cluster named by --ray-address). Checks that both give the same solved
tasks, and prints the walls, the overhead per task and, last, `wall-time ratio (ray/local): X`.

    .venv/bin/python benchmarks/ray_overhead.py --limit 40 --time-limit 10 --workers 2
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(out: Path, args: argparse.Namespace, extra: list[str]) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "solver.app.cli", "evaluate", "--dataset", "arc1-train", "--limit",
           str(args.limit), "--no-neural", "--time-limit", str(args.time_limit), "--workers", str(args.workers),
           "--out", str(out), *extra]
    start = time.monotonic()
    res = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{res.stderr[-2000:]}")
    return wall, json.loads((out / "report.json").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ray-address", default="", help="an existing cluster (default: one started by the run)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ray-overhead-"))
    try:
        local_wall, local = run(root / "local", args, [])
        extra = ["--executor", "ray"] + (["--ray-address", args.ray_address] if args.ray_address else [])
        ray_wall, on_ray = run(root / "ray", args, extra)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"tasks: {args.limit} arc1-train, synthesis only, --time-limit {args.time_limit:g}, "
          f"--workers {args.workers}")
    print(f"local: {local_wall:.1f} s wall, solved {local['n_solved']}")
    print(f"ray:   {ray_wall:.1f} s wall, solved {on_ray['n_solved']}"
          + (" (cluster started by the run)" if not args.ray_address else f" (cluster {args.ray_address})"))
    print(f"same solved tasks: {sorted(local['solved_ids']) == sorted(on_ray['solved_ids'])}")
    print(f"overhead per task: {(ray_wall - local_wall) / args.limit:+.2f} s")
    print(f"wall-time ratio (ray/local): {ray_wall / local_wall:.3f}")


if __name__ == "__main__":
    main()
