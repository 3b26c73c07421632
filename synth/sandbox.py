"""Sandboxed execution of untrusted BARC-style program text.

This module owns the one place where the project runs program text: a warm pool of worker processes that
execute programs (``from common import *`` / ``import numpy as np`` / ``from typing import *`` followed by
``def main(input_grid)`` or ``def transform(input_grid)``) on lists of ARC grids, the isolation layers around
that execution, and the classification of every result into an :class:`Outcome`.

Public interface: :class:`Outcome`, :class:`SandboxConfig`, :class:`Sandbox` (a context manager with a warm
pool reused across :meth:`Sandbox.run` calls), :func:`run_programs` (one-shot), :func:`check_program` (the
static check alone) and :class:`SandboxError` (raised only when the sandbox itself cannot work, e.g. a
worker cannot start; never for anything a program does).

Execution model
---------------
* ``Sandbox.run(programs, inputs)`` splits the programs into chunks and streams them to ``workers`` worker
  processes (one process per worker, talking over a pipe pair). A worker compiles each program once, runs
  its module body once in fresh globals, then calls the entry point (``main``, else ``transform``) on every
  input and sends back one reply per program. The parent never unpickles anything from a worker: replies
  are length-prefixed JSON, and every grid in them is re-validated in the parent.
* ``timeout_s`` is a wall-clock budget **per program**, covering compiling it, running its module body and
  running it on *all* the inputs of the call. Inputs not finished when it runs out are reported 'timeout'
  (inputs already finished keep their results). Inside the worker a ``SIGALRM`` interval timer interrupts
  the program; ``RLIMIT_CPU`` is set per program to a little more than the budget; the parent is the
  backstop: a worker silent for ``timeout_s + grace`` is killed and replaced, its program reported
  'timeout', and the rest of its chunk is re-queued.
* Orientation ``'xy'``: the program receives ``np.array(grid).T`` (``grid[x, y]``, int64) and its result is
  transposed back; ``'rows'``: the row-major int64 array unchanged. Each call gets a fresh copy.
* A valid result is array-like, 2-D, integer or bool dtype (an object array whose items are all ints is
  accepted too, and so is a float array of whole numbers, as BARC's harness does), both sides 1..30, at most ``max_output_cells`` cells, values 0..9. It is
  returned as a C-contiguous uint8 row-major grid. Anything else is 'bad_return'.
* ``random`` and ``np.random`` are re-seeded before every input from a CRC32 of the program text, and the
  ways of asking for OS entropy (``random.Random()``, ``random.seed()``, ``np.random.default_rng()``, ...)
  get that seed instead, so a program's result on an input does not depend on its batch, its worker or the
  other inputs. Workers run with ``PYTHONHASHSEED=0``.

Statuses: 'ok', 'syntax_error' (does not compile), 'exception' (raised; message ``Type: text``), 'timeout',
'memory' (MemoryError), 'bad_return', 'blocked' (tried something the sandbox forbids: a forbidden import,
builtin, attribute or operation; sticky: a program that swallows the violation is still 'blocked'),
'killed' (its worker died: segfault, abort, protocol violation) and 'no_entry_point'.

Isolation layers, outermost first
---------------------------------
1. **Process**: each worker is a separate ``python`` process in its own session (no terminal signals),
   ``PR_SET_PDEATHSIG`` so it dies with the parent, an empty temporary working directory, a scrubbed
   environment, stdin/stdout/stderr pointing at ``/dev/null`` (the pipe to the parent lives on private fds).
2. **seccomp** (Linux x86-64; a classic-BPF deny-list installed with ``prctl`` through ctypes before any
   program runs; denied calls fail with EPERM): no ``fork``/``vfork``/``clone``/``clone3``/``execve``; no
   sockets; no signals to any process (``kill``, ``tgkill``, pidfd, ...); no file creation, deletion,
   renaming, linking, truncation, chmod/chown, xattrs; ``open``/``openat`` only without write/create/truncate
   /append flags (``openat2`` denied); no ptrace, process_vm_*, mount, modules, bpf, io_uring, namespaces,
   keyrings, SysV/POSIX IPC, privilege changes, ``prctl``; ``setrlimit``/``prlimit64`` only for
   ``RLIMIT_CPU``; ``ioctl(TIOCSTI)`` denied. Foreign-ABI (i386, x32) calls are denied. Where seccomp is not
   available the sandbox still works with the other layers; ``Sandbox.seccomp`` says which.
3. **rlimits**: ``RLIMIT_AS`` = ``memory_mb`` MiB (whole worker, the ~110 MiB interpreter+numpy baseline
   included; raised to baseline + 64 MiB if smaller), ``RLIMIT_CPU`` per program, ``RLIMIT_FSIZE`` = 0,
   ``RLIMIT_NPROC`` = 0 (note: not enforced for root; seccomp is what stops forks there), ``RLIMIT_CORE`` = 0.
4. **Audit hook** (PEP 578, cannot be removed once added): while program code runs, every audited event is
   denied except imports done by libraries, read-only ``open``/``listdir`` under the interpreter's and the
   project's directories, ``exec``/``compile`` called from ``collections`` (namedtuple), the import system
   or this module, ``id()``, ``sys._getframe`` (namedtuple/TypeVar) and setting ``__module__``/``__doc__``/
   ``__name__``/``__qualname__``. So ``os.system``, ``subprocess``, ``socket``, ``ctypes``, writes,
   ``os.kill``, reading ``__code__``/``gi_frame``/``tb_frame``, setting ``__defaults__`` etc. are refused even
   if a program got hold of the real modules.
5. **Restricted namespace**: fresh globals per program with a fresh copy of a curated ``__builtins__``
   (no ``open``/``eval``/``exec``/``compile``/``input``/``globals``/``locals``/``vars``/``breakpoint``/
   ``exit``: calling them is 'blocked'; ``print`` is a no-op; ``getattr``/``setattr``/``delattr``/``hasattr``
   refuse the names layer 6 refuses; ``__import__`` only serves the allow-list, plus the lazy imports that
   C code such as numpy's array printing makes while a program runs, whose module it never returns).
   Imports of ``numpy`` (+ ``numpy.linalg``/``random``/``fft``/``lib``/``lib.stride_tricks``), ``typing``,
   ``itertools``,
   ``collections`` (+ ``.abc``), ``math``, ``random``, ``copy``, ``functools`` and ``common`` return *fresh
   per-program proxy modules* holding only vetted public names: numpy without file I/O (``load``, ``save*``,
   ``loadtxt``, ``genfromtxt``, ``fromfile``, ``memmap``, ``DataSource``), ``ctypeslib``, ``testing``,
   ``f2py``, ``info``, ``show_*``, ``add_docstring``, ``seterrcall``/``setbufsize``, ``as_strided`` and every
   submodule not listed; typing without ``get_type_hints``/``ForwardRef``/``get_args`` (string-annotation
   eval gadgets); functools without ``singledispatch`` and with ``wraps``/``update_wrapper`` restricted to
   the program's own functions and default attribute lists; copy without the ``memo`` argument;
   ``common``'s module-valued names (``np``, ``random``) replaced by the same per-program proxies.
6. **Static check** of the compiled code objects (names, attribute names, keyword names, string constants of
   every nested code object): dunder identifiers outside a small allow-list (``__init__``, ``__name__``,
   operator methods, ...) are refused anywhere (``__class__``, ``__subclasses__``, ``__globals__``,
   ``__builtins__``, ``__code__``, ``__import__``, ``__dict__``, ``__del__``, ``__array_interface__`` ...);
   frame/code names (``gi_frame``, ``f_globals``, ``f_back``, ``tb_frame`` ...) and ``refcheck`` are refused
   anywhere; attribute accesses to names starting with ``_`` (except namedtuple's ``_asdict``/``_replace``/
   ``_fields``/``_make``) and to ``obj``, ``ctypes``, ``tofile``, ``dump``, ``load``, ``save*``, ``memmap``
   ... are refused; class patterns with positional sub-patterns (``__match_args__`` lookups) are refused.
7. **Parent**: watchdog kill + replacement, reply size cap, re-validation of every status and grid.

State isolation between programs: fresh globals, builtins and module proxies per program; the program's
globals are cleared after it. Shared state is compared by identity with a snapshot taken at worker start and
restored: before every input and after every program, the lists/dicts/sets/arrays stored under public names
in `common`, in the classes and in the module-level objects reachable from the proxies (``Color.NOT_BLACK``
...) and the attributes of `common`'s module-level objects; after a program that may have set attributes
(its code stores or deletes attributes or mentions ``__init__``, or it called setattr/delattr/copy/deepcopy/
total_ordering), also the dictionaries of every mutable class reachable from the proxies (``common.Color``,
numpy's Python classes, ``random.Random`` ...) and the attributes and slots of every non-callable
module-level object (``np.mgrid`` ...). numpy's error and print options are restored after every program. A
worker whose state cannot be restored, or whose resident memory passes half its limit (checked every 256
programs), retires and is replaced.

Known gaps: the Python-level layers are best-effort by nature, and numpy is not memory-safe against a
determined program. Two routes to raw memory stay open at the Python level: ``np.ndarray(shape, object,
buffer)`` (numpy builds an object array over bytes the program controls; the real ``ndarray`` type is
always reachable as ``type(some_array)``), and a class built with the real ``type(name, bases, namespace)``
from a key computed at run time such as ``''.join(['__array_', 'interface__'])`` (constant-folded
concatenations are caught), which the static check cannot see. Either lets
a program forge objects in its worker. What stops such a program is the process/seccomp/rlimit layers: it
can corrupt only its own worker (and so the results of later programs in that worker) and read files the
worker may read, but not write or delete files, spawn processes, use the network or signal anything.
Mutable default arguments and ``lru_cache`` contents of ``common`` functions, nested containers, and
attributes set on shared functions are not restored. A program's globals persist across its inputs.
Partial per-input results are lost when a worker dies or hangs mid-program (all inputs get the status).
seccomp is only installed on Linux x86-64.
"""
from __future__ import annotations

