"""The compiled core is built by the project's install and importable from the source tree and from elsewhere."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from synth import _core, dsl


def test_core_imports_from_another_directory(tmp_path: Path) -> None:
    code = "from synth import _core, dsl; print(len(_core.op_names())); print(dsl.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    n_ops, dsl_file = out.stdout.split()
    assert int(n_ops) == len(_core.op_names()) > 40
    assert Path(dsl_file).resolve() == Path(dsl.__file__).resolve()  # the source tree, not a copy


def test_core_module_sits_beside_the_sources() -> None:
    assert Path(_core.__file__).resolve().parent == Path(dsl.__file__).resolve().parent


def test_every_core_operation_name_is_a_dsl_function() -> None:
    names = set(_core.op_names()) - {"identity"}
    assert names <= set(dsl.OPERATIONS), sorted(names - set(dsl.OPERATIONS))


def test_apply_rejects_bad_grids() -> None:
    code = _core.op_names().index("rotate")
    g = np.array([[1, 2, 3]], dtype=np.uint8)
    assert _core.apply(code, [1], g, g).tolist() == np.rot90(g, 1).tolist()
    with pytest.raises(ValueError):
        _core.apply(code, [1], np.array([[12]], dtype=np.uint8), g)


def test_a_stale_core_build_says_to_rebuild() -> None:
    """An operation the built core does not implement (a build older than synth/) is a clear error."""
    from solver.tasks import Pair, Task
    from synth.compiled import run_core
    from synth.emit import Step
    from synth.search import Op

    grid = np.ones((2, 2), np.uint8)
    task = Task("t", (Pair(grid, grid),), (grid,))
    with pytest.raises(RuntimeError, match="lacks not_an_operation.*rebuild"):
        run_core(task, [Op(Step("not_an_operation", ()))], 1, 1.0)
