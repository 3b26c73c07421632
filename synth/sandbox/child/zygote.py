"""The zygote: a clean, pre-imported process that forks one contained process per program.

Started by the parent (``parent.py``) as ``python -c ...`` with a Unix socket on a private fd. It imports
everything programs may use (numpy with ``numpy.ma`` and its other lazy submodules, ``common``, the
standard-library modules of the import allow-list, the sandbox's own child side), warms numpy's lazy
paths up, builds the guard tables, enters new network/IPC namespaces, probes which OS layers this
machine offers, reports them (``ready``), and then serves the parent:

* ``spawn n``: fork n *spare* program processes. Each closes every descriptor but its two pipes, applies
  every OS layer (``contain.py``; seccomp last) and then waits, contained, for one job on its job pipe
  (``execute.serve_one``): it runs that one program on every input, writes result records on its result
  pipe and exits. For each spare the zygote sends the parent ``spare`` with three descriptors attached
  (SCM_RIGHTS): the job pipe's write end, the result pipe's read end and a pidfd of the process, which
  the parent's watchdog uses to kill it. Forking ahead keeps the fork off the path of a program's
  latency.
* ``exit``: kill every program process and exit.

The zygote reaps each program process (through a pidfd) and reports ``exit`` (pid, exit code or
-signal). It never reads program text or what a program process writes.
"""
from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import select
import signal
import socket
import sys
import time
import warnings
from array import array
from typing import Any

from synth.sandbox.child import contain, execute, guards
from synth.sandbox.wire import encode_control, split_control

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _preload() -> tuple[Any, str]:
    """Import what programs may use, so that nothing needs the filesystem after a fork; returns
    (common module or None, why not)."""
    import abc, ast, bisect, collections, collections.abc, copy, dis, functools, heapq  # noqa: E401,F401
    import itertools, math, opcode, operator, random, re, string, time, types, typing  # noqa: E401,F401
    import numpy  # noqa: F401
    import numpy.exceptions, numpy.dtypes, numpy.fft, numpy.linalg, numpy.ma, numpy.polynomial  # noqa: E401,F401
    import numpy.random, numpy.rec, numpy.char, numpy.strings, numpy.ctypeslib  # noqa: E401,F401
    import numpy.lib.stride_tricks, numpy.lib.mixins, numpy.lib.scimath  # noqa: E401,F401
    try:
        import importlib
        common = importlib.import_module("synth.common")
        sys.modules["common"] = common
        return common, ""
    except Exception as exc:   # a broken library: programs importing it get ImportError
        return None, f"{type(exc).__name__}: {exc}"[:300]


