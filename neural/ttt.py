"""Test-time training: a LoRA adapter per task (or one shared by all tasks) trained with peft.

Every task starts from the same base weights (optionally from an initial adapter, `config.initial_adapter`):
the peft wrapper is created on the base model, trained, saved with `save_pretrained` (PEFT format:
adapter_config.json + adapter_model.safetensors, plus our ttt_meta.json), and then unloaded, which puts the
base model's original modules back; base weights are frozen throughout, so they are unchanged.

Optimisation: AdamW over the LoRA parameters (weight decay `ttt_weight_decay`), cosine schedule with linear
warmup over `ttt_warmup_ratio` of the steps (`transformers.get_cosine_schedule_with_warmup`), `ttt_epochs`
passes over the examples in an order drawn from `seed`, batches of `ttt_batch_size` (right-padded, padding
labelled -100), `ttt_grad_accum` batches per optimizer step, gradients clipped to norm `ttt_max_grad_norm`
(0: not clipped), bf16 autocast when `ttt_bf16` says so ("auto": on a GPU with bf16, and on a CPU with native
bf16 support, where it measured ~1.7x faster than fp32 for the embedded model). With
`ttt_gradient_checkpointing` the model recomputes each layer's activations in the backward pass (transformers'
`activation_checkpointing_enable`, formerly `gradient_checkpointing_enable`; non-reentrant) and is switched back afterwards: activation memory of one
layer instead of all, for about a third more compute.

Reuse: an adapter folder whose ttt_meta.json has the same hash (training settings, seed and the examples'
tokens) and says training completed is reused without training. Deadline: an absolute `time.monotonic()`
value; training stops before a step that would not finish in time, and the result records it. An adapter
trained only partly is still saved (and used), but never reused by a later run.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import torch

from neural.config import NeuralConfig
from neural.ttt_data import IGNORE_INDEX, TrainExample

# peft 0.21 calls transformers' deprecated `is_gradient_checkpointing` on every adapter: one warning per task
# would bury the progress bar of a run; nothing for this project to act on.
warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)

META_FILE = "ttt_meta.json"


@dataclass
class TTTResult:
    """What training one adapter did: where it is, optimizer steps, per-step losses, seconds, whether reused."""

    adapter_dir: str | None
    steps: int
    losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    reused: bool = False
    stopped_early: bool = False
    planned_steps: int = 0
    n_examples: int = 0
    bf16: bool = False
    reason: str | None = None

    def to_info(self) -> dict[str, Any]:
        info = asdict(self)
        info["losses"] = [round(x, 4) for x in self.losses]
        return info


_HASHED_FIELDS = ("model", "format", "lora_r", "lora_alpha", "lora_dropout", "lora_targets", "initial_adapter",
                  "ttt_max_examples", "ttt_augmenters", "ttt_leave_out", "ttt_epochs", "ttt_batch_size",
                  "ttt_grad_accum", "ttt_lr", "ttt_warmup_ratio", "ttt_weight_decay", "ttt_max_grad_norm",
                  "max_tokens", "loss_on_all_outputs")


def ttt_hash(config: NeuralConfig, examples: Sequence[TrainExample], seed: int) -> str:
    """A hash of everything that determines the adapter: training settings, seed and example tokens."""
    h = hashlib.sha256()
    h.update(json.dumps({k: getattr(config, k) for k in _HASHED_FIELDS}, sort_keys=True).encode())
    h.update(str(seed).encode())
    for ex in examples:
        h.update(json.dumps([ex.input_ids, ex.labels]).encode())
    return h.hexdigest()[:16]


def use_bf16(setting: str, device: str) -> bool:
    """Resolve the bf16-autocast setting ("auto" | "on" | "off") for a device."""
    if setting == "on":
        return True
    if setting == "off":
        return False
    if device.startswith("cuda"):
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _target_modules(model: Any, targets: str) -> list[str]:
    """The configured LoRA target names that exist as Linear layers in the model (ValueError when none)."""
    wanted = [t.strip() for t in targets.split(",") if t.strip()]
    present = {name.rsplit(".", 1)[-1] for name, mod in model.named_modules() if isinstance(mod, torch.nn.Linear)}
    found = [t for t in wanted if t in present]
    if not found:
        raise ValueError(f"none of the LoRA targets {wanted} is a Linear layer of the model "
                         f"(it has {sorted(present)[:12]})")
    return found


def _collate(batch: Sequence[TrainExample], pad_id: int, device: str) -> dict[str, torch.Tensor]:
    """Right-padded tensors; padding has attention 0 and label -100."""
    width = max(len(ex.input_ids) for ex in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, ex in enumerate(batch):
        n = len(ex.input_ids)
        ids[row, :n] = torch.tensor(ex.input_ids)
        labels[row, :n] = torch.tensor(ex.labels)
        mask[row, :n] = 1
    return {"input_ids": ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}


def _read_meta(out_dir: Path) -> dict[str, Any] | None:
    meta_path = out_dir / META_FILE
    if not (meta_path.exists() and (out_dir / "adapter_config.json").exists()):
        return None
    try:
        return json.loads(meta_path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def _wrap(model: Any, config: NeuralConfig) -> Any:
    from peft import LoraConfig, PeftModel, get_peft_model

    if config.initial_adapter:
        return PeftModel.from_pretrained(model, config.initial_adapter, is_trainable=True)
    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=_target_modules(model, config.lora_targets), bias="none",
                      task_type="CAUSAL_LM")
    return get_peft_model(model, lora)


def _set_checkpointing(model: Any, on: bool) -> None:
    """Activation (gradient) checkpointing on or off, non-reentrant; transformers 5 renamed the methods."""
    if hasattr(model, "activation_checkpointing_enable"):
        if on:
            model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        else:
            model.activation_checkpointing_disable()
    elif on:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    else:
        model.gradient_checkpointing_disable()


def _train(model: Any, tokenizer: Any, examples: Sequence[TrainExample], config: NeuralConfig, out_dir: Path,
           seed: int, deadline: float | None, digest: str, extra_meta: dict[str, Any]) -> TTTResult:
    """Train one adapter on `examples` and save it to `out_dir` (shared by the per-task and shared modes)."""
    from transformers import get_cosine_schedule_with_warmup

    started = time.monotonic()
    out_dir = Path(out_dir)
    meta = _read_meta(out_dir)
    if meta is not None and meta.get("hash") == digest and meta.get("complete"):
        return TTTResult(str(out_dir), int(meta.get("steps", 0)), list(meta.get("losses", [])),
                         time.monotonic() - started, reused=True, planned_steps=int(meta.get("planned_steps", 0)),
                         n_examples=len(examples), bf16=bool(meta.get("bf16", False)))
    if not examples:
        return TTTResult(None, 0, [], time.monotonic() - started, reason="no training examples")

    device = str(next(model.parameters()).device)
    bf16 = use_bf16(config.ttt_bf16, device)
    batch_size = max(1, config.ttt_batch_size)
    accum = max(1, config.ttt_grad_accum)
    rng = random.Random(seed)
    torch.manual_seed(seed)
    batches_per_epoch = math.ceil(len(examples) / batch_size)
    steps_per_epoch = math.ceil(batches_per_epoch / accum)
    planned = steps_per_epoch * max(1, config.ttt_epochs)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    was_training = model.training
    requires_grad = {name: p.requires_grad for name, p in model.named_parameters()}
    checkpointing = bool(config.ttt_gradient_checkpointing)
    if checkpointing:
        _set_checkpointing(model, True)
    peft_model = _wrap(model, config)
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.ttt_lr, weight_decay=config.ttt_weight_decay)
    scheduler = get_cosine_schedule_with_warmup(optimizer, math.ceil(config.ttt_warmup_ratio * planned), planned)
    device_type = "cuda" if device.startswith("cuda") else "cpu"
    losses: list[float] = []
    stopped_early = False
    step_seconds = 0.0
    try:
        peft_model.train()
        for _epoch in range(max(1, config.ttt_epochs)):
            order = list(range(len(examples)))
            rng.shuffle(order)
            batches = [[examples[i] for i in order[k:k + batch_size]] for k in range(0, len(order), batch_size)]
            for s in range(0, len(batches), accum):
                if deadline is not None and time.monotonic() + step_seconds > deadline:
                    stopped_early = True
                    break
                t0 = time.monotonic()
                group = batches[s:s + accum]
                total = 0.0
                for batch in group:
                    with torch.autocast(device_type, dtype=torch.bfloat16, enabled=bf16):
                        loss = peft_model(**_collate(batch, pad_id, device)).loss
                    (loss / len(group)).backward()
                    total += float(loss.detach()) / len(group)
                if config.ttt_max_grad_norm > 0:
                    torch.nn.utils.clip_grad_norm_(params, config.ttt_max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
                losses.append(total)
                step_seconds = time.monotonic() - t0
            if stopped_early:
                break
        complete = not stopped_early
        if losses:
            tmp = out_dir.with_name(out_dir.name + ".tmp")
            if tmp.exists():
                shutil.rmtree(tmp)
            peft_model.save_pretrained(str(tmp))
            (tmp / META_FILE).write_text(json.dumps({
                "hash": digest, "complete": complete, "steps": len(losses), "planned_steps": planned,
                "losses": losses, "bf16": bf16, "seed": seed, "n_examples": len(examples),
                "descriptions": [ex.description for ex in examples], **extra_meta}, indent=1))
            if out_dir.exists():
                shutil.rmtree(out_dir)
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp.rename(out_dir)
    finally:
        peft_model.unload()  # removes the LoRA layers, puts the original modules back
        if checkpointing:
            _set_checkpointing(model, False)
        for name, p in model.named_parameters():
            p.requires_grad_(requires_grad.get(name, p.requires_grad))
        model.train(was_training)
    return TTTResult(str(out_dir) if losses else None, len(losses), losses, time.monotonic() - started,
                     reused=False, stopped_early=stopped_early, planned_steps=planned, n_examples=len(examples),
                     bf16=bf16, reason="deadline reached before the first step" if not losses else None)


def train_task_adapter(model: Any, tokenizer: Any, examples: Sequence[TrainExample], config: NeuralConfig,
                       out_dir: str | Path, seed: int, deadline: float | None = None) -> TTTResult:
    """Train (or reuse) the LoRA adapter of one task on its TTT examples; save it in PEFT format to `out_dir`."""
    digest = ttt_hash(config, examples, seed)
    return _train(model, tokenizer, examples, config, Path(out_dir), seed, deadline, digest, {"mode": "task"})


def train_shared_adapter(model: Any, tokenizer: Any, examples_by_task: dict[str, Sequence[TrainExample]],
                         config: NeuralConfig, out_dir: str | Path, seed: int,
                         deadline: float | None = None) -> TTTResult:
    """One adapter trained on the TTT examples of all tasks together (the paper's Shared-TTT ablation)."""
    examples = [ex for task_id in sorted(examples_by_task) for ex in examples_by_task[task_id]]
    digest = ttt_hash(config, examples, seed)
    return _train(model, tokenizer, examples, config, Path(out_dir), seed, deadline, digest,
                  {"mode": "shared", "tasks": sorted(examples_by_task)})
