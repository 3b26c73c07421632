"""The parent side of the sandbox: the zygote's handle, scheduling, the watchdog, result decoding.

Owns :class:`Sandbox` and :func:`run_programs`. The zygote forks contained *spare* program processes
ahead of need and hands the parent, for each, its job pipe, its result pipe and a pidfd. The parent
writes one program (and the inputs) into a spare's job pipe, reads its result pipe, and kills it through
the pidfd when its time is up (the watchdog). Nothing here runs program text or trusts what a program
process sends: each program has its own result pipe, whose bytes are decoded by ``wire.RecordDecoder``
(size-capped, flat, every field checked); any violation becomes that program's failure. How a program
process ended (exit code or signal) comes from the zygote, trusted code that never runs a program.
"""
from __future__ import annotations

import json
import logging
import math
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
import zlib
from array import array
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from synth.sandbox.model import (LAYERS, MAX_PROGRAM_CHARS, MESSAGE_CHARS, OS_LAYERS, Outcome, SandboxConfig,
                                 SandboxError)
from synth.sandbox.wire import RecordDecoder, WireError, encode_control, encode_input, split_control

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_STARTUP_TIMEOUT_S = 90.0
_CONTAIN_FAILED = 71        # contain.CONTAIN_FAILED (not imported: the parent does not load the child side)
_BOOT = "import sys; sys.path.insert(0, {root!r}); from synth.sandbox.child.zygote import main; main()"

log = logging.getLogger("synth.sandbox")
_WARNED: set[str] = set()


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


class _Zygote:
    """Parent-side handle of the zygote process."""

    def __init__(self, config: SandboxConfig, base: str, workdir: str, serial: int) -> None:
        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.log_path = os.path.join(base, f"zygote-{serial}.log")
        cfg = {"fd": child_sock.fileno(), "ppid": os.getpid(), "memory_mb": config.memory_mb,
               "max_cells": config.max_output_cells, "python_guards": config.python_guards,
               "disable_layers": list(config.disable_layers), "timeout_s": config.timeout_s}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir, "TMPDIR": workdir,
               "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "LC_ALL": "C.UTF-8"}
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        cmd = [sys.executable, "-B", "-s", "-c", _BOOT.format(root=_ROOT), json.dumps(cfg)]
        try:
            with open(self.log_path, "wb") as log_file:
                self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=log_file, cwd=workdir, env=env, start_new_session=True,
                                             pass_fds=[child_sock.fileno()])
        finally:
            child_sock.close()
        self.sock = parent_sock
        self.buf = bytearray()
        self.fds: deque[int] = deque()     # descriptors received, in order (three per 'spare')
        self.pending: deque[dict] = deque()
        self.ready: dict = {}
        self._await_ready()

    def _await_ready(self) -> None:
        end = time.monotonic() + _STARTUP_TIMEOUT_S
        while not self.ready:
            left = end - time.monotonic()
            if left <= 0:
                tail = self.log_tail()
                self.kill()
                raise SandboxError(f"sandbox zygote did not start within {_STARTUP_TIMEOUT_S:g}s: {tail}")
            readable, _, _ = select.select([self.sock], [], [], min(left, 1.0))
            if readable and not self.receive():
                self.proc.wait()
                tail = self.log_tail()
                self.kill()
                raise SandboxError(f"sandbox zygote exited during start-up (status {self.proc.returncode}): {tail}")
            while self.pending and not self.ready:
                msg = self.pending.popleft()
                if msg.get("t") == "ready":
                    self.ready = msg
        with suppress(FileNotFoundError):
            os.unlink(self.log_path)

    def receive(self) -> bool:
        """Read what the zygote sent (messages to `pending`, descriptors to `fds`); False when it is gone."""
        try:
            data, ancillary, flags, _ = self.sock.recvmsg(1 << 16, socket.CMSG_SPACE(3 * 4 * 8))
        except BlockingIOError:
            return True
        except OSError:
            return False
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array("i")
                fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
                self.fds.extend(fds)
        if flags & socket.MSG_CTRUNC:
            return False
        if not data:
            return False
        self.buf += data
        self.pending.extend(split_control(self.buf))
        return True

    def log_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                return fh.read()[-2000:].decode("utf-8", "replace").strip()
        except FileNotFoundError:
            return ""

    def send(self, obj: Any) -> None:
        self.sock.sendall(encode_control(obj))

    def kill(self) -> None:
        """SIGKILL the zygote's process group (the zygote and every program process) and reap the zygote."""
        if self.proc.returncode is None:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        with suppress(OSError):
            self.sock.close()
        while self.fds:
            with suppress(OSError):
                os.close(self.fds.popleft())
        with suppress(FileNotFoundError):
            os.unlink(self.log_path)


