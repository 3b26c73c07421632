"""The Ray executor of batch evaluation: every task runs in a long-lived Ray actor on a cluster, and the driver
(this process) writes each result into the run folder as it arrives.

Why Ray and not something home-made: it is the standard distributed engine for Python ML work, it schedules by
resources (CPUs, GPUs) over many machines, and it reports a dead worker as an exception the driver can act on.

- One actor per resource slot (`TaskWorker`), alive for the whole run: what is expensive per process (a loaded
  model, the sandbox's warm zygote) is built once per actor, not per task.
- Workers need no shared file system: a task goes out as a `LoadedTask` and comes back as its result JSON; the
  files a branch's `prepare` step left in RUNDIR/adapters travel to the workers through Ray's object store
  (the run-wide ones once per actor, a task's own folder with that task) into a scratch run folder per actor.
- A task whose worker dies (killed, out of memory, node lost) is retried once on a fresh actor, then recorded as
  an error with the reason; the run goes on. `kill -9` of the driver loses only the tasks in flight: every
  finished task is already on disk and a rerun resumes.
`ray` is an optional extra, imported only here.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from collections import deque
from pathlib import Path
from typing import Any, Callable

from solver.app.config import RunConfig, config_from_dict
from solver.app.pipeline import failed_task_result, solve_task
from solver.grid import TaskFormatError
from solver.storage import atomic_write_json, task_file
from solver.tasks import LoadedTask

Files = dict[str, bytes]   # path relative to the run folder -> content


def import_ray() -> Any:
    """The `ray` module, or a one-line error saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise TaskFormatError("--executor ray needs Ray: pip install -e '.[ray]' (or pip install ray)") from exc
    return ray


def _read_files(root: Path, folder: Path) -> Files:
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def prepared_files(run_dir: Path, task_ids: set[str]) -> tuple[Files, dict[str, Files]]:
    """What the prepare step left in RUNDIR/adapters: (run-wide files, each task's own folder's files)."""
    shared: Files = {}
    per_task: dict[str, Files] = {}
    adapters = run_dir / "adapters"
    if adapters.is_dir():
        for entry in sorted(adapters.iterdir()):
            if entry.is_dir() and entry.name in task_ids:
                per_task[entry.name] = _read_files(run_dir, entry)
            elif entry.is_dir():
                shared.update(_read_files(run_dir, entry))
            elif entry.is_file():
                shared[str(entry.relative_to(run_dir))] = entry.read_bytes()
    return shared, per_task


def _write_files(root: Path, files: Files) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


class TaskWorker:
    """A Ray actor that solves tasks with one run config; its scratch folder stands in for the run folder."""

    def __init__(self, config: dict[str, Any], shared_files: Files) -> None:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        self.config: RunConfig = config_from_dict(config, "run config sent by the driver")
        self.scratch = Path(tempfile.mkdtemp(prefix="arc-ray-run-"))
        _write_files(self.scratch, shared_files)

    def solve(self, loaded: LoadedTask, task_files: Files) -> dict[str, Any]:
        own = self.scratch / "adapters" / loaded.task.id
        _write_files(self.scratch, task_files)
        try:
            return solve_task(loaded, self.config, self.scratch).to_json()
        finally:
            shutil.rmtree(own, ignore_errors=True)   # a task's adapter is not needed once it is solved

    def pid(self) -> int:
        return os.getpid()


def check_reachable(address: str, timeout_s: float = 5.0) -> None:
    """A one-line error when HOST:PORT does not accept a TCP connection ("auto" and ray:// are left to Ray)."""
    host, sep, port = address.rpartition(":")
    if address == "auto" or "://" in address or not sep or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise TaskFormatError(f"--ray-address {address}: cannot connect to a Ray cluster ({exc})") from None


def _slots(cluster: dict[str, float], cpus: float, gpus: float) -> int:
    n = int(cluster.get("CPU", 0) // cpus) if cpus > 0 else 10 ** 6
    if gpus > 0:
        n = min(n, int(cluster.get("GPU", 0) // gpus))
    return max(1, n)


def run_on_ray(pending: list[LoadedTask], config: RunConfig, run_dir: Path,
               finished: Callable[[dict[str, Any]], None], say: Callable[[str], None]) -> None:
    """Solve `pending` on the Ray cluster named by `config.run.ray_address` ("" = a local one for this run),
    writing tasks/<id>.json as each result arrives and calling `finished(summary)` for it."""
    ray = import_ray()
    from ray.exceptions import RayError

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    address = config.run.ray_address
    cpus, gpus = config.task_resources()
    if address:
        check_reachable(address)   # ray.init keeps retrying an address nobody listens on
        try:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        except (ConnectionError, RuntimeError) as exc:
            raise TaskFormatError(f"--ray-address {address}: cannot connect to a Ray cluster "
                                  f"({' '.join(str(exc).split())[:200]})") from None
    else:
        # worker_niceness 0: Ray starts its workers at nice 15 by default, which halved the throughput of the
        # tasks beside any other job on the machine (benchmarks/ray_overhead.py: ratio 2.1 -> see its README row)
        ray.init(address="local", num_cpus=max(1, config.run.workers) * cpus, include_dashboard=False,
                 logging_level=logging.WARNING, log_to_driver=False, _system_config={"worker_niceness": 0})
    try:
        cluster = ray.cluster_resources()
        if gpus > 0 and not cluster.get("GPU"):
            gpus = 0.0
        n_actors = min(len(pending), _slots(cluster, cpus, gpus))
        say(f"ray: {n_actors} worker actor(s), each {cpus:g} CPU" + (f" + {gpus:g} GPU" if gpus else "")
            + f", on a cluster of {cluster.get('CPU', 0):g} CPU / {cluster.get('GPU', 0):g} GPU")
        worker_cls = ray.remote(num_cpus=cpus, num_gpus=gpus, max_restarts=0)(TaskWorker)
        shared, per_task = prepared_files(run_dir, {t.task.id for t in pending})
        shared_ref = ray.put(shared)
        config_dict = config.to_dict()

        def new_actor() -> Any:
            return worker_cls.remote(config_dict, shared_ref)

        actors = [new_actor() for _ in range(n_actors)]
        queue: deque[tuple[LoadedTask, int]] = deque((t, 0) for t in pending)
        idle = list(range(n_actors))
        in_flight: dict[Any, tuple[LoadedTask, int, int]] = {}
        while queue or in_flight:
            while queue and idle:
                loaded, tries = queue.popleft()
                slot = idle.pop()
                ref = actors[slot].solve.remote(loaded, per_task.get(loaded.task.id, {}))
                in_flight[ref] = (loaded, tries, slot)
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in ready:
                loaded, tries, slot = in_flight.pop(ref)
                try:
                    data = ray.get(ref)
                except RayError as exc:   # the worker died or the task raised: a fresh actor, one retry
                    reason = f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:300]}"
                    ray.kill(actors[slot], no_restart=True)
                    actors[slot] = new_actor()
                    if tries == 0:
                        say(f"ray: {loaded.task.id} failed ({exc.__class__.__name__}); retrying it once")
                        queue.appendleft((loaded, 1))
                        idle.append(slot)
                        continue
                    data = failed_task_result(loaded, config, f"worker failed twice, last: {reason}").to_json()
                idle.append(slot)
                atomic_write_json(task_file(run_dir, loaded.task.id), data, compact=True)
                finished({"task_id": loaded.task.id, "score": data["score"]})
    finally:
        ray.shutdown()   # stops the local cluster started here; from a cluster named by address, disconnects