def _warm_up(common: Any) -> None:
    """Run numpy's and Python's lazy paths once (lazy imports, caches, time zone) before any fork."""
    import numpy as np
    a = np.array([[0, 1, 2], [2, 0, 1], [3, 3, 0]])
    np.unique(a), np.unique(a, return_counts=True), np.unique(a, axis=0), np.unique(a.ravel(), return_index=True)
    np.ma.masked_equal(a, 0).sum(), np.ma.array(a, mask=a == 0).filled(5)
    np.argwhere(a), np.pad(a, 1), np.pad(a, 1, mode="edge"), np.rot90(a), np.kron(a, np.ones((2, 2), int))
    np.tile(a, (2, 1)), np.flip(a), np.isin(a, [1, 2]), np.sort(a, axis=None), np.argsort(a.ravel(), kind="stable")
    np.median(a), np.percentile(a, 50), np.histogram(a), np.bincount(a.ravel()), np.lexsort(a)
    np.linalg.det(a.astype(float)), np.linalg.matrix_rank(a), np.fft.fft(a.ravel())
    np.random.default_rng(0).integers(0, 5, 3), np.random.RandomState(0).rand(2), np.random.choice([1, 2])
    np.einsum("ij->j", a), np.apply_along_axis(sum, 0, a), np.vectorize(lambda v: v + 1)(a)
    np.convolve([1, 2], [1, 1]), np.meshgrid([1, 2], [3, 4]), np.mgrid[0:2, 0:2], np.ogrid[0:2], np.indices((2, 2))
    np.unravel_index(3, (2, 2)), np.array_split(a, 2), np.roll(a, 1), np.diff(a), np.cumsum(a), np.clip(a, 0, 1)
    np.polynomial.polynomial.polyfit([0, 1, 2], [1, 2, 3], 1), np.round(np.float64(1.5)), np.char.add(["a"], ["b"])
    repr(a), str(a), repr(np.float64(1.5)), np.array2string(a), f"{np.float64(2.5):.2f}", a.tolist()
    repr(np.ma.masked_equal(a, 0)), str(np.int64(3)), np.array(["ab"]).astype(str), np.set_printoptions()
    with np.errstate(all="ignore"):
        np.array([1.0]) / 0
    time.localtime(), time.strftime("%Y"), time.process_time(), time.perf_counter()
    "{:>4}|{:.3f}".format("a", 1.5), sorted([3, 1], key=lambda v: -v), "a b".split(), int("7"), float("1e3")
    if common is not None:
        grid = np.array([[0, 1, 1], [0, 0, 2], [3, 0, 2]])
        common.find_connected_components(grid, monochromatic=False, connectivity=8)
        common.detect_objects(grid), common.crop(grid), common.bounding_box(grid)


def _plan(cfg: dict) -> contain.Plan:
    root = os.geteuid() == 0
    plan = contain.Plan(root=root, landlock_abi=contain.landlock_abi())
    if root:
        plan.uid_base = contain.free_uid_block()
    try:
        with open("/proc/self/status") as fh:
            vm = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:")), 0)
    except OSError:
        vm = 0
    plan.memory_bytes = max(int(cfg["memory_mb"]) << 20, vm + (64 << 20))
    return plan


def _detect_layers(plan: contain.Plan, disabled: tuple[str, ...]) -> None:
    """Fill plan.layers/details: namespaces here (the zygote enters them), the rest in a probe child."""
    if "namespaces" in disabled:
        plan.layers["namespaces"], plan.details["namespaces"] = False, "disabled by SandboxConfig.disable_layers"
    else:
        try:
            plan.details["namespaces"] = contain.enter_namespaces(plan.root)
            plan.layers["namespaces"] = True
        except OSError as exc:
            plan.layers["namespaces"], plan.details["namespaces"] = False, f"{type(exc).__name__}: {exc}"
    if "identity" not in disabled:
        with contextlib.suppress(OSError):       # what did not take, the probe below reports
            contain.drop_zygote_privileges(plan.root)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(r)
            report = contain.probe(plan, disabled, os.getppid())
            os.write(w, json.dumps(report).encode())
        except BaseException:   # noqa: B036 - the probe process must exit here whatever happened
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    raw = execute.read_to_end(r)
    os.waitpid(pid, 0)
    try:
        report = json.loads(raw)
    except ValueError:
        report = {}
    for name in contain.PROBED_LAYERS:
        ok, detail = report.get(name, (False, "the probe process failed"))
        plan.layers[name], plan.details[name] = bool(ok), str(detail)
    if plan.layers["rlimits"]:
        plan.details["rlimits"] = (f"AS {plan.memory_bytes >> 20} MiB, CPU time limit + 1 s, FSIZE 0, NPROC 0, "
                                   f"CORE 0, NOFILE {contain.OPEN_FILES}")


