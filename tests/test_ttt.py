"""Per-task LoRA test-time training: adapter saved in PEFT format, reused on rerun, base weights unchanged."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import torch

from solver.lm.transformers_backend import TransformersBackend
from neural.config import NeuralConfig
from neural.formats import get_format
from neural.model import build_embedded_model
from neural.ttt import META_FILE, train_shared_adapter, train_task_adapter, ttt_hash
from neural.ttt_data import build_ttt_examples
from solver.tasks import Task, parse_task
from tests.conftest import flip_task

torch.set_num_threads(1)  # tiny models: more threads only contend with the other tests' processes


def _task(task_id: str = "flip") -> Task:
    return parse_task(flip_task(), task_id, "test").task


@pytest.fixture(scope="module")
def small():
    model, tok = build_embedded_model(seed=0, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=4, intermediate_size=64)
    model.eval()
    return model, tok


def _config(**kw) -> NeuralConfig:
    base = dict(lora_r=4, lora_alpha=8, ttt_max_examples=8, ttt_batch_size=2, ttt_epochs=2, ttt_lr=1e-2,
                ttt_bf16="off")
    base.update(kw)
    return NeuralConfig(**base)


def _examples(tok, cfg: NeuralConfig, task: Task | None = None):
    return build_ttt_examples(task or _task(), get_format("compact"), tok, cfg.ttt_max_examples, cfg.max_tokens, 0)


def test_adapter_saved_reused_and_base_unchanged(small, tmp_path: Path):
    model, tok = small
    cfg = _config()
    examples = _examples(tok, cfg)
    assert len(examples) == 8
    before = {k: v.detach().clone() for k, v in model.state_dict().items()}
    out = tmp_path / "adapters" / "flip"
    first = train_task_adapter(model, tok, examples, cfg, out, seed=0)
    assert not first.reused and first.steps == first.planned_steps == 8  # 4 batches x 2 epochs
    assert len(first.losses) == 8 and all(l > 0 for l in first.losses)
    assert (out / "adapter_config.json").exists() and (out / "adapter_model.safetensors").exists()
    meta = json.loads((out / META_FILE).read_text())
    assert meta["complete"] and meta["hash"] == ttt_hash(cfg, examples, 0)
    # base weights and module types unchanged: the peft wrapper was unloaded
    after = model.state_dict()
    assert set(after) == set(before)
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert not any("lora" in name for name, _ in model.named_modules())
    # rerun: reused, no training
    second = train_task_adapter(model, tok, examples, cfg, out, seed=0)
    assert second.reused and second.steps == first.steps and second.losses == pytest.approx(first.losses)
    # another seed or setting: trained again
    third = train_task_adapter(model, tok, examples, _config(ttt_lr=5e-3), out, seed=0)
    assert not third.reused


def test_adapter_changes_outputs_and_backend_switches(small, tmp_path: Path):
    model, tok = small
    cfg = _config(ttt_epochs=3, ttt_lr=3e-2)
    result = train_task_adapter(model, tok, _examples(tok, cfg), cfg, tmp_path / "a", seed=1)
    backend = TransformersBackend(model, tok)
    prompt = get_format("compact").render(list(_task().train), _task().test_inputs[0], None).prompt
    ids = torch.tensor([tok(prompt)["input_ids"]])
    with torch.no_grad():
        base_logits = model(ids).logits
    backend.generate([prompt], 6, adapter=result.adapter_dir)
    peft_model, ctx = backend._select(result.adapter_dir)
    with torch.no_grad(), ctx:
        adapted = peft_model(input_ids=ids).logits
    assert not torch.allclose(base_logits, adapted)
    peft_model, ctx = backend._select(None)
    with torch.no_grad(), ctx:
        assert torch.allclose(base_logits, peft_model(input_ids=ids).logits, atol=1e-6)
    backend.release_adapters()
    assert not any("lora" in name for name, _ in backend.model.named_modules())


def test_deadline_stops_early(small, tmp_path: Path):
    model, tok = small
    cfg = _config()
    result = train_task_adapter(model, tok, _examples(tok, cfg), cfg, tmp_path / "late", seed=0,
                                deadline=time.monotonic() - 1)
    assert result.stopped_early and result.steps == 0 and result.adapter_dir is None
    assert not (tmp_path / "late").exists()


def test_bad_targets_raise(small, tmp_path: Path):
    model, tok = small
    cfg = _config(lora_targets="c_attn")
    with pytest.raises(ValueError, match="LoRA targets"):
        train_task_adapter(model, tok, _examples(tok, cfg), cfg, tmp_path / "x", seed=0)
    assert not any("lora" in name for name, _ in model.named_modules())


def test_shared_adapter(small, tmp_path: Path):
    model, tok = small
    cfg = _config(ttt_max_examples=2, ttt_epochs=1)
    by_task = {tid: _examples(tok, cfg, _task(tid)) for tid in ("a", "b")}
    result = train_shared_adapter(model, tok, by_task, cfg, tmp_path / "_shared", seed=0)
    assert result.n_examples == 4 and result.steps == 2
    meta = json.loads((tmp_path / "_shared" / META_FILE).read_text())
    assert meta["mode"] == "shared" and meta["tasks"] == ["a", "b"]


def test_paper_optimiser_settings(small, tmp_path: Path, monkeypatch):
    model, tok = small
    seen = {"clip": 0, "wd": [], "ckpt": 0}
    real_clip, real_adamw = torch.nn.utils.clip_grad_norm_, torch.optim.AdamW

    def clip(*args, **kwargs):
        seen["clip"] += 1
        return real_clip(*args, **kwargs)

    def adamw(params, **kwargs):
        seen["wd"].append(kwargs["weight_decay"])
        return real_adamw(params, **kwargs)

    def hook(module, args, kwargs):  # what the decoder stack is set to while the adapter trains
        if module.training:
            seen["ckpt"] += int(bool(module.gradient_checkpointing))

    handle = model.model.register_forward_pre_hook(hook, with_kwargs=True)
    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", clip)
    monkeypatch.setattr(torch.optim, "AdamW", adamw)
    plain_cfg = _config(ttt_epochs=1)
    examples = _examples(tok, plain_cfg)
    plain = train_task_adapter(model, tok, examples, plain_cfg, tmp_path / "plain", seed=0)
    assert seen == {"clip": plain.steps, "wd": [0.0], "ckpt": 0}
    paper_cfg = _config(ttt_epochs=1, ttt_weight_decay=0.01, ttt_max_grad_norm=0.0,
                        ttt_gradient_checkpointing=True)
    paper = train_task_adapter(model, tok, examples, paper_cfg, tmp_path / "paper", seed=0)
    handle.remove()
    assert seen["clip"] == plain.steps and seen["wd"] == [0.0, 0.01]
    assert seen["ckpt"] == paper.steps * paper_cfg.ttt_grad_accum  # every training forward was checkpointed
    assert paper.steps == plain.steps
    assert paper.losses[0] == pytest.approx(plain.losses[0], rel=1e-5)  # checkpointing recomputes, same loss
    assert not model.model.gradient_checkpointing  # switched off again after training
    assert ttt_hash(plain_cfg, examples, 0) != ttt_hash(paper_cfg, examples, 0)
