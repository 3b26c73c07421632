"""Typed settings of the synthesis branch (filled from CLI flags or the [synth] table of a TOML config)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SynthConfig:
    enabled: bool = True
    sampler: str = "cpu"                # "cpu" (program search), "llm" (LLM sampler) or "both"
    search_depth: int = 3               # CPU search: maximum composition depth
    search_max_depth: int = 4           # compiled search: deepens past search_depth up to here while nothing is found
    search_memory_mb: int = 2048        # compiled search: memory cap of its states and images; it stops expanding there
    search_early_s: float = 0.85        # compiled search: a short search of this many seconds first, its programs kept (0 = none)
    search_views: str = "cells,color_rank,zero_background,transpose"  # views also searched after the task itself (synth.views; "" = none)
    max_candidates: int = 64            # most programs kept per task after search (before sandbox verification)
    sandbox_workers: int = 1
    sandbox_timeout_s: float = 2.0
    sandbox_memory_mb: int = 1024
    # LLM sampler (BARC induction prompt); used when sampler is "llm" or "both"
    llm_model: str = ""                 # HF name or local path; "" = none
    llm_backend: str = "transformers"   # "transformers" or "vllm"
    llm_samples: int = 8
    llm_temperature: float = 0.8
    llm_max_new_tokens: int = 1024
