"""The sandbox's public data types: statuses, limits, :class:`Outcome`, :class:`SandboxConfig`, :class:`SandboxError`.

Shared by the parent side and the child side; imports nothing but numpy, the standard library and the grid
model's constants (`solver.grid`, numpy only).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.grid import MAX_SIDE  # noqa: F401  (re-exported: the sandbox's side limit is the grid model's)

STATUSES = ("ok", "syntax_error", "exception", "timeout", "memory", "bad_return", "blocked", "killed",
            "no_entry_point")
MAX_PROGRAM_CHARS = 200_000
MESSAGE_CHARS = 300

# The containment layers, in the order a child applies them (see SECURITY.md). "python_guards" is the
# configurable defence-in-depth layer; the others are operating-system layers detected at start.
OS_LAYERS = ("identity", "namespaces", "no_new_privs", "landlock", "rlimits", "seccomp")
LAYERS = OS_LAYERS + ("python_guards",)


@dataclass(frozen=True)
class Outcome:
    grid: np.ndarray | None      # uint8 row-major ARC grid (rows, cols) when ok
    status: str                  # one of STATUSES
    message: str = ""            # short error text (e.g. 'ZeroDivisionError: division by zero')


@dataclass
class SandboxConfig:
    """Sandbox settings.

    timeout_s is wall-clock seconds per program per ``run`` call: compiling it, running its module body and
    running it on all the inputs of the call. ``workers`` is how many program processes run at once.
    ``memory_mb`` is RLIMIT_AS of each program process (raised to the zygote's size + 64 MiB if smaller).
    ``python_guards`` switches the Python-level layers (static check, restricted builtins and imports,
    audit hook) on or off; the operating-system layers do not depend on it (tests switch it off to show
    that). ``disable_layers`` names OS layers not to apply (for tests, or a machine where one misbehaves);
    a disabled layer is reported missing and warned about like an unavailable one.
    """

    workers: int = 2
    timeout_s: float = 2.0
    memory_mb: int = 1024
    max_output_cells: int = 900
    python_guards: bool = True
    disable_layers: tuple[str, ...] = ()


class SandboxError(RuntimeError):
    """The sandbox itself failed (its zygote could not start or the sandbox is closed); never a program's fault."""
