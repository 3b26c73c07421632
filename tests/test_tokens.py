"""Exactly one BOS: `solver.lm.tokens.encode` on Llama-3-like, BOS-adding and BOS-less tokenizers; TTT data and
inference prompts built with it; chat prompts never depend on the date."""
from __future__ import annotations

import datetime

import numpy as np
import pytest

from neural.formats import get_format
from neural.ttt_data import build_ttt_examples
from solver.lm.tokens import CHAT_DATE, count_tokens, default_adds_bos, encode, prompt_ids
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


# --------------------------------------------------------------- inference prompts through the backends


def _tiny_llama_for(tok):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                      num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=4096,
                      bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    return LlamaForCausalLM(cfg).eval()


class _Spy:
    """Wraps model.generate and records the unpadded prompt ids of every row."""

    def __init__(self, model):
        self.rows: list[list[int]] = []
        self._generate = model.generate
        model.generate = self

    def __call__(self, input_ids, attention_mask, **kwargs):
        for ids, mask in zip(input_ids.tolist(), attention_mask.tolist()):
            self.rows.append([i for i, m in zip(ids, mask) if m])
        return self._generate(input_ids=input_ids, attention_mask=attention_mask, **kwargs)


def test_transformers_backend_inference_prompts_have_one_bos(llama3):
    from neural.config import apply_preset, NeuralConfig
    from neural.infer import augmented_predict
    from solver.lm.transformers_backend import TransformersBackend

    model = _tiny_llama_for(llama3)
    spy = _Spy(model)
    backend = TransformersBackend(model, llama3, batch_size=4)
    cfg = apply_preset(NeuralConfig(), "marc")
    cfg.max_new_tokens = 2
    task = _task()
    augmented_predict(task, backend, get_format("marc"), llama3, cfg, seed=0)
    assert len(spy.rows) >= 8  # the leave-one-out prompts, their shuffles and the 5 transformed ones
    for row in spy.rows:
        assert row[0] == llama3.bos_token_id and row.count(llama3.bos_token_id) == 1


def test_llm_sampler_prompt_has_one_bos(llama3):
    from solver.lm.transformers_backend import TransformersBackend
    from synth.llm_sampler import induction_prompt, sample_programs

    task = _task()
    prompt = induction_prompt(task, llama3)
    assert prompt.startswith(BOS) and f"Today Date: {CHAT_DATE}\n" in prompt
    model = _tiny_llama_for(llama3)
    spy = _Spy(model)
    sample_programs(task, TransformersBackend(model, llama3), llama3, n_samples=2, temperature=1.0,
                    max_new_tokens=2, seed=0)
    assert spy.rows and all(r[0] == llama3.bos_token_id and r.count(llama3.bos_token_id) == 1 for r in spy.rows)
    assert spy.rows[0] == prompt_ids(llama3, prompt)


def test_vllm_backend_sends_token_ids_with_one_bos(llama3):
    from solver.lm.vllm_backend import VLLMBackend

    class FakeLLM:
        def __init__(self):
            self.prompts = None

        def get_tokenizer(self):
            return llama3

        def generate(self, prompts, params, lora_request=None, use_tqdm=False):
            self.prompts = prompts

            class Out:
                outputs = [type("C", (), {"index": 0, "text": "[[1]]#"})()]
            return [Out() for _ in prompts]

    backend = VLLMBackend.__new__(VLLMBackend)  # no engine: only the prompt path is under test
    backend.llm, backend._tokenizer, backend.enable_lora, backend._lora_ids = FakeLLM(), None, False, {}
    backend._sampling_params = lambda **kw: kw
    task = _task()
    prompt = get_format("marc").render(task.train, task.test_inputs[0], None, llama3).prompt
    assert backend.generate([prompt, "12"], 4, stop=["#"]) == [["[[1]]#"], ["[[1]]#"]]
    sent = [p["prompt_token_ids"] for p in backend.llm.prompts]
    assert sent == [prompt_ids(llama3, prompt), prompt_ids(llama3, "12")]
    assert all(ids[0] == llama3.bos_token_id and ids.count(llama3.bos_token_id) == 1 for ids in sent)