import ast
import json
import math
import os
import random as _random
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import types
import weakref
import zlib
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from operator import is_
from typing import Any, Callable, Iterable, Sequence

import numpy as np

# --------------------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------------------

STATUSES = ("ok", "syntax_error", "exception", "timeout", "memory", "bad_return", "blocked", "killed",
            "no_entry_point")
MAX_SIDE = 30
MAX_PROGRAM_CHARS = 200_000
_MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Outcome:
    grid: np.ndarray | None      # uint8 row-major ARC grid (rows, cols) when ok
    status: str                  # one of STATUSES
    message: str = ""            # short error text (e.g. 'ZeroDivisionError: division by zero')


@dataclass
class SandboxConfig:
    """Sandbox settings.

    timeout_s is wall-clock seconds per program per ``run`` call: compiling it, running its module body and
    running it on all the inputs of the call.
    """

    workers: int = 2
    timeout_s: float = 2.0
    memory_mb: int = 1024        # RLIMIT_AS per worker (whole process)
    max_output_cells: int = 900


class SandboxError(RuntimeError):
    """The sandbox itself failed (a worker could not start or the sandbox is closed); never a program's fault."""


# --------------------------------------------------------------------------------------------------------
# Name rules shared by the static check and the runtime attribute guards
# --------------------------------------------------------------------------------------------------------

_SAFE_DUNDERS = frozenset({
    "__init__", "__name__", "__main__", "__doc__", "__module__", "__qualname__", "__classcell__",
    "__annotations__", "__all__", "__post_init__", "__repr__", "__str__", "__format__", "__hash__", "__bool__",
    "__len__", "__iter__", "__next__", "__reversed__", "__contains__", "__getitem__", "__setitem__",
    "__delitem__", "__call__", "__enter__", "__exit__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
    "__ge__", "__add__", "__radd__", "__iadd__", "__sub__", "__rsub__", "__isub__", "__mul__", "__rmul__",
    "__imul__", "__truediv__", "__rtruediv__", "__itruediv__", "__floordiv__", "__rfloordiv__",
    "__ifloordiv__", "__mod__", "__rmod__", "__imod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
    "__neg__", "__pos__", "__abs__", "__invert__", "__and__", "__rand__", "__iand__", "__or__", "__ror__",
    "__ior__", "__xor__", "__rxor__", "__ixor__", "__lshift__", "__rshift__", "__int__", "__float__",
    "__round__",
})
# Refused wherever they appear (names, attributes, keywords, string constants).
_FORBIDDEN_NAMES = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "cr_origin", "ag_frame",
    "ag_code", "ag_await", "f_back", "f_builtins", "f_code", "f_globals", "f_locals", "f_trace", "tb_frame",
    "tb_next", "refcheck",
})
# Refused as attribute names.
_FORBIDDEN_ATTRS = frozenset({
    "obj", "ctypes", "ctypeslib", "tofile", "dump", "load", "loads", "save", "savez", "savez_compressed",
    "savetxt", "loadtxt", "genfromtxt", "fromfile", "fromregex", "memmap", "DataSource", "f2py", "distutils",
    "testing", "as_strided", "system", "popen",
})
_PRIVATE_OK = frozenset({"_asdict", "_replace", "_fields", "_make", "_field_defaults"})


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _name_problem(name: str, attribute: bool) -> str | None:
    """Why `name` may not be used (as an attribute if `attribute`), or None."""
    if _is_dunder(name):
        return None if name in _SAFE_DUNDERS else f"use of {name!r} is not allowed"
    if name in _FORBIDDEN_NAMES:
        return f"use of {name!r} is not allowed"
    if attribute:
        if name.startswith("_") and name not in _PRIVATE_OK:
            return f"access to private attribute {name!r} is not allowed"
        if name in _FORBIDDEN_ATTRS:
            return f"access to attribute {name!r} is not allowed"
    return None


_MATCH_CLASS = 152  # opcode of MATCH_CLASS in CPython 3.11 (checked against `opcode` where it is imported)


def _walk_code(code: types.CodeType) -> tuple[set[str], set[str], set[str], bool, bool]:
    """Names used as globals/attributes, local/cell names, identifier-like string constants, whether a
    class pattern with positional sub-patterns occurs, and whether attributes are stored or deleted, over
    `code` and its nested code objects."""
    import dis
    import opcode
    match_op = opcode.opmap.get("MATCH_CLASS", _MATCH_CLASS)
    store_ops = {opcode.opmap["STORE_ATTR"], opcode.opmap["DELETE_ATTR"]}
    stores_attributes = False
    names: set[str] = set()
    local: set[str] = set()
    consts: set[str] = set()
    positional_match = False
    stack = [code]
    while stack:
        co = stack.pop()
        names.update(co.co_names)
        local.update(co.co_varnames)
        local.update(n for n in co.co_cellvars if n != "__class__")
        local.update(n for n in co.co_freevars if n != "__class__")
        pending = list(co.co_consts)
        while pending:
            c = pending.pop()
            if type(c) is types.CodeType:
                stack.append(c)
            elif type(c) is str:
                if len(c) <= 64 and c.isidentifier():
                    consts.add(c)
            elif type(c) in (tuple, frozenset):
                pending.extend(c)
        ops = co.co_code[::2]
        if not positional_match and match_op in ops:
            positional_match = any(ins.opname == "MATCH_CLASS" and ins.arg for ins in dis.get_instructions(co))
        if not stores_attributes and not store_ops.isdisjoint(ops):
            stores_attributes = True
    return names, local, consts, positional_match, stores_attributes


