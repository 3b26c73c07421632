"""The TTT paper's central table at our scale: does test-time training, and does the augmented vote, multiply
accuracy?

Settings of the neural branch, on (a) held-out generated tasks (families never trained on: `arc-solve generate
--split heldout`, passed with --generated DIR), (b) the fixed held-out arc1-train tasks (never seen in
pre-training) and (c) the fixed arc1-eval sample (every 10th id in sorted order, 40 tasks):

    no TTT / identity query | no TTT / augmented vote | TTT / identity query | TTT / augmented vote |
    TTT / vote ranked by model score (product of experts) | Shared-TTT / augmented vote

and, for the application's scoring stage (issue 13 item 4b), three cells of both branches:

    synthesis alone | synthesis + TTT vote (merged) | synthesis + TTT vote + scoring stage (merged)

The merged cells reuse the candidates of "synthesis alone" and "TTT / augmented vote" (pickled in
OUT/candidates/); the scoring stage scores their union with the task's TTT adapter (as `run.scoring_branch =
"neural"` does in `arc-solve evaluate`) within time limit x `scoring_share`. Each branch gets the full time
limit, so a merged cell's seconds are the sum of its parts.

Prints one table: pass@2 accuracy (mean over tasks of the fraction of test inputs solved) and seconds per task.
Each finished cell is appended to OUT/cells.jsonl; a rerun with the same --out resumes from it (keep the other
arguments the same). The two TTT settings share one adapter per task (trained once, reused through RUNDIR/adapters/), so the
seconds of "TTT / augmented vote" include the TTT time measured on the first TTT setting.

    .venv/bin/python benchmarks/ttt_ablation.py --generated runs/gen-heldout --heldout 80 --eval 40 \
        --time-limit 120 --out runs/ablation

Shared-TTT trains one adapter on the demos of every task of a set first (budget: time limit x ttt_time_fraction
per task, charged to the set's tasks evenly).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

import pickle

from ensemble.merge import merge
from neural.branch import prepare, solve
from neural.config import NeuralConfig
from neural.pretrain import heldout_task_ids
from solver.app.config import RunConfig, RunSettings
from solver.app.pipeline import run_scoring_stage
from solver.candidates import Candidates
from solver.scoring import score_task, task_score
from solver.tasks import LoadedTask, load_dataset, load_task_dir, task_seed
from synth.branch import solve as synth_solve
from synth.config import SynthConfig

SETTINGS = {
    "no TTT / identity query": dict(ttt=False, n_transforms=1),
    "no TTT / augmented vote": dict(ttt=False),
    "TTT / identity query": dict(ttt=True, n_transforms=1),
    "TTT / augmented vote": dict(ttt=True),
    "TTT / vote ranked by model score": dict(ttt=True, rank_by="score"),
    "Shared-TTT / augmented vote": dict(ttt=True, shared_adapter=True),
    "synthesis alone": dict(kind="synth"),
    "synthesis + TTT vote (merged)": dict(kind="merged"),
    "synthesis + TTT vote + scoring stage (merged)": dict(kind="scored"),
}
SOURCES = ("synthesis alone", "TTT / augmented vote")   # the cells whose candidates the merged cells reuse


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")


def _candidates_path(out: Path, dname: str, sname: str, task_id: str) -> Path:
    return out / "candidates" / _slug(dname) / _slug(sname) / f"{task_id}.pkl"


def largest_side(lt: LoadedTask) -> int:
    grids = [g for p in lt.task.train for g in (p.input, p.output)] + list(lt.task.test_inputs)
    return max(max(g.shape) for g in grids)


def sample_tasks(generated: str, n_generated: int, n_heldout: int, n_eval: int,
                 max_side: int = 30) -> dict[str, list[LoadedTask]]:
    """The three fixed sets: the first generated held-out tasks (by id; with `max_side` < 30, the first whose
    grids all fit in max_side x max_side), the first held-out arc1-train ids, and every 10th arc1-eval id."""
    sets: dict[str, list[LoadedTask]] = {}
    if generated:
        pool = sorted(load_task_dir(generated).tasks, key=lambda t: t.task.id)
        sets["generated held-out"] = [t for t in pool if largest_side(t) <= max_side][:n_generated]
    train = {t.task.id: t for t in load_dataset("arc1-train").tasks}
    sets["arc1-train held-out"] = [train[i] for i in heldout_task_ids()[:n_heldout]]
    evaluation = sorted(load_dataset("arc1-eval").tasks, key=lambda t: t.task.id)
    sets["arc1-eval sample"] = evaluation[::10][:n_eval]
    return {k: v for k, v in sets.items() if v}


def run(args: argparse.Namespace) -> dict:
    base = NeuralConfig(model=args.model, format=args.format, time_limit_s=args.time_limit,
                        n_transforms=args.n_transforms)
    for name in ("ttt_batch_size", "ttt_epochs", "ttt_max_examples"):
        if getattr(args, name):
            base = dataclasses.replace(base, **{name: getattr(args, name)})
    datasets = sample_tasks(args.generated, args.n_generated, args.heldout, args.eval, args.max_side)
    settings = {k: v for k, v in SETTINGS.items() if not args.settings or k in args.settings.split(",")}
    unknown = set(args.settings.split(",")) - set(SETTINGS) if args.settings else set()
    if unknown:
        raise SystemExit(f"--settings: unknown {sorted(unknown)} (known: {', '.join(SETTINGS)})")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cells_path = out / "cells.jsonl"   # one line per finished (set, setting, task): a rerun resumes from it
    done: dict[tuple[str, str, str], dict] = {}
    if cells_path.exists():
        for line in cells_path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                done[(row["set"], row["setting"], row["task"])] = row
    results: dict = {}
    ttt_seconds: dict[str, float] = {k[2]: v["ttt_seconds"] for k, v in done.items() if v.get("ttt_seconds")}
    scoring_config = RunConfig(RunSettings(time_limit_s=args.time_limit, scoring_branch="neural"),
                               {"synth": SynthConfig(), "neural": dataclasses.replace(base, ttt=True)})
    with Progress(console=Console(stderr=True)) as progress:
        total = sum(len(v) for v in datasets.values()) * len(settings)
        bar = progress.add_task("ablation", total=total)
        for dname, tasks in datasets.items():
            set_dir = out / _slug(dname)  # run folders (adapters) of the set's settings
            for sname, overrides in settings.items():
                overrides = dict(overrides)
                kind = overrides.pop("kind", "neural")
                config = dataclasses.replace(base, **overrides)
                scores, seconds = [], []
                shared_share = 0.0
                todo = [lt for lt in tasks if (dname, sname, lt.task.id) not in done]
                if config.shared_adapter and todo:
                    run_dir = set_dir / "shared"
                    t0 = time.monotonic()
                    prepare([lt.task for lt in tasks], config, args.seed, run_dir, args.time_limit)
                    shared_share = (time.monotonic() - t0) / len(tasks)
                for lt in tasks:
                    cached = done.get((dname, sname, lt.task.id))
                    if cached is not None:
                        scores.append(cached["score"])
                        seconds.append(cached["seconds"])
                        progress.advance(bar)
                        continue
                    seed = task_seed(args.seed, lt.task.id)
                    # the per-task TTT settings share one run folder, so the adapter trained for the first is reused
                    if not config.shared_adapter:
                        run_dir = set_dir / ("ttt" if config.ttt else "no-ttt")
                    start = time.monotonic()
                    ttt: dict = {}
                    scoring = None
                    if kind == "synth":
                        cands = synth_solve(lt.task, SynthConfig(), seed, None,
                                            time.monotonic() + args.time_limit)
                        elapsed = time.monotonic() - start
                    elif kind in ("merged", "scored"):
                        parts = {}
                        for src, branch in zip(SOURCES, ("synth", "neural")):
                            path = _candidates_path(out, dname, src, lt.task.id)
                            if not path.exists():
                                raise SystemExit(f"{sname!r} needs the candidates of {src!r} ({path}): run both")
                            parts[branch] = pickle.loads(path.read_bytes())
                        elapsed = sum(done[(dname, src, lt.task.id)]["seconds"] for src in SOURCES)
                        if kind == "scored":
                            t0 = time.monotonic()  # with the task's adapter from the TTT settings' run folder
                            scoring = run_scoring_stage(lt.task, parts, scoring_config, seed, set_dir / "ttt")
                            elapsed += time.monotonic() - t0
                        attempts = merge([parts["synth"], parts["neural"]], len(lt.task.test_inputs))
                        cands = Candidates("merged", [[a for a in per_test if not a.placeholder]
                                                      for per_test in attempts])
                    else:
                        cands = solve(lt.task, config, seed, run_dir, time.monotonic() + args.time_limit)
                        elapsed = time.monotonic() - start + shared_share
                        ttt = cands.info.get("ttt", {})
                        if config.ttt and not ttt.get("reused", False):
                            ttt_seconds[lt.task.id] = ttt.get("seconds", 0.0)
                        elif config.ttt:  # the adapter came from the first TTT setting: charge its training time
                            elapsed += ttt_seconds.get(lt.task.id, 0.0)
                    if sname in SOURCES:
                        path = _candidates_path(out, dname, sname, lt.task.id)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_bytes(pickle.dumps(cands))
                    seconds.append(elapsed)
                    attempts = [[c.grid for c in per_test[:2]] for per_test in cands.per_test]
                    scores.append(task_score(score_task(attempts, lt.solutions)))
                    losses = ttt.get("losses") or []
                    trained = kind == "neural" and config.ttt
                    row = {"set": dname, "setting": sname, "task": lt.task.id, "score": scores[-1], "seconds": elapsed,
                           "ttt_seconds": ttt_seconds.get(lt.task.id, 0.0) if trained else 0.0,
                           "ttt_steps": ttt.get("steps"), "ttt_losses": losses[:1] + losses[-1:]}
                    if scoring is not None:
                        row["scoring"] = scoring
                    with cells_path.open("a") as f:
                        f.write(json.dumps(row) + "\n")
                    done[(dname, sname, lt.task.id)] = row
                    progress.advance(bar)
                results.setdefault(dname, {})[sname] = {
                    "accuracy": sum(scores) / len(scores), "seconds_per_task": sum(seconds) / len(seconds),
                    "solved": [lt.task.id for lt, s in zip(tasks, scores) if s == 1.0], "n_tasks": len(tasks)}
    return results


def print_table(results: dict) -> None:
    table = Table(title="TTT ablation (neural branch alone, pass@2)")
    table.add_column("setting")
    for dname in results:
        table.add_column(f"{dname} acc")
        table.add_column("s/task")
    for sname in next(iter(results.values()), {}):
        row = [sname]
        for dname in results:
            r = results[dname][sname]
            row += [f"{100 * r['accuracy']:.1f}% ({len(r['solved'])}/{r['n_tasks']})", f"{r['seconds_per_task']:.1f}"]
        table.add_row(*row)
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--format", default="compact")
    parser.add_argument("--generated", default="", help="folder of held-out generated tasks (arc-solve generate "
                        "--split heldout); empty: skip set (a)")
    parser.add_argument("--n-generated", type=int, default=100, help="generated held-out tasks (first by id)")
    parser.add_argument("--heldout", type=int, default=80, help="held-out arc1-train tasks (at most 80)")
    parser.add_argument("--eval", type=int, default=40, help="arc1-eval tasks (every 10th id, at most 40)")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per task and setting")
    parser.add_argument("--n-transforms", type=int, default=8, help="queries per test input for the augmented vote")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="runs/ablation")
    parser.add_argument("--settings", default="", help="comma-separated setting names (default: all)")
    parser.add_argument("--max-side", type=int, default=30, help="generated tasks: only those whose grids fit")
    parser.add_argument("--ttt-batch-size", type=int, default=0, help="override the TTT batch size (0: default)")
    parser.add_argument("--ttt-epochs", type=int, default=0, help="override the TTT epochs (0: default)")
    parser.add_argument("--ttt-max-examples", type=int, default=0, help="override the TTT examples per task (0: default)")
    args = parser.parse_args()
    results = run(args)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "ablation.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=1))
    print_table(results)


if __name__ == "__main__":
    main()
