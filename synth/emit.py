"""Program text for a pipeline of `synth.dsl` steps: a self-contained BARC-style program in the xy orientation.

This module owns the program form. The emitted program pastes the source of the operations it uses
(from `synth.dsl`, so it computes exactly what the in-process search computed), turns the xy input into a
row-major array, applies the steps in order and turns the result back into the xy orientation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from synth import dsl

HEADER = "from common import *\nimport numpy as np\nfrom typing import *\nfrom collections import Counter\n"


@dataclass(frozen=True)
class Step:
    """One operation of a pipeline: a `synth.dsl` function name and its literal arguments (after the grid)."""

    name: str
    args: tuple

    def call(self, var: str) -> str:
        grids = [var, "original"] if self.name.endswith("_with_input") else [var]
        return f"{self.name}({', '.join(grids + [_literal(a) for a in self.args])})"

    def label(self) -> str:
        if not self.args:
            return self.name
        shown = [_literal(a) if not isinstance(a, dict) or len(a) <= 4 else f"<{len(a)} entries>" for a in self.args]
        return f"{self.name}({', '.join(shown)})"


def _literal(value: object) -> str:
    """Python source of a literal argument; only plain ints, bools, strings, tuples and dicts are allowed."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot emit a literal of type {type(value).__name__}")


def describe(path: tuple[Step, ...]) -> str:
    """Short human-readable pipeline, e.g. "crop_object(4, False, 'largest', True) | flip('lr')"."""
    return " | ".join(step.label() for step in path) or "identity"


def _helper_source(paths: list[tuple[Step, ...]]) -> str:
    """Source of every operation the pipelines use (and their helpers), each once, in first-use order."""
    names: list[str] = []
    for path in paths:
        for step in path:
            if step.name not in names:
                names.append(step.name)
    return dsl.function_source(names)


def emit_program(path: tuple[Step, ...]) -> str:
    """The program text of a pipeline (deterministic for the same steps)."""
    helpers = _helper_source([path])
    body = [
        "def main(input_grid):",
        f"    # pipeline: {describe(path)}",
        "    # work in row-major order: grid[row, col]",
        "    grid = np.array(input_grid, dtype=np.uint8).T.copy()",
    ]
    if any(step.name.endswith("_with_input") for step in path):
        body.append("    original = grid.copy()")
    body += [f"    grid = {step.call('grid')}" for step in path]
    body += ["    output_grid = grid.T.copy()", "    return output_grid"]
    return HEADER + "\n\n" + helpers + "\n\n\n" + "\n".join(body) + "\n"


# what a layer paints: its non-0 cells, its 0 cells, every cell, or its non-0 cells in one color (color0 ...
# color9); the core's cover numbers them in this order
UNION_MODES = ("nonzero", "zero", "all") + tuple(f"color{c}" for c in range(10))
_PAINT = {"nonzero": "output_grid[part != 0] = part[part != 0]", "zero": "output_grid[part == 0] = 0",
          "all": "output_grid[:] = part", **{f"color{c}": f"output_grid[part != 0] = {c}" for c in range(10)}}


def emit_union_program(paths: list[tuple[Step, ...]], modes: Optional[list[str]] = None) -> str:
    """Program text that runs several pipelines on the input and overlays their results on a 0 background,
    bottom layer first: each layer paints the cells its mode names (`UNION_MODES`; default: its non-0 cells)
    over the layers below (see the layered cover, `synth.compiled`)."""
    modes = modes or ["nonzero"] * len(paths)
    helpers = _helper_source(paths)
    body = [
        "def main(input_grid):",
        f"    # union of pipelines: {describe_union(paths, modes)}",
        "    # work in row-major order: grid[row, col]",
        "    original = np.array(input_grid, dtype=np.uint8).T.copy()",
        "    parts = []",
    ]
    for path in paths:
        body.append("    grid = original.copy()")
        body += [f"    grid = {step.call('grid')}" for step in path]
        body.append("    parts.append(grid)")
    body.append("    output_grid = np.zeros_like(parts[0])")
    for i, mode in enumerate(modes):
        body += [f"    part = parts[{i}]", f"    {_PAINT[mode]}"]
    body.append("    return output_grid.T.copy()")
    return HEADER + "\n\n" + (helpers + "\n\n\n" if helpers else "") + "\n".join(body) + "\n"


def overlay(parts: list[np.ndarray], modes: list[str]) -> np.ndarray:
    """What `emit_union_program`'s program computes from its layers' grids (bottom layer first)."""
    out = np.zeros_like(parts[0])
    for part, mode in zip(parts, modes):
        if mode == "nonzero":
            out[part != 0] = part[part != 0]
        elif mode == "zero":
            out[part == 0] = 0
        elif mode == "all":
            out[:] = part
        else:
            out[part != 0] = int(mode[len("color"):])
    return out


def describe_union(paths: list[tuple[Step, ...]], modes: Optional[list[str]] = None) -> str:
    """E.g. "union(identity ; extend_rays(2, 'UD', 'hit'))" (a layer that paints other cells than its non-0
    ones says so: "[all] identity")."""
    modes = modes or ["nonzero"] * len(paths)
    return "union(" + " ; ".join(describe(path) if mode == "nonzero" else f"[{mode}] {describe(path)}"
                                 for path, mode in zip(paths, modes)) + ")"
