"""Settings for the vLLM tests (run by `make vllm-test` in .venv-vllm; the main suite never collects this folder).

They must be in the environment before vLLM is imported: one OpenMP thread, no core pinning (the machine's
cores are shared), no network, no usage reporting. (The KV cache size is VLLMBackend's `cpu_kvcache_space_gb`.)
"""
from __future__ import annotations

import os

for key, value in {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VLLM_CPU_OMP_THREADS_BIND": "nobind",
    "VLLM_NO_USAGE_STATS": "1",
    "VLLM_CONFIGURE_LOGGING": "1",
    "VLLM_LOGGING_LEVEL": "WARNING",
    "HF_HUB_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(key, value)
