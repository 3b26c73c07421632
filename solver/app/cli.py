"""The `arc-solve` command line (Typer): solve, evaluate, report, and the commands the branches add.

Bad input gives one line `error: ...` on stderr naming the file and the problem, and exit code 2.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from solver.app import registry
from solver.app.config import RunConfig, fill_dataclass, load_config, read_toml
from solver.app.evaluate import run_evaluation
from solver.app.pipeline import solve_task
from solver.app.report import complementarity, load_run_report
from solver.grid import TaskFormatError
from solver.render import grids_side_by_side
from solver.storage import atomic_write_json, atomic_write_text, read_task_results, task_file
from solver.tasks import LoadReport, load_dataset, load_kaggle, load_task_dir, load_task_file, select

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="arc-solver: program synthesis + test-time-trained transduction for ARC-AGI.")
out_console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error and exit."""
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _config(config_file: Optional[Path], seed: Optional[int], time_limit: Optional[float],
            synth: Optional[bool], neural: Optional[bool], workers: Optional[int] = None,
            branch_options: Optional[dict] = None, preset: Optional[str] = None) -> RunConfig:
    config = load_config(config_file)
    if preset is not None:  # under the config file and the flags: what they set explicitly wins
        from neural.config import apply_preset

        explicit = set(read_toml(config_file).get("neural", {})) if config_file is not None else set()
        try:
            config.branches["neural"] = apply_preset(config.branch("neural"), preset, keep=explicit)
        except ValueError as exc:
            raise TaskFormatError(f"--preset: {exc}") from None
    for key, value in (branch_options or {}).items():
        if value is not None:
            section, field = key.split(".")
            setattr(config.branch(section), field, value)
    if seed is not None:
        config.run.seed = seed
    if time_limit is not None:
        if time_limit <= 0:
            raise TaskFormatError(f"--time-limit must be positive, got {time_limit}")
        config.run.time_limit_s = time_limit
    if synth is not None:
        config.branch("synth").enabled = synth
    if neural is not None:
        config.branch("neural").enabled = neural
    if workers is not None:
        if workers < 1:
            raise TaskFormatError(f"--workers must be at least 1, got {workers}")
        config.run.workers = workers
    return config


SynthOpt = typer.Option(None, "--synth/--no-synth", help="Run the program-synthesis branch (default: on).")
NeuralOpt = typer.Option(None, "--neural/--no-neural", help="Run the neural TTT branch (default: on).")
TimeOpt = typer.Option(None, "--time-limit", help="Seconds per task, both branches together (default 60).")
SeedOpt = typer.Option(None, "--seed", help="Seed of every random choice (default 0).")
ConfigOpt = typer.Option(None, "--config", help="TOML file with \\[run], \\[synth], \\[neural] settings.")
ModelOpt = typer.Option(None, "--model", help="Neural model: 'embedded' (default), 'smollm2', a local HF folder, "
                        "a .gguf file or a hub name.")
FormatOpt = typer.Option(None, "--format", help="Neural prompt format: compact, marc or barc.")
BackendOpt = typer.Option(None, "--backend", help="Generation backend (neural branch and LLM sampler): transformers or vllm.")
TTTOpt = typer.Option(None, "--ttt/--no-ttt", help="Test-time training of a per-task LoRA (default: on).")
SamplerOpt = typer.Option(None, "--sampler", help="Program sampler: cpu (search, default), llm or both.")
LLMModelOpt = typer.Option(None, "--llm-model", help="Model of the LLM program sampler (as --model).")
PresetOpt = typer.Option(None, "--preset", help="Neural preset (neural/presets/NAME.toml: marc, barc): the "
                         "published settings; --config and flags override single fields. Recorded in config.toml.")


