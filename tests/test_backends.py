"""The LM runtime on a tiny random Llama: TransformersBackend determinism, batching, stop strings, sampling,
adapters, the deadline argument; the per-process runtime cache; the vLLM error."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from solver.lm import runtime
from solver.lm.loading import load_model
from solver.lm.protocol import cut_at_stop
from solver.lm.transformers_backend import TransformersBackend
from solver.lm.vllm_backend import VLLMBackend
from tests.tiny_models import build_tiny_llama

torch.set_num_threads(1)  # tiny models: more threads only contend with the other tests' processes


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_tiny_llama(tmp_path_factory.mktemp("tiny") / "m", seed=3)
    return load_model(str(path), "cpu", "float32")


def test_cut_at_stop():
    assert cut_at_stop("12\n34\n.\nI", ["."]) == "12\n34\n."
    assert cut_at_stop("ab#cd```", ["```", "#"]) == "ab#"
    assert cut_at_stop("abc", ["#"]) == "abc"
    assert cut_at_stop("abc", None) == "abc"


def test_greedy_is_deterministic_and_batch_independent(tiny):
    model, tok = tiny
    backend = TransformersBackend(model, tok, batch_size=4)
    prompts = ["hello world", "x", "a much longer prompt than the others"]
    first = backend.generate(prompts, max_new_tokens=12)
    second = backend.generate(prompts, max_new_tokens=12)
    assert first == second
    assert all(len(c) == 1 for c in first)
    # left padding: a prompt's completion does not depend on its batch mates
    alone = [TransformersBackend(model, tok, batch_size=1).generate([p], max_new_tokens=12)[0] for p in prompts]
    assert alone == first
    # n > 1 greedy repeats the one greedy completion
    assert backend.generate(prompts[:1], max_new_tokens=12, n=3) == [first[0] * 3]


def test_stop_strings_cut_generation(tiny):
    model, tok = tiny
    backend = TransformersBackend(model, tok)
    full = backend.generate(["hello world"], max_new_tokens=30)[0][0]
    assert len(full) >= 5
    stop = full[3]  # a character the greedy decode is known to produce
    cut = backend.generate(["hello world"], max_new_tokens=30, stop=[stop])[0][0]
    assert cut == full[:full.index(stop) + 1]


def test_sampling_seeded(tiny):
    model, tok = tiny
    backend = TransformersBackend(model, tok)
    a = backend.generate(["abc", "de"], max_new_tokens=8, n=3, temperature=1.0, seed=7)
    b = backend.generate(["abc", "de"], max_new_tokens=8, n=3, temperature=1.0, seed=7)
    assert a == b
    assert [len(x) for x in a] == [3, 3]
    assert len(set(a[0])) > 1


def test_missing_adapter_folder_raises(tiny, tmp_path: Path):
    model, tok = tiny
    with pytest.raises(FileNotFoundError):
        TransformersBackend(model, tok).generate(["a"], 2, adapter=str(tmp_path))


def test_runtime_loads_each_model_once_per_process(tmp_path: Path):
    path = str(build_tiny_llama(tmp_path / "m", seed=1))
    first = runtime.get_runtime(path, "transformers", "cpu", "float32", batch_size=2)
    second = runtime.get_runtime(path, "transformers", "cpu", "float32", batch_size=5)
    assert isinstance(first.backend, TransformersBackend) and first.backend is second.backend
    assert first.model is second.model and second.load_seconds < first.load_seconds
    assert second.backend.batch_size == 5
    with pytest.raises(ValueError, match="unknown generation backend"):
        runtime.get_runtime(path, "nope")


def test_runtime_refuses_a_second_vllm_engine(monkeypatch):
    class FakeEngine:
        enable_lora = True
        max_lora_rank = 64

    monkeypatch.setattr(runtime, "_VLLM", {"/models/a": FakeEngine()})
    monkeypatch.setattr(runtime, "_tokenizer", lambda path: "tok")
    assert isinstance(runtime.get_runtime("/models/a", "vllm").backend, FakeEngine)
    with pytest.raises(RuntimeError, match="one engine per process"):
        runtime.get_runtime("/models/b", "vllm")
    with pytest.raises(RuntimeError, match="max_lora_rank=64"):
        runtime.get_runtime("/models/a", "vllm", vllm=runtime.VLLMOptions(max_lora_rank=128))


@pytest.mark.skipif(getattr(importlib.util.find_spec("vllm"), "origin", None) is not None, reason="vLLM is installed")
def test_vllm_unavailable_is_one_clear_line():
    with pytest.raises(RuntimeError) as err:
        VLLMBackend("embedded")
    message = str(err.value)
    assert message.startswith("vLLM backend unavailable:") and "\n" not in message
    with pytest.raises(RuntimeError, match="vLLM backend unavailable"):
        runtime.get_runtime("some/model", "vllm")


def test_deadline_argument_cuts_generation(tiny):
    import time
    model, tok = tiny
    backend = TransformersBackend(model, tok)
    out = backend.generate(["hello"], max_new_tokens=500, deadline=time.monotonic() - 1)
    assert len(out[0][0]) < 50
    assert len(backend.generate(["hello"], max_new_tokens=60)[0][0]) >= 50
