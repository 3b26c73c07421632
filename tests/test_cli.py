"""The arc-solve CLI end to end: errors, solve, evaluate (resume, kill -9, workers), report, submission format."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import flip_task, plugin_env

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env_extra: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "solver.app.cli", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=REPO)


FAKE = plugin_env("synth", "tests.fake_branch:BRANCH")          # the stand-in branch replaces the synthesis branch
BROKEN = plugin_env("synth", "tests.no_such_branch:BRANCH")     # a plug-in that cannot be imported


@pytest.mark.parametrize("content,needle", [
    ("{oops", "invalid JSON"),
    (json.dumps({"train": [], "test": [{"input": [[1]]}]}), "'train' is empty"),
    (json.dumps({"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": [{"input": [[1]]}]}), "ragged rows"),
    (json.dumps({"train": [{"input": [[12]], "output": [[1]]}], "test": [{"input": [[1]]}]}), "outside colors"),
])
def test_solve_bad_input_one_line_error_exit_2(tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_text(content)
    res = run_cli("solve", path, "--no-neural")
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and str(path) in lines[0] and lines[0].startswith("error:")


def test_missing_file_and_bad_options_exit_2(tmp_path):
    res = run_cli("solve", tmp_path / "missing.json")
    assert res.returncode == 2 and "file not found" in res.stderr
    res = run_cli("evaluate", "--dataset", "nope", "--out", tmp_path / "r")
    assert res.returncode == 2 and "unknown dataset" in res.stderr
    res = run_cli("evaluate", tmp_path, "--dataset", "arc1-eval", "--out", tmp_path / "r")
    assert res.returncode == 2 and "exactly one of" in res.stderr
    bad_cfg = tmp_path / "c.toml"
    bad_cfg.write_text("[synth]\nbogus = 1\n")
    res = run_cli("solve", tmp_path / "x.json", "--config", bad_cfg)
    assert res.returncode == 2 and "unknown setting 'bogus'" in res.stderr


def test_solve_prints_attempts_correctness_and_writes_submission(tmp_path):
    path = tmp_path / "flip.json"
    path.write_text(json.dumps(flip_task(2)))
    out = tmp_path / "sub.json"
    res = run_cli("solve", path, "--no-neural", "--out", out, env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("correct") == 2 and "wrong" not in res.stdout
    sub = json.loads(out.read_text())
    assert list(sub) == ["flip"] and len(sub["flip"]) == 2
    assert sub["flip"][0] == {"attempt_1": [[2], [4]], "attempt_2": [[2], [4]]}


def test_evaluate_writes_results_and_resumes(task_dir, tmp_path):
    run = tmp_path / "run"
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (run / "tasks").iterdir()) == [f"t{i}.json" for i in range(4)]
    report = json.loads((run / "report.json").read_text())
    assert report["score"] == 1.0 and report["n_tasks"] == 4 and report["n_solved"] == 4
    assert report["solved_ids"] == ["t0", "t1", "t2", "t3"] and report["branches"]["synth"] == report["solved_ids"]
    sub = json.loads((run / "submission.json").read_text())
    assert set(sub) == {"t0", "t1", "t2", "t3"} and set(sub["t1"][1]) == {"attempt_1", "attempt_2"}
    assert "[synth]" in (run / "config.toml").read_text()
    assert "score (pass@2" in (run / "report.md").read_text()
    mtimes = {p.name: p.stat().st_mtime_ns for p in (run / "tasks").iterdir()}
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", env_extra={**FAKE, "FAKE_BRANCH_SLEEP": "30"})
    assert res.returncode == 0 and "4 of 4 tasks already finished" in res.stderr
    assert mtimes == {p.name: p.stat().st_mtime_ns for p in (run / "tasks").iterdir()}


def test_evaluate_refuses_a_run_folder_made_with_other_settings(task_dir, tmp_path):
    run = tmp_path / "run"
    assert run_cli("evaluate", task_dir, "--out", run, "--no-neural", "--limit", "1", env_extra=FAKE).returncode == 0
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", "--seed", "7", env_extra=FAKE)
    assert res.returncode == 2 and "different settings" in res.stderr


def test_branch_that_is_not_available_reports_zero_honestly(task_dir, tmp_path):
    run = tmp_path / "run"
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", "--limit", "2",
                  env_extra=BROKEN)
    assert res.returncode == 0, res.stderr
    report = json.loads((run / "report.json").read_text())
    assert report["score"] == 0.0 and report["n_solved"] == 0
    assert "not available" in (run / "report.md").read_text()


def test_kill_9_loses_only_tasks_in_flight_and_rerun_completes(tmp_path):
    tasks = tmp_path / "many"
    tasks.mkdir()
    for i in range(8):
        (tasks / f"k{i}.json").write_text(json.dumps(flip_task()))
    run = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(REPO), **FAKE, "FAKE_BRANCH_SLEEP": "0.7"}
    proc = subprocess.Popen([sys.executable, "-m", "solver.app.cli", "evaluate", str(tasks), "--out", str(run),
                             "--no-neural"], env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((run / "tasks").glob("*.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = sorted((run / "tasks").glob("*.json"))
    assert 3 <= len(finished) < 8
    for f in finished:  # every file that exists is complete
        assert json.loads(f.read_text())["score"] == 1.0
    res = run_cli("evaluate", tasks, "--out", run, "--no-neural", env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    assert f"{len(finished)} of 8 tasks already finished" in res.stderr
    report = json.loads((run / "report.json").read_text())
    assert report["n_tasks"] == 8 and report["n_solved"] == 8


def test_workers_run_tasks_in_parallel_processes(task_dir, tmp_path):
    run = tmp_path / "run"
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", "--workers", "2", env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    assert json.loads((run / "report.json").read_text())["n_solved"] == 4


def test_report_one_and_two_runs(task_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli("evaluate", task_dir, "--out", a, "--no-neural", env_extra=FAKE).returncode == 0
    assert run_cli("evaluate", task_dir, "--out", b, "--no-neural", "--limit", "2",
                   env_extra=BROKEN).returncode == 0
    res = run_cli("report", a, b)
    assert res.returncode == 0, res.stderr
    assert "complementarity" in res.stdout and "only " in res.stdout
    assert run_cli("report", tmp_path / "nothing").returncode == 2


def test_show_writes_a_png_and_report_writes_html(task_dir, tmp_path):
    from PIL import Image

    run = tmp_path / "run"
    assert run_cli("evaluate", task_dir, "--out", run, "--no-neural", env_extra=FAKE).returncode == 0
    png = tmp_path / "t1.png"
    res = run_cli("show", "t1", "--run", run, "--out", png)
    assert res.returncode == 0, res.stderr
    assert "winning program" in res.stdout and "flip" in res.stdout
    img = Image.open(png)
    assert img.format == "PNG" and img.width > 100 and img.height > 100
    page = tmp_path / "run.html"
    assert run_cli("report", run, "--html", page).returncode == 0
    text = page.read_text()
    assert text.count("data:image/png;base64,") == 4 and "<pre>flip</pre>" in text
    assert run_cli("show", "zz", "--run", run).returncode == 2


def test_branch_option_values_are_checked_and_recorded(task_dir, tmp_path):
    for flag, value in (("--format", "json"), ("--backend", "tgi"), ("--sampler", "gpt")):
        res = run_cli("solve", task_dir / "t0.json", flag, value)
        lines = res.stderr.strip().splitlines()
        assert res.returncode == 2 and len(lines) == 1 and flag in lines[0] and value in lines[0]
    res = run_cli("evaluate", task_dir, "--out", tmp_path / "r", "--no-neural", "--limit", "1", "--model", "smollm2",
                  "--format", "marc", "--no-ttt", "--llm-model", "x", "--backend", "vllm", "--shared-adapter",
                  env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    recorded = (tmp_path / "r" / "config.toml").read_text()
    assert 'model = "smollm2"' in recorded and 'format = "marc"' in recorded and "ttt = false" in recorded
    assert 'llm_model = "x"' in recorded and 'llm_backend = "vllm"' in recorded
    assert "shared_adapter = true" in recorded


def test_solve_no_synth_drives_a_llama_checkpoint_in_marc_format(tmp_path):
    from tests.tiny_models import build_tiny_llama
    model_dir = build_tiny_llama(tmp_path / "llama")
    path = tmp_path / "flip.json"
    path.write_text(json.dumps(flip_task(1)))
    res = run_cli("solve", path, "--no-synth", "--model", model_dir, "--format", "marc", "--time-limit", "30")
    assert res.returncode == 0, res.stderr
    assert "neural:" in res.stdout and "attempt 1" in res.stdout and "test 1:" in res.stdout


def test_a_plugged_in_branch_runs_with_its_own_config_table_and_is_reported(task_dir, tmp_path):
    env = plugin_env("mirror", "tests.plugin_branch:BRANCH")
    run = tmp_path / "run"
    res = run_cli("evaluate", task_dir, "--out", run, "--no-neural", "--no-synth", "--limit", "1", env_extra=env)
    assert res.returncode == 0, res.stderr
    result = json.loads(next((run / "tasks").glob("*.json")).read_text())
    assert list(result["branches"]) == ["synth", "neural", "mirror"]
    assert result["branches"]["mirror"]["enabled"] and result["branches"]["mirror"]["candidates"][0]
    assert "[mirror]" in (run / "config.toml").read_text()
    assert "| mirror |" in (run / "report.md").read_text()
    cfg = tmp_path / "m.toml"
    cfg.write_text('[mirror]\naxis = "none"\n')
    res = run_cli("evaluate", task_dir, "--out", tmp_path / "run2", "--no-neural", "--no-synth", "--limit", "1",
                  "--config", cfg, env_extra=env)
    assert res.returncode == 0, res.stderr
    result = json.loads(next((tmp_path / "run2" / "tasks").glob("*.json")).read_text())
    assert result["branches"]["mirror"]["reason"] == "axis none"
    # without the plug-in the table is unknown: one line naming the file
    res = run_cli("evaluate", task_dir, "--out", tmp_path / "run3", "--config", cfg)
    assert res.returncode == 2 and "unknown table(s) mirror" in res.stderr and str(cfg) in res.stderr


def test_pretrain_settings_come_from_the_typed_toml_config(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text("[pretrain]\nbogus = 1\n")
    res = run_cli("pretrain", "--config", bad)
    assert res.returncode == 2 and "unknown setting 'bogus'" in res.stderr and str(bad) in res.stderr
    bad.write_text("[pretrain]\nmax_steps = \"many\"\n")
    res = run_cli("pretrain", "--config", bad)
    assert res.returncode == 2 and "'max_steps' must be int" in res.stderr


def test_generate_is_deterministic_resumable_and_evaluable(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    res = run_cli("generate", "--n", "6", "--seed", "3", "--out", a, "--check-budget", "0")
    assert res.returncode == 0, res.stderr
    assert "6 train tasks (seed 3)" in res.stdout
    assert run_cli("generate", "--n", "6", "--seed", "3", "--out", b, "--check-budget", "0").returncode == 0
    files = sorted(p.name for p in a.glob("*.json"))
    assert len(files) == 6 and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    # a killed run resumes: delete one task's sidecar, rerun, same bytes, the others kept
    victim = a / "meta" / files[2]
    victim.unlink()
    res = run_cli("generate", "--n", "6", "--seed", "3", "--out", a, "--check-budget", "0")
    assert res.returncode == 0 and "5 kept from an earlier run" in res.stdout
    assert victim.read_bytes() == (b / "meta" / files[2]).read_bytes()
    # other settings into the same folder are refused; bad options are one line
    res = run_cli("generate", "--n", "6", "--seed", "3", "--out", a)
    assert res.returncode == 2 and "other settings" in res.stderr
    res = run_cli("generate", "--n", "2", "--out", tmp_path / "c", "--split", "test")
    assert res.returncode == 2 and "--split must be one of" in res.stderr
    # the generated folder is a task directory evaluate reads (with its known answers)
    res = run_cli("evaluate", a, "--out", tmp_path / "run", "--no-neural", "--limit", "2", env_extra=FAKE)
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "run" / "report.json").read_text())["n_scored"] == 2
