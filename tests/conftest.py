"""Shared test helpers: small task files and a way to run the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


def flip_task(n_test: int = 1) -> dict:
    """A tiny task whose rule is a left-right flip."""
    grids = [[[1, 2, 0], [0, 3, 0]], [[5, 0], [0, 6]], [[7, 7, 1]], [[2], [4]], [[0, 9, 9], [8, 0, 0]]]
    flip = lambda g: [row[::-1] for row in g]  # noqa: E731
    return {"train": [{"input": g, "output": flip(g)} for g in grids[:3]],
            "test": [{"input": g, "output": flip(g)} for g in grids[3:3 + n_test]]}


@pytest.fixture
def task_dir(tmp_path: Path) -> Path:
    d = tmp_path / "tasks"
    d.mkdir()
    for i in range(4):
        (d / f"t{i}.json").write_text(json.dumps(flip_task(1 + i % 2)))
    return d
