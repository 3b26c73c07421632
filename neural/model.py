"""Models of the neural branch: the embedded default model, loading any causal LM, and a tiny test model.

The embedded model is a small Llama (transformers' own `LlamaConfig`/`LlamaForCausalLM`, so peft, the
transformers backend and vLLM all serve it like any Llama checkpoint) with a character-level tokenizer over
`COMPACT_ALPHABET`: every color digit, newline, 'I'/'O' marker and the '.' end marker is one token, plus the
special tokens <bos>, <eos>, <pad> and <unk>. It is trained from scratch by `neural.pretrain` and shipped in
`neural/embedded/` (HF format: config.json, model.safetensors, tokenizer files).

Loading any causal LM (and the other aliases) is the LM runtime's job (`solver.lm.loading`); this module only
names where the embedded checkpoint lives (`model_path("embedded")`).
"""
from __future__ import annotations

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


def char_tokenizer(chars: str, extra_special: tuple[str, ...] = (), chat_template: str | None = None,
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

    return char_tokenizer(COMPACT_ALPHABET)


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


def model_path(name_or_path: str) -> str:
    """The loadable name or path of a neural model setting: "embedded" -> the shipped checkpoint's folder
    (FileNotFoundError with a one-line message when it is missing); anything else unchanged."""
    if name_or_path != "embedded":
        return name_or_path
    if not (EMBEDDED_DIR / "config.json").exists():
        raise FileNotFoundError(f"the embedded model is missing: no config.json in {EMBEDDED_DIR} "
                                "(train it with `arc-solve pretrain`)")
    return str(EMBEDDED_DIR)
