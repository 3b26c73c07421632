"""The transformers generation backend (CPU or GPU): batched, left-padded, KV cache, greedy or seeded sampling,
stop strings, PEFT LoRA adapters loaded on demand, and a deadline after which generation stops.

It implements `solver.lm.protocol.GenerationBackend`. Prompts are tokenized by `solver.lm.tokens.prompt_ids`
(exactly one BOS: a chat template's BOS text is not doubled by the post-processor) and left-padded. `adapter` is the folder of a PEFT LoRA adapter (as
written by `neural.ttt`) or None for the base model.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import torch

from solver.lm.protocol import cut_at_stop
from solver.lm.tokens import prompt_ids


class _StopOnStrings:
    """Stopping criterion: a row is done once the decoded tail of its generated tokens holds a stop string.

    (transformers' StopStringCriteria needs a tokenizer whose vocabulary it can pre-process, which the
    character-level tokenizer of the embedded model is not; decoding the tail works for any tokenizer.)
    """

    def __init__(self, tokenizer: Any, stops: list[str], prompt_len: int) -> None:
        self.tokenizer = tokenizer
        self.stops = [s for s in stops if s]
        self.prompt_len = prompt_len
        self.tail = 2 * max((len(s) for s in self.stops), default=1) + 4

    def __call__(self, input_ids: torch.LongTensor, scores: Any, **kwargs: Any) -> torch.BoolTensor:
        generated = input_ids[:, self.prompt_len:]
        done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
        if generated.shape[1] == 0:
            return done
        tails = self.tokenizer.batch_decode(generated[:, -self.tail:], skip_special_tokens=True)
        for row, text in enumerate(tails):
            done[row] = any(s in text for s in self.stops)
        return done


class TransformersBackend:
    """Batched generation with a transformers causal LM: left padding, KV cache, greedy or sampling, LoRA.

    Adapters are loaded with peft onto the base model the first time their folder is asked for and kept
    (least recently used first out, at most `max_adapters`); `adapter=None` runs the base model with every
    adapter disabled. `release_adapters()` removes the peft layers again (call it before training on the
    same base model).

    `generate(..., deadline=...)` (an absolute `time.monotonic()` value) stops generating when it passes
    (transformers' `max_time`), returning what was generated so far.
    """

    def __init__(self, model: Any, tokenizer: Any, device: str | None = None, batch_size: int = 8,
                 max_adapters: int = 4) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.device = device or str(next(model.parameters()).device)
        self.batch_size = max(1, batch_size)
        self.max_adapters = max(1, max_adapters)
        self._peft: Any = None
        self._adapters: OrderedDict[str, str] = OrderedDict()  # cache key -> peft adapter name
        self._counter = 0
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token if tokenizer.eos_token is not None else tokenizer.unk_token
        tokenizer.padding_side = "left"

    # ------------------------------------------------------------------ adapters

    @staticmethod
    def _cache_key(adapter: str) -> str:
        path = Path(adapter).resolve()
        weights = path / "adapter_model.safetensors"
        stamp = weights.stat().st_mtime_ns if weights.exists() else 0
        return f"{path}@{stamp}"

    def _select(self, adapter: str | None) -> tuple[Any, Any]:
        """(model to call, context manager to call it in) for `adapter`."""
        if adapter is None:
            if self._peft is None:
                return self.model, nullcontext()
            return self._peft, self._peft.disable_adapter()
        if not (Path(adapter) / "adapter_config.json").exists():
            raise FileNotFoundError(f"{adapter}: not a PEFT adapter folder (no adapter_config.json)")
        key = self._cache_key(adapter)
        name = self._adapters.get(key)
        if name is None:
            from peft import PeftModel

            self._counter += 1
            name = f"adapter{self._counter}"
            if self._peft is None:
                self._peft = PeftModel.from_pretrained(self.model, str(adapter), adapter_name=name,
                                                       is_trainable=False)
            else:
                self._peft.load_adapter(str(adapter), adapter_name=name, is_trainable=False)
            self._adapters[key] = name
            while len(self._adapters) > self.max_adapters:
                old_key, old_name = next(iter(self._adapters.items()))
                if old_name == name:
                    break
                self._peft.set_adapter(name)
                self._peft.delete_adapter(old_name)
                del self._adapters[old_key]
        self._adapters.move_to_end(key)
        self._peft.set_adapter(name)
        self._peft.eval()
        return self._peft, nullcontext()

    def release_adapters(self) -> None:
        """Remove every loaded adapter and the peft wrapper: the base model is as it was loaded."""
        if self._peft is not None:
            self.model = self._peft.unload()
            self._peft = None
        self._adapters.clear()

    # ------------------------------------------------------------------ generation

    @torch.no_grad()
    def generate(self, prompts: list[str], max_new_tokens: int, n: int = 1, temperature: float = 0.0,
                 seed: int = 0, adapter: str | None = None, stop: list[str] | None = None,
                 deadline: float | None = None) -> list[list[str]]:
        """For each prompt, `n` completions; greedy when temperature <= 0 (then one decode, repeated n times).
        Generation stops at `deadline` (time.monotonic()), returning what it has."""
        if not prompts:
            return []
        n = max(1, n)
        sample = temperature > 0
        model, ctx = self._select(adapter)
        model.eval()
        order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))  # similar lengths share a batch
        results: list[list[str]] = [[] for _ in prompts]
        per_batch = max(1, self.batch_size // n) if sample else self.batch_size
        with ctx:
            for b, start in enumerate(range(0, len(order), per_batch)):
                idx = order[start:start + per_batch]
                texts = self._generate_batch(model, [prompts[i] for i in idx], max_new_tokens,
                                             n if sample else 1, temperature, seed + b, stop, deadline)
                for j, i in enumerate(idx):
                    group = texts[j * (n if sample else 1):(j + 1) * (n if sample else 1)]
                    results[i] = group if sample else group * n
        return results

    @torch.no_grad()
    def score(self, prompts: list[str], targets: list[str], adapter: str | None = None) -> list[float]:
        """For each (prompt, target): the sum of the model's log-probabilities of the target's tokens after the
        prompt (teacher forcing; the prompt with exactly one BOS, the target without special tokens)."""
        if len(prompts) != len(targets):
            raise ValueError(f"{len(prompts)} prompts but {len(targets)} targets")
        model, ctx = self._select(adapter)
        model.eval()
        scores: list[float] = []
        with ctx:
            for prompt, target in zip(prompts, targets):
                head = prompt_ids(self.tokenizer, prompt)
                tail = self.tokenizer(target, add_special_tokens=False)["input_ids"]
                if not tail:
                    raise ValueError("empty target: nothing to score")
                ids = torch.tensor([head + tail], device=self.device)
                logits = model(input_ids=ids).logits[0, len(head) - 1:-1].float()
                logp = torch.log_softmax(logits, dim=-1)
                scores.append(float(logp.gather(1, torch.tensor(tail, device=self.device)[:, None]).sum()))
        return scores

    def _generate_batch(self, model: Any, prompts: list[str], max_new_tokens: int, n: int, temperature: float,
                        seed: int, stop: list[str] | None, deadline: float | None) -> list[str]:
        from transformers import StoppingCriteriaList

        rows = [prompt_ids(self.tokenizer, p) for p in prompts]  # exactly one BOS (solver.lm.tokens)
        width = max(len(r) for r in rows)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=self.device)
        attention_mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=self.device)
        prompt_len = input_ids.shape[1]
        kwargs: dict[str, Any] = {"max_new_tokens": max_new_tokens, "use_cache": True,
                                  "pad_token_id": self.tokenizer.pad_token_id, "num_return_sequences": n}
        if temperature > 0:
            torch.manual_seed(seed)
            kwargs.update(do_sample=True, temperature=temperature, top_k=0, top_p=1.0)
        else:
            kwargs.update(do_sample=False, temperature=None, top_k=None, top_p=None)
        if deadline is not None:
            kwargs["max_time"] = max(0.01, deadline - time.monotonic())
        if stop:
            kwargs["stopping_criteria"] = StoppingCriteriaList([_StopOnStrings(self.tokenizer, stop, prompt_len)])
        out = model.generate(input_ids=input_ids, attention_mask=attention_mask, **kwargs)
        texts = self.tokenizer.batch_decode(out[:, prompt_len:], skip_special_tokens=True)
        return [cut_at_stop(t, stop) for t in texts]
