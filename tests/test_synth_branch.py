"""Verification and ranking of programs, and the synthesis branch end to end on small tasks."""
from __future__ import annotations

import json
import time

import numpy as np
import pytest

from solver.tasks import load_task_file
from synth.config import SynthConfig
from synth.sandbox import Sandbox, SandboxConfig
from synth.verify import ProgramSpec, rank_candidates, verify_programs
from tests.conftest import flip_task
from tests.test_cli import run_cli

FLIP_XY = "def main(input_grid):\n    return input_grid[::-1, :]\n"
FLIP_XY_LONG = "import numpy as np\ndef main(input_grid):\n    out = np.flip(input_grid, axis=0)\n    return out\n"
FLIP_ROWS = "import numpy as np\ndef transform(input_grid):\n    return np.fliplr(input_grid)\n"
IDENTITY = "def main(input_grid):\n    return input_grid\n"
CRASH = "def main(input_grid):\n    return 1 / 0\n"
# agrees with the flip on every demo (all have <= 3 columns) but not on wider test inputs
FLIP_OR_ZERO = ("import numpy as np\ndef main(input_grid):\n"
                "    if input_grid.shape[0] > 3:\n        return np.zeros_like(input_grid)\n"
                "    return input_grid[::-1, :]\n")


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(SandboxConfig(workers=1, timeout_s=2.0)) as sb:
        yield sb


@pytest.fixture
def task(tmp_path):
    raw = flip_task()
    raw["test"] = [{"input": [[1, 2, 3, 4, 5]], "output": [[5, 4, 3, 2, 1]]}]
    p = tmp_path / "flip.json"
    p.write_text(json.dumps(raw))
    return load_task_file(p)


def test_only_programs_reproducing_every_demo_are_verified(sandbox, task):
    specs = [ProgramSpec(FLIP_XY, "xy", 1), ProgramSpec(IDENTITY, "xy", 1), ProgramSpec(CRASH, "xy", 1),
             ProgramSpec(FLIP_ROWS, "rows", 2), ProgramSpec(FLIP_ROWS, "xy", 2)]
    verified, failures = verify_programs(task.task, specs, sandbox)
    assert sorted((v.spec.text, v.spec.orientation) for v in verified) == sorted(
        [(FLIP_XY, "xy"), (FLIP_ROWS, "rows")])
    assert failures["wrong_output"] == 2 and failures["exception"] == 1


def test_verification_with_a_past_deadline_runs_only_the_first_chunk_of_each_orientation(sandbox, task):
    """The best-ranked programs are verified first; those left when the deadline passes count as "time_up"."""
    import time

    from synth.verify import VERIFY_CHUNK

    specs = [ProgramSpec(FLIP_XY, "xy", 1)] + [ProgramSpec(IDENTITY, "xy", 2)] * (VERIFY_CHUNK + 3) + \
        [ProgramSpec(FLIP_ROWS, "rows", 2)]
    verified, failures = verify_programs(task.task, specs, sandbox, deadline=time.monotonic() - 1)
    assert [(v.spec.text, v.spec.orientation) for v in verified] == [(FLIP_XY, "xy"), (FLIP_ROWS, "rows")]
    assert failures["time_up"] == 4 and failures["wrong_output"] == VERIFY_CHUNK - 1
    everything, failures = verify_programs(task.task, specs, sandbox, deadline=time.monotonic() + 60)
    assert len(everything) == 2 and failures["wrong_output"] == VERIFY_CHUNK + 3 and "time_up" not in failures


def test_ranking_by_agreement_then_simplicity(sandbox, task):
    specs = [ProgramSpec(FLIP_OR_ZERO, "xy", 1, "llm"), ProgramSpec(FLIP_XY_LONG, "xy", 3, "llm"),
             ProgramSpec(FLIP_XY, "xy", 2, "llm")]
    verified, _ = verify_programs(task.task, specs, sandbox)
    assert len(verified) == 3
    cands = rank_candidates(verified, 1)[0]
    assert [c.grid.tolist() for c in cands] == [[[5, 4, 3, 2, 1]], [[0, 0, 0, 0, 0]]]
    assert cands[0].score == 2 and cands[0].verified and cands[0].branch == "synth"
    assert cands[0].provenance["program"] == FLIP_XY  # simplest of the agreeing programs
    assert cands[1].score == 1


def test_search_programs_vote_once_so_the_simplest_answer_leads(sandbox, task):
    """The CPU search's variants agree with each other by construction: together they give one vote, and the
    simplest answer comes first however many variants share another."""
    specs = [ProgramSpec(FLIP_OR_ZERO, "xy", 1), ProgramSpec(FLIP_XY_LONG, "xy", 3), ProgramSpec(FLIP_XY, "xy", 2)]
    verified, _ = verify_programs(task.task, specs, sandbox)
    cands = rank_candidates(verified, 1)[0]
    assert [c.grid.tolist() for c in cands] == [[[0, 0, 0, 0, 0]], [[5, 4, 3, 2, 1]]]
    assert [c.score for c in cands] == [1, 1] and cands[1].provenance["n_programs"] == 2
    mixed = rank_candidates(verified + verify_programs(task.task, [ProgramSpec(FLIP_XY_LONG + "\n", "xy", 4, "llm")],
                                                       sandbox)[0], 1)[0]
    assert mixed[0].grid.tolist() == [[5, 4, 3, 2, 1]] and mixed[0].score == 2  # an LLM sample adds its vote


def test_branch_solves_a_flip_task_with_the_cpu_search(task):
    from synth.branch import solve

    out = solve(task.task, SynthConfig(), 0, None, time.monotonic() + 20)
    assert out.reason is None, out.info
    best = out.per_test[0][0]
    assert best.verified and np.array_equal(best.grid, task.solutions[0])
    assert "def main" in best.provenance["program"]


def test_solve_cli_prints_right_answer_and_program(tmp_path):
    p = tmp_path / "flip.json"
    p.write_text(json.dumps(flip_task()))
    res = run_cli("solve", p, "--no-neural", "--time-limit", "20")
    assert res.returncode == 0, res.stderr
    assert "correct" in res.stdout and "wrong" not in res.stdout
    assert "def main(input_grid)" in res.stdout
