"""Augmented inference end to end with fake backends: transforms, inverse mapping, voting, limits, deadline."""
from __future__ import annotations

import random
import re

import numpy as np
import pytest

import neural.infer as infer
from neural.config import NeuralConfig
from neural.formats import compact_grid_text, get_format, numpy_grid_text
from neural.infer import augmented_predict
from solver.tasks import Pair, Task
from solver.transforms import random_transforms
from tests.conftest import char_chat_tokenizer

_OPS = [lambda g, k=k: np.rot90(g, k) for k in range(4)] + [lambda g, k=k: np.rot90(np.fliplr(g), k) for k in range(4)]


def g(rows):
    return np.array(rows, dtype=np.uint8)


def grids_in_prompt(prompt: str, fmt: str) -> list[np.ndarray]:
    """The grids of a prompt in order: demo inputs and outputs, then the query input."""
    if fmt == "compact":
        texts = re.findall(r"(?:^|\n)[IO]\n([0-9\n]+?)(?=\n[.O]|\n$)", prompt)
        return [g([[int(c) for c in row] for row in t.split("\n")]) for t in texts]
    texts = re.findall(r"\[\[.*?\]\]", prompt, flags=re.S)
    return [get_format("marc").parse(t) for t in texts]


class DihedralSolver:
    """Infers which of the 8 dihedral maps turns every demo input into its output and applies it to the query."""

    def __init__(self, fmt: str, junk: str = "\nI\n77\nO\n"):
        self.fmt, self.junk, self.calls = fmt, junk, []

    def answer(self, prompt: str) -> str:
        found = grids_in_prompt(prompt, self.fmt)
        demos, query = list(zip(found[:-1:2], found[1:-1:2])), found[-1]
        for op in _OPS:
            if all(op(x).shape == y.shape and np.array_equal(op(x), y) for x, y in demos):
                out = op(query)
                break
        else:
            return "no idea"
        if self.fmt == "compact":
            return compact_grid_text(out) + "\n." + self.junk
        return numpy_grid_text(out) + "#" + self.junk

    def generate(self, prompts, max_new_tokens, n=1, temperature=0.0, seed=0, adapter=None, stop=None, deadline=None):
        self.calls.append({"n_prompts": len(prompts), "n": n, "stop": stop, "adapter": adapter,
                           "temperature": temperature, "max_new_tokens": max_new_tokens})
        return [[self.answer(p)] * n for p in prompts]


class FixedText:
    def __init__(self, text: str):
        self.text, self.n_prompts = text, 0

    def generate(self, prompts, max_new_tokens, n=1, temperature=0.0, seed=0, adapter=None, stop=None, deadline=None):
        self.n_prompts += len(prompts)
        return [[self.text] * n for _ in prompts]


def flip_task() -> Task:
    demos = [g([[1, 2, 0], [0, 3, 0]]), g([[5, 0], [0, 6], [7, 7]]), g([[7, 7, 1, 4]])]
    tests = (g([[2, 4, 0], [4, 0, 0]]), g([[0, 9, 9], [8, 0, 0], [1, 2, 3]]))
    return Task("flip", tuple(Pair(x, np.fliplr(x).copy()) for x in demos), tests)


def test_flip_task_recovered_through_every_transform():
    task = flip_task()
    backend = DihedralSolver("compact")
    cfg = NeuralConfig(n_transforms=8, n_samples=2, temperature=0.7, max_new_tokens=64)
    cands = augmented_predict(task, backend, get_format("compact"), None, cfg, seed=3, adapter="task-adapter")
    assert cands.branch == "neural" and cands.reason is None
    names = cands.info["transforms"]
    assert len(names) == 8 and names[0] == "identity" and len(set(names)) == 8
    assert names == [t.name for t in random_transforms(random.Random(3), 8, 3)]
    for test_input, cand_list in zip(task.test_inputs, cands.per_test):
        assert len(cand_list) == 1  # every transform agreed after mapping back
        best = cand_list[0]
        assert np.array_equal(best.grid, np.fliplr(test_input))
        assert best.score == 8 and best.verified is False and best.branch == "neural"
        assert best.provenance == {"votes": 8, "raw_count": 16, "transforms": names, "n_unparseable": 0}
    # capped by the largest plausible output: a 4x4 square in compact text is 21 characters, + 8 margin
    assert backend.calls == [{"n_prompts": 16, "n": 2, "stop": ["."], "adapter": "task-adapter",
                              "temperature": 0.7, "max_new_tokens": 29}]
    assert cands.info["max_new_tokens"] == [29, 29]


