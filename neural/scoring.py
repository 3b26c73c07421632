"""Scoring candidate answers by the model (product of experts, as in the ARChitects' "Product of Experts" paper):
a candidate's score is the sum, over several augmented views of the task, of the model's log-probability of the
candidate (transformed the same way) as the answer to that view's prompt. Higher is better.

The views are the inference prompts of `neural.infer.build_queries` for the test input (the same transforms and
demo orders the vote uses), the first `config.score_views` of them. Scoring needs a backend with `score` (the
transformers backend); the vLLM backend has none yet, and asking it to score raises a clear error.
"""
from __future__ import annotations

import time
from typing import Any, Sequence

from neural.config import NeuralConfig
from neural.formats import PromptFormat
from neural.infer import build_queries
from solver.grid import Grid
from solver.tasks import Task


def score_grids(task: Task, grids_per_test: Sequence[Sequence[Grid]], backend: Any, fmt: PromptFormat,
                tokenizer: Any, config: NeuralConfig, seed: int, adapter: str | None = None,
                deadline: float | None = None) -> list[list[float]]:
    """For each test input, the product-of-experts score (summed log-probability) of each of its grids.
    TimeoutError when `deadline` (time.monotonic()) passes before every test input is scored."""
    if not hasattr(backend, "score"):
        raise RuntimeError(f"{type(backend).__name__} cannot score answers (use the transformers backend)")
    queries, _, _ = build_queries(task, fmt, tokenizer, config, seed)
    out: list[list[float]] = []
    for i, grids in enumerate(grids_per_test):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"scoring ran out of its time budget after {i} of {len(grids_per_test)} test inputs")
        views = [q for q in queries if q.test_index == i][:max(1, config.score_views)]
        if not views or not grids:
            out.append([float("-inf")] * len(grids))
            continue
        prompts, targets = [], []
        for grid in grids:
            for q in views:
                answer = q.spec.transform.grid(grid)
                prompts.append(q.prompt)
                targets.append(fmt.render([], answer, answer, tokenizer).target)
        flat = backend.score(prompts, targets, adapter=adapter)
        out.append([sum(flat[k * len(views):(k + 1) * len(views)]) for k in range(len(grids))])
    return out
