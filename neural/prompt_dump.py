"""Every prompt the neural branch would build for a task, as data: for checking a format against a checkpoint
before spending a GPU hour (`arc-solve prompts`), and for tests.

`dump_prompts(task, config, tokenizer, seed)` returns one dict per TTT training example (when `config.ttt`)
and per inference prompt, built by the same code the branch runs (`neural.ttt_data.ttt_examples`,
`neural.infer.build_queries`) and tokenized as the backends tokenize (`solver.lm.tokens`, exactly one BOS):

    kind        "ttt" or "inference"
    transform   what made it: the TTT example's description (level, query demo, context, augmenter) or the
                inference prompt's spec name (transform and demo order)
    text        the string that is tokenized (TTT: prompt + target; inference: the prompt)
    token_ids   its ids
    loss_mask   one 0/1 per token: 1 where the TTT loss is computed; all 0 for inference rows
    test_index  (inference rows) the test input the prompt asks about; group: its vote group

`load_tokenizer(name_or_path)` loads only a tokenizer (no weights), so an 8B checkpoint's format can be checked
on a laptop.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neural.config import NeuralConfig
from neural.formats import get_format
from neural.infer import build_queries
from neural.ttt_data import IGNORE_INDEX, ttt_examples
from solver.lm.tokens import prompt_ids
from solver.tasks import Task


def dump_prompts(task: Task, config: NeuralConfig, tokenizer: Any, seed: int = 0) -> list[dict[str, Any]]:
    """The TTT examples (when config.ttt) then the inference prompts of `task` under `config` (module docstring)."""
    fmt = get_format(config.format)
    rows: list[dict[str, Any]] = []
    if config.ttt:
        for ex in ttt_examples(task, fmt, tokenizer, config, seed):
            rows.append({"kind": "ttt", "transform": ex.description, "text": ex.text, "token_ids": ex.input_ids,
                         "loss_mask": [int(label != IGNORE_INDEX) for label in ex.labels]})
    queries, _, _ = build_queries(task, fmt, tokenizer, config, seed)
    for q in queries:
        ids = prompt_ids(tokenizer, q.prompt)
        rows.append({"kind": "inference", "transform": q.spec.name, "text": q.prompt, "token_ids": ids,
                     "loss_mask": [0] * len(ids), "test_index": q.test_index, "group": q.spec.group})
    return rows


def write_jsonl(rows: list[dict[str, Any]], path: str | Path) -> Path:
    """One JSON object a line; the file is written whole (to a temporary name, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    tmp.replace(path)
    return path


def load_tokenizer(name_or_path: str) -> Any:
    """The tokenizer of a model setting ("embedded", "smollm2", a folder, a .gguf file or a hub name), no weights."""
    from neural.model import model_path
    from solver.lm.loading import load_tokenizer as load

    return load(model_path(name_or_path))
