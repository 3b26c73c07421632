"""Running one program in its (already contained) process: compile, check, execute, report each input.

Owns the job a spare program process waits for (:func:`serve_one`: the inputs and the program text the
parent writes on its job pipe), the per-input loop, the classification of what a program did into a
status, and the coercion of its return value to an ARC grid. Results go out as wire records on the
process's own result pipe as soon as each input finishes (so a later kill keeps the inputs already done). Runs only in
program processes forked by the zygote; everything here may be undone by a program that breaks out of
the Python layers, which is why the parent re-validates every record and nothing here is trusted.
"""
from __future__ import annotations

import os
import random as _random
import signal
from typing import Any

import numpy as np

from synth.sandbox.child import guards
from synth.sandbox.model import MAX_SIDE, MESSAGE_CHARS
from synth.sandbox.static_check import analyse, compile_program, syntax_message
from synth.sandbox.wire import decode_input, encode_record, split_control


class Timeout(BaseException):
    """Raised by the SIGALRM handler when a program's time budget is spent."""


class _Clock:
    interruptible = False   # SIGALRM may raise Timeout
    expired = False


def on_alarm(signum: int, frame: Any) -> None:
    """SIGALRM handler (installed in the zygote, inherited by every program process)."""
    _Clock.expired = True
    if _Clock.interruptible:
        raise Timeout()


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
    return (f"{name}: {text}" if text else name)[:MESSAGE_CHARS]


def _classify(exc: BaseException) -> tuple[str, str]:
    """(status, message) for an exception raised while program code ran (timer still armed)."""
    if guards.STATE.violation is not None:
        return "blocked", guards.STATE.violation[:MESSAGE_CHARS]
    if isinstance(exc, Timeout) or _Clock.expired:
        return "timeout", "time limit exceeded"
    if isinstance(exc, guards.SandboxViolation):
        return "blocked", str(exc)[:MESSAGE_CHARS]
    if isinstance(exc, MemoryError):
        return "memory", "MemoryError (memory limit)"
    return "exception", _exception_message(exc)


def coerce(result: Any, orientation: str, max_cells: int) -> tuple[str, str, np.ndarray | None]:
    """(status, message, uint8 row-major grid or None) for a program's return value (may run program code).

    A valid result is array-like, 2-D, integer or bool dtype (an object array whose items are all ints,
    or a float array of whole numbers, is accepted as BARC's harness does), both sides 1..30, at most
    `max_cells` cells, values 0..9.
    """
    try:
        arr = np.asarray(result)
    except MemoryError:
        raise
    except Exception as exc:   # ragged lists, odd objects: not a grid
        return "bad_return", f"result is not array-like: {_type_name(exc)}", None
    if arr.ndim != 2:
        return "bad_return", f"result has {arr.ndim} dimensions, expected 2", None
    rows, cols = arr.shape
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE) or rows * cols > max_cells:
        return ("bad_return", f"result shape {rows}x{cols} is outside 1..{MAX_SIDE} per side / {max_cells} cells",
                None)
    if arr.dtype.kind == "O":
        if not all(type(v) is int or type(v) is bool or isinstance(v, np.integer) for v in arr.flat):
            return "bad_return", "result holds non-integer objects", None
        try:
            arr = arr.astype(np.int64)
        except OverflowError:
            return "bad_return", "result values are out of range", None
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            return "bad_return", f"result dtype {arr.dtype} holds non-integral values", None
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "biu":
        return "bad_return", f"result dtype {arr.dtype} is not integer", None
    if arr.dtype.kind != "b" and (arr.min() < 0 or arr.max() > 9):
        return "bad_return", "result values are outside 0..9", None
    if orientation == "xy":
        arr = arr.T
    return "ok", "", np.ascontiguousarray(arr, dtype=np.uint8)


