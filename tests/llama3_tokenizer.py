"""A tokenizer built like Llama-3's, for BOS and date tests: `<|begin_of_text|>` written by the chat template AND
prepended by a TemplateProcessing post-processor; the system header carries Llama-3.2's "Today Date" line.

Character-level (a `tokenizers` WordLevel model over printable ASCII and newline), so offsets are exact and no
download is needed.
"""
from __future__ import annotations

from typing import Any

BOS = "<|begin_of_text|>"
EOS = "<|end_of_text|>"
SPECIALS = (BOS, EOS, "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<|pad|>", "<unk>")

# Llama-3.2-Instruct's template, reduced to what matters here: the BOS text first, the date line in the system
# message (today's date unless the caller passes `date_string`), trimmed contents, <|eot_id|> ends each turn.
LLAMA3_TEMPLATE = (
    "{{- bos_token }}"
    "{%- if not date_string is defined %}{%- if strftime_now is defined %}"
    "{%- set date_string = strftime_now('%d %b %Y') %}{%- else %}{%- set date_string = '26 Jul 2024' %}"
    "{%- endif %}{%- endif %}"
    "{%- for m in messages %}"
    "{{- '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n' }}"
    "{%- if m['role'] == 'system' %}"
    "{{- 'Cutting Knowledge Date: December 2023\\nToday Date: ' + date_string + '\\n\\n' }}{%- endif %}"
    "{{- m['content'] | trim }}{{- '<|eot_id|>' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}"
)


def llama3_style_tokenizer() -> Any:
    """A fast tokenizer whose chat template writes BOS and whose post-processor adds BOS too."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for ch in ["\n"] + [chr(c) for c in range(32, 127)]:
        vocab.setdefault(ch, len(vocab))
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    core.add_special_tokens(list(SPECIALS))
    core.post_processor = processors.TemplateProcessing(single=f"{BOS} $A", pair=f"{BOS} $A $B",
                                                        special_tokens=[(BOS, vocab[BOS])])
    tok = PreTrainedTokenizerFast(tokenizer_object=core, bos_token=BOS, eos_token=EOS, pad_token="<|pad|>",
                                  unk_token="<unk>", clean_up_tokenization_spaces=False)
    tok.add_special_tokens({"additional_special_tokens": list(SPECIALS[2:5])})
    tok.chat_template = LLAMA3_TEMPLATE
    return tok
