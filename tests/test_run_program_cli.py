"""`arc-solve run-program`: exit 0 when the program reproduces every demo, 1 when it fails any, 2 on bad input."""
from __future__ import annotations

import json

from tests.conftest import flip_task
from tests.test_cli import run_cli

FLIP = """from common import *
import numpy as np

def main(input_grid):
    # grid[x, y]: a left-right flip reverses x
    return input_grid[::-1, :]
"""


def _task(tmp_path):
    path = tmp_path / "flip.json"
    path.write_text(json.dumps(flip_task()))
    return path


def test_correct_program_exits_0_and_prints_test_output(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text(FLIP)
    res = run_cli("run-program", prog, _task(tmp_path))
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.count("pass") == 3 and "correct" in res.stdout


def test_wrong_program_exits_1_with_first_mismatch(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("def main(input_grid):\n    return input_grid\n")
    res = run_cli("run-program", prog, _task(tmp_path))
    assert res.returncode == 1
    assert "demo 1: fail" in res.stdout and "cells differ" in res.stdout and "expected" in res.stdout


def test_blocked_action_and_timeout_exit_1(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("import os\ndef main(g):\n    os.system('true')\n    return g\n")
    res = run_cli("run-program", prog, _task(tmp_path))
    assert res.returncode == 1 and "blocked" in res.stdout
    prog.write_text("def main(g):\n    while True:\n        pass\n")
    res = run_cli("run-program", prog, _task(tmp_path), "--timeout", "0.5")
    assert res.returncode == 1 and "timeout" in res.stdout


def test_bad_input_exits_2(tmp_path):
    res = run_cli("run-program", tmp_path / "missing.py", _task(tmp_path))
    assert res.returncode == 2 and "cannot read program" in res.stderr
    prog = tmp_path / "p.py"
    prog.write_text(FLIP)
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    res = run_cli("run-program", prog, bad)
    assert res.returncode == 2 and "invalid JSON" in res.stderr
