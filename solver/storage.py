"""Run-folder layout and atomic writes: RUNDIR/config.toml, RUNDIR/tasks/<id>.json, submission, report."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader (or a kill -9) sees either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def atomic_write_json(path: Path, data: Any, compact: bool = False) -> None:
    text = json.dumps(data, separators=(",", ":")) if compact else json.dumps(data, indent=1)
    atomic_write_text(path, text + "\n")


def task_file(run_dir: Path, task_id: str) -> Path:
    return run_dir / "tasks" / f"{task_id}.json"


def read_task_results(run_dir: Path, ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Finished task results in a run folder (all, or those in `ids`), keyed by task id."""
    folder = run_dir / "tasks"
    if not folder.is_dir():
        return {}
    results = {}
    for f in sorted(folder.glob("*.json")):
        if ids is not None and f.stem not in ids:
            continue
        results[f.stem] = json.loads(f.read_text(encoding="utf-8"))
    return results