def _branch_options(model: Optional[str], fmt: Optional[str], backend: Optional[str], ttt: Optional[bool],
                    sampler: Optional[str], llm_model: Optional[str]) -> dict:
    from neural.formats import FORMAT_NAMES

    if fmt is not None and fmt not in FORMAT_NAMES:
        raise TaskFormatError(f"--format must be one of {', '.join(FORMAT_NAMES)}, got {fmt!r}")
    if backend is not None and backend not in ("transformers", "vllm"):
        raise TaskFormatError(f"--backend must be transformers or vllm, got {backend!r}")
    if sampler is not None and sampler not in ("cpu", "llm", "both"):
        raise TaskFormatError(f"--sampler must be cpu, llm or both, got {sampler!r}")
    return {"neural.model": model, "neural.format": fmt, "neural.backend": backend, "neural.ttt": ttt,
            "synth.sampler": sampler, "synth.llm_model": llm_model, "synth.llm_backend": backend}


@app.command()
def solve(task_file: Path = typer.Argument(..., help="A task JSON file."),
          synth: Optional[bool] = SynthOpt, neural: Optional[bool] = NeuralOpt,
          time_limit: Optional[float] = TimeOpt, seed: Optional[int] = SeedOpt,
          config_file: Optional[Path] = ConfigOpt,
          out: Optional[Path] = typer.Option(None, "--out", help="Write the answers in ARC Prize submission format."),
          model: Optional[str] = ModelOpt, fmt: Optional[str] = FormatOpt, backend: Optional[str] = BackendOpt,
          ttt: Optional[bool] = TTTOpt, sampler: Optional[str] = SamplerOpt, llm_model: Optional[str] = LLMModelOpt,
          preset: Optional[str] = PresetOpt) -> None:
    """Solve one task and print both attempts per test input (and whether each is correct, when known)."""
    try:
        config = _config(config_file, seed, time_limit, synth, neural,
                         branch_options=_branch_options(model, fmt, backend, ttt, sampler, llm_model), preset=preset)
        loaded = load_task_file(task_file)
    except TaskFormatError as exc:
        fail(str(exc))
    result = solve_task(loaded, config)
    task = loaded.task
    for name, branch in result.branch_outputs.items():
        note = f" ({branch.reason})" if branch.reason else ""
        out_console.print(f"[dim]{name}: {branch.seconds:.1f} s{note}[/dim]")
        for warning in branch.info.get("warnings", []):
            err_console.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    for i, attempts in enumerate(result.attempts):
        grids = [task.test_inputs[i]] + [a.grid for a in attempts]
        titles = ["test input"] + [f"attempt {k + 1} ({'+'.join(a.branches) or 'none'})" for k, a in enumerate(attempts)]
        if loaded.solutions is not None:
            grids.append(loaded.solutions[i])
            titles.append("expected")
        out_console.print(f"\n[bold]test {i + 1}[/bold]")
        out_console.print(grids_side_by_side(grids, titles))
        if result.correct is not None:
            verdict = "[green]correct[/green]" if result.correct[i] else "[red]wrong[/red]"
            out_console.print(f"test {i + 1}: {verdict}")
        program = next((p["program"] for a in attempts if a.verified for p in a.provenance.values()
                        if isinstance(p, dict) and p.get("program")), None)
        if program:
            out_console.print("[bold]program[/bold]")
            out_console.print(program, markup=False, highlight=False)
    if out is not None:
        atomic_write_json(out, {task.id: result.to_json()["submission"]})
        out_console.print(f"wrote {out}")


def _load_tasks(directory: Optional[Path], dataset: Optional[str], challenges: Optional[Path],
                solutions: Optional[Path]) -> LoadReport:
    chosen = [x is not None for x in (directory, dataset, challenges)]
    if sum(chosen) != 1:
        raise TaskFormatError("give exactly one of DIR, --dataset NAME or --challenges FILE")
    if solutions is not None and challenges is None:
        raise TaskFormatError("--solutions needs --challenges")
    if directory is not None:
        return load_task_dir(directory)
    if dataset is not None:
        return load_dataset(dataset)
    return load_kaggle(challenges, solutions)


