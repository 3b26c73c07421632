"""The per-process LM runtime cache both branches share: each model is loaded once per process, each loaded
model gets one transformers backend, and a process runs at most one vLLM engine, whoever asks for it.

(vLLM claims a fixed share of the GPU when its engine starts; two engines in one process, e.g. one for the
neural branch and one for the LLM program sampler, would each claim most of it. Asking for a second vLLM engine
with another model is refused with a clear error instead.)
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from solver.lm.protocol import GenerationBackend


@dataclass
class VLLMOptions:
    """Settings fixed when the vLLM engine starts."""

    max_lora_rank: int = 64
    max_loras: int = 8
    gpu_memory_utilization: float = 0.85
    enable_lora: bool = True
    max_model_len: int | None = None


@dataclass
class Runtime:
    """What a branch generates (and trains) with. `model` is the transformers model (None when only a vLLM
    engine was asked for); `load_seconds` is what loading cost this call (0 when it came from the cache)."""

    model: Any
    tokenizer: Any
    backend: GenerationBackend
    load_seconds: float


_MODELS: dict[tuple[str, str, str], tuple[Any, Any]] = {}
_TRANSFORMERS: dict[tuple[str, str, str], Any] = {}
_VLLM: dict[str, Any] = {}      # at most one entry: model path -> engine
_TOKENIZERS: dict[str, Any] = {}


def _model(path: str, device: str, dtype: str) -> tuple[Any, Any]:
    key = (path, device, dtype)
    if key not in _MODELS:
        from solver.lm.loading import load_model

        _MODELS[key] = load_model(path, device, dtype)
    return _MODELS[key]


def _vllm_engine(path: str, options: VLLMOptions) -> Any:
    if path not in _VLLM:
        if _VLLM:
            other = next(iter(_VLLM))
            raise RuntimeError(f"a vLLM engine for {other!r} already runs in this process; one engine per process "
                               f"(it claims a fixed share of the GPU), so {path!r} cannot get a second one: use the "
                               "transformers backend for one of the two models")
        from solver.lm.vllm_backend import VLLMBackend

        _VLLM[path] = VLLMBackend(path, max_lora_rank=options.max_lora_rank, max_loras=options.max_loras,
                                  enable_lora=options.enable_lora, max_model_len=options.max_model_len,
                                  gpu_memory_utilization=options.gpu_memory_utilization)
    engine = _VLLM[path]
    if options.enable_lora and engine.enable_lora and options.max_lora_rank > engine.max_lora_rank:
        raise RuntimeError(f"the vLLM engine for {path!r} was started with max_lora_rank={engine.max_lora_rank}; "
                           f"rank {options.max_lora_rank} adapters need a new process")
    return engine


def _tokenizer(path: str) -> Any:
    if path not in _TOKENIZERS:
        from solver.lm.loading import load_tokenizer

        _TOKENIZERS[path] = load_tokenizer(path)
    return _TOKENIZERS[path]


def get_runtime(model: str, backend: str = "transformers", device: str = "auto", dtype: str = "auto", *,
                train_model: bool = False, batch_size: int = 8, vllm: VLLMOptions | None = None) -> Runtime:
    """The runtime for `model` (a local path, a `.gguf` file, a hub name or the `smollm2` alias).

    backend "transformers": the model, its tokenizer and its backend. backend "vllm": the process's one vLLM
    engine, the tokenizer, and (with `train_model`, for training adapters) the transformers model as well.
    """
    started = time.monotonic()
    if backend == "transformers":
        from solver.lm.transformers_backend import TransformersBackend

        loaded, tokenizer = _model(model, device, dtype)
        key = (model, device, dtype)
        if key not in _TRANSFORMERS:
            _TRANSFORMERS[key] = TransformersBackend(loaded, tokenizer)
        generator = _TRANSFORMERS[key]
        generator.batch_size = max(1, batch_size)
        return Runtime(generator.model, tokenizer, generator, time.monotonic() - started)
    if backend == "vllm":
        path = os.path.expanduser(model)
        engine = _vllm_engine(path, vllm or VLLMOptions())
        if train_model:
            loaded, tokenizer = _model(model, device, dtype)
        else:
            loaded, tokenizer = None, _tokenizer(path)
        return Runtime(loaded, tokenizer, engine, time.monotonic() - started)
    raise ValueError(f"unknown generation backend {backend!r} (choose transformers or vllm)")


def release_model(model: str, device: str = "auto", dtype: str = "auto") -> bool:
    """Forget the transformers model (and its backend) loaded for (model, device, dtype) and free its memory,
    e.g. after training every adapter and before a vLLM engine claims the GPU. True when one was loaded."""
    import gc

    key = (model, device, dtype)
    found = _MODELS.pop(key, None) is not None
    _TRANSFORMERS.pop(key, None)
    gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:
        pass
    return found
