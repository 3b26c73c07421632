"""Test-time-training dataset: in-context tasks built from one task's demo pairs only.

Two augmenter sets (`NeuralConfig.ttt_augmenters`) share the base tasks, the rendering and the loss labels.
`ttt_examples(task, fmt, tokenizer, config, seed)` builds the set the config names.

Base tasks
    Leave-one-out: each demo in turn is the query, the other demos (in task order) are the context.
    Leave-two-out: each demo in turn the query, one other demo left out as well. With `ttt_leave_out = "1+2"`
    leave-two-out tops up leave-one-out when that could not fill `max_examples`; with "1" it is never used.

dihedral (the CPU default)
    A task with a single demo gives one context-free example (input -> output), the only thing it can teach;
    leave-two-out needs 3+ demos. Each base task is rendered first as it is, then under random invertible
    transforms from `solver.transforms` (one of the 8 dihedral symmetries, a color permutation keeping 0, a
    shuffle of the context order), drawn from `random.Random(seed)`. Base tasks take turns (round-robin), so
    the cap spreads over all of them. Examples whose text (prompt + target) was already produced are dropped,
    as are those over `max_tokens` tokens; a base task whose examples are too long three times is given up.

marc (the paper's `ttt/preprocess.py`: `get_test_time_train_data` and `process_task`)
    Per level, every base task is taken as it is and under each of the 23 `PAPER_AUGMENTERS` (applied to
    every grid, the query's output included); augmented tasks with a grid over 30 cells a side are dropped,
    and tasks with the same grids as an earlier one. Every task left is then added once more with a
    `spread_color_permutation` of its colors (0 kept, used colors sent to unused ones first) and a random
    shuffle of its context. Examples over `max_tokens` are dropped. Leave-one-out gives the examples; more
    than `max_examples`: a random `max_examples` of them; fewer: topped up with randomly chosen leave-two-out
    examples (the paper takes the first ones of an unordered set: an arbitrary choice, here a seeded one);
    none: leave-two-out alone (also capped at `max_examples`, which the paper's code does not do). As in the
    paper, a task with one demo gives context-free leave-one-out tasks and one with two demos context-free
    leave-two-out tasks. All random draws come from `random.Random(seed)`.

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

import itertools
import random
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from neural.config import NeuralConfig
from neural.formats import PromptFormat, Rendered
from solver.grid import MAX_SIDE
from solver.lm.tokens import encode
from solver.tasks import Pair, Task
from solver.transforms import IDENTITY, PAPER_AUGMENTERS, Transform, random_transforms, spread_color_permutation

AUGMENTER_SETS: tuple[str, ...] = ("dihedral", "marc")
LEAVE_OUT: tuple[str, ...] = ("1", "1+2")

IGNORE_INDEX = -100
_MAX_TOO_LONG = 3          # give up a base task after this many over-long renderings
_ATTEMPTS_PER_EXAMPLE = 4  # attempt budget of a level: this many tries per wanted example (+ one per base task)


@dataclass
class TrainExample:
    """One tokenized training sequence; `labels` is -100 wherever there is no loss."""

    input_ids: list[int]
    labels: list[int]
    description: str
    text: str = ""  # prompt + target, the string `input_ids` encodes


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
    return TrainExample(ids, labels, "", text)


def _base_tasks(n: int, leave_two_out: bool = True) -> tuple[list[_Base], list[_Base]]:
    """(leave-one-out, leave-two-out) base tasks of the dihedral set for a task with n demos."""
    if n == 1:
        return [_Base(0, (), "self")], []
    loo = [_Base(q, tuple(i for i in range(n) if i != q), "loo") for q in range(n)]
    l2o = []
    if n >= 3 and leave_two_out:
        for q in range(n):
            for drop in range(n):
                if drop != q:
                    l2o.append(_Base(q, tuple(i for i in range(n) if i not in (q, drop)), "l2o"))
    return loo, l2o


def _random_transform(rng: random.Random, n_context: int) -> Transform:
    return random_transforms(rng, 1, n_context, include_identity=False)[0]


def _check_choices(augmenters: str, leave_out: str) -> None:
    if augmenters not in AUGMENTER_SETS:
        raise ValueError(f"unknown TTT augmenter set {augmenters!r} (choose one of {', '.join(AUGMENTER_SETS)})")
    if leave_out not in LEAVE_OUT:
        raise ValueError(f"unknown ttt_leave_out {leave_out!r} (choose one of {', '.join(LEAVE_OUT)})")


def build_ttt_examples(task: Task, fmt: PromptFormat, tokenizer: Any, max_examples: int, max_tokens: int,
                       seed: int, loss_on_all_outputs: bool = False, augmenters: str = "dihedral",
                       leave_out: str = "1+2") -> list[TrainExample]:
    """Up to `max_examples` augmented leave-one-out (then leave-two-out) examples from the task's demos."""
    _check_choices(augmenters, leave_out)
    if max_examples <= 0 or not task.train:
        return []
    if augmenters == "marc":
        return _paper_examples(task, fmt, tokenizer, max_examples, max_tokens, seed, loss_on_all_outputs,
                               leave_out == "1+2")
    rng = random.Random(seed)
    demos = task.train
    out: list[TrainExample] = []
    seen: set[str] = set()
    for level in _base_tasks(len(demos), leave_out == "1+2"):
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