@app.command()
def evaluate(directory: Optional[Path] = typer.Argument(None, help="A directory of task JSON files."),
             dataset: Optional[str] = typer.Option(None, "--dataset", help="arc1-train, arc1-eval, arc2-train, arc2-eval."),
             challenges: Optional[Path] = typer.Option(None, "--challenges", help="Kaggle *_challenges.json."),
             solutions: Optional[Path] = typer.Option(None, "--solutions", help="Kaggle *_solutions.json."),
             out: Path = typer.Option(..., "--out", help="Run folder (results, submission, reports)."),
             limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N tasks (sorted by id)."),
             tasks: Optional[str] = typer.Option(None, "--tasks", help="Comma-separated task ids."),
             synth: Optional[bool] = SynthOpt, neural: Optional[bool] = NeuralOpt,
             workers: Optional[int] = typer.Option(None, "--workers", help="Tasks run in parallel processes."),
             time_limit: Optional[float] = TimeOpt, seed: Optional[int] = SeedOpt,
             config_file: Optional[Path] = ConfigOpt,
             model: Optional[str] = ModelOpt, fmt: Optional[str] = FormatOpt, backend: Optional[str] = BackendOpt,
             ttt: Optional[bool] = TTTOpt, sampler: Optional[str] = SamplerOpt,
             llm_model: Optional[str] = LLMModelOpt, preset: Optional[str] = PresetOpt,
             shared_adapter: Optional[bool] = typer.Option(
                 None, "--shared-adapter/--per-task-adapter",
                 help="Shared-TTT: one adapter trained on all tasks' demos first (default: one per task)."),
             phases: Optional[bool] = typer.Option(
                 None, "--phases/--no-phases",
                 help="Two phases: train every task's adapter first, free the training model, then run inference "
                      "for every task (one vLLM engine serves all adapters)."),
             executor: Optional[str] = typer.Option(
                 None, "--executor", help="local: worker processes on this machine (default); ray: tasks on a Ray "
                                          "cluster (pip install -e '.[ray]')."),
             ray_address: Optional[str] = typer.Option(
                 None, "--ray-address", help="With --executor ray: 'auto' (the cluster this machine joined) or "
                                             "HOST:PORT; default: a local cluster started for the run.")) -> None:
    """Evaluate many tasks into a run folder; rerunning the same command resumes where it stopped."""
    try:
        options = _branch_options(model, fmt, backend, ttt, sampler, llm_model)
        options["neural.shared_adapter"] = shared_adapter
        options["neural.phases"] = phases
        config = _config(config_file, seed, time_limit, synth, neural, workers, options, preset=preset)
        if executor is not None:
            config.run.executor = executor
        if ray_address is not None:
            config.run.ray_address = ray_address
        if config.run.ray_address and config.run.executor != "ray":
            raise TaskFormatError("--ray-address needs --executor ray")
        if limit is not None and limit < 1:
            raise TaskFormatError(f"--limit must be at least 1, got {limit}")
        loaded = _load_tasks(directory, dataset, challenges, solutions)
        for line in loaded.errors:
            err_console.print(f"skipped: {line}", markup=False, highlight=False, soft_wrap=True)
        chosen = select(loaded.tasks, [t for t in tasks.split(",") if t] if tasks else None, limit)
        if not chosen:
            raise TaskFormatError("no valid tasks to evaluate")
        report = run_evaluation(chosen, config, out, err_console)
    except TaskFormatError as exc:
        fail(str(exc))
    _print_report(report, str(out))
    out_console.print(f"wrote {out / 'report.md'}, {out / 'report.json'}, {out / 'submission.json'}")


def _pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}%"


