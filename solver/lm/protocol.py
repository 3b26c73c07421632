"""The one generation protocol both branches use, and the stop-string convention every backend follows."""
from __future__ import annotations

from typing import Protocol, Sequence


class GenerationBackend(Protocol):
    """Text generation: for each prompt, `n` completions (the text after the prompt, special tokens removed,
    each cut right after the first stop string it contains, the stop string kept).

    `adapter`: a PEFT LoRA adapter folder or None for the base model. `deadline`: an absolute
    `time.monotonic()` value after which a backend that can stop mid-generation returns what it has (the
    transformers backend does; vLLM generates a whole batch and ignores it)."""

    def generate(self, prompts: list[str], max_new_tokens: int, n: int = 1, temperature: float = 0.0,
                 seed: int = 0, adapter: str | None = None, stop: list[str] | None = None,
                 deadline: float | None = None) -> list[list[str]]: ...


def cut_at_stop(text: str, stop: Sequence[str] | None) -> str:
    """`text` up to and including the earliest stop string (unchanged when none occurs)."""
    best, best_end = -1, len(text)
    for s in stop or ():
        if not s:
            continue
        i = text.find(s)
        if i >= 0 and (best < 0 or i < best):
            best, best_end = i, i + len(s)
    return text[:best_end] if best >= 0 else text