def grace_s(timeout_s: float) -> float:
    """Seconds past a program's time limit before the watchdog kills its process."""
    return 1.0 + 0.5 * timeout_s


@dataclass
class _Proc:
    """One program process the zygote forked: a spare until it gets a job, then busy, then reaped."""

    pid: int
    job_fd: int
    result_fd: int
    pidfd: int
    deadline: float = math.inf
    program: int = -1             # index of its program in the batch, -1 while spare
    decoder: RecordDecoder | None = None
    out: bytes = b""              # job bytes not yet written
    eof: bool = False
    done: bool = False            # its results are final
    watchdog: bool = False
    exit: dict | None = None
    error: str = ""

    def close_job(self) -> None:
        if self.job_fd >= 0:
            with suppress(OSError):
                os.close(self.job_fd)
            self.job_fd = -1

    def close_result(self) -> None:
        self.eof = True
        if self.result_fd >= 0:
            with suppress(OSError):
                os.close(self.result_fd)
            self.result_fd = -1

    def kill(self) -> None:
        if not self.watchdog and self.exit is None:
            self.watchdog = True
            with suppress(ProcessLookupError, OSError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def release(self) -> None:
        self.close_job()
        self.close_result()
        if self.pidfd >= 0:
            with suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = -1


@dataclass
class _Batch:
    programs: list[str]
    results: list
    queue: deque
    n_inputs: int
    grids_frame: bytes
    busy: list[_Proc] = field(default_factory=list)


def _cleanup(holder: list, procs: dict, base: str, owner: int) -> None:
    if os.getpid() != owner:
        return      # a forked child of the owner exiting: the zygote and files are the owner's
    for zygote in holder:
        zygote.kill()
    for proc in procs.values():
        proc.release()
    procs.clear()
    shutil.rmtree(base, ignore_errors=True)


class Sandbox:
    """Runs untrusted program text, one contained process per program, forked from a warm zygote.

    Use as a context manager, or call close(). ``run`` calls are serialized by a lock. ``layers`` says
    which containment layers are active on this machine (a missing OS layer is warned about once per
    process on the ``synth.sandbox`` logger, and kept in ``warning``).
    """

    def __init__(self, config: SandboxConfig | None = None):
        cfg = config or SandboxConfig()
        if cfg.workers < 1 or cfg.timeout_s <= 0 or cfg.memory_mb < 64 or cfg.max_output_cells < 1:
            raise ValueError(f"invalid sandbox config: {cfg}")
        unknown = [n for n in cfg.disable_layers if n not in OS_LAYERS]
        if unknown:
            raise ValueError(f"unknown sandbox layers {unknown}; the OS layers are {list(OS_LAYERS)}")
        self.config = cfg
        self._lock = threading.Lock()
        self._closed = False
        self._serial = 0
        self._requested = 0                  # spares asked of the zygote and not yet arrived
        self._spares: deque[_Proc] = deque()
        self._procs: dict[int, _Proc] = {}   # pid -> every process not yet reported reaped
        self._early_deaths = 0               # spares that died before getting a job, in a row
        self._base = tempfile.mkdtemp(prefix="arc-sandbox-")
        self._workdir = os.path.join(self._base, "work")
        os.mkdir(self._workdir, 0o700)
        self._holder: list[_Zygote] = []
        self._owner = os.getpid()
        self._finalizer = weakref.finalize(self, _cleanup, self._holder, self._procs, self._base, self._owner)
        self.zygote_restarts = 0
        self._start_zygote()
        info = self._zygote.ready
        self.layers: dict[str, bool] = {name: bool(info["layers"].get(name)) for name in OS_LAYERS}
        self.layers["python_guards"] = cfg.python_guards
        self.layer_details: dict[str, str] = {name: str(info["details"].get(name, "")) for name in OS_LAYERS}
        self.layer_details["python_guards"] = "on" if cfg.python_guards else "off (SandboxConfig.python_guards)"
        self.warning = self._layer_warning()
        if self.warning and self.warning not in _WARNED:
            _WARNED.add(self.warning)
            log.warning(self.warning)

    # -- layers ----------------------------------------------------------------------------------------
    @property
    def missing_layers(self) -> list[str]:
        """The OS layers that are not active on this machine (or disabled by the config)."""
        return [name for name in OS_LAYERS if not self.layers[name]]

    @property
    def seccomp(self) -> bool:
        return self.layers["seccomp"]

    def _layer_warning(self) -> str:
        missing = self.missing_layers
        if not missing:
            return ""
        why = "; ".join(f"{name}: {self.layer_details[name]}" for name in missing)
        return (f"sandbox: OS layer(s) missing: {', '.join(missing)} ({why}); programs are contained by the "
                f"other layers only: {', '.join(n for n in LAYERS if self.layers[n])}")

    # -- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the zygote and every program process, remove the temporary directory. Idempotent."""
        self._closed = True
        self._finalizer()

    def _start_zygote(self) -> None:
        self._serial += 1
        self._holder[:] = [_Zygote(self.config, self._base, self._workdir, self._serial)]

    @property
    def _zygote(self) -> _Zygote:
        return self._holder[0]

    def _restart_zygote(self) -> None:
        self._zygote.kill()
        for proc in self._procs.values():
            proc.release()
        self._procs.clear()
        self._spares.clear()
        self._requested = 0
        self.zygote_restarts += 1
        self._start_zygote()

    # -- running ---------------------------------------------------------------------------------------
    def run(self, programs: Sequence[str], inputs: Sequence[np.ndarray],
            orientation: str = "xy") -> list[list[Outcome]]:
        """result[i][j] is program i on input j.

        Each program runs in its own process, on all the inputs, within ``timeout_s`` of wall-clock time;
        inputs it did not finish get 'timeout' (or what ended its process). Never raises for anything a
        program does; ValueError/TypeError for bad arguments, SandboxError if the sandbox itself fails.
        """
        if orientation not in ("xy", "rows"):
            raise ValueError(f"orientation must be 'xy' or 'rows', got {orientation!r}")
        grids = [encode_input(g, k) for k, g in enumerate(inputs)]
        programs = list(programs)
        for i, p in enumerate(programs):
            if not isinstance(p, str):
                raise TypeError(f"program {i} is {type(p).__name__}, expected str")
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox is closed")
            if os.getpid() != self._owner:
                raise SandboxError("a Sandbox cannot be used from a forked child; create one in the child")
            m = len(grids)
            results: list = [None] * len(programs)
            queue: deque = deque()
            for i, p in enumerate(programs):
                if m == 0:
                    results[i] = []
                elif len(p) > MAX_PROGRAM_CHARS:
                    results[i] = [Outcome(None, "blocked",
                                          f"program text is longer than {MAX_PROGRAM_CHARS} characters")] * m
                else:
                    queue.append(i)
            if queue:
                if self._zygote.proc.poll() is not None:
                    self._restart_zygote()     # killed from outside while idle
                batch = _Batch(programs, results, queue, m,
                               encode_control({"orientation": orientation, "grids": grids}))
                try:
                    self._drive(batch)
                finally:
                    for proc in batch.busy:    # an interrupted run(): its processes must not outlive it
                        proc.kill()
                        proc.close_job()
                        proc.close_result()
            return results

    def _drive(self, b: _Batch) -> None:
        workers = self.config.workers
        while b.queue or b.busy:
            try:
                self._top_up()
            except OSError:
                self._zygote_failed(b, "the sandbox zygote died")
                continue
            while b.queue and self._spares and len(b.busy) < workers:
                self._assign(b, self._spares.popleft())
            readers = {p.result_fd: p for p in b.busy if not p.eof}
            writers = {p.job_fd: p for p in b.busy if p.out}
            now = time.monotonic()
            deadlines = [p.deadline for p in self._procs.values() if not p.watchdog]
            wait = max(0.0, min([1.0] + [d - now for d in deadlines]))
            readable, writable, _ = select.select([self._zygote.sock] + list(readers), list(writers), [], wait)
            for fd in writable:
                self._write_job(writers[fd])
            for fd in readable:
                if fd in readers:
                    self._read_results(readers[fd])
            if self._zygote.sock in readable and not self._control(b):
                self._zygote_failed(b, "the sandbox zygote died")
                continue
            now = time.monotonic()
            for proc in self._procs.values():
                if now > proc.deadline:
                    proc.kill()
            for proc in list(b.busy):
                finished = proc.decoder.complete and not proc.error
                if finished or (proc.eof and proc.exit is not None):
                    b.busy.remove(proc)
                    proc.close_result()
                    b.results[proc.program] = self._outcomes(proc, b.n_inputs)

    def _top_up(self) -> None:
        """Ask the zygote for spares: one per worker plus one, within a cap on the processes alive."""
        want = self.config.workers + 1 - len(self._spares) - self._requested
        room = 3 * self.config.workers + 1 - len(self._procs) - self._requested
        n = min(want, room)
        if n > 0:
            self._requested += n
            self._zygote.send({"op": "spawn", "n": n})

    def _assign(self, b: _Batch, proc: _Proc) -> None:
        i = b.queue.popleft()
        source = b.programs[i]
        timeout = self.config.timeout_s
        proc.program = i
        proc.decoder = RecordDecoder(b.n_inputs, self.config.max_output_cells)
        proc.out = b.grids_frame + encode_control({"src": source, "timeout": timeout,
                                                   "seed": zlib.crc32(source.encode("utf-8", "surrogatepass"))})
        proc.deadline = time.monotonic() + timeout + grace_s(timeout)
        b.busy.append(proc)
        self._write_job(proc)

    def _write_job(self, proc: _Proc) -> None:
        try:
            sent = os.write(proc.job_fd, proc.out)
        except BlockingIOError:
            return
        except OSError:          # the process died before reading its job: its exit report says how
            proc.out = b""
            proc.close_job()
            return
        proc.out = proc.out[sent:]
        if not proc.out:
            proc.close_job()     # end of the job: the process starts running it

    def _read_results(self, proc: _Proc) -> None:
        try:
            data = os.read(proc.result_fd, 1 << 16)
        except BlockingIOError:
            return
        if data and not proc.error:
            try:
                proc.decoder.feed(data)
                return
            except WireError as exc:
                proc.error = str(exc)
                proc.kill()
        proc.close_result()

    def _control(self, b: _Batch) -> bool:
        """Take the zygote's reports; False when the zygote is gone."""
        z = self._zygote
        if not z.receive():
            return False
        while z.pending:
            msg = z.pending.popleft()
            kind = msg.get("t")
            if kind == "spare":
                job_fd, result_fd, pidfd = (z.fds.popleft() for _ in range(3))
                os.set_blocking(job_fd, False)
                os.set_blocking(result_fd, False)
                proc = _Proc(int(msg["pid"]), job_fd, result_fd, pidfd)
                self._procs[proc.pid] = proc
                self._spares.append(proc)
                self._requested -= 1
            elif kind == "spawn_failed":
                self._requested -= 1
                self._early_death(str(msg.get("error")))
            elif kind == "exit":
                proc = self._procs.pop(int(msg["pid"]), None)
                if proc is None:
                    continue
                proc.exit = msg
                if proc in self._spares:
                    self._spares.remove(proc)
                    proc.release()
                    self._early_death(f"exit status {msg.get('code')}")
                    continue
                self._early_deaths = 0
                if proc.program < 0 or proc not in b.busy:
                    proc.release()
                else:
                    proc.close_job()
                    with suppress(OSError):
                        os.close(proc.pidfd)
                    proc.pidfd = -1
        return True

    def _early_death(self, what: str) -> None:
        self._early_deaths += 1
        if self._early_deaths > 8:
            raise SandboxError(f"program processes die before running anything (last: {what}); "
                               f"{self._zygote.log_tail()}")

    def _zygote_failed(self, b: _Batch, message: str) -> None:
        """The zygote died: fail the programs in flight, start a fresh zygote, go on."""
        for proc in b.busy:
            proc.error = proc.error or ""
            proc.exit = {"code": None, "error": message}
            proc.close_result()
            b.results[proc.program] = self._outcomes(proc, b.n_inputs)
        b.busy.clear()
        self._restart_zygote()

    def _outcomes(self, proc: _Proc, m: int) -> list[Outcome]:
        if proc.error:
            return [Outcome(None, "killed", f"protocol violation: {proc.error}"[:MESSAGE_CHARS])] * m
        outs = list(proc.decoder.outcomes)
        if len(outs) < m:
            status, message = self._end_status(proc)
            outs += [Outcome(None, status, message)] * (m - len(outs))
        return outs

    def _end_status(self, proc: _Proc) -> tuple[str, str]:
        """(status, message) for the inputs a program process did not report, from how it ended."""
        end = proc.exit or {}
        code = end.get("code")
        timeout = self.config.timeout_s
        if end.get("error"):
            return "killed", str(end["error"])[:MESSAGE_CHARS]
        if proc.watchdog:
            return "timeout", f"no result within {timeout:g}s + {grace_s(timeout):g}s grace (process killed)"
        if code == -signal.SIGXCPU:
            return "timeout", "CPU time limit exceeded (process killed)"
        if isinstance(code, int) and code < 0:
            return "killed", f"program process died from {_signal_name(-code)}"
        if code == _CONTAIN_FAILED:
            return "killed", "containment did not take in the program process; nothing was run"
        return "killed", f"program process exited with status {code} before reporting every input"


def run_programs(programs: Sequence[str], inputs: Sequence[np.ndarray], orientation: str = "xy",
                 config: SandboxConfig | None = None) -> list[list[Outcome]]:
    """One-shot convenience: start a sandbox, run, close."""
    if not programs:
        return []
    with Sandbox(config or SandboxConfig()) as sandbox:
        return sandbox.run(programs, inputs, orientation)