def _attributes_used(source: str, candidates: set[str]) -> str | None:
    """The first of `candidates` that `source` uses as an attribute or class-pattern keyword, or None."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in candidates:
            return node.attr
        if isinstance(node, ast.MatchClass):
            hit = next((k for k in node.kwd_attrs if k in candidates), None)
            if hit:
                return hit
    return None


def _analyse(code: types.CodeType, source: str) -> tuple[str | None, bool]:
    """(why the program is refused or None, whether it may set attributes on objects it did not create)."""
    names, local, consts, positional_match, stores_attributes = _walk_code(code)
    may_mutate = stores_attributes or "__init__" in names
    for name in sorted(names | consts):
        problem = _name_problem(name, attribute=False)
        if problem:
            return problem, may_mutate
    for name in sorted(local):
        if _is_dunder(name) or name in _FORBIDDEN_NAMES:
            return f"use of {name!r} is not allowed", may_mutate
    if positional_match:
        return "class patterns with positional sub-patterns are not allowed", may_mutate
    suspicious = {n for n in names if _name_problem(n, attribute=True)}
    if suspicious:
        hit = _attributes_used(source, suspicious)
        if hit:
            return _name_problem(hit, attribute=True), may_mutate
    return None, may_mutate


def check_program(source: str) -> str | None:
    """The static check alone: None if `source` compiles and passes, else a one-line reason."""
    if len(source) > MAX_PROGRAM_CHARS:
        return f"program text is longer than {MAX_PROGRAM_CHARS} characters"
    try:
        code = compile(source, "<program>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return _syntax_message(exc)
    return _analyse(code, source)[0]


def _syntax_message(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        where = f" (line {exc.lineno})" if exc.lineno else ""
        return f"{type(exc).__name__}: {exc.msg}{where}"[:_MESSAGE_CHARS]
    return f"{type(exc).__name__}: {exc}"[:_MESSAGE_CHARS]


# --------------------------------------------------------------------------------------------------------
# Wire format (parent <-> worker): 4-byte big-endian length + UTF-8 JSON
# --------------------------------------------------------------------------------------------------------

_HEADER = struct.Struct(">I")
_MAX_FRAME = 64 << 20


def _encode_frame(obj: Any) -> bytes:
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    return _HEADER.pack(len(data)) + data


def _encode_input(grid: Any, index: int) -> list:
    arr = np.asarray(grid)
    if arr.ndim != 2 or arr.dtype.kind not in "biu":
        raise ValueError(f"input {index}: expected a 2-D integer grid, got shape {arr.shape} dtype {arr.dtype}")
    rows, cols = arr.shape
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        raise ValueError(f"input {index}: grid sides must be 1..{MAX_SIDE}, got {rows}x{cols}")
    if arr.min() < 0 or arr.max() > 9:
        raise ValueError(f"input {index}: grid values must be 0..9")
    return [rows, cols, (arr.astype(np.uint8) + 48).tobytes().decode("ascii")]


def _decode_grid(rows: Any, cols: Any, digits: Any, max_cells: int) -> np.ndarray:
    if type(rows) is not int or type(cols) is not int or type(digits) is not str:
        raise ValueError("malformed grid")
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE) or rows * cols > max_cells:
        raise ValueError("grid size out of range")
    if len(digits) != rows * cols or not digits.isascii() or not digits.isdigit():
        raise ValueError("malformed grid digits")
    grid = np.frombuffer(digits.encode("ascii"), dtype=np.uint8) - 48
    return np.ascontiguousarray(grid.reshape(rows, cols))


def _decode_outcomes(raw: Any, n_inputs: int, max_cells: int) -> list[Outcome]:
    if type(raw) is not list or len(raw) != n_inputs:
        raise ValueError("wrong number of outcomes")
    out = []
    for item in raw:
        if type(item) is not list or len(item) not in (2, 5):
            raise ValueError("malformed outcome")
        status, message = item[0], item[1]
        if status not in STATUSES or type(message) is not str:
            raise ValueError("malformed outcome status")
        message = message[:_MESSAGE_CHARS]
        if status == "ok":
            if len(item) != 5:
                raise ValueError("ok outcome without grid")
            out.append(Outcome(_decode_grid(item[2], item[3], item[4], max_cells), "ok", message))
        else:
            if len(item) != 2:
                raise ValueError("failed outcome with grid")
            out.append(Outcome(None, status, message))
    return out


# --------------------------------------------------------------------------------------------------------
# Parent side
# --------------------------------------------------------------------------------------------------------

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_STARTUP_TIMEOUT_S = 90.0
_COMMON_ENV = "ARC_SANDBOX_COMMON"   # optional path of a .py file used as `common` instead of synth.common
_BOOT = ("import sys; sys.path.insert(0, {root!r}); from synth.sandbox import _worker_entry; _worker_entry()")


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


class _Worker:
    """Parent-side handle of one worker process."""

    def __init__(self, proc: subprocess.Popen, log_path: str):
        self.proc = proc
        self.log_path = log_path
        self.rfd = proc.stdout.fileno()
        self.wfd = proc.stdin.fileno()
        os.set_blocking(self.rfd, False)
        os.set_blocking(self.wfd, False)
        self.rbuf = bytearray()
        self.wbuf = bytearray()
        self.ready = False
        self.dead = False
        self.spawned = time.monotonic()
        self.token = -1                 # which run()'s inputs this worker holds
        self.chunk: deque[int] = deque()  # program indices sent and not answered, in order
        self.deadline = math.inf
        self.info: dict = {}

    def log_tail(self) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                return fh.read()[-2000:].decode("utf-8", "replace").strip()
        except FileNotFoundError:
            return ""

    def kill(self) -> None:
        """SIGKILL the worker's own process group (it is a session leader and cannot fork) and reap it."""
        if self.proc.returncode is None:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.dead = True
        for stream in (self.proc.stdin, self.proc.stdout):
            with suppress(OSError):
                stream.close()
        with suppress(FileNotFoundError):
            os.unlink(self.log_path)


def _cleanup(workers: list, base: str, owner: int) -> None:
    if os.getpid() != owner:
        return      # a forked child of the owner exiting: the workers and files are the owner's
    for w in workers:
        w.kill()
    shutil.rmtree(base, ignore_errors=True)


@dataclass
class _Batch:
    programs: list[str]
    results: list
    queue: deque
    n_inputs: int
    token: int
    inputs_frame: bytes
    pending: int


class Sandbox:
    """A warm pool of sandbox workers. Use as a context manager, or call close(). Not thread-safe across
    concurrent run() calls (they are serialized by a lock)."""

    def __init__(self, config: SandboxConfig | None = None):
        cfg = config or SandboxConfig()
        if cfg.workers < 1 or cfg.timeout_s <= 0 or cfg.memory_mb < 64 or cfg.max_output_cells < 1:
            raise ValueError(f"invalid sandbox config: {cfg}")
        self.config = cfg
        self._lock = threading.Lock()
        self._closed = False
        self._token = 0
        self._spawn_count = 0
        self._base = tempfile.mkdtemp(prefix="arc-sandbox-")
        self._workdir = os.path.join(self._base, "work")
        os.mkdir(self._workdir, 0o700)
        self._workers: list[_Worker] = []
        self._owner = os.getpid()
        self._finalizer = weakref.finalize(self, _cleanup, self._workers, self._base, self._owner)
        self.seccomp: bool | None = None     # whether workers run under seccomp (known once one is ready)
        self.worker_restarts = 0
        for _ in range(cfg.workers):
            self._workers.append(self._spawn())

    # -- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the workers and remove the temporary directory. Idempotent."""
        self._closed = True
        self._finalizer()

    def _spawn(self) -> _Worker:
        self._spawn_count += 1
        cfg = self.config
        log_path = os.path.join(self._base, f"worker-{self._spawn_count}.log")
        common_path = os.environ.get(_COMMON_ENV, "")
        wcfg = {"memory_mb": cfg.memory_mb, "max_cells": cfg.max_output_cells, "ppid": os.getpid(),
                "common_path": os.path.abspath(common_path) if common_path else ""}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self._workdir, "TMPDIR": self._workdir,
               "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "LC_ALL": "C.UTF-8"}
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        cmd = [sys.executable, "-B", "-s", "-c", _BOOT.format(root=_ROOT), json.dumps(wcfg)]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                    cwd=self._workdir, env=env, start_new_session=True, close_fds=True)
        return _Worker(proc, log_path)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self.worker_restarts += 1
        self._workers[self._workers.index(w)] = self._spawn()

    # -- running ---------------------------------------------------------------------------------------
    def run(self, programs: Sequence[str], inputs: Sequence[np.ndarray],
            orientation: str = "xy") -> list[list[Outcome]]:
        """result[i][j] is program i on input j (see the module docstring for the semantics)."""
        if orientation not in ("xy", "rows"):
            raise ValueError(f"orientation must be 'xy' or 'rows', got {orientation!r}")
        grids = [_encode_input(g, k) for k, g in enumerate(inputs)]
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
                    results[i] = [Outcome(None, "blocked", f"program text is longer than {MAX_PROGRAM_CHARS} "
                                                           "characters")] * m
                else:
                    queue.append(i)
            for w in list(self._workers):
                if w.chunk or w.rbuf or w.wbuf:
                    self._replace(w)      # left busy by an interrupted run(): its replies would be stale
            if queue:
                self._token += 1
                inputs_frame = _encode_frame({"op": "inputs", "grids": grids, "orientation": orientation})
                batch = _Batch(programs, results, queue, m, self._token, inputs_frame, len(queue))
                self._drive(batch)
            return results

    def _self_test(self, sentinel: str, timeout: float = 60.0) -> dict:
        """Ask one worker to try forbidden operations from trusted code, once under seccomp only and once
        with the audit hook enforcing too; returns {layer: {operation: outcome}} (for tests)."""
        with self._lock:
            w = self._workers[0]
            end = time.monotonic() + timeout
            sent = False
            while True:
                if w.ready and not sent:
                    w.wbuf += _encode_frame({"op": "selftest", "path": sentinel})
                    sent = True
                if w.wbuf:
                    with suppress(BlockingIOError):
                        del w.wbuf[:os.write(w.wfd, w.wbuf)]
                readable, _, _ = select.select([w.rfd], [], [], 0.1)
                if readable:
                    data = os.read(w.rfd, 1 << 20)
                    if not data:
                        raise SandboxError(f"worker died during self-test: {w.log_tail()}")
                    w.rbuf += data
                while len(w.rbuf) >= 4 and len(w.rbuf) >= 4 + _HEADER.unpack_from(w.rbuf)[0]:
                    size = _HEADER.unpack_from(w.rbuf)[0]
                    msg = json.loads(bytes(w.rbuf[4:4 + size]))
                    del w.rbuf[:4 + size]
                    if msg.get("t") == "ready":
                        w.ready = True
                        self.seccomp = bool(msg.get("seccomp"))
                    elif msg.get("t") == "selftest":
                        return msg["r"]
                if time.monotonic() > end:
                    raise SandboxError("self-test timed out")

    def _chunk_size(self, pending: int) -> int:
        return max(1, min(16, math.ceil(pending / (4 * len(self._workers)))))

    def _budget(self) -> float:
        """Seconds the parent waits for one program's reply: its time limit plus a grace period."""
        return 1.0 + 1.5 * self.config.timeout_s

    def _drive(self, b: _Batch) -> None:
        timeout = self.config.timeout_s
        grace = self._budget() - timeout
        while b.pending > 0:
            now = time.monotonic()
            size = self._chunk_size(len(b.queue))
            for w in list(self._workers):
                if w.ready and not w.chunk and b.queue and w.proc.poll() is not None:
                    self._replace(w)      # died while idle (killed from outside): nothing to report
                    continue
                if w.ready and not w.chunk and b.queue:
                    ids = [b.queue.popleft() for _ in range(min(size, len(b.queue)))]
                    if w.token != b.token:
                        w.wbuf += b.inputs_frame
                        w.token = b.token
                    w.wbuf += _encode_frame({"op": "run", "timeout": timeout,
                                             "progs": [[i, b.programs[i]] for i in ids]})
                    w.chunk.extend(ids)
                    w.deadline = now + self._budget()
            next_deadline = min([w.deadline for w in self._workers]
                                + [w.spawned + _STARTUP_TIMEOUT_S for w in self._workers if not w.ready])
            wait = max(0.0, min(1.0, next_deadline - now))
            readers = [w.rfd for w in self._workers]
            writers = [w.wfd for w in self._workers if w.wbuf]
            readable, writable, _ = select.select(readers, writers, [], wait)
            for w in list(self._workers):
                if w.wfd in writable and not w.dead:
                    self._flush(w, b)
                if w.rfd in readable and not w.dead:
                    self._receive(w, b)
            now = time.monotonic()
            for w in list(self._workers):
                if w.dead:
                    continue
                if w.chunk and now > w.deadline:
                    self._fail_current(w, b, "timeout", f"no reply within {timeout:g}s + {grace:g}s grace "
                                                        "(worker killed)")
                elif not w.ready and now > w.spawned + _STARTUP_TIMEOUT_S:
                    tail = w.log_tail()
                    w.kill()
                    raise SandboxError(f"sandbox worker did not start within {_STARTUP_TIMEOUT_S:g}s: {tail}")

    def _flush(self, w: _Worker, b: _Batch) -> None:
        try:
            sent = os.write(w.wfd, w.wbuf)
        except BlockingIOError:
            return          # pipe full: the rest goes when select() says it is writable again
        except BrokenPipeError:
            self._on_death(w, b)
            return
        del w.wbuf[:sent]

    def _receive(self, w: _Worker, b: _Batch) -> None:
        try:
            data = os.read(w.rfd, 1 << 20)
        except BlockingIOError:
            return          # spurious wake-up: nothing to read yet
        if not data:
            self._on_death(w, b)
            return
        w.rbuf += data
        while len(w.rbuf) >= 4:
            (size,) = _HEADER.unpack_from(w.rbuf)
            if size > _MAX_FRAME:
                self._fail_current(w, b, "killed", "worker sent an oversized reply")
                return
            if len(w.rbuf) < 4 + size:
                return
            payload = bytes(w.rbuf[4:4 + size])
            del w.rbuf[:4 + size]
            try:
                msg = json.loads(payload)
                self._on_message(w, b, msg)
            except (ValueError, KeyError, TypeError) as exc:
                self._fail_current(w, b, "killed", f"worker protocol error: {exc}"[:_MESSAGE_CHARS])
                return
            if w.dead:
                return

    def _on_message(self, w: _Worker, b: _Batch, msg: Any) -> None:
        if type(msg) is not dict:
            raise ValueError("reply is not an object")
        kind = msg.get("t")
        if kind == "ready":
            w.ready = True
            w.info = {k: msg.get(k) for k in ("pid", "seccomp", "seccomp_error")}
            self.seccomp = bool(msg.get("seccomp"))
            with suppress(FileNotFoundError):
                os.unlink(w.log_path)
            return
        if kind != "res":
            raise ValueError(f"unknown reply kind {kind!r}")
        if not w.chunk or msg.get("i") != w.chunk[0]:
            raise ValueError("reply for a program that is not in flight")
        outcomes = _decode_outcomes(msg.get("o"), b.n_inputs, self.config.max_output_cells)
        i = w.chunk.popleft()
        b.results[i] = outcomes
        b.pending -= 1
        w.deadline = time.monotonic() + self._budget() if w.chunk else math.inf
        if msg.get("retire"):
            b.queue.extendleft(reversed(w.chunk))
            w.chunk.clear()
            self._replace(w)

    def _fail_current(self, w: _Worker, b: _Batch, status: str, message: str) -> None:
        """Kill `w`, give its current program `status`, re-queue the rest of its chunk, start a replacement."""
        if w.chunk:
            i = w.chunk.popleft()
            b.results[i] = [Outcome(None, status, message)] * b.n_inputs
            b.pending -= 1
            b.queue.extendleft(reversed(w.chunk))
            w.chunk.clear()
        if not w.ready:
            tail = w.log_tail()
            w.kill()
            raise SandboxError(f"sandbox worker failed to start: {message}: {tail}")
        self._replace(w)

    def _on_death(self, w: _Worker, b: _Batch) -> None:
        try:
            rc = w.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            rc = None
        if w.ready and not w.chunk:
            self._replace(w)          # died while idle: nothing to report
            return
        if not w.ready:
            tail = w.log_tail()
            w.kill()
            raise SandboxError(f"sandbox worker exited during start-up (status {rc}): {tail}")
        if rc is not None and rc < 0 and -rc == signal.SIGXCPU:
            self._fail_current(w, b, "timeout", "CPU time limit exceeded (worker killed)")
        elif rc is not None and rc < 0:
            self._fail_current(w, b, "killed", f"worker died from {_signal_name(-rc)}")
        else:
            self._fail_current(w, b, "killed", f"worker exited with status {rc}")