def test_output_token_cap_follows_demo_sizes_and_scaling():
    scale = Task("s", (Pair(g([[1, 2], [3, 4]]), np.kron(g([[1, 2], [3, 4]]), np.ones((3, 3), np.uint8))),),
                 (g([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), g(np.ones((12, 12)))))
    assert infer.plausible_output_side(scale, 0) == 9  # 3x scale of a 3x3 test input
    assert infer.plausible_output_side(scale, 1) == 30  # 36 is beyond ARC's 30
    crop = Task("c", (Pair(g(np.ones((10, 10))), g([[1]])), Pair(g(np.ones((8, 8))), g([[2, 2]]))), (g(np.ones((9, 9))),))
    assert infer.plausible_output_side(crop, 0) == 9  # never below the test input's own side
    fmt = get_format("compact")
    assert infer.output_token_cap(scale, 0, fmt, None, 1024) == len(compact_grid_text(np.zeros((9, 9)))) + 2 + 8
    assert infer.output_token_cap(scale, 1, fmt, None, 100) == 100


def test_chat_format_with_tokenizer():
    tok = char_chat_tokenizer()
    task = flip_task()
    cands = augmented_predict(task, DihedralSolver("marc", junk="<|im_end|>"), get_format("marc"), tok,
                              NeuralConfig(n_transforms=4), seed=0)
    for test_input, cand_list in zip(task.test_inputs, cands.per_test):
        assert np.array_equal(cand_list[0].grid, np.fliplr(test_input))
        assert cand_list[0].provenance["votes"] == 4


def test_fixed_answer_is_mapped_back_per_transform():
    task = flip_task()
    cfg = NeuralConfig(n_transforms=5)
    cands = augmented_predict(task, FixedText("12\n34\n."), get_format("compact"), None, cfg, seed=11)
    transforms = random_transforms(random.Random(11), 5, 3)
    expected = [t.inverse_grid(g([[1, 2], [3, 4]])) for t in transforms]
    for cand_list in cands.per_test:
        assert len(cand_list) == 2
        assert np.array_equal(cand_list[0].grid, g([[1, 2], [3, 4]]))  # identity's answer, first appearance
        assert cand_list[0].provenance["transforms"][0] == "identity"
        distinct = {e.tobytes() + bytes(e.shape) for e in expected}
        if len(distinct) == 5:  # all different: one vote each, ties broken by first appearance
            assert np.array_equal(cand_list[1].grid, expected[1])
            assert [c.score for c in cand_list] == [1.0, 1.0]


def test_unparseable_outputs():
    task = flip_task()
    cands = augmented_predict(task, FixedText("I have no idea"), get_format("compact"), None,
                              NeuralConfig(n_transforms=3), seed=0)
    assert cands.per_test == [[], []]
    assert cands.reason == "no parseable prediction"
    assert cands.info["n_unparseable"] == [3, 3]


def test_long_prompts_drop_demos_then_skip():
    task = flip_task()
    fmt = get_format("compact")
    full = len(fmt.render(task.train, task.test_inputs[1], None).prompt)
    one_demo = max(len(fmt.render(task.train[i:i + 1], task.test_inputs[1], None).prompt) for i in range(3))
    cfg = NeuralConfig(n_transforms=4, max_tokens=max(one_demo, full - 5))
    cands = augmented_predict(task, DihedralSolver("compact"), fmt, None, cfg, seed=1)
    assert cands.info["n_demos_dropped"] > 0 and cands.info["n_skipped_long"] == 0
    for test_input, cand_list in zip(task.test_inputs, cands.per_test):
        assert np.array_equal(cand_list[0].grid, np.fliplr(test_input))

    backend = FixedText("1\n.")
    cands = augmented_predict(task, backend, fmt, None, NeuralConfig(n_transforms=4, max_tokens=10), seed=1)
    assert backend.n_prompts == 0
    assert cands.per_test == [[], []] and cands.info["n_skipped_long"] == 8
    assert "max_tokens" in cands.reason


def test_deadline(monkeypatch):
    task = flip_task()
    fmt = get_format("compact")
    backend = FixedText("1\n.")
    past = infer.time.monotonic() - 1
    cands = augmented_predict(task, backend, fmt, None, NeuralConfig(n_transforms=8), seed=0, deadline=past)
    assert backend.n_prompts == 0 and cands.info["deadline_hit"]
    assert cands.reason == "time budget ran out before any generation"

    clock = [1000.0]
    monkeypatch.setattr(infer.time, "monotonic", lambda: clock[0])

    class SlowSolver(DihedralSolver):
        def generate(self, prompts, *args, **kwargs):
            clock[0] += 1.0 * len(prompts)  # one second per prompt
            return super().generate(prompts, *args, **kwargs)

    slow = SlowSolver("compact")
    cands = augmented_predict(task, slow, fmt, None, NeuralConfig(n_transforms=8), seed=0, deadline=1005.5)
    assert [c["n_prompts"] for c in slow.calls] == [2, 3, 1]  # identity of both tests first, then by measured speed
    assert cands.info["deadline_hit"] and cands.info["n_generated"] == 6
    for test_input, cand_list in zip(task.test_inputs, cands.per_test):
        assert np.array_equal(cand_list[0].grid, np.fliplr(test_input))
        assert cand_list[0].provenance["transforms"][0] == "identity"


def test_backend_answer_count_is_checked():
    class Short(FixedText):
        def generate(self, prompts, *args, **kwargs):
            return super().generate(prompts[:-1], *args, **kwargs)

    with pytest.raises(ValueError, match="completion lists"):
        augmented_predict(flip_task(), Short("1\n."), get_format("compact"), None, NeuralConfig(n_transforms=2), 0)


# ------------------------------------------------------------------------------ the paper's prompt set

from neural.config import apply_preset  # noqa: E402
from neural.infer import PAPER_TRANSFORMS, build_queries, max_sequence_tokens  # noqa: E402


def _marc(**kw) -> NeuralConfig:
    cfg = apply_preset(NeuralConfig(), "marc")
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


def test_marc_prompt_set_leave_one_out_shuffles_and_five_transforms():
    task = flip_task()
    fmt = get_format("compact")
    queries, planned, skipped = build_queries(task, fmt, None, _marc(), seed=0)
    assert skipped == 0
    for i in range(2):
        mine = [q for q in queries if q.test_index == i]
        plain = [q for q in mine if q.spec.group == "identity"]
        # each demo left out in turn (the others in task order), then 2 shuffles of each: 3..9 distinct prompts
        assert [q.spec.demos for q in plain[:1]] == [(1, 2)]
        assert {tuple(sorted(q.spec.demos)) for q in plain} == {(1, 2), (0, 2), (0, 1)}
        assert 3 <= len(plain) <= 9 and len({q.prompt for q in plain}) == len(plain)
        assert all(q.spec.transform.name == "identity" and q.n_demos == 2 for q in plain)
        moved = [q for q in mine if q.spec.group != "identity"]
        assert [q.spec.group for q in moved] == list(PAPER_TRANSFORMS)
        assert all(q.spec.transform.name == q.spec.group for q in moved)  # no color permutation
        assert all(q.spec.demos in {p.spec.demos for p in plain} for q in moved)
        expected = fmt.render([Pair(np.rot90(task.train[j].input), np.rot90(task.train[j].output))
                               for j in moved[3].spec.demos], np.rot90(task.test_inputs[i]), None).prompt
        assert moved[3].prompt == expected  # rot90 = numpy's rot90 on every grid, the test input included
    assert [q.test_index for q in queries[:4]] == [0, 1, 0, 1]  # interleaved: the first prompts of every test first
    again, _, _ = build_queries(task, fmt, None, _marc(), seed=0)
    assert [q.prompt for q in again] == [q.prompt for q in queries]
    assert [q.prompt for q in build_queries(task, fmt, None, _marc(), seed=1)[0]] != [q.prompt for q in queries]
    assert len(planned) == len({q.spec.name for q in queries})


def test_marc_prompt_set_falls_back_to_leave_two_out_and_filters_with_the_cap():
    task = flip_task()
    fmt = get_format("compact")
    cap = infer.output_token_cap(task, 1, fmt, None, 4096)
    two = max(len(fmt.render([task.train[a], task.train[b]], task.test_inputs[1], None).prompt)
              for a in range(3) for b in range(3) if a != b)
    one = max(len(fmt.render([task.train[a]], task.test_inputs[1], None).prompt) for a in range(3))
    queries, _, skipped = build_queries(task, fmt, None, _marc(max_tokens=one + cap), seed=0)
    mine = [q for q in queries if q.test_index == 1]
    assert mine and all(len(q.spec.demos) == 1 for q in mine) and skipped > 0  # only leave-two-out fits
    assert {q.spec.demos for q in mine if q.spec.group == "identity"} == {(0,), (1,), (2,)}
    assert all(len(q.prompt) + cap <= one + cap for q in mine) and one < two
    none, _, skipped = build_queries(task, fmt, None, _marc(max_tokens=10), seed=0)
    assert none == [] and skipped > 0


def test_marc_prompt_set_symmetric_and_single_demo_tasks():
    fmt = get_format("compact")
    z = g([[3]])
    same = Task("z", (Pair(z, z), Pair(z, z), Pair(z, z)), (z,))
    queries, _, _ = build_queries(same, fmt, None, _marc(), seed=0)
    assert len(queries) == 1  # every shuffle and transform renders the same prompt: kept once
    single = Task("s", flip_task().train[:1], flip_task().test_inputs)
    queries, _, _ = build_queries(single, fmt, None, _marc(), seed=0)
    assert queries and all(q.spec.demos == (0,) for q in queries)


def test_marc_prompts_and_vote_end_to_end():
    task = flip_task()
    backend = DihedralSolver("marc", junk="<|im_end|>")
    cfg = _marc(max_tokens=8192, temperature=0.0)
    cands = augmented_predict(task, backend, get_format("marc"), char_chat_tokenizer(), cfg, seed=0)
    assert cands.reason is None and cands.info["prompt_set"] == "marc" and cands.info["vote_kind"] == "marc"
    assert backend.calls[0]["n"] == 1 and backend.calls[0]["temperature"] == 0.0
    for test_input, cand_list in zip(task.test_inputs, cands.per_test):
        assert len(cand_list) == 1 and np.array_equal(cand_list[0].grid, np.fliplr(test_input))
        assert cand_list[0].provenance["transforms"] == ["all", "identity", *PAPER_TRANSFORMS]
        assert cand_list[0].score == 3 * 7  # "all", identity and the 5 transformed groups: 3 nominations each
    assert max_sequence_tokens(cfg) == 8192
    assert max_sequence_tokens(NeuralConfig()) == NeuralConfig().max_tokens + NeuralConfig().max_new_tokens
    with pytest.raises(ValueError, match="unknown prompt set"):
        build_queries(task, get_format("compact"), None, _marc(prompt_set="all"), seed=0)


def test_marc_prompt_set_leave_zero_out_for_the_baseline():
    task = flip_task()
    queries, _, _ = build_queries(task, get_format("compact"), None, _marc(prompt_leave_out=0), seed=0)
    plain = [q for q in queries if q.test_index == 0 and q.spec.group == "identity"]
    assert plain[0].spec.demos == (0, 1, 2) and all(sorted(q.spec.demos) == [0, 1, 2] for q in plain)
    assert 1 <= len(plain) <= 3  # all demos, plus up to 2 distinct shuffles
