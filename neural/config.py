"""Typed settings of the neural (test-time training) branch, and the presets that fill them.

Settings come from the dataclass defaults (the CPU default with the embedded model), a preset (a named TOML
file in `neural/presets/`, e.g. `marc` or `barc`: the published settings of a checkpoint), a TOML config's
[neural] table, or CLI flags. A preset is data only: its [neural] table sets fields of `NeuralConfig`, and
every step the paper's pipeline does differently is one of these fields (`ttt_augmenters`, `ttt_leave_out`,
`loss_on_all_outputs`, `prompt_set`, `vote_kind`, the optimiser settings), served by the same code.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection

PRESET_DIR = Path(__file__).resolve().parent / "presets"


@dataclass
class NeuralConfig:
    enabled: bool = True
    preset: str = ""                    # the preset these settings started from ("" = the defaults); recorded
    time_limit_s: float = 60.0          # wall-clock budget of the whole branch for one task
    model: str = "embedded"             # "embedded" (the shipped small model), an HF hub name, or a local path
    format: str = "compact"             # prompt format: compact | marc | barc
    backend: str = "transformers"       # transformers | vllm
    device: str = "auto"                # auto | cpu | cuda
    # test-time training (per-task LoRA)
    ttt: bool = True
    shared_adapter: bool = False
    rank_by: str = "vote"               # candidates ranked by the vote, or "score": product-of-experts log-probability
    score_views: int = 4                # augmented prompts each candidate is scored under (rank_by = "score", scoring stage)
    score_candidates: int = 8           # vote's top candidates kept for scoring (rank_by = "score")
    phases: bool = False                # evaluate: train every task's adapter first (phase 1), then infer (phase 2)
    initial_adapter: str = ""
    lora_r: int = 64
    lora_alpha: int = 16
    lora_dropout: float = 0.0
    lora_targets: str = "q_proj,v_proj,gate_proj,up_proj,down_proj"
    ttt_max_examples: int = 24          # CPU default; the paper used 250 on GPU
    ttt_augmenters: str = "dihedral"    # dihedral: random dihedral x color x demo order | marc: the paper's 23
    ttt_leave_out: str = "1+2"          # "1": leave-one-out tasks only | "1+2": topped up with leave-two-out
    ttt_epochs: int = 1
    ttt_batch_size: int = 4
    ttt_grad_accum: int = 1
    ttt_lr: float = 1e-3
    ttt_warmup_ratio: float = 0.1       # linear warmup share of the optimizer steps, then cosine to 0
    ttt_weight_decay: float = 0.0       # AdamW weight decay
    ttt_max_grad_norm: float = 1.0      # gradient clipping; 0 = none
    ttt_gradient_checkpointing: bool = False  # recompute activations in the backward pass (GPU memory)
    max_tokens: int = 2048              # training examples and prompts longer than this are dropped / shortened
    loss_on_all_outputs: bool = False   # also train on each demo output after the first
    # augmented inference and voting
    prompt_set: str = "transforms"      # transforms: n_transforms over all demos | marc: the paper's prompts
    n_demo_shuffles: int = 2            # prompt_set marc: demo-order shuffles per leave-one-out prompt
    prompt_leave_out: int = 1           # prompt_set marc: demos left out per prompt (paper: 1 after TTT, 0 without)
    vote_kind: str = "hierarchical"     # hierarchical (neural.vote) | marc: the paper's vote
    n_transforms: int = 8               # prompt_set transforms: queries per test input (identity + transforms)
    n_samples: int = 1                  # generations per query (1 = greedy)
    temperature: float = 0.0
    max_new_tokens: int = 1024
    # runtime (added with neural/model.py, backends.py, ttt.py, branch.py)
    dtype: str = "auto"                 # auto (bf16 on a GPU, fp32 on CPU) | float32 | bfloat16 | float16
    ttt_bf16: str = "auto"              # bf16 autocast while training the adapter: auto | on | off
    ttt_time_fraction: float = 0.5      # share of time_limit_s that TTT may use; the rest is for inference
    gen_batch_size: int = 8             # prompts per generate() call of the transformers backend
    vllm_max_loras: int = 8
    vllm_gpu_memory_utilization: float = 0.85


def preset_names() -> list[str]:
    """The presets shipped with the package (file names in neural/presets/ without .toml)."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def load_preset(name: str) -> dict[str, Any]:
    """The [neural] table of preset `name` plus `preset = name` (ValueError: unknown preset, unknown field,
    or a value of the wrong type)."""
    path = PRESET_DIR / f"{name}.toml"
    if not path.is_file():
        raise ValueError(f"unknown preset {name!r} (choose one of {', '.join(preset_names())})")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    extra = set(data) - {"neural"}
    if extra:
        raise ValueError(f"preset {name!r}: only a [neural] table is allowed, found {sorted(extra)}")
    table = dict(data.get("neural", {}))
    table["preset"] = name
    _check_fields(table, f"preset {name!r}")
    return table


def _check_fields(values: dict[str, Any], where: str) -> None:
    defaults = NeuralConfig()
    names = {f.name for f in dataclasses.fields(NeuralConfig)}
    for key, value in values.items():
        if key not in names:
            raise ValueError(f"{where}: unknown setting {key!r}")
        current = getattr(defaults, key)
        ok = (isinstance(value, bool) if isinstance(current, bool) else
              isinstance(value, (int, float)) and not isinstance(value, bool) if isinstance(current, float) else
              isinstance(value, int) and not isinstance(value, bool) if isinstance(current, int) else
              isinstance(value, type(current)))
        if not ok:
            raise ValueError(f"{where}: setting {key!r} must be {type(current).__name__}, got {value!r}")


def apply_preset(config: NeuralConfig, name: str, keep: Collection[str] = ()) -> NeuralConfig:
    """A copy of `config` with every field preset `name` sets replaced by the preset's value, except the
    fields in `keep` (those a config file or flag set explicitly: they win over the preset)."""
    table = load_preset(name)
    return dataclasses.replace(config, **{k: float(v) if isinstance(getattr(config, k), float) else v
                                          for k, v in table.items() if k not in keep})
