"""Shared test helpers: small task files, a task folder fixture and a character-level chat tokenizer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


def flip_task(n_test: int = 1) -> dict:
    """A tiny task whose rule is a left-right flip."""
    grids = [[[1, 2, 0], [0, 3, 0]], [[5, 0], [0, 6]], [[7, 7, 1]], [[2], [4]], [[0, 9, 9], [8, 0, 0]]]
    flip = lambda g: [row[::-1] for row in g]  # noqa: E731
    return {"train": [{"input": g, "output": flip(g)} for g in grids[:3]],
            "test": [{"input": g, "output": flip(g)} for g in grids[3:3 + n_test]]}


@pytest.fixture
def task_dir(tmp_path: Path) -> Path:
    d = tmp_path / "tasks"
    d.mkdir()
    for i in range(4):
        (d / f"t{i}.json").write_text(json.dumps(flip_task(1 + i % 2)))
    return d


def char_chat_tokenizer(llama_style: bool = False):
    """A character-level fast tokenizer that adds BOS, with a ChatML (or Llama-3-like, trimming) template."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    specials = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "<|start_header_id|>", "<|end_header_id|>",
                "<|eot_id|>"]
    vocab = {t: i for i, t in enumerate(specials + [chr(c) for c in range(32, 127)] + ["\n"])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 1)])
    core.decoder = decoders.Fuse()
    tok = PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                  pad_token="</s>")
    tok.add_special_tokens({"additional_special_tokens": specials[3:]})
    if llama_style:
        tok.chat_template = ("{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n"
                             "{{ m['content'] | trim }}<|eot_id|>{% endfor %}"
                             "{% if add_generation_prompt %}"
                             "<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}")
    else:
        tok.chat_template = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
                             "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
    return tok


def plugin_env(name: str, target: str) -> dict[str, str]:
    """Environment that plugs a branch in through the `arc_solver.branches` entry-point group, as an installed
    plug-in would: a dist-info folder declaring `name = target`, put on PYTHONPATH beside the repository."""
    import os
    import tempfile
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    root = Path(tempfile.mkdtemp(prefix="arc-plugin-"))
    dist = root / f"{name}_stand_in-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}-stand-in\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[arc_solver.branches]\n{name} = {target}\n")
    return {"PYTHONPATH": f"{repo}{os.pathsep}{root}"}
