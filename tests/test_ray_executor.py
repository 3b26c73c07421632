"""`arc-solve evaluate --executor ray` on a real Ray cluster on loopback: a head and a second worker node started
here, the stand-in branch and the real synthesis branch, equality with the local executor, a killed worker, a
killed driver and its resume.

The cluster's nodes see the stand-in branch beside the real ones, under its own name `standin` (an entry point,
`tests.conftest.plugin_env`): stand-in runs turn the real branches off, real-synthesis runs turn `standin` off."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import flip_task, plugin_env

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parents[1]
FAKE = plugin_env("standin", "tests.fake_branch:STANDIN")
STANDIN_ONLY = ("--no-synth", "--no-neural")
TOKEN = secrets.token_hex(32)
SLEEP = "1.0"   # seconds per task in the stand-in branch, long enough to kill things mid-run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(extra: dict | None = None) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", "RAY_USAGE_STATS_ENABLED": "0",
            "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": TOKEN,   # the cluster and its drivers share a token
            **(extra or {})}


def _ray_bin() -> str:
    return str(Path(sys.executable).with_name("ray"))


def _wait_for_nodes(address: str, n: int, timeout: float = 120) -> None:
    code = (f"import ray, time\nray.init(address={address!r}, logging_level='error')\n"
            f"t = time.time() + {timeout}\n"
            f"while len([x for x in ray.nodes() if x['Alive']]) < {n} and time.time() < t: time.sleep(0.5)\n"
            f"print(len([x for x in ray.nodes() if x['Alive']]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=timeout + 60)
    assert out.stdout.strip().endswith(str(n)), out.stderr[-2000:]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A head node and a second worker node (1 CPU each) on 127.0.0.1, both seeing the stand-in branch."""
    port = _free_port()
    address = f"127.0.0.1:{port}"
    env = _env({**FAKE, "FAKE_BRANCH_SLEEP": SLEEP, "FAKE_BRANCH_CRASH": "crash"})
    common = ["--block", "--num-cpus", "1", "--node-ip-address", "127.0.0.1", "--disable-usage-stats"]
    head = subprocess.Popen([_ray_bin(), "start", "--head", "--port", str(port), "--include-dashboard", "false",
                             *common], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    procs = [head]
    try:
        _wait_for_nodes(address, 1)
        procs.append(subprocess.Popen([_ray_bin(), "start", "--address", address, *common], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        _wait_for_nodes(address, 2)
        yield address
    finally:
        for p in reversed(procs):   # --block: SIGTERM stops the node's processes with it
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def _tasks(folder: Path, n: int, crash: bool = False) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"t{i}.json").write_text(json.dumps(flip_task(1 + i % 2)))
    if crash:
        (folder / "crash.json").write_text(json.dumps(flip_task(1)))
    return folder


def _cli(*args, env_extra=None, timeout=300) -> subprocess.CompletedProcess:
    env = _env({**FAKE, "FAKE_BRANCH_SLEEP": SLEEP, **(env_extra or {})})
    return subprocess.run([sys.executable, "-m", "solver.app.cli", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=REPO)


def _answers(run: Path) -> dict:
    """What must not depend on the executor: per task, score, attempts and branch candidates (not timings)."""
    out = {}
    for f in sorted((run / "tasks").glob("*.json")):
        d = json.loads(f.read_text())
        out[f.stem] = (d["score"], d["attempts"], d["submission"], d["errors"],
                       {b: (v["reason"], v["candidates"], v["score"]) for b, v in d["branches"].items()})
    return out


def _report_core(run: Path) -> dict:
    r = json.loads((run / "report.json").read_text())
    return {k: r[k] for k in ("score", "n_solved", "n_tasks", "solved_ids", "branch_scores")}


def test_stand_in_branch_on_the_cluster_equals_the_local_executor(cluster, tmp_path):
    tasks = _tasks(tmp_path / "tasks", 4)
    res = _cli("evaluate", tasks, "--out", tmp_path / "ray", *STANDIN_ONLY, "--executor", "ray",
               "--ray-address", cluster)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "2 worker actor(s)" in res.stderr
    local = _cli("evaluate", tasks, "--out", tmp_path / "local", *STANDIN_ONLY, "--workers", "2")
    assert local.returncode == 0, local.stderr[-3000:]
    assert _answers(tmp_path / "ray") == _answers(tmp_path / "local")
    assert len(_answers(tmp_path / "ray")) == 4
    assert json.loads((tmp_path / "ray" / "submission.json").read_text()) == \
        json.loads((tmp_path / "local" / "submission.json").read_text())
    assert _report_core(tmp_path / "ray") == _report_core(tmp_path / "local")
    assert _report_core(tmp_path / "ray")["n_solved"] == 4
    recorded = (tmp_path / "ray" / "config.toml").read_text()
    assert 'executor = "ray"' in recorded
    # the settings of where tasks run do not change answers: the same folder resumes under the local executor
    again = _cli("evaluate", tasks, "--out", tmp_path / "ray", *STANDIN_ONLY)
    assert again.returncode == 0 and "4 of 4 tasks already finished" in again.stderr


def test_a_worker_that_dies_is_retried_once_then_recorded_and_the_run_goes_on(cluster, tmp_path):
    tasks = _tasks(tmp_path / "tasks", 3, crash=True)   # "crash" kills its worker every time it runs
    res = _cli("evaluate", tasks, "--out", tmp_path / "run", *STANDIN_ONLY, "--executor", "ray",
               "--ray-address", cluster)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "crash failed" in res.stderr and "retrying it once" in res.stderr
    crashed = json.loads((tmp_path / "run" / "tasks" / "crash.json").read_text())
    assert crashed["score"] == 0.0 and "worker failed twice" in crashed["errors"][0]
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["n_tasks"] == 4 and report["n_solved"] == 3 and "crash" in report["errors"]


def _actor_pids() -> list[int]:
    out = subprocess.run(["pgrep", "-f", "ray::TaskWorker"], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def _wait_files(run: Path, n: int, timeout: float = 180) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        count = len(list((run / "tasks").glob("*.json"))) if (run / "tasks").is_dir() else 0
        if count >= n:
            return count
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} results in {run} after {timeout} s")


def test_killing_a_ray_worker_mid_run_still_ends_every_task(cluster, tmp_path):
    tasks = _tasks(tmp_path / "tasks", 8)
    run = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "solver.app.cli", "evaluate", str(tasks), "--out", str(run),
                             *STANDIN_ONLY, "--executor", "ray", "--ray-address", cluster],
                            env=_env({**FAKE, "FAKE_BRANCH_SLEEP": SLEEP}), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_files(run, 1)
    pids = _actor_pids()
    assert pids, "no TaskWorker actor process found"
    os.kill(pids[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    results = [json.loads(f.read_text()) for f in sorted((run / "tasks").glob("*.json"))]
    assert len(results) == 8
    for r in results:   # each task either solved (retried on a fresh actor) or recorded with the reason
        assert r["score"] == 1.0 or "worker failed twice" in " ".join(r["errors"])
    assert "retrying it once" in err


def test_kill_9_of_the_driver_loses_only_tasks_in_flight_and_resume_completes(cluster, tmp_path):
    tasks = _tasks(tmp_path / "tasks", 8)
    run = tmp_path / "run"
    args = ["evaluate", str(tasks), "--out", str(run), *STANDIN_ONLY, "--executor", "ray", "--ray-address", cluster]
    proc = subprocess.Popen([sys.executable, "-m", "solver.app.cli", *args],
                            env=_env({**FAKE, "FAKE_BRANCH_SLEEP": SLEEP}), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_files(run, 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = sorted((run / "tasks").glob("*.json"))
    assert 2 <= len(finished) < 8
    for f in finished:   # every file on disk is complete
        assert json.loads(f.read_text())["score"] == 1.0
    res = _cli(*args)
    assert res.returncode == 0, res.stderr[-3000:]
    assert f"{len(finished)} of 8 tasks already finished" in res.stderr
    report = json.loads((run / "report.json").read_text())
    assert report["n_tasks"] == 8 and report["n_solved"] == 8


def _real_synth_equals_local(tmp_path, env: dict, ray_args: list[str], common: list[str]) -> None:
    tasks = tmp_path / "tasks"
    tasks.mkdir()
    for i in range(4):
        (tasks / f"s{i}.json").write_text(json.dumps(flip_task(1 + i % 2)))
    res = _cli("evaluate", tasks, "--out", tmp_path / "ray", *common, "--executor", "ray", *ray_args, env_extra=env)
    assert res.returncode == 0, res.stderr[-3000:]
    local = _cli("evaluate", tasks, "--out", tmp_path / "local", *common, env_extra=env)
    assert local.returncode == 0, local.stderr[-3000:]
    ray_answers, local_answers = _answers(tmp_path / "ray"), _answers(tmp_path / "local")
    assert {k: v[:3] for k, v in ray_answers.items()} == {k: v[:3] for k, v in local_answers.items()}
    assert _report_core(tmp_path / "ray") == _report_core(tmp_path / "local")
    assert _report_core(tmp_path / "ray")["n_solved"] == 4
    for f in (tmp_path / "ray" / "tasks").glob("*.json"):   # verified in the sandbox inside the Ray worker
        assert json.loads(f.read_text())["branches"]["synth"]["info"]["verified"] >= 1


def test_real_synthesis_branch_on_the_cluster_equals_local(cluster, tmp_path):
    config = tmp_path / "real.toml"
    config.write_text("[standin]\nenabled = false\n")
    _real_synth_equals_local(tmp_path, {}, ["--ray-address", cluster],
                             ["--no-neural", "--time-limit", "20", "--workers", "2", "--config", str(config)])


def test_real_synthesis_branch_on_a_local_cluster_started_for_the_run_equals_local(tmp_path):
    env = {"PYTHONPATH": str(REPO)}   # the built-in branches only
    _real_synth_equals_local(tmp_path, env, [], ["--no-neural", "--time-limit", "20", "--workers", "2"])


def test_prepared_files_split_run_wide_and_per_task_adapters(tmp_path):
    from solver.app.ray_executor import prepared_files

    (tmp_path / "adapters" / "_shared").mkdir(parents=True)
    (tmp_path / "adapters" / "_shared" / "adapter_config.json").write_text("{}")
    (tmp_path / "adapters" / "t1" / "sub").mkdir(parents=True)
    (tmp_path / "adapters" / "t1" / "sub" / "w.bin").write_bytes(b"xy")
    (tmp_path / "adapters" / "other").mkdir()
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "t1.json").write_text("{}")   # results never travel
    shared, per_task = prepared_files(tmp_path, {"t1", "t2"})
    assert shared == {"adapters/_shared/adapter_config.json": b"{}"}
    assert per_task == {"t1": {"adapters/t1/sub/w.bin": b"xy"}}
    assert prepared_files(tmp_path / "nothing", {"t1"}) == ({}, {})


def test_task_resources_take_the_largest_enabled_branch():
    from solver.app.config import RunConfig

    config = RunConfig()
    config.run.ray_cpus = {"synth": 2.0, "neural": 1.0}
    config.run.ray_gpus = {"neural": 1.0}
    assert config.task_resources() == (2.0, 1.0)
    config.branch("neural").enabled = False
    assert config.task_resources() == (2.0, 0.0)
    config.run.executor, config.run.ray_address, config.run.workers = "ray", "auto", 7
    assert config.answer_relevant() == RunConfig().answer_relevant() | {
        "neural": {**RunConfig().answer_relevant()["neural"], "enabled": False}}


def test_executor_options_are_checked(tmp_path):
    tasks = _tasks(tmp_path / "tasks", 1)
    res = _cli("evaluate", tasks, "--out", tmp_path / "r", "--no-neural", "--executor", "slurm")
    assert res.returncode == 2 and "unknown executor 'slurm'" in res.stderr
    res = _cli("evaluate", tasks, "--out", tmp_path / "r", "--no-neural", "--ray-address", "auto")
    assert res.returncode == 2 and "--ray-address needs --executor ray" in res.stderr
    res = _cli("evaluate", tasks, "--out", tmp_path / "r2", *STANDIN_ONLY, "--executor", "ray",
               "--ray-address", f"127.0.0.1:{_free_port()}", timeout=120)
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and lines[-1].startswith("error: --ray-address") and "cannot connect" in lines[-1]


def test_without_ray_installed_the_error_says_how_to_install_it(monkeypatch):
    from solver.app.ray_executor import import_ray
    from solver.grid import TaskFormatError

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(TaskFormatError, match=r"pip install -e '\.\[ray\]'"):
        import_ray()