def run_programs(programs: Sequence[str], inputs: Sequence[np.ndarray], orientation: str = "xy",
                 config: SandboxConfig | None = None) -> list[list[Outcome]]:
    """One-shot convenience: start a pool, run, close."""
    if not programs:
        return []
    cfg = config or SandboxConfig()
    if len(programs) < cfg.workers:
        cfg = SandboxConfig(workers=len(programs), timeout_s=cfg.timeout_s, memory_mb=cfg.memory_mb,
                            max_output_cells=cfg.max_output_cells)
    with Sandbox(cfg) as sandbox:
        return sandbox.run(programs, inputs, orientation)


# --------------------------------------------------------------------------------------------------------
# Worker side: everything below runs only inside worker processes
# --------------------------------------------------------------------------------------------------------

class _SandboxViolation(BaseException):
    """Raised when a program tries something forbidden (BaseException so `except Exception` does not hide it)."""


class _Timeout(BaseException):
    """Raised by the SIGALRM handler when a program's time budget is spent."""


class _State:
    """Per-worker mutable state (one program runs at a time)."""

    def __init__(self) -> None:
        self.locked = False          # audit hook enforcing (program code may run)
        self.interruptible = False   # SIGALRM may raise _Timeout
        self.expired = False
        self.violation: str | None = None
        self.may_mutate = False      # the program may have set attributes of shared objects
        self.seed = 0
        self.program_globals: dict | None = None
        self.mods: dict[str, types.ModuleType] = {}
        self.read_prefixes: tuple[str, ...] = ()
        self.exec_callers: frozenset = frozenset()


_W = _State()


def _violation(message: str) -> None:
    if _W.violation is None:
        _W.violation = message
    raise _SandboxViolation(message)


# -- runtime guards given to programs as builtins --------------------------------------------------------

def _guard_name(name: Any) -> None:
    if type(name) is not str:
        if isinstance(name, str):
            _violation("attribute names must be plain str, not a str subclass")
        raise TypeError("attribute name must be a str")
    problem = _name_problem(name, attribute=True)
    if problem:
        _violation(problem)


def _sb_getattr(obj: Any, name: Any, *default: Any) -> Any:
    _guard_name(name)
    return getattr(obj, name, *default)


def _sb_hasattr(obj: Any, name: Any) -> bool:
    _guard_name(name)
    return hasattr(obj, name)


def _sb_setattr(obj: Any, name: Any, value: Any) -> None:
    _guard_name(name)
    _W.may_mutate = True
    setattr(obj, name, value)


def _sb_delattr(obj: Any, name: Any) -> None:
    _guard_name(name)
    _W.may_mutate = True
    delattr(obj, name)


def _sb_print(*args: Any, **kwargs: Any) -> None:
    """Programs' print: output is discarded."""
    return None


def _forbidden_builtin(name: str) -> Callable:
    def forbidden(*args: Any, **kwargs: Any) -> None:
        _violation(f"{name}() is not allowed")
    forbidden.__name__ = name
    return forbidden


_ALLOWED_IMPORTS = frozenset({
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.lib", "numpy.lib.stride_tricks", "typing",
    "itertools", "collections", "collections.abc", "math", "random", "copy", "functools", "common",
})


def _sb_import(name: Any, globals: Any = None, locals: Any = None, fromlist: Any = (), level: Any = 0) -> Any:
    """The programs' __import__.

    Import statements pass fromlist None or a tuple. C code that imports lazily while a program's frame is
    the current one (numpy's array printing, for example) goes through CPython's PyImport_Import, which
    calls this with fromlist ['__doc__'] (a list), ignores the return value and takes the module from
    sys.modules: that import is done for real and None is returned, so no module object reaches the caller.
    """
    if type(fromlist) is list and type(name) is str and level == 0:
        import builtins
        builtins.__import__(name, None, None, fromlist, 0)
        return None
    if type(name) is not str or level != 0:
        _violation("relative or non-string imports are not allowed")
    if name not in _ALLOWED_IMPORTS:
        _violation(f"import of {name!r} is not allowed")
    if fromlist:
        return _proxy(name)
    return _proxy(name.partition(".")[0])