def _print_report(report: dict, title: str) -> None:
    table = Table(title=title)
    for col in ("", "score", "tasks solved", "seconds"):
        table.add_column(col)
    for b in report["branches"]:
        table.add_row(f"{b} alone", _pct(report["branch_scores"].get(b)), str(len(report["branches"].get(b, []))),
                      str(report["branch_seconds"].get(b, 0)))
    table.add_row("[bold]ensemble[/bold]", _pct(report["score"]), f"{report['n_solved']} / {report['n_tasks']}",
                  str(report["seconds_total"]))
    out_console.print(table)
    comp = report.get("complementarity")
    if comp:
        _print_complementarity(comp, comp["a"], comp["b"])
    for warning in report.get("warnings", []):
        err_console.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)


def _print_complementarity(comp: dict, a: str, b: str) -> None:
    table = Table(title=f"complementarity: {a} vs {b}")
    table.add_column("solved by")
    table.add_column("tasks")
    table.add_column("ids")
    for key, label in (("both", "both"), ("only_a", f"only {a}"), ("only_b", f"only {b}"), ("neither", "neither")):
        ids = comp[key]
        table.add_row(label, str(len(ids)), ", ".join(ids) if key != "neither" else "")
    out_console.print(table)


@app.command()
def report(run_dirs: list[Path] = typer.Argument(..., help="One or two run folders."),
           html_out: Optional[Path] = typer.Option(None, "--html", help="Write an HTML page with a picture of every "
                                                   "task of the (first) run, failed tasks first.")) -> None:
    """Print a run's score table; for two runs, compare them (solved by both / only A / only B / neither)."""
    if len(run_dirs) > 2:
        fail("report compares at most two runs")
    reports = []
    for d in run_dirs:
        if not (d / "tasks").is_dir():
            fail(f"{d}: not a run folder (no tasks/ inside)")
        reports.append(load_run_report(d))
    for d, r in zip(run_dirs, reports):
        _print_report(r, str(d))
    if len(reports) == 2:
        a, b = reports
        shared = sorted(set(_task_ids(run_dirs[0])) & set(_task_ids(run_dirs[1])))
        comp = complementarity(set(a["solved_ids"]) & set(shared), set(b["solved_ids"]) & set(shared), shared)
        _print_complementarity(comp, str(run_dirs[0]), str(run_dirs[1]))
    if html_out is not None:
        from solver.app.pictures import run_html

        atomic_write_text(html_out, run_html(read_task_results(run_dirs[0]), f"arc-solver run {run_dirs[0]}"))
        out_console.print(f"wrote {html_out}")


@app.command("run-program")
def run_program(program_file: Path = typer.Argument(..., help="A BARC-style program (.py) defining main or transform."),
                task_path: Path = typer.Argument(..., help="A task JSON file."),
                orientation: str = typer.Option("xy", "--orientation",
                                                help="xy: program sees grid[x, y] (BARC seeds); rows: JSON rows as is."),
                timeout: float = typer.Option(2.0, "--timeout", help="Seconds per program run.")) -> None:
    """Run one program in the sandbox on a task: per-demo pass/fail (with the first mismatch) and the test outputs.

    Exit 0 when it reproduces every demo, 1 when it fails any demo, 2 on bad input."""
    from solver.render import grid_text
    from synth.run_program import describe_mismatch, run_program_on_task
    from synth.sandbox import SandboxConfig

    try:
        if orientation not in ("xy", "rows"):
            raise TaskFormatError(f"--orientation must be xy or rows, got {orientation!r}")
        try:
            program = program_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TaskFormatError(f"{program_file}: cannot read program ({exc.__class__.__name__}: {exc})") from exc
        loaded = load_task_file(task_path)
    except TaskFormatError as exc:
        fail(str(exc))
    demos, tests = run_program_on_task(program, loaded, orientation, SandboxConfig(workers=1, timeout_s=timeout))
    first_mismatch_shown = False
    for d in demos:
        if d.passed:
            out_console.print(f"demo {d.index + 1}: [green]pass[/green]")
            continue
        if d.outcome.status != "ok":
            detail = f"{d.outcome.status}: {d.outcome.message}".rstrip(": ")
        else:
            detail = describe_mismatch(d.outcome.grid, d.expected)
        out_console.print(f"demo {d.index + 1}: [red]fail[/red] ({detail})", highlight=False)
        if d.outcome.status == "ok" and not first_mismatch_shown:
            out_console.print(grids_side_by_side([d.outcome.grid, d.expected], ["got", "expected"]))
            first_mismatch_shown = True
    for i, o in enumerate(tests):
        out_console.print(f"test {i + 1}: " + ("" if o.status == "ok" else f"[red]{o.status}[/red] {o.message}"),
                          highlight=False)
        if o.status == "ok":
            out_console.print(grid_text(o.grid))
            if loaded.solutions is not None:
                ok = o.grid.shape == loaded.solutions[i].shape and (o.grid == loaded.solutions[i]).all()
                out_console.print("[green]correct[/green]" if ok else "[red]wrong[/red]")
    raise typer.Exit(0 if all(d.passed for d in demos) else 1)


