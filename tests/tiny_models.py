"""Tiny models that tests build: a randomly initialised Llama with a printable-ASCII character tokenizer and a
chat template, so the chat formats (`marc`, `barc`) and both backends run on CPU in seconds."""
from __future__ import annotations

from pathlib import Path

import torch

from neural.model import char_tokenizer
from solver.lm.loading import save_model


TINY_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)


def build_tiny_llama(tmpdir: str | Path, seed: int = 0, hidden_size: int = 32, num_layers: int = 2) -> Path:
    """Save a tiny randomly initialised Llama with a printable-ASCII char tokenizer and a chat template.

    The chat template wraps messages as "<|role|>\\n...<|end|>\\n" (role markers are special tokens), so the
    chat formats (`marc`, `barc`) run on CPU in tests. Returns the folder, loadable with `solver.lm.loading.load_model(path)`.
    """
    from transformers import LlamaConfig, LlamaForCausalLM

    chars = "\n" + "".join(chr(c) for c in range(32, 127))
    roles = ("<|system|>", "<|user|>", "<|assistant|>", "<|end|>")
    tokenizer = char_tokenizer(chars, extra_special=roles, chat_template=TINY_CHAT_TEMPLATE)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, num_hidden_layers=num_layers,
                         num_attention_heads=4, num_key_value_heads=2, intermediate_size=2 * hidden_size,
                         max_position_embeddings=4096, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         tie_word_embeddings=True)
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return save_model(model, tokenizer, tmpdir)
