"""Batch evaluation: run tasks (optionally in parallel processes), persist one result file per task as soon as
it ends, skip finished tasks on rerun, and write the submission and the reports at the end."""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from solver.app import registry
from solver.app.config import RunConfig, config_from_dict, dump_config
from solver.app.pipeline import solve_task
from solver.app.report import build_report, report_markdown
from solver.grid import TaskFormatError
from solver.storage import atomic_write_json, atomic_write_text, read_task_results, task_file
from solver.tasks import LoadedTask

import tomllib

EXECUTORS = ("local", "ray")


def prepare_run_dir(run_dir: Path, config: RunConfig) -> None:
    """Create the run folder and record the config; refuse to mix answers from a different config."""
    run_dir.mkdir(parents=True, exist_ok=True)
    recorded = run_dir / "config.toml"
    if recorded.exists():
        previous = config_from_dict(tomllib.loads(recorded.read_text(encoding="utf-8")), str(recorded))
        if previous.answer_relevant() != config.answer_relevant():
            raise TaskFormatError(f"{recorded}: this run folder was made with different settings; "
                                  "use a new --out folder or the same settings (see the file)")
    atomic_write_text(recorded, dump_config(config))


def _solve_and_save(loaded: LoadedTask, config: RunConfig, run_dir: Path) -> dict[str, Any]:
    result = solve_task(loaded, config, run_dir)
    data = result.to_json()
    atomic_write_json(task_file(run_dir, loaded.task.id), data, compact=True)
    return {"task_id": loaded.task.id, "score": data["score"]}


def _init_worker() -> None:
    """Each task process uses one thread for torch/BLAS (parallelism comes from the processes) and keeps library
    progress bars off the terminal, which the parent's progress bar owns."""
    import os
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def prepare_branches(tasks: list[LoadedTask], config: RunConfig, run_dir: Path, console: Console) -> None:
    """Run each enabled branch's `prepare` once before the tasks (e.g. the neural branch's Shared-TTT adapter).
    A record goes to RUNDIR/prepare/<branch>.json; a failure is printed and recorded there, and the tasks then
    run without it (the branch says so in each task's result)."""
    for name, branch in registry.branches().items():
        if branch.prepare is None or name not in config.branches or not config.branch(name).enabled:
            continue
        try:
            record = branch.prepare([t.task for t in tasks], config.branch(name), config.run.seed, run_dir,
                                    config.branch_budgets()[name])
        except Exception as exc:  # recorded and shown; each task then reports what is missing
            record = {"error": f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:300]}"}
            console.print(f"{name}: preparation failed: {record['error']}", markup=False)
        if record is not None:
            atomic_write_json(run_dir / "prepare" / f"{name}.json", record)


def run_evaluation(tasks: list[LoadedTask], config: RunConfig, run_dir: Path, console: Console | None = None,
                   on_done: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Evaluate `tasks` into `run_dir` (resuming), then write submission.json, report.json and report.md."""
    console = console or Console(stderr=True)
    if config.run.executor not in EXECUTORS:
        raise TaskFormatError(f"unknown executor {config.run.executor!r} (expected {' or '.join(EXECUTORS)})")
    if config.run.executor == "ray":
        from solver.app.ray_executor import import_ray

        import_ray()   # a missing extra is a one-line error before any work
    prepare_run_dir(run_dir, config)
    ids = [t.task.id for t in tasks]
    done = read_task_results(run_dir, set(ids))
    pending = [t for t in tasks if t.task.id not in done]
    if done:
        console.print(f"resuming: {len(done)} of {len(tasks)} tasks already finished in {run_dir}")
    solved = sum(1 for r in done.values() if r.get("score") == 1.0)
    if pending:
        prepare_branches(tasks, config, run_dir, console)
    started = time.monotonic()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("solved {task.fields[solved]}"), TextColumn("{task.fields[rate]}"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("evaluate", total=len(tasks), completed=len(done), solved=solved, rate="")

        def finished(summary: dict[str, Any], n_new: int) -> None:
            nonlocal solved
            solved += summary["score"] == 1.0
            elapsed = time.monotonic() - started
            progress.update(bar, advance=1, solved=solved, rate=f"{elapsed / n_new:.1f} s/task")
            if on_done:
                on_done(summary)

        workers = max(1, config.run.workers)
        if config.run.executor == "ray" and pending:
            from solver.app.ray_executor import run_on_ray

            n_new = 0

            def arrived(summary: dict[str, Any]) -> None:
                nonlocal n_new
                n_new += 1
                finished(summary, n_new)

            run_on_ray(pending, config, run_dir, arrived, lambda line: console.print(line, markup=False))
        elif workers == 1 or len(pending) <= 1:
            for n_new, loaded in enumerate(pending, 1):
                progress.update(bar, description=f"evaluate {loaded.task.id}")
                finished(_solve_and_save(loaded, config, run_dir), n_new)
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
                futures: set[Future] = {pool.submit(_solve_and_save, t, config, run_dir) for t in pending}
                n_new = 0
                while futures:
                    complete, futures = wait(futures, return_when=FIRST_COMPLETED)
                    for f in complete:
                        n_new += 1
                        finished(f.result(), n_new)
    return write_outputs(run_dir, ids)


def write_outputs(run_dir: Path, ids: list[str]) -> dict[str, Any]:
    """Submission (ARC Prize format), report.json and report.md from the task files of `ids`."""
    results = read_task_results(run_dir, set(ids))
    submission = {i: results[i]["submission"] for i in sorted(results)}
    atomic_write_json(run_dir / "submission.json", submission)
    report = build_report(results)
    atomic_write_json(run_dir / "report.json", report)
    atomic_write_text(run_dir / "report.md", report_markdown(report, f"arc-solver run {run_dir.name}"))
    return report