_BUILTIN_NAMES = (
    "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr",
    "classmethod", "complex", "dict", "dir", "divmod", "enumerate", "filter", "float", "format", "frozenset",
    "hash", "hex", "id", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "memoryview",
    "min", "next", "object", "oct", "ord", "pow", "property", "range", "repr", "reversed", "round", "set",
    "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "zip", "Ellipsis",
    "NotImplemented", "__build_class__",
)
_FORBIDDEN_BUILTINS = ("open", "eval", "exec", "compile", "input", "breakpoint", "globals", "locals", "vars",
                       "help", "exit", "quit", "copyright", "credits", "license")


def _make_builtins() -> dict:
    import builtins
    table = {name: getattr(builtins, name) for name in _BUILTIN_NAMES}
    for name, value in vars(builtins).items():
        if isinstance(value, type) and issubclass(value, BaseException):
            table[name] = value
    for name in _FORBIDDEN_BUILTINS:
        table[name] = _forbidden_builtin(name)
    table.update(getattr=_sb_getattr, hasattr=_sb_hasattr, setattr=_sb_setattr, delattr=_sb_delattr,
                 __import__=_sb_import, print=_sb_print)
    return table


# -- per-program proxy modules ----------------------------------------------------------------------------

_NUMPY_DENY = frozenset({
    "load", "save", "savez", "savez_compressed", "savetxt", "loadtxt", "genfromtxt", "fromfile", "fromregex",
    "memmap", "DataSource", "ctypeslib", "show_config", "show_runtime", "info", "test", "add_docstring",
    "add_newdoc", "add_newdoc_ufunc", "seterrcall", "geterrcall", "setbufsize", "getbufsize", "get_include",
    "lookfor", "source", "who", "byte_bounds", "set_string_function", "f2py", "testing", "distutils",
})
_TYPING_NAMES = (
    "AbstractSet", "Any", "AnyStr", "Callable", "ChainMap", "ClassVar", "Collection", "Container", "Counter",
    "DefaultDict", "Deque", "Dict", "Final", "FrozenSet", "Generator", "Generic", "Hashable", "ItemsView",
    "Iterable", "Iterator", "KeysView", "List", "Literal", "Mapping", "MutableMapping", "MutableSequence",
    "MutableSet", "NamedTuple", "NewType", "NoReturn", "Optional", "OrderedDict", "Reversible", "Sequence",
    "Set", "Sized", "SupportsAbs", "SupportsFloat", "SupportsIndex", "SupportsInt", "SupportsRound", "Text",
    "Tuple", "Type", "TypeAlias", "TypeVar", "Union", "ValuesView", "cast", "final", "overload", "T", "KT",
    "VT", "T_co", "V_co", "VT_co", "T_contra", "CT_co",
)
_SEEDED_NP_RANDOM = ("default_rng", "RandomState", "SeedSequence", "PCG64", "PCG64DXSM", "MT19937", "Philox",
                     "SFC64")


class _Templates:
    """Vetted name tables of the allowed modules, built once per worker; proxies are fresh copies."""

    def __init__(self, common: types.ModuleType | None, common_error: str) -> None:
        import collections
        import collections.abc
        import copy
        import functools
        import itertools
        import random
        import typing
        import numpy.fft
        import numpy.lib.stride_tricks
        import numpy.linalg
        import numpy.random

        self.common_error = common_error
        self.real = {"numpy": np, "random": random, "typing": typing, "itertools": itertools,
                     "collections": collections, "math": math, "copy": copy, "functools": functools}
        self.tables: dict[str, dict[str, Any]] = {}
        self.denied: dict[str, frozenset] = {}
        self._add("numpy", self._public(np, _NUMPY_DENY), np)
        self._add("numpy.linalg", self._public(numpy.linalg), numpy.linalg)
        np_random = self._public(numpy.random, frozenset({"test", "set_bit_generator", "get_bit_generator"}))
        for name in _SEEDED_NP_RANDOM:
            np_random[name] = _seed_default(getattr(numpy.random, name))
        np_random["seed"] = _np_seed
        self._add("numpy.random", np_random, numpy.random)
        self._add("numpy.fft", self._public(numpy.fft, frozenset({"test"})), numpy.fft)
        self._add("numpy.lib", {}, numpy.lib)
        st = numpy.lib.stride_tricks
        self._add("numpy.lib.stride_tricks", {n: getattr(st, n) for n in ("sliding_window_view", "broadcast_to",
                                                                         "broadcast_arrays", "broadcast_shapes")
                                              if hasattr(st, n)}, st)
        self._add("typing", {n: getattr(typing, n) for n in _TYPING_NAMES if hasattr(typing, n)}, typing)
        self._add("itertools", self._public(itertools), itertools)
        self._add("math", self._public(math), math)
        self._add("collections", self._public(collections), collections)
        self._add("collections.abc", self._public(collections.abc), collections.abc)
        rnd = {n: v for n, v in self._public(random).items() if n not in ("SystemRandom", "Random", "seed")}
        rnd.update(Random=_SeededRandom, SystemRandom=_SeededRandom, seed=_random_seed)
        self._add("random", rnd, random)
        self._add("copy", {"copy": _copy, "deepcopy": _deepcopy, "Error": copy.Error, "error": copy.Error},
                  copy)
        self._add("functools", {n: getattr(functools, n) for n in (
            "reduce", "partial", "partialmethod", "lru_cache", "cache", "cmp_to_key", "cached_property",
            "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES")}, functools)
        self.tables["functools"].update(wraps=_sb_wraps, update_wrapper=_sb_update_wrapper,
                                        total_ordering=_total_ordering)
        self.common_modules: dict[str, str] = {}
        if common is not None:
            table = {}
            module_names = {id(m): n for n, m in self.real.items()}
            for name, value in vars(common).items():
                if name.startswith("_"):
                    continue
                if isinstance(value, types.ModuleType):
                    if id(value) in module_names:
                        self.common_modules[name] = module_names[id(value)]
                    elif value.__name__ in _ALLOWED_IMPORTS:
                        self.common_modules[name] = value.__name__
                    continue
                table[name] = value
            self._add("common", table, common)
            exported = getattr(common, "__all__", None)
            if isinstance(exported, (list, tuple)):
                self.tables["common"]["__all__"] = tuple(
                    n for n in exported if type(n) is str and (n in table or n in self.common_modules))

    @staticmethod
    def _public(module: types.ModuleType, deny: frozenset = frozenset()) -> dict[str, Any]:
        table = {}
        for name, value in vars(module).items():
            if name.startswith("_") or name in deny or isinstance(value, types.ModuleType):
                continue
            if type(value) in (dict, list, set, bytearray):
                continue   # shared mutable containers are not exported
            table[name] = value
        return table

    def _add(self, name: str, table: dict[str, Any], real: types.ModuleType) -> None:
        self.tables[name] = table
        self.denied[name] = frozenset(n for n in dir(real) if not n.startswith("_") and n not in table)

    def shared_values(self) -> list[Any]:
        return [v for table in self.tables.values() for v in table.values()]

    def common_values(self) -> list[Any]:
        return list(self.tables.get("common", {}).values())


_TEMPLATES: _Templates | None = None


def _missing_attribute(module: str, denied: frozenset) -> Callable:
    def __getattr__(name: str) -> Any:
        if name in denied:
            _violation(f"{module}.{name} is not available in the sandbox")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    return __getattr__


_SUBMODULES = {"numpy": ("linalg", "random", "fft", "lib"), "numpy.lib": ("stride_tricks",),
               "collections": ("abc",)}


def _proxy(name: str) -> types.ModuleType:
    """The current program's proxy of allowed module `name` (created on first use)."""
    mods = _W.mods
    module = mods.get(name)
    if module is not None:
        return module
    tpl = _TEMPLATES
    if name == "common" and "common" not in tpl.tables:
        raise ImportError(f"the common library is not available: {tpl.common_error}")
    module = types.ModuleType(name)
    module.__dict__.update(tpl.tables[name])
    module.__dict__["__getattr__"] = _missing_attribute(name, tpl.denied[name])
    mods[name] = module
    for sub in _SUBMODULES.get(name, ()):
        module.__dict__[sub] = _proxy(f"{name}.{sub}")
    if name == "common":
        for attr, target in tpl.common_modules.items():
            module.__dict__[attr] = _proxy(target)
    return module


# -- deterministic randomness -----------------------------------------------------------------------------

class _SeededRandom(_random.Random):
    """random.Random / SystemRandom for programs: no argument means the program's seed, not OS entropy."""

    def __init__(self, x: Any = None) -> None:
        super().__init__(_W.seed if x is None else x)

    def seed(self, a: Any = None, version: int = 2) -> None:
        super().seed(_W.seed if a is None else a, version)


def _random_seed(a: Any = None, version: int = 2) -> None:
    _random.seed(_W.seed if a is None else a, version)


def _np_seed(seed: Any = None) -> None:
    np.random.seed(_W.seed if seed is None else seed)


