"""Typed settings of the neural (test-time training) branch (CLI flags or the [neural] table of a TOML config)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class NeuralConfig:
    enabled: bool = True
    time_limit_s: float = 60.0          # wall-clock budget of the whole branch for one task
    model: str = "embedded"             # "embedded" (the shipped small model), an HF hub name, or a local path
    format: str = "compact"             # prompt format: compact | marc | barc
    backend: str = "transformers"       # transformers | vllm
    device: str = "auto"                # auto | cpu | cuda
    # test-time training (per-task LoRA)
    ttt: bool = True
    shared_adapter: bool = False
    initial_adapter: str = ""
    lora_r: int = 64
    lora_alpha: int = 16
    lora_dropout: float = 0.0
    lora_targets: str = "q_proj,v_proj,gate_proj,up_proj,down_proj"
    ttt_max_examples: int = 24          # CPU default; the paper used 250 on GPU
    ttt_epochs: int = 1
    ttt_batch_size: int = 4
    ttt_grad_accum: int = 1
    ttt_lr: float = 1e-3
    ttt_warmup_ratio: float = 0.1
    max_tokens: int = 2048              # examples longer than this are dropped
    loss_on_all_outputs: bool = False   # also train on each demo output after the first
    # augmented inference and voting
    n_transforms: int = 8               # queries per test input (identity + invertible transforms)
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