class _Reporter:
    """Writes one record per input on the result pipe, in input order."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.sent = 0

    def send(self, status: str, message: str = "", grid: np.ndarray | None = None) -> None:
        data = memoryview(encode_record(self.sent, status, message, grid))
        self.sent += 1
        while data:
            data = data[os.write(self.fd, data):]

    def rest(self, n: int, status: str, message: str) -> None:
        while self.sent < n:
            self.send(status, message)


def run_program(source: str, inputs: list[np.ndarray], orientation: str, seed: int, max_cells: int,
                python_guards: bool, fd: int) -> None:
    """Run `source` on every input and report each on `fd` (the SIGALRM timer is already armed)."""
    out = _Reporter(fd)
    m = len(inputs)
    try:
        _execute(source, inputs, orientation, seed, max_cells, python_guards, out)
    except BaseException as exc:   # noqa: B036 - an interrupt that escaped the inner handlers: classify
        _Clock.interruptible = False
        guards.STATE.locked = False
        if isinstance(exc, (Timeout, guards.SandboxViolation, MemoryError)):
            status, message = _classify(exc)
        else:
            status, message = "killed", f"sandbox error: {_type_name(exc)}"
        out.rest(m, status, message)


def _execute(source: str, inputs: list[np.ndarray], orientation: str, seed: int, max_cells: int,
             python_guards: bool, out: _Reporter) -> None:
    m = len(inputs)
    _Clock.interruptible = True
    try:
        code = compile_program(source)
        problem = analyse(code, source) if python_guards else None
    except (SyntaxError, ValueError, RecursionError, OverflowError) as exc:
        _Clock.interruptible = False
        out.rest(m, "syntax_error", syntax_message(exc))
        return
    _Clock.interruptible = False
    if problem:
        out.rest(m, "blocked", problem)
        return
    if python_guards:
        g = {"__builtins__": guards.STATE.builtins, "__name__": "__sandbox__", "__doc__": None}
        guards.STATE.program_globals = g
        guards.STATE.locked = True
    else:
        import builtins
        g = {"__builtins__": builtins, "__name__": "__sandbox__", "__doc__": None}
    guards.STATE.seed = seed
    _Clock.interruptible = True
    try:
        exec(code, g)
        entry = g.get("main")
        if not callable(entry):
            entry = g.get("transform")
    except BaseException as exc:   # noqa: B036 - program failure: classified
        status, message = _classify(exc)
        _Clock.interruptible = False
        out.rest(m, status, message)
        return
    _Clock.interruptible = False
    if not callable(entry):
        out.rest(m, "no_entry_point", "program defines neither main nor transform")
        return
    for base in inputs:
        if _Clock.expired or guards.STATE.violation is not None:
            break
        _random.seed(seed)
        np.random.seed(seed)
        arg = np.array(base)
        if orientation == "xy":
            arg = arg.T
        grid = None
        _Clock.interruptible = True
        try:
            status, message, grid = coerce(entry(arg), orientation, max_cells)
        except BaseException as exc:   # noqa: B036 - program failure: classified
            status, message = _classify(exc)
            exc = None
        _Clock.interruptible = False
        if guards.STATE.violation is not None:
            status, message, grid = "blocked", guards.STATE.violation[:MESSAGE_CHARS], None
        elif _Clock.expired:
            status, message, grid = "timeout", "time limit exceeded", None
        out.send(status, message, grid)
    if guards.STATE.violation is not None:
        out.rest(m, "blocked", guards.STATE.violation[:MESSAGE_CHARS])
    out.rest(m, "timeout", "time limit exceeded")


JOB_FD = 3        # the job pipe (parent -> program process)
RESULT_FD = 4     # the result pipe (program process -> parent)


def read_to_end(fd: int) -> bytes:
    """Everything readable from `fd` until its writer closes it; `fd` is closed afterwards."""
    chunks = []
    while True:
        data = os.read(fd, 1 << 16)
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return b"".join(chunks)


def _read_job() -> list:
    """The job frames the parent wrote on the job pipe (read to its end; trusted data)."""
    return split_control(bytearray(read_to_end(JOB_FD)))


def serve_one(max_cells: int, python_guards: bool) -> None:
    """A contained spare: wait for its one job, run it, report (the caller exits afterwards)."""
    frames = _read_job()
    if len(frames) != 2:
        return
    grids, job = frames
    inputs = [decode_input(r, c, d) for r, c, d in grids["grids"]]
    signal.setitimer(signal.ITIMER_REAL, float(job["timeout"]), 0.05)
    run_program(job["src"], inputs, grids["orientation"], int(job["seed"]), max_cells, python_guards,
                RESULT_FD)