def _seed_default(factory: Callable) -> Callable:
    def seeded(seed: Any = None, *args: Any, **kwargs: Any) -> Any:
        return factory(_W.seed if seed is None else seed, *args, **kwargs)
    seeded.__name__ = getattr(factory, "__name__", "seeded")
    return seeded


def _deepcopy(x: Any) -> Any:
    import copy
    _W.may_mutate = True     # reconstruction from __reduce_ex__ state can set attributes
    return copy.deepcopy(x)


def _copy(x: Any) -> Any:
    import copy
    _W.may_mutate = True
    return copy.copy(x)


def _total_ordering(cls: Any) -> Any:
    import functools
    _W.may_mutate = True
    return functools.total_ordering(cls)


def _own_function(f: Any) -> bool:
    return type(f) is types.FunctionType and f.__globals__ is _W.program_globals


def _sb_update_wrapper(wrapper: Any, wrapped: Any) -> Any:
    import functools
    if not _own_function(wrapper):
        _violation("functools.update_wrapper only applies to the program's own functions")
    return functools.update_wrapper(wrapper, wrapped)


def _sb_wraps(wrapped: Any) -> Callable:
    def decorator(wrapper: Any) -> Any:
        return _sb_update_wrapper(wrapper, wrapped)
    return decorator


# -- shared-state guard -----------------------------------------------------------------------------------

_IMMUTABLE_TYPE = 1 << 8   # Py_TPFLAGS_IMMUTABLETYPE
_MISSING = object()


class _StateGuard:
    """Identity snapshots of shared mutable state reachable from the proxies, and their restoration.

    Checked before every input and after every program (cheap): the lists/dicts/sets/arrays stored under
    public names in those classes, in module-level objects and in `common` itself (``Color.NOT_BLACK``...),
    and the attribute dictionaries of `common`'s module-level objects. Checked after a program that could
    have set or deleted attributes (it has attribute stores/deletes or mentions ``__init__`` in its code,
    or called setattr/delattr/copy/deepcopy/total_ordering): the dictionaries of every mutable class
    reachable from the proxies (with their MROs) and of every other non-callable module-level object.
    """

    def __init__(self, values: Iterable[Any], always_instances: Iterable[Any] = ()) -> None:
        classes: list[type] = []
        seen: set[int] = set()

        def add_class(cls: type) -> None:
            for k in cls.__mro__:
                if id(k) not in seen:
                    seen.add(id(k))
                    if not k.__flags__ & _IMMUTABLE_TYPE:
                        classes.append(k)

        values = list(values)
        always_ids = {id(o) for o in always_instances}
        instances: dict[int, Any] = {}
        for v in values:
            if isinstance(v, type):
                add_class(v)
            add_class(type(v))
            if not isinstance(v, type) and not callable(v):
                instances[id(v)] = v
        self.classes = [(c, tuple(c.__dict__.keys()), tuple(c.__dict__.values())) for c in classes]
        snapshots = [_InstanceSnapshot(o) for o in instances.values()]
        snapshots = [snap for snap in snapshots if snap.attrs or snap.slots]
        self.instances = [snap for snap in snapshots if id(snap.obj) not in always_ids]
        self.always_instances = [snap for snap in snapshots if id(snap.obj) in always_ids]
        containers: dict[int, Any] = {}

        def add_containers(items: Iterable[tuple[Any, Any]]) -> None:
            for k, v in items:
                if type(k) is str and not k.startswith("_") and type(v) in _CONTAINER_TYPES:
                    containers[id(v)] = v

        for cls, keys, vals in self.classes:
            add_containers(zip(keys, vals))
        for snap in self.instances + self.always_instances:
            add_containers((snap.attrs or {}).items())
            add_containers(snap.slots.items())
        add_containers(("v", v) for v in values)
        self.containers = [(c, _container_snapshot(c)) for c in containers.values()]

    def restore_containers(self) -> None:
        for obj, snap in self.containers:
            if not _container_same(obj, snap):
                _container_restore(obj, snap)
        for snap in self.always_instances:
            snap.restore()

    def restore_all(self) -> bool:
        """Restore everything; False if some class attribute could not be restored."""
        ok = True
        for cls, keys, vals in self.classes:
            d = cls.__dict__
            if len(d) == len(keys) and all(map(is_, d.values(), vals)) and all(map(is_, d.keys(), keys)):
                continue
            snap = dict(zip(keys, vals))
            try:
                for k in [k for k in d.keys() if k not in snap]:
                    type.__delattr__(cls, k)
                for k, v in snap.items():
                    if cls.__dict__.get(k, _MISSING) is not v:
                        type.__setattr__(cls, k, v)
            except (TypeError, AttributeError):
                ok = False
        for snap in self.instances:
            snap.restore()
        self.restore_containers()
        return ok


