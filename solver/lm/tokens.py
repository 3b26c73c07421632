"""Prompt text -> token ids with exactly one BOS, for any tokenizer (the one place that tokenizes prompts).

A chat-templated prompt often already begins with the BOS text (Llama-3's template writes
`<|begin_of_text|>`), and the tokenizer's post-processor adds another one when called with its default
`add_special_tokens=True`: `[128000, 128000, ...]`, which the paper's training and inference never saw.
`encode` decides per text:

1. The text is tokenized without the post-processor (`add_special_tokens=False`); special tokens written in
   the text (BOS, end-of-turn markers) are still recognised as such.
2. If that already starts with the BOS id, it is used as it is (the template wrote the BOS).
3. Otherwise a BOS is put in front only when the tokenizer's own default adds one (its post-processor
   prepends BOS: Llama-3, the embedded model's tokenizer). A tokenizer whose default adds none (Qwen, SmolLM2,
   GPT-2 style) gets none: its model was trained without one. The decision follows the tokenizer and never
   the model name.

Chat prompts are rendered by `chat_text`, which passes `date_string=CHAT_DATE` to every template:
Llama-3.2's template writes today's date into the system message unless given one, so a prompt would change
with the day it is built.

Nothing else the post-processor might add (an EOS at the end) is added: a prompt is continued by the model,
and a training text ends with the chat template's own end-of-turn text. A token that is inserted (the BOS of
rule 3) has the empty character span (0, 0), like any special token a tokenizer adds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


CHAT_DATE = "26 Jul 2024"
"""The `date_string` every chat template gets: Llama-3.1's template default and the date in the TTT paper's
BARC prompt; templates that write no date ignore it."""


def chat_text(tokenizer: Any, messages: list[dict[str, str]], add_generation_prompt: bool = False) -> str:
    """The conversation through the tokenizer's chat template as text, with the fixed `CHAT_DATE`."""
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt,
                                         date_string=CHAT_DATE)
    if not isinstance(text, str):
        raise ValueError("apply_chat_template(tokenize=False) did not return text")
    return text


@dataclass
class Encoding:
    """Token ids of one text; `offsets` (character span per token) when the tokenizer is fast, else None."""

    ids: list[int]
    offsets: list[tuple[int, int]] | None = None


def default_adds_bos(tokenizer: Any) -> bool:
    """Whether the tokenizer's default call (`add_special_tokens=True`) puts a BOS in front of a text."""
    bos = getattr(tokenizer, "bos_token_id", None)
    if bos is None:
        return False
    probe = "0"  # any short text; two calls of a few microseconds each
    with_special = list(tokenizer(probe, add_special_tokens=True)["input_ids"])
    without = list(tokenizer(probe, add_special_tokens=False)["input_ids"])
    return bool(with_special) and with_special[0] == bos and (not without or without[0] != bos)


def encode(tokenizer: Any, text: str, offsets: bool = False) -> Encoding:
    """`text` as token ids with exactly one BOS where the tokenizer uses one (see the module docstring).

    offsets=True also returns each token's character span (needs a fast tokenizer; ValueError otherwise).
    """
    if offsets and not getattr(tokenizer, "is_fast", False):
        raise ValueError("character offsets need a fast tokenizer (return_offsets_mapping)")
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=offsets)
    ids = list(enc["input_ids"])
    spans = [tuple(s) for s in enc["offset_mapping"]] if offsets else None
    bos = getattr(tokenizer, "bos_token_id", None)
    if bos is not None and (not ids or ids[0] != bos) and default_adds_bos(tokenizer):
        ids = [bos] + ids
        if spans is not None:
            spans = [(0, 0)] + spans
    return Encoding(ids, spans)


def prompt_ids(tokenizer: Any, text: str) -> list[int]:
    """Token ids of a prompt (or training text) with exactly one BOS where the tokenizer uses one."""
    return encode(tokenizer, text).ids


def count_tokens(tokenizer: Any, text: str) -> int:
    """Tokens of `text` as `prompt_ids` gives them; characters when there is no tokenizer."""
    if tokenizer is None:
        return len(text)
    return len(prompt_ids(tokenizer, text))
