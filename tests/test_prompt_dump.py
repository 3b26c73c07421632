"""dump_prompts: every TTT example and inference prompt the branch would build, with ids and loss masks."""
from __future__ import annotations

import json

import pytest

from neural.config import NeuralConfig, apply_preset
from neural.formats import get_format
from neural.prompt_dump import dump_prompts, load_tokenizer, write_jsonl
from solver.lm.tokens import prompt_ids
from solver.tasks import parse_task
from solver.transforms import PAPER_AUGMENTERS
from tests.conftest import flip_task
from tests.llama3_tokenizer import llama3_style_tokenizer


@pytest.fixture(scope="module")
def llama3():
    return llama3_style_tokenizer()


def _task():
    return parse_task(flip_task(2), "flip", "test").task


def test_marc_preset_rows(llama3):
    cfg = apply_preset(NeuralConfig(), "marc")
    rows = dump_prompts(_task(), cfg, llama3, seed=0)
    ttt = [r for r in rows if r["kind"] == "ttt"]
    inference = [r for r in rows if r["kind"] == "inference"]
    assert len(ttt) + len(inference) == len(rows) and rows[:len(ttt)] == ttt
    assert len(ttt) == 144 + (250 - 144)  # 3 demos: 144 leave-one-out examples, topped up with leave-two-out
    fmt = get_format("marc")
    for r in rows:
        assert r["token_ids"] == prompt_ids(llama3, r["text"])
        assert r["token_ids"][0] == llama3.bos_token_id and r["token_ids"].count(llama3.bos_token_id) == 1
        assert len(r["loss_mask"]) == len(r["token_ids"]) and set(r["loss_mask"]) <= {0, 1}
    for r in ttt:
        assert r["loss_mask"][0] == 0 and r["loss_mask"][-1] == 1
        n_context = len(r["transform"].split("context=[")[1].split("]")[0].split(","))
        runs = "".join(llama3.decode([t]) if m else "\x00" for t, m in zip(r["token_ids"], r["loss_mask"]))
        outputs = [s for s in runs.split("\x00") if s]
        assert len(outputs) == n_context and all(fmt.parse(o) is not None for o in outputs)
    assert {r["transform"].split("augmenter=")[1].split("+c")[0] for r in ttt} == (
        {"identity"} | {a.name for a in PAPER_AUGMENTERS})
    for i in (0, 1):
        mine = [r for r in inference if r["test_index"] == i]
        assert all(sum(r["loss_mask"]) == 0 for r in mine)
        assert [r["group"] for r in mine if r["group"] != "identity"] == [
            "transpose", "flip_ud", "flip_lr", "rot90", "rot180"]
        assert all(r["text"].endswith("<|start_header_id|>assistant<|end_header_id|>\n\n") for r in mine)


def test_default_config_and_no_ttt(llama3):
    rows = dump_prompts(_task(), NeuralConfig(format="marc"), llama3, seed=0)
    assert sum(r["kind"] == "ttt" for r in rows) == 24
    assert sum(r["kind"] == "inference" for r in rows) == 2 * 8  # 8 transforms x 2 test inputs
    rows = dump_prompts(_task(), NeuralConfig(format="marc", ttt=False), llama3, seed=0)
    assert rows and all(r["kind"] == "inference" for r in rows)


def test_jsonl_and_tokenizer(tmp_path, llama3):
    rows = dump_prompts(_task(), NeuralConfig(format="compact", ttt_max_examples=3), load_tokenizer("embedded"))
    out = write_jsonl(rows, tmp_path / "sub" / "p.jsonl")
    back = [json.loads(line) for line in out.read_text().splitlines()]
    assert back == rows and not (tmp_path / "sub" / "p.jsonl.tmp").exists()
    assert back[-1]["kind"] == "inference" and back[-1]["text"].endswith("\nO\n")  # compact: ends at the output marker
    assert back[0]["kind"] == "ttt" and back[0]["text"].endswith("\n.")  # ... and a training text at the end marker
