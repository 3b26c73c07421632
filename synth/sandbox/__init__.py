"""Sandboxed execution of untrusted BARC-style program text (the one place the project runs program text).

Public interface: :class:`Outcome`, :class:`SandboxConfig`, :class:`Sandbox` (a context manager around a
warm zygote, reused across :meth:`Sandbox.run` calls), :func:`run_programs` (one-shot),
:func:`check_program` (the static check alone) and :class:`SandboxError` (raised only when the sandbox
itself cannot work, never for anything a program does).

Programs (``from common import *`` / ``import numpy as np`` / ``from typing import *`` followed by
``def main(input_grid)`` or ``def transform(input_grid)``) run one per process: a zygote that has imported
numpy, ``common`` and the allowed modules forks a child for each program, the child contains itself with
the operating system's layers (unprivileged identity, namespaces, no_new_privs, Landlock with no
filesystem access, rlimits, a seccomp allow-list), runs the program on every input and writes back only
its grids; the parent decodes and checks them (callers compare them with expected outputs). Nothing a
program does survives its process. SECURITY.md in this package says what is contained by which layer and
what the sandbox does not promise.

Layout, following the trust boundary: ``model.py`` (public types), ``static_check.py``, ``wire.py`` (formats
and the untrusted-stream decoder), ``parent.py`` (the caller's side); ``child/`` runs only in the zygote and
program processes: ``zygote.py``, ``contain.py`` (OS layers), ``guards.py`` (Python layers), ``execute.py``.

Semantics kept from the first sandbox: ``timeout_s`` is per program per ``run`` call (compile, module body,
all inputs); orientation ``'xy'`` gives the program ``np.array(grid).T`` (int64) and transposes its result
back, ``'rows'`` the row-major grid; results are C-contiguous uint8 row-major grids; ``random`` and
``np.random`` are re-seeded before every input from a CRC32 of the program text (with the Python guards on,
the ways of asking for OS entropy get that seed too). Statuses: see :data:`STATUSES` ('blocked' is a
Python-guard refusal, 'killed' a process that died or broke the wire format).
"""
from __future__ import annotations

from typing import Any

from synth.sandbox.model import (LAYERS, MAX_PROGRAM_CHARS, MAX_SIDE, OS_LAYERS, STATUSES, Outcome, SandboxConfig,
                                 SandboxError)
from synth.sandbox.static_check import check_program


def __getattr__(name: str) -> Any:
    """Sandbox and run_programs come from parent.py on first use, so that the zygote, which imports the
    child side through this package, does not carry the parent side (its fork cost grows with its size)."""
    if name in ("Sandbox", "run_programs"):
        from synth.sandbox import parent
        return getattr(parent, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["LAYERS", "MAX_PROGRAM_CHARS", "MAX_SIDE", "OS_LAYERS", "STATUSES", "Outcome", "Sandbox", "SandboxConfig",
           "SandboxError", "check_program", "run_programs"]