class _InstanceSnapshot:
    """The instance dictionary and slot values of one shared module-level object."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        d = getattr(obj, "__dict__", None)
        self.attrs = dict(d) if type(d) is dict else None
        self.slots: dict[str, Any] = {}
        self.descriptors: dict[str, Any] = {}
        for cls in type(obj).__mro__:
            names = cls.__dict__.get("__slots__", ())
            for name in (names,) if isinstance(names, str) else names:
                if name in ("__dict__", "__weakref__"):
                    continue
                if name.startswith("__") and not name.endswith("__"):
                    name = f"_{cls.__name__.lstrip('_')}{name}"
                desc = cls.__dict__.get(name)
                if desc is not None and hasattr(desc, "__set__") and name not in self.descriptors:
                    self.descriptors[name] = desc
                    try:
                        self.slots[name] = desc.__get__(obj, type(obj))
                    except AttributeError:
                        self.slots[name] = _MISSING

    def restore(self) -> None:
        if self.attrs is not None:
            d = self.obj.__dict__
            if not _container_same(d, self.attrs):
                _container_restore(d, self.attrs)
        for name, value in self.slots.items():
            desc = self.descriptors[name]
            try:
                current = desc.__get__(self.obj, type(self.obj))
            except AttributeError:
                current = _MISSING
            if current is value:
                continue
            if value is _MISSING:
                desc.__delete__(self.obj)
            else:
                desc.__set__(self.obj, value)


_CONTAINER_TYPES = (list, dict, set, np.ndarray)


def _container_snapshot(c: Any) -> Any:
    if type(c) is np.ndarray:
        return c.copy()
    return list(c) if type(c) is list else dict(c) if type(c) is dict else set(c)


def _container_same(obj: Any, snap: Any) -> bool:
    if type(obj) is np.ndarray:
        return obj.shape == snap.shape and obj.dtype == snap.dtype and bool(np.array_equal(obj, snap))
    if len(obj) != len(snap):
        return False
    if type(obj) is list:
        return all(map(is_, obj, snap))
    if type(obj) is dict:
        return all(map(is_, obj.keys(), snap.keys())) and all(map(is_, obj.values(), snap.values()))
    return all(map(snap.__contains__, obj))


def _container_restore(obj: Any, snap: Any) -> None:
    if type(obj) is np.ndarray:
        if obj.shape != snap.shape or obj.dtype != snap.dtype:
            _WorkerData.retire = True     # cannot be repaired in place: start a fresh worker
        else:
            obj.flags.writeable = True
            obj[...] = snap
    elif type(obj) is list:
        obj[:] = snap
    else:
        obj.clear()
        obj.update(snap)


# -- audit hook ------------------------------------------------------------------------------------------

_AUDIT_OK = frozenset({"import", "marshal.loads", "builtins.id", "sys._getframe", "sys._getframemodulename"})
_AUDIT_SETATTR_OK = frozenset({"__module__", "__doc__", "__name__", "__qualname__"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND | getattr(os, "O_TMPFILE", 0)


def _path_ok(path: Any) -> bool:
    if type(path) is bytes:
        path = os.fsdecode(path)
    if type(path) is not str:
        return False
    full = os.path.abspath(path)
    return any(full == p or full.startswith(p + os.sep) for p in _W.read_prefixes)


def _audit_hook(event: str, args: tuple) -> None:
    if not _W.locked or event in _AUDIT_OK:
        return
    if event == "open":
        mode = args[1] if len(args) > 1 else None
        flags = args[2] if len(args) > 2 else 0
        if (not (isinstance(mode, str) and any(c in mode for c in "wax+"))
                and not (isinstance(flags, int) and flags & _WRITE_FLAGS) and _path_ok(args[0])):
            return
    elif event in ("os.listdir", "os.scandir"):
        if args and _path_ok(args[0]):
            return
    elif event in ("exec", "compile"):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") in _W.exec_callers:
            return
    elif event in ("object.__setattr__", "object.__delattr__"):
        if len(args) > 1 and args[1] in _AUDIT_SETATTR_OK:
            return
    _violation(f"forbidden operation ({event})")


# -- seccomp ---------------------------------------------------------------------------------------------

_AUDIT_ARCH_X86_64 = 0xC000003E
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_EPERM = 0x00050000 | 1
_X86_64_DENY = (
    # processes and exec
    56, 57, 58, 59, 322, 435,
    # signals to processes, pidfds
    62, 200, 234, 129, 297, 424, 434, 438,
    # sockets
    41, 42, 43, 44, 46, 48, 49, 50, 53, 54, 288, 299, 307,
    # file system changes
    76, 77, 82, 83, 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 132, 133, 188, 189, 190, 197, 198, 199, 235, 258,
    259, 260, 261, 263, 264, 265, 266, 268, 280, 285, 316, 437, 303, 304, 452, 161, 319, 326,
    # system administration, other processes, kernel attack surface
    101, 103, 105, 106, 113, 114, 116, 117, 119, 122, 123, 126, 135, 136, 139, 141, 142, 144, 153, 154, 155,
    156, 157, 159, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180,
    203, 212, 227, 246, 248, 249, 250, 251, 256, 272, 279, 298, 300, 301, 305, 308, 310, 311, 312, 313, 320,
    321, 323, 425, 426, 427, 428, 429, 430, 431, 432, 433, 440, 442, 448,
    # SysV / POSIX IPC
    29, 30, 31, 64, 65, 66, 68, 69, 70, 71, 220, 240, 241,
)


def _seccomp_program() -> list[tuple[int, int, int, int]]:
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06

    def arg_lo(i: int) -> int:
        return 16 + 8 * i

    prog = [(ld, 0, 0, 4), (jeq, 1, 0, _AUDIT_ARCH_X86_64), (ret, 0, 0, _SECCOMP_RET_EPERM),
            (ld, 0, 0, 0), (jge, 0, 1, 0x40000000), (ret, 0, 0, _SECCOMP_RET_EPERM)]
    for nr in sorted(set(_X86_64_DENY)):
        prog += [(jeq, 0, 1, nr), (ret, 0, 0, _SECCOMP_RET_EPERM)]
    for nr, flags_arg in ((2, 1), (257, 2)):          # open, openat: no write/create/truncate/append flags
        prog += [(jeq, 0, 4, nr), (ld, 0, 0, arg_lo(flags_arg)), (jset, 0, 1, _WRITE_FLAGS),
                 (ret, 0, 0, _SECCOMP_RET_EPERM), (ret, 0, 0, _SECCOMP_RET_ALLOW)]
    prog += [(jeq, 0, 4, 16), (ld, 0, 0, arg_lo(1)), (jeq, 0, 1, 0x5412),   # ioctl(TIOCSTI)
             (ret, 0, 0, _SECCOMP_RET_EPERM), (ret, 0, 0, _SECCOMP_RET_ALLOW)]
    prog += [(jeq, 0, 4, 160), (ld, 0, 0, arg_lo(0)), (jeq, 0, 1, 0),       # setrlimit: RLIMIT_CPU only
             (ret, 0, 0, _SECCOMP_RET_ALLOW), (ret, 0, 0, _SECCOMP_RET_EPERM)]
    prog += [(jeq, 0, 11, 302),                                              # prlimit64(0, CPU | read-only)
             (ld, 0, 0, arg_lo(2)), (jeq, 0, 3, 0), (ld, 0, 0, arg_lo(2) + 4), (jeq, 0, 1, 0),
             (ret, 0, 0, _SECCOMP_RET_ALLOW),
             (ld, 0, 0, arg_lo(1)), (jeq, 0, 3, 0), (ld, 0, 0, arg_lo(0)), (jeq, 0, 1, 0),
             (ret, 0, 0, _SECCOMP_RET_ALLOW), (ret, 0, 0, _SECCOMP_RET_EPERM)]
    prog.append((ret, 0, 0, _SECCOMP_RET_ALLOW))
    return prog


def _libc() -> Any:
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def _install_seccomp() -> str:
    """Install the filter; '' on success, else why not."""
    import ctypes
    import platform
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return f"seccomp filter not available on {sys.platform}/{platform.machine()}"
    prog = _seccomp_program()
    raw = b"".join(struct.pack("HBBI", *ins) for ins in prog)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.addressof(buf))
    libc = _libc()
    if libc.prctl(38, 1, 0, 0, 0) != 0:                       # PR_SET_NO_NEW_PRIVS
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: errno {ctypes.get_errno()}"
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:    # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        return f"prctl(PR_SET_SECCOMP) failed: errno {ctypes.get_errno()}"
    return ""


# -- running one program ---------------------------------------------------------------------------------

def _on_alarm(signum: int, frame: Any) -> None:
    _W.expired = True
    if _W.interruptible:
        raise _Timeout()


def _type_name(exc: BaseException) -> str:
    return type.__dict__["__name__"].__get__(type(exc))


def _exception_message(exc: BaseException) -> str:
    """'Type: text' of a program's exception; str() may run program code, so the caller keeps the timer on."""
    try:
        text = str(exc)
        if type(text) is not str:
            text = str.__str__(text)
    except BaseException:   # noqa: B036 - any failure of the program's __str__ just loses the text
        text = "<unprintable>"
    name = _type_name(exc)
    return (f"{name}: {text}" if text else name)[:_MESSAGE_CHARS]


def _classify(exc: BaseException) -> list:
    """[status, message] for an exception raised while program code ran (timer still armed)."""
    if _W.violation is not None:
        return ["blocked", _W.violation[:_MESSAGE_CHARS]]
    if isinstance(exc, _Timeout) or _W.expired:
        return ["timeout", "time limit exceeded"]
    if isinstance(exc, _SandboxViolation):
        return ["blocked", str(exc)[:_MESSAGE_CHARS]]
    if isinstance(exc, MemoryError):
        return ["memory", "MemoryError (memory limit)"]
    return ["exception", _exception_message(exc)]


def _coerce(result: Any, orientation: str, max_cells: int) -> list:
    """[status, message(, rows, cols, digits)] for a program's return value (may run program code)."""
    try:
        arr = np.asarray(result)
    except MemoryError:
        raise
    except Exception as exc:   # ragged lists, odd objects: not a grid
        return ["bad_return", f"result is not array-like: {_type_name(exc)}"]
    if arr.ndim != 2:
        return ["bad_return", f"result has {arr.ndim} dimensions, expected 2"]
    rows, cols = arr.shape
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE) or rows * cols > max_cells:
        return ["bad_return", f"result shape {rows}x{cols} is outside 1..{MAX_SIDE} per side / {max_cells} cells"]
    if arr.dtype.kind == "O":
        if not all(type(v) is int or type(v) is bool or isinstance(v, np.integer) for v in arr.flat):
            return ["bad_return", "result holds non-integer objects"]
        try:
            arr = arr.astype(np.int64)
        except OverflowError:
            return ["bad_return", "result values are out of range"]
    if arr.dtype.kind == "f":
        # BARC's harness accepts float arrays of whole numbers (e.g. np.zeros((h, w)) filled with colors)
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            return ["bad_return", f"result dtype {arr.dtype} holds non-integral values"]
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "biu":
        return ["bad_return", f"result dtype {arr.dtype} is not integer"]
    if arr.dtype.kind != "b" and (arr.min() < 0 or arr.max() > 9):
        return ["bad_return", "result values are outside 0..9"]
    if orientation == "xy":
        arr = arr.T
    grid = np.ascontiguousarray(arr, dtype=np.uint8)
    return ["ok", "", grid.shape[0], grid.shape[1], (grid + 48).tobytes().decode("ascii")]


class _WorkerData:
    """Worker-process globals set up by _worker_entry."""

    inputs: list[np.ndarray] = []
    orientation = "xy"
    builtins: dict = {}
    guard: _StateGuard | None = None
    np_err: dict = {}
    np_print: dict = {}
    max_cells = 900
    retire = False
    cpu_soft: float = -1.0
    memory_limit = 0            # RLIMIT_AS in bytes
    programs_run = 0


def _set_cpu_limit(timeout: float) -> None:
    """Keep RLIMIT_CPU's soft limit between used + budget + 2 s and used + budget + 4 s (few setrlimit calls)."""
    import resource
    low = time.process_time() + math.ceil(timeout) + 2
    if _WorkerData.cpu_soft == math.inf or low <= _WorkerData.cpu_soft <= low + 2:
        return
    soft = int(low) + 1
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
        _WorkerData.cpu_soft = soft
    except (ValueError, OSError):   # a limit we cannot set leaves the parent's watchdog in charge
        _WorkerData.cpu_soft = math.inf


def _run_program(source: str, timeout: float) -> list:
    """Outcomes ([status, message, ...] per input) of one program on the worker's current inputs."""
    m = len(_WorkerData.inputs)
    _W.violation = None
    _W.expired = False
    _W.mods = {}
    _W.seed = zlib.crc32(source.encode("utf-8", "surrogatepass"))
    _set_cpu_limit(timeout)
    outs: list = []
    signal.setitimer(signal.ITIMER_REAL, timeout, 0.05)
    try:
        _execute(source, m, outs)
    except BaseException as exc:   # noqa: B036 - an interrupt that escaped the inner handlers: classify
        _W.interruptible = False
        status = _classify(exc) if isinstance(exc, (_Timeout, _SandboxViolation, MemoryError)) else \
            ["killed", f"sandbox error: {_type_name(exc)}"]
        outs.extend([status] * (m - len(outs)))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        _W.interruptible = False
        _W.locked = False
        _W.program_globals = None
        _W.mods = {}
    _restore_shared_state()
    return outs