@app.command()
def prompts(task_file: Path = typer.Argument(..., help="A task JSON file."),
            out: Path = typer.Option(..., "--out", help="JSONL file: one object per TTT example and inference prompt."),
            preset: Optional[str] = PresetOpt, config_file: Optional[Path] = ConfigOpt,
            tokenizer: Optional[str] = typer.Option(None, "--tokenizer", help="Tokenizer folder or hub name "
                                                    "(default: the model's)."),
            model: Optional[str] = ModelOpt, fmt: Optional[str] = FormatOpt, seed: Optional[int] = SeedOpt) -> None:
    """Write every TTT training example and inference prompt the neural branch would build for a task, with token
    ids and loss masks (kind, transform, text, token_ids, loss_mask), without loading model weights."""
    from neural.prompt_dump import dump_prompts, load_tokenizer, write_jsonl

    try:
        config = _config(config_file, seed, None, None, None, preset=preset,
                         branch_options=_branch_options(model, fmt, None, None, None, None))
        loaded = load_task_file(task_file)
        neural_config = config.branch("neural")
        try:
            tok = load_tokenizer(tokenizer or neural_config.model)
        except (OSError, ValueError) as exc:
            raise TaskFormatError(f"cannot load the tokenizer of {tokenizer or neural_config.model!r}: "
                                  f"{' '.join(str(exc).split())[:200]}") from None
        rows = dump_prompts(loaded.task, neural_config, tok, config.run.seed)
    except TaskFormatError as exc:
        fail(str(exc))
    write_jsonl(rows, out)
    n_ttt = sum(r["kind"] == "ttt" for r in rows)
    longest = max((len(r["token_ids"]) for r in rows), default=0)
    out_console.print(f"wrote {out}: {n_ttt} TTT examples, {len(rows) - n_ttt} inference prompts, "
                      f"longest {longest} tokens")


@app.command()
def pretrain(config_file: Optional[Path] = typer.Option(
                 None, "--config", help="TOML file with a \\[pretrain] table (keys: the fields of neural.pretrain.PretrainConfig)."),
             out_dir: Optional[str] = typer.Option(None, "--out-dir", help="Checkpoints, loss curve, final model."),
             time_budget: Optional[float] = typer.Option(None, "--time-budget", help="Training seconds (summed over resumes)."),
             threads: Optional[int] = typer.Option(None, "--threads", help="torch CPU threads (0 = torch's default)."),
             generated: Optional[str] = typer.Option(None, "--generated", help="A folder of generated tasks to train on too "
                                                     "(`arc-solve generate`).")) -> None:
    """Pre-train the embedded model on augmented arc1-train (+ ARC-AGI-2 train minus arc1-eval ids, + generated tasks);
    resumes from the last checkpoint in the output folder. The fixed 80 held-out arc1-train tasks are never trained on."""
    from neural.pretrain import PretrainConfig, pretrain as run_pretrain

    try:
        table = read_toml(config_file).get("pretrain", {}) if config_file is not None else {}
        config = fill_dataclass(PretrainConfig, table, f"{config_file} [pretrain]")
        for field, value in (("out_dir", out_dir), ("time_budget_s", time_budget), ("threads", threads),
                             ("generated_dir", generated)):
            if value is not None:
                setattr(config, field, value)
    except TaskFormatError as exc:
        fail(str(exc))
    summary = run_pretrain(config)
    out_console.print_json(json.dumps(summary, default=str))