class Zygote:
    """The serving loop (single-threaded; the zygote never runs program code)."""

    def __init__(self, ctl: socket.socket, plan: contain.Plan, cfg: dict) -> None:
        self.ctl = ctl
        self.plan = plan
        self.python_guards = bool(cfg["python_guards"])
        self.max_cells = int(cfg["max_cells"])
        self.cpu_seconds = math.ceil(float(cfg["timeout_s"])) + 1
        self.buf = bytearray()
        self.children: dict[int, int] = {}      # pidfd -> pid
        self.pid = os.getpid()
        self.seq = self.pid * 61 % contain.UID_BLOCK_SIZE    # zygotes running at once start apart in the block

    def send(self, obj: Any, fds: list[int] | None = None) -> None:
        frame = encode_control(obj)
        if not fds:
            self.ctl.sendall(frame)
            return
        sent = self.ctl.sendmsg([frame], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array("i", fds))])
        if sent < len(frame):
            self.ctl.sendall(frame[sent:])

    def serve(self) -> None:
        while True:
            readable, _, _ = select.select([self.ctl] + list(self.children), [], [])
            if self.ctl in readable:
                self._read_control()
            for fd in readable:
                if fd in self.children:
                    self._reap(fd)

    def _read_control(self) -> None:
        data = self.ctl.recv(1 << 16)
        if not data:
            self._shutdown()
        self.buf += data
        for msg in split_control(self.buf):
            if msg["op"] == "spawn":
                for _ in range(int(msg["n"])):
                    self._spawn()
            elif msg["op"] == "exit":
                self._shutdown()

    def _spawn(self) -> None:
        self.seq += 1
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in (job_r, job_w, res_r, res_w):
                os.close(fd)
            self.send({"t": "spawn_failed", "error": f"fork failed: {exc}"})
            return
        if pid == 0:
            self._child(job_r, res_w)
        os.close(job_r)
        os.close(res_w)
        pidfd = os.pidfd_open(pid)
        self.children[pidfd] = pid
        try:
            self.send({"t": "spare", "pid": pid}, [job_w, res_r, pidfd])
        finally:
            os.close(job_w)
            os.close(res_r)

    def _child(self, job_fd: int, result_fd: int) -> None:
        """A program process (never returns)."""
        try:
            os.dup2(job_fd, execute.JOB_FD)
            os.dup2(result_fd, execute.RESULT_FD)
            os.closerange(execute.RESULT_FD + 1, 1 << 16)
            os.set_blocking(execute.JOB_FD, True)
            os.set_blocking(execute.RESULT_FD, True)
            contain.contain_before_seal(self.plan, self.seq, self.pid, self.cpu_seconds)
            contain.seal(self.plan)
        except BaseException:   # noqa: B036 - containment did not take: fail closed, run nothing
            os._exit(contain.CONTAIN_FAILED)
        try:
            execute.serve_one(self.max_cells, self.python_guards)
        finally:
            os._exit(0)

    def _reap(self, pidfd: int) -> None:
        pid = self.children.pop(pidfd)
        _, status = os.waitpid(pid, 0)
        os.close(pidfd)
        self.send({"t": "exit", "pid": pid, "code": os.waitstatus_to_exitcode(status)})

    def _shutdown(self) -> None:
        for pidfd in self.children:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        os._exit(0)


def main() -> None:
    """Entry point of the zygote process (started by parent.Sandbox)."""
    cfg = json.loads(sys.argv[1])
    ctl = socket.socket(fileno=int(cfg["fd"]))
    ctl.setblocking(True)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, execute.on_alarm)
    contain.die_with_parent(int(cfg["ppid"]))
    warnings.simplefilter("ignore")
    common, common_error = _preload()
    guards.prepare(common, common_error, ROOT)
    _warm_up(common)
    if cfg["python_guards"]:
        guards.install_audit_hook()      # inert until a program process sets guards.STATE.locked
    plan = _plan(cfg)
    _detect_layers(plan, tuple(cfg["disable_layers"]))
    os.dup2(devnull, 2)
    os.close(devnull)
    gc.collect()
    gc.freeze()        # children's collections never walk (and so never copy) the zygote's objects
    contain.trim_heap()
    zygote = Zygote(ctl, plan, cfg)
    zygote.send({"t": "ready", "pid": os.getpid(), "layers": plan.layers, "details": plan.details,
                 "common_error": common_error})
    zygote.serve()
