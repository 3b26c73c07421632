"""Exactly one BOS: `solver.lm.tokens.encode` on Llama-3-like, BOS-adding and BOS-less tokenizers; TTT data and
inference prompts built with it; chat prompts never depend on the date."""
from __future__ import annotations

import datetime

import numpy as np
import pytest

from neural.formats import CHAT_DATE, get_format
from neural.ttt_data import build_ttt_examples
from solver.lm.tokens import count_tokens, default_adds_bos, encode, prompt_ids
from solver.tasks import Pair, Task
from tests.conftest import char_chat_tokenizer
from tests.llama3_tokenizer import BOS, llama3_style_tokenizer


@pytest.fixture(scope="module")
def llama3():
    return llama3_style_tokenizer()


def _no_bos_tokenizer():
    """bos_token set, but no post-processor: its default adds nothing (like SmolLM2's or Qwen's)."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"<s>": 0, "<unk>": 1, **{chr(c): c for c in range(32, 127)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.add_special_tokens(["<s>"])
    return PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<s>", unk_token="<unk>")


def _task(n_demos: int = 3) -> Task:
    rng = np.random.default_rng(0)
    pairs = []
    for _ in range(n_demos):
        x = rng.integers(0, 10, (3, 4)).astype(np.uint8)
        pairs.append(Pair(x, np.fliplr(x).copy()))
    return Task("t", tuple(pairs), (rng.integers(0, 10, (3, 4)).astype(np.uint8),))


def test_llama3_template_and_post_processor_give_one_bos(llama3):
    bos = llama3.bos_token_id
    text = llama3.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False,
                                      add_generation_prompt=True)
    assert text.startswith(BOS)
    assert llama3(text)["input_ids"][:2] == [bos, bos]  # the bug this module exists for
    ids = prompt_ids(llama3, text)
    assert ids[0] == bos and ids.count(bos) == 1
    assert ids == llama3(text, add_special_tokens=False)["input_ids"]
    plain = encode(llama3, "12", offsets=True)  # no BOS in the text: the tokenizer's own default adds one
    assert plain.ids == [bos] + llama3("12", add_special_tokens=False)["input_ids"]
    assert plain.offsets == [(0, 0), (0, 1), (1, 2)]
    assert count_tokens(llama3, text) == len(ids) and count_tokens(None, text) == len(text)


def test_tokenizers_that_add_no_bos_get_none():
    tok = _no_bos_tokenizer()
    assert not default_adds_bos(tok)
    assert prompt_ids(tok, "ab") == [97, 98]
    assert prompt_ids(tok, "<s>ab") == [0, 97, 98]  # a BOS written in the text stays, once
    adds = char_chat_tokenizer()  # post-processor adds <s>, the template writes none
    assert default_adds_bos(adds)
    assert prompt_ids(adds, "ab") == adds("ab")["input_ids"]
    assert prompt_ids(adds, "<s>ab").count(adds.bos_token_id) == 1


def test_embedded_tokenizer_keeps_its_bos():
    from neural.model import build_embedded_tokenizer

    tok = build_embedded_tokenizer()
    assert prompt_ids(tok, "I\n1\nO\n") == tok("I\n1\nO\n")["input_ids"]
    assert prompt_ids(tok, "I\n1\nO\n")[0] == tok.bos_token_id


@pytest.mark.parametrize("name", ["marc", "barc"])
def test_ttt_data_has_exactly_one_bos(llama3, name):
    exs = build_ttt_examples(_task(), get_format(name), llama3, max_examples=6, max_tokens=8192, seed=0,
                             loss_on_all_outputs=True)
    assert len(exs) == 6
    for ex in exs:
        assert ex.input_ids[0] == llama3.bos_token_id
        assert ex.input_ids.count(llama3.bos_token_id) == 1
        assert ex.labels[0] == -100


@pytest.mark.parametrize("name", ["marc", "barc"])
def test_chat_prompts_do_not_depend_on_the_date(llama3, name):
    task = _task()
    prompt = get_format(name).render(task.train, task.test_inputs[0], None, llama3).prompt
    assert f"Today Date: {CHAT_DATE}\n" in prompt
    today = datetime.date.today().strftime("%d %b %Y")
    if today != CHAT_DATE:
        assert today not in prompt
