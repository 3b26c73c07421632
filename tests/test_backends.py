"""TransformersBackend on a tiny random Llama: determinism, batching, stop strings, sampling, adapters; vLLM error."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from neural.backends import TransformersBackend, VLLMBackend, cut_at_stop, make_backend
from neural.config import NeuralConfig
from neural.model import build_tiny_llama, load_model

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


def test_make_backend_transformers(tiny):
    model, tok = tiny
    backend = make_backend(NeuralConfig(), model, tok)
    assert isinstance(backend, TransformersBackend)
    with pytest.raises(ValueError):
        make_backend(NeuralConfig(backend="nope"), model, tok)


@pytest.mark.skipif(getattr(importlib.util.find_spec("vllm"), "origin", None) is not None, reason="vLLM is installed")
def test_vllm_unavailable_is_one_clear_line():
    with pytest.raises(RuntimeError) as err:
        VLLMBackend("embedded")
    message = str(err.value)
    assert message.startswith("vLLM backend unavailable:") and "\n" not in message
    with pytest.raises(RuntimeError, match="vLLM backend unavailable"):
        make_backend(NeuralConfig(backend="vllm"))


def test_deadline_cuts_generation(tiny):
    import time
    model, tok = tiny
    backend = TransformersBackend(model, tok)
    backend.deadline = time.monotonic() - 1
    out = backend.generate(["hello"], max_new_tokens=500)
    assert len(out[0][0]) < 50
    backend.deadline = None
    assert len(backend.generate(["hello"], max_new_tokens=60)[0][0]) >= 50


def test_generation_deadline_sets_and_always_resets():
    from neural.backends import generation_deadline

    class WithDeadline:
        deadline = None

    backend = WithDeadline()
    with generation_deadline(backend, 123.0):
        assert backend.deadline == 123.0
    assert backend.deadline is None
    with pytest.raises(RuntimeError):
        with generation_deadline(backend, 5.0):
            raise RuntimeError("generation failed")
    assert backend.deadline is None
    plain = object()  # a backend without the attribute (vLLM) is left alone
    with generation_deadline(plain, 1.0) as same:
        assert same is plain and not hasattr(plain, "deadline")