def ttt_examples(task: Task, fmt: PromptFormat, tokenizer: Any, config: NeuralConfig,
                 seed: int) -> list[TrainExample]:
    """The TTT examples `config` asks for (augmenter set, leave-out levels, cap, token limit, loss spans)."""
    return build_ttt_examples(task, fmt, tokenizer, config.ttt_max_examples, config.max_tokens, seed,
                              loss_on_all_outputs=config.loss_on_all_outputs, augmenters=config.ttt_augmenters,
                              leave_out=config.ttt_leave_out)


# ------------------------------------------------------------------------------- the paper's augmenter set


@dataclass
class _PaperTask:
    """An augmented base task before rendering: context pairs in prompt order and the query pair."""

    base: _Base
    context: list[Pair]
    context_ids: list[int]
    query: Pair
    name: str

    def grids(self) -> list[np.ndarray]:
        return [g for p in [*self.context, self.query] for g in (p.input, p.output)]

    def key(self) -> tuple[bytes, ...]:
        return tuple(bytes(g.shape) + np.ascontiguousarray(g).tobytes() for g in self.grids())


def _paper_bases(n: int, leave: int) -> list[_Base]:
    """Each demo the query, `leave - 1` more left out in every way, the rest (task order) the context."""
    kind = "loo" if leave == 1 else "l2o"
    bases = []
    for q in range(n):
        others = [i for i in range(n) if i != q]
        for dropped in itertools.combinations(others, leave - 1):
            bases.append(_Base(q, tuple(i for i in others if i not in dropped), kind))
    return bases


def _dedup(tasks: Sequence[_PaperTask]) -> list[_PaperTask]:
    seen: set[tuple[bytes, ...]] = set()
    out = []
    for t in tasks:
        k = t.key()
        if k not in seen:
            seen.add(k)
            out.append(t)
    return out


def _paper_level(demos: Sequence[Pair], bases: Sequence[_Base], rng: random.Random) -> list[_PaperTask]:
    """Every base task as it is and under each paper augmenter, then each once more recolored and shuffled."""
    initial = [_PaperTask(b, [demos[i] for i in b.context], list(b.context), demos[b.query], "identity")
               for b in bases]
    augmented = []
    for aug in PAPER_AUGMENTERS:  # augmenter-major, as the paper draws its random shifts
        for t in initial:
            ctx = [Pair(aug.apply(p.input, rng), aug.apply(p.output, rng)) for p in t.context]
            query = Pair(aug.apply(t.query.input, rng), aug.apply(t.query.output, rng))
            cand = _PaperTask(t.base, ctx, list(t.context_ids), query, aug.name)
            if all(max(g.shape) <= MAX_SIDE for g in cand.grids()):
                augmented.append(cand)
    tasks = _dedup(initial + augmented)
    recolored = []
    for t in tasks:
        lut = np.asarray(spread_color_permutation(t.grids(), rng), dtype=np.uint8)
        order = list(range(len(t.context)))
        rng.shuffle(order)
        ctx = [Pair(lut[t.context[i].input], lut[t.context[i].output]) for i in order]
        name = t.name + "+c" + "".join(map(str, lut.tolist())) + "+o" + ".".join(map(str, order))
        recolored.append(_PaperTask(t.base, ctx, [t.context_ids[i] for i in order],
                                    Pair(lut[t.query.input], lut[t.query.output]), name))
    return _dedup(tasks + recolored)


def _paper_example(t: _PaperTask, fmt: PromptFormat, tokenizer: Any, max_tokens: int, loss_on_all_outputs: bool,
                   seen: set[str]) -> TrainExample | None:
    rendered = fmt.render(t.context, t.query.input, t.query.output, tokenizer,
                          loss_on_all_outputs=loss_on_all_outputs)
    if rendered.text in seen:
        return None
    seen.add(rendered.text)
    example = tokenize_with_loss(rendered, tokenizer, max_tokens)
    if example is not None:
        example.description = (f"{t.base.kind} query=demo{t.base.query} context={t.context_ids} "
                               f"augmenter={t.name}")
    return example


def _paper_examples(task: Task, fmt: PromptFormat, tokenizer: Any, max_examples: int, max_tokens: int,
                    seed: int, loss_on_all_outputs: bool, leave_two_out: bool) -> list[TrainExample]:
    rng = random.Random(seed)
    demos, n = task.train, len(task.train)
    seen: set[str] = set()
    out = [ex for t in _paper_level(demos, _paper_bases(n, 1), rng)
           if (ex := _paper_example(t, fmt, tokenizer, max_tokens, loss_on_all_outputs, seen)) is not None]
    if len(out) > max_examples:
        rng.shuffle(out)
        return out[:max_examples]
    if len(out) < max_examples and leave_two_out and n >= 2:
        top_up = _paper_level(demos, _paper_bases(n, 2), rng)
        rng.shuffle(top_up)
        for t in top_up:  # tokenized lazily: only as many as needed
            if len(out) >= max_examples:
                break
            ex = _paper_example(t, fmt, tokenizer, max_tokens, loss_on_all_outputs, seen)
            if ex is not None:
                out.append(ex)
    return out


# ------------------------------------------------------------------------------- the dihedral set's example


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
