"""A stand-in branch for CLI tests, plugged in as "synth" through the `arc_solver.branches` entry-point group
(`tests.conftest.plugin_env`).

It answers the left-right flip of each test input, after sleeping FAKE_BRANCH_SLEEP seconds, so that tests can
check scoring, resume and kill -9 without depending on the real branches' speed. A task whose id is listed in
FAKE_BRANCH_CRASH (comma-separated) kills its own process, as an out-of-memory kill would.
"""
from __future__ import annotations

import os
import signal
import time

import numpy as np

from solver.branch import Branch
from solver.candidates import Candidate, Candidates
from synth.config import SynthConfig


def _flip(name: str, task) -> Candidates:
    if task.id in os.environ.get("FAKE_BRANCH_CRASH", "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(os.environ.get("FAKE_BRANCH_SLEEP", "0")))
    per_test = [[Candidate(np.fliplr(g).copy(), 1.0, name, {"program": "flip"}, True)] for g in task.test_inputs]
    return Candidates(name, per_test)


def solve(task, config, seed, run_dir, deadline) -> Candidates:
    return _flip("synth", task)


def solve_standin(task, config, seed, run_dir, deadline) -> Candidates:
    return _flip("standin", task)


BRANCH = Branch("synth", SynthConfig, solve, description="stand-in: flips each test input")
# the same stand-in beside the real branches, under its own name (the Ray tests' cluster runs both)
STANDIN = Branch("standin", SynthConfig, solve_standin, description="stand-in beside the real branches")