def _execute(source: str, m: int, outs: list) -> None:
    _W.interruptible = True
    try:
        code = compile(source, "<program>", "exec", dont_inherit=True)
        problem, _W.may_mutate = _analyse(code, source)
    except (SyntaxError, ValueError, RecursionError, OverflowError) as exc:
        _W.interruptible = False
        outs.extend([["syntax_error", _syntax_message(exc)]] * m)
        return
    _W.interruptible = False
    if problem:
        outs.extend([["blocked", problem]] * m)
        return
    g = {"__builtins__": _WorkerData.builtins.copy(), "__name__": "__sandbox__", "__doc__": None}
    _W.program_globals = g
    _W.locked = True
    try:
        _W.interruptible = True
        try:
            exec(code, g)
            entry = g.get("main")
            if not callable(entry):
                entry = g.get("transform")
        except BaseException as exc:   # noqa: B036 - program failure: classified
            status = _classify(exc)
            _W.interruptible = False
            outs.extend([status] * m)
            return
        _W.interruptible = False
        if not callable(entry):
            outs.extend([["no_entry_point", "program defines neither main nor transform"]] * m)
            return
        for j in range(m):
            if _W.expired or _W.violation is not None:
                outs.append(["blocked", _W.violation] if _W.violation else ["timeout", "time limit exceeded"])
                continue
            _random.seed(_W.seed)
            np.random.seed(_W.seed)
            _WorkerData.guard.restore_containers()
            base = _WorkerData.inputs[j]
            arg = np.array(base)
            if _WorkerData.orientation == "xy":
                arg = arg.T
            _W.interruptible = True
            try:
                result = entry(arg)
                status = _coerce(result, _WorkerData.orientation, _WorkerData.max_cells)
                result = None
            except BaseException as exc:   # noqa: B036 - program failure: classified
                status = _classify(exc)
                exc = None
            _W.interruptible = False
            if _W.violation is not None:
                status = ["blocked", _W.violation[:_MESSAGE_CHARS]]
            elif _W.expired:
                status = ["timeout", "time limit exceeded"]
            outs.append(status)
    finally:
        _W.interruptible = True
        try:
            g.clear()   # breaks function<->globals cycles so the program's memory is freed now
        finally:
            _W.interruptible = False


def _restore_shared_state() -> None:
    if np.geterr() != _WorkerData.np_err:
        np.seterr(**_WorkerData.np_err)
    if np.get_printoptions() != _WorkerData.np_print:
        np.set_printoptions(**_WorkerData.np_print)
    if not _W.may_mutate:
        _WorkerData.guard.restore_containers()
    elif not _WorkerData.guard.restore_all():
        _WorkerData.retire = True
    _W.may_mutate = False
    _WorkerData.programs_run += 1
    if _WorkerData.programs_run % 256 == 0 and _resident_bytes() > _WorkerData.memory_limit // 2:
        _WorkerData.retire = True    # memory crept up (caches, fragmentation): let a fresh worker take over


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except FileNotFoundError:     # no /proc: never retire for memory
        return 0


# -- self-test of the OS and audit layers (trusted code run inside a worker, for the test suite) ----------

def _nonzero_is_error(status: int) -> None:
    if status != 0:
        raise OSError(f"exit status {status}")


def _self_test(sentinel: str) -> dict:
    import socket

    def fork() -> None:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)

    def write_file() -> None:
        os.close(os.open(os.path.join(os.getcwd(), "self-test.txt"), os.O_WRONLY | os.O_CREAT, 0o600))

    def read_passwd() -> None:
        with open("/etc/passwd", "rb") as fh:
            fh.read(1)

    operations = {
        "fork": fork,
        "exec": lambda: os.execv("/bin/true", ["true"]),
        "system": lambda: _nonzero_is_error(os.system("true")),
        "socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close(),
        "write_file": write_file,
        "unlink": lambda: os.unlink(sentinel),
        "rename": lambda: os.rename(sentinel, sentinel + ".moved"),
        "mkdir": lambda: os.mkdir(os.path.join(os.getcwd(), "self-test-dir")),
        "kill_parent": lambda: os.kill(os.getppid(), 0),
        "setrlimit_as": lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (-1, -1)),
        "read_passwd": read_passwd,
    }
    report: dict[str, dict[str, str]] = {}
    for layer in ("seccomp", "audit"):
        results = {}
        for name, operation in operations.items():
            _W.violation = None
            _W.locked = layer == "audit"
            try:
                operation()
                results[name] = "allowed"
            except _SandboxViolation:
                results[name] = "blocked"
            except OSError as exc:
                results[name] = f"errno {exc.errno}"
            except Exception as exc:   # recorded for the test to inspect
                results[name] = type(exc).__name__
            finally:
                _W.locked = False
        report[layer] = results
    _W.violation = None
    return report


# -- worker process --------------------------------------------------------------------------------------

def _read_exact(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        data = os.read(fd, n)
        if not data:
            return None
        chunks.append(data)
        n -= len(data)
    return b"".join(chunks)


def _read_frame(fd: int) -> Any:
    header = _read_exact(fd, 4)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    payload = _read_exact(fd, size)
    return None if payload is None else json.loads(payload)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _load_common(path: str) -> tuple[types.ModuleType | None, str]:
    import importlib
    import importlib.util
    try:
        if path:
            spec = importlib.util.spec_from_file_location("common", path)
            if spec is None or spec.loader is None:
                return None, f"cannot load {path}"
            module = importlib.util.module_from_spec(spec)
            sys.modules["common"] = module
            spec.loader.exec_module(module)
            return module, ""
        return importlib.import_module("synth.common"), ""
    except Exception as exc:   # the library is broken or missing: programs importing it get ImportError
        return None, f"{type(exc).__name__}: {exc}"[:_MESSAGE_CHARS]


def _set_limits(memory_mb: int) -> None:
    import resource
    try:
        with open("/proc/self/status") as fh:
            vm = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:")), 0)
    except FileNotFoundError:     # no /proc: take the configured limit as it is
        vm = 0
    limit = max(memory_mb << 20, vm + (64 << 20))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _WorkerData.memory_limit = limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with suppress(ValueError, OSError):   # lowering NPROC may be refused on some systems; seccomp covers forks
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def _worker_entry() -> None:
    """Entry point of a worker process (started by Sandbox._spawn)."""
    global _TEMPLATES
    cfg = json.loads(sys.argv[1])
    fd_in, fd_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        _libc().prctl(1, signal.SIGKILL, 0, 0, 0)   # PR_SET_PDEATHSIG: die with the parent
    if os.getppid() != cfg["ppid"]:
        os._exit(3)
    import warnings
    warnings.simplefilter("ignore")

    common, common_error = _load_common(cfg.get("common_path", ""))
    _TEMPLATES = _Templates(common, common_error)
    _WorkerData.builtins = _make_builtins()
    _WorkerData.guard = _StateGuard(_TEMPLATES.shared_values(), _TEMPLATES.common_values())
    _WorkerData.np_err = np.geterr()
    _WorkerData.np_print = np.get_printoptions()
    _WorkerData.max_cells = int(cfg["max_cells"])
    prefixes = {os.path.abspath(p) for p in sys.path if p and os.path.isdir(p)}
    prefixes |= {sys.prefix, sys.base_prefix, sys.exec_prefix, _ROOT}
    if cfg.get("common_path"):
        prefixes.add(os.path.dirname(cfg["common_path"]))
    prefixes |= {os.path.realpath(p) for p in prefixes}
    _W.read_prefixes = tuple(sorted(p.rstrip(os.sep) or os.sep for p in prefixes))
    _W.exec_callers = frozenset({"collections", "importlib._bootstrap", "importlib._bootstrap_external",
                                 __name__})
    signal.signal(signal.SIGALRM, _on_alarm)

    os.dup2(devnull, 2)
    _set_limits(int(cfg["memory_mb"]))
    seccomp_error = _install_seccomp()
    sys.addaudithook(_audit_hook)
    _write_all(fd_out, _encode_frame({"t": "ready", "pid": os.getpid(), "seccomp": not seccomp_error,
                                      "seccomp_error": seccomp_error}))
    while True:
        msg = _read_frame(fd_in)
        if msg is None or msg.get("op") == "exit":
            os._exit(0)
        if msg["op"] == "inputs":
            _WorkerData.orientation = msg["orientation"]
            _WorkerData.inputs = [(np.frombuffer(d.encode("ascii"), dtype=np.uint8) - 48).reshape(r, c)
                               .astype(np.int64) for r, c, d in msg["grids"]]
        elif msg["op"] == "selftest":
            _write_all(fd_out, _encode_frame({"t": "selftest", "r": _self_test(msg["path"])}))
        elif msg["op"] == "run":
            for index, source in msg["progs"]:
                outs = _run_program(source, float(msg["timeout"]))
                reply = {"t": "res", "i": index, "o": outs}
                if _WorkerData.retire:
                    reply["retire"] = True
                _write_all(fd_out, _encode_frame(reply))
                if _WorkerData.retire:
                    os._exit(0)
