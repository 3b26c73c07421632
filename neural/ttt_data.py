"""Test-time-training dataset: in-context tasks built from one task's demo pairs only.

Base tasks
    Leave-one-out: each demo in turn is the query, the other demos (in task order) are the context. A task
    with a single demo gives one context-free example (input -> output), the only thing it can teach.
    Leave-two-out (each demo in turn the query, one other demo left out as well; needs 3+ demos) is the
    top-up: it is drawn from only when leave-one-out could not fill `max_examples` (too few distinct
    augmentations, or its examples were over `max_tokens`, which leave-two-out's shorter contexts may fit).

Augmentation
    Each base task is rendered first as it is, then under random invertible transforms from
    `solver.transforms` (one of the 8 dihedral symmetries, a color permutation keeping 0, a shuffle of the
    context order), drawn from `random.Random(seed)`. Base tasks take turns (round-robin), so the cap spreads
    over all of them. Examples whose text (prompt + target) was already produced are dropped, as are those
    over `max_tokens` tokens; a base task whose examples are too long three times is given up.

Loss
    Tokens carry loss when their character span (from the fast tokenizer's offsets mapping) overlaps one of
    the rendered loss spans: the query output with its end marker and end-of-turn text, and, with
    `loss_on_all_outputs`, every demo output after the first. Special tokens the tokenizer adds itself (BOS,
    ...) have empty spans (0, 0) and never carry loss; special tokens written in the text (a chat template's
    end-of-turn) have real spans and are labelled like any other text. The text is tokenized by
    `solver.lm.tokens.encode`, as the backends tokenize a prompt: exactly one BOS where the tokenizer uses one
    (a chat template that writes the BOS text gets no second one from the post-processor).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from neural.formats import PromptFormat, Rendered
from solver.lm.tokens import encode
from solver.tasks import Pair, Task
from solver.transforms import IDENTITY, Transform, random_transforms

IGNORE_INDEX = -100
_MAX_TOO_LONG = 3          # give up a base task after this many over-long renderings
_ATTEMPTS_PER_EXAMPLE = 4  # attempt budget of a level: this many tries per wanted example (+ one per base task)


@dataclass
class TrainExample:
    """One tokenized training sequence; `labels` is -100 wherever there is no loss."""

    input_ids: list[int]
    labels: list[int]
    description: str


@dataclass(frozen=True)
class _Base:
    query: int
    context: tuple[int, ...]
    kind: str  # "loo", "l2o" or "self"


def tokenize_with_loss(rendered: Rendered, tokenizer: Any, max_tokens: int) -> TrainExample | None:
    """Tokenize prompt+target and label the tokens overlapping `rendered.loss_spans`.

    None when the sequence has more than `max_tokens` tokens or no token carries loss. Needs a fast
    tokenizer (offsets mapping); raises ValueError otherwise.
    """
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError("tokenize_with_loss needs a fast tokenizer (return_offsets_mapping)")
    text = rendered.prompt + rendered.target
    enc = encode(tokenizer, text, offsets=True)
    ids = enc.ids
    if len(ids) > max_tokens:
        return None
    spans = sorted(rendered.loss_spans)
    labels = [IGNORE_INDEX] * len(ids)
    any_loss = False
    for i, (start, end) in enumerate(enc.offsets or []):
        if end <= start:
            continue  # added special tokens: no characters, no loss
        for s, e in spans:
            if start < e and s < end:
                labels[i] = ids[i]
                any_loss = True
                break
            if s >= end:
                break
    if not any_loss:
        return None
    return TrainExample(ids, labels, "")


def _base_tasks(n: int) -> tuple[list[_Base], list[_Base]]:
    """(leave-one-out, leave-two-out) base tasks for a task with n demos."""
    if n == 1:
        return [_Base(0, (), "self")], []
    loo = [_Base(q, tuple(i for i in range(n) if i != q), "loo") for q in range(n)]
    l2o = []
    if n >= 3:
        for q in range(n):
            for drop in range(n):
                if drop != q:
                    l2o.append(_Base(q, tuple(i for i in range(n) if i not in (q, drop)), "l2o"))
    return loo, l2o


def _random_transform(rng: random.Random, n_context: int) -> Transform:
    return random_transforms(rng, 1, n_context, include_identity=False)[0]


def build_ttt_examples(task: Task, fmt: PromptFormat, tokenizer: Any, max_examples: int, max_tokens: int,
                       seed: int, loss_on_all_outputs: bool = False) -> list[TrainExample]:
    """Up to `max_examples` augmented leave-one-out (then leave-two-out) examples from the task's demos."""
    if max_examples <= 0 or not task.train:
        return []
    rng = random.Random(seed)
    demos = task.train
    out: list[TrainExample] = []
    seen: set[str] = set()
    for level in _base_tasks(len(demos)):
        if not level:
            continue
        too_long = {b: 0 for b in level}
        attempts, budget = 0, _ATTEMPTS_PER_EXAMPLE * max_examples + len(level)
        round_no = 0
        while len(out) < max_examples and attempts < budget:
            alive = [b for b in level if too_long[b] < _MAX_TOO_LONG]
            if not alive:
                break
            for base in alive:
                if len(out) >= max_examples or attempts >= budget:
                    break
                attempts += 1
                t = IDENTITY if round_no == 0 else _random_transform(rng, len(base.context))
                example = _make_example(demos, base, t, fmt, tokenizer, max_tokens, loss_on_all_outputs, seen)
                if example == "rejected":
                    too_long[base] += 1
                elif example is not None:
                    out.append(example)
            round_no += 1
    return out


def _make_example(demos: tuple[Pair, ...], base: _Base, t: Transform, fmt: PromptFormat, tokenizer: Any,
                  max_tokens: int, loss_on_all_outputs: bool, seen: set[str]) -> TrainExample | str | None:
    """The example of `base` under `t`; "rejected" when over max_tokens (or lossless); None when a duplicate."""
    context = [demos[i] for i in base.context]
    context_ids = list(base.context)
    if t.demo_order is not None:
        context = [context[i] for i in t.demo_order]
        context_ids = [context_ids[i] for i in t.demo_order]
    context = [Pair(t.grid(p.input), t.grid(p.output)) for p in context]
    query = demos[base.query]
    rendered = fmt.render(context, t.grid(query.input), t.grid(query.output), tokenizer,
                          loss_on_all_outputs=loss_on_all_outputs)
    key = rendered.prompt + "\x00" + rendered.target
    if key in seen:
        return None
    seen.add(key)
    example = tokenize_with_loss(rendered, tokenizer, max_tokens)
    if example is None:
        return "rejected"
    example.description = f"{base.kind} query=demo{base.query} context={context_ids} transform={t.name}"
    return example
