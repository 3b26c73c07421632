"""Presets are data: the shipped TOML files set the paper's values on NeuralConfig fields, checked on load."""
from __future__ import annotations

import dataclasses

import pytest

import neural.config as config_module
from neural.config import NeuralConfig, apply_preset, load_preset, preset_names

# The TTT paper's setting, field by field (see neural/presets/marc.toml for where each comes from).
PAPER = {
    "format": "marc", "dtype": "bfloat16", "ttt": True,
    "lora_r": 128, "lora_alpha": 16, "lora_dropout": 0.0, "lora_targets": "q_proj,v_proj,gate_proj,up_proj,down_proj",
    "ttt_max_examples": 250, "ttt_augmenters": "marc", "ttt_leave_out": "1+2", "loss_on_all_outputs": True,
    "max_tokens": 8192,
    "ttt_epochs": 2, "ttt_batch_size": 2, "ttt_grad_accum": 1, "ttt_lr": 1e-4, "ttt_warmup_ratio": 0.1,
    "ttt_weight_decay": 0.01, "ttt_max_grad_norm": 0.0, "ttt_bf16": "on", "ttt_gradient_checkpointing": True,
    "prompt_set": "marc", "n_demo_shuffles": 2, "vote_kind": "marc", "n_samples": 1, "temperature": 0.0,
}


def test_shipped_presets():
    assert {"marc", "barc"} <= set(preset_names())


@pytest.mark.parametrize("name", ["marc", "barc"])
def test_paper_values(name):
    cfg = apply_preset(NeuralConfig(), name)
    expected = dict(PAPER, format=name)
    assert {k: getattr(cfg, k) for k in expected} == expected
    assert cfg.preset == name
    assert isinstance(cfg.ttt_lr, float) and isinstance(cfg.lora_alpha, int)


def test_models_of_the_presets():
    assert load_preset("marc")["model"] == "ekinakyurek/marc-8B-finetuned-llama3"
    assert load_preset("barc")["model"] == "barc0/Llama-3.1-ARC-Potpourri-Transduction-8B"


def test_preset_keeps_fields_it_does_not_set():
    base = NeuralConfig(gen_batch_size=3, n_transforms=5)
    cfg = apply_preset(base, "marc")
    assert cfg.gen_batch_size == 3 and cfg.n_transforms == 5
    assert set(load_preset("marc")) <= {f.name for f in dataclasses.fields(NeuralConfig)}


def test_bad_presets_are_refused(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="unknown preset 'nope'"):
        load_preset("nope")
    monkeypatch.setattr(config_module, "PRESET_DIR", tmp_path)
    (tmp_path / "typo.toml").write_text('[neural]\nlora_rank = 128\n')
    with pytest.raises(ValueError, match="unknown setting 'lora_rank'"):
        load_preset("typo")
    (tmp_path / "wrong.toml").write_text('[neural]\nlora_r = "128"\n')
    with pytest.raises(ValueError, match="'lora_r' must be int"):
        load_preset("wrong")
    (tmp_path / "flag.toml").write_text('[neural]\nttt = 1\n')
    with pytest.raises(ValueError, match="'ttt' must be bool"):
        load_preset("flag")
    (tmp_path / "table.toml").write_text('[run]\nseed = 1\n')
    with pytest.raises(ValueError, match="only a \\[neural\\] table"):
        load_preset("table")
    (tmp_path / "ok.toml").write_text('[neural]\nttt_lr = 1\n')
    assert apply_preset(NeuralConfig(), "ok").ttt_lr == 1.0