@app.command()
def generate(n: int = typer.Option(..., "--n", help="How many tasks."),
             seed: int = typer.Option(0, "--seed", help="Seed: the same seed gives byte-identical files."),
             out: Path = typer.Option(..., "--out", help="Folder for the tasks (DIR/<id>.json, DIR/meta/)."),
             split: str = typer.Option("train", "--split", help="train, or heldout (families never trained on)."),
             config_file: Optional[Path] = typer.Option(
                 None, "--config", help="TOML file with a \\[generate] table (fields of synth.generate.GeneratorConfig)."),
             check_budget: Optional[int] = typer.Option(
                 None, "--check-budget", help="Operation applications for the depth-2 'determined' check (0: off).")
             ) -> None:
    """Generate ARC-like tasks (random scenes through random DSL pipelines, kept only when the demos determine them),
    with their test outputs and BARC-style programs; rerunning the same command resumes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from synth.generate import SPLITS, GeneratorConfig, generate_tasks

    try:
        if n < 1:
            raise TaskFormatError(f"--n must be at least 1, got {n}")
        if split not in SPLITS:
            raise TaskFormatError(f"--split must be one of {', '.join(SPLITS)}, got {split!r}")
        table = read_toml(config_file).get("generate", {}) if config_file is not None else {}
        config = fill_dataclass(GeneratorConfig, table, f"{config_file} [generate]")
        if check_budget is not None:
            config.check_depth2_budget = check_budget
        config.validate()
    except (TaskFormatError, ValueError) as exc:
        fail(str(exc))
    with Progress(TextColumn("generate"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err_console) as progress:
        job = progress.add_task("generate", total=n)
        try:
            report = generate_tasks(n, seed, out, config, split, on_task=lambda: progress.advance(job))
        except FileExistsError as exc:
            fail(str(exc))
    out_console.print(report.summary(), markup=False, highlight=False)


@app.command()
def show(target: str = typer.Argument(..., help="A task id of the run given by --run, or a task JSON file."),
         run: Optional[Path] = typer.Option(None, "--run", help="Run folder holding the task's result."),
         out: Optional[Path] = typer.Option(None, "--out", help="PNG file to write (default: <task id>.png)."),
         synth: Optional[bool] = SynthOpt, neural: Optional[bool] = NeuralOpt,
         time_limit: Optional[float] = TimeOpt, seed: Optional[int] = SeedOpt) -> None:
    """Render a task's demos, test inputs, both attempts and the expected output as a PNG; print the winning program."""
    from solver.app.pictures import save_png, task_picture, winning_program

    try:
        if run is not None:
            path = task_file(run, target)
            if not path.is_file():
                raise TaskFormatError(f"{path}: no result for task {target} in run {run}")
            result = json.loads(path.read_text(encoding="utf-8"))
        else:
            loaded = load_task_file(Path(target))
            result = solve_task(loaded, _config(None, seed, time_limit, synth, neural)).to_json()
    except TaskFormatError as exc:
        fail(str(exc))
    out = out or Path(f"{result['task_id']}.png")
    save_png(task_picture(result), out)
    program = winning_program(result)
    if program:
        out_console.print("[bold]winning program[/bold]")
        out_console.print(program, markup=False, highlight=False)
    out_console.print(f"wrote {out}")


def _task_ids(run_dir: Path) -> list[str]:
    return [p.stem for p in (run_dir / "tasks").glob("*.json")]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
