"""Scoring candidates by the model (product of experts): the backend's log-probability against a hand computation,
the sum over augmented views, and the neural branch re-ranking its vote by it."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch

from neural.config import NeuralConfig
from neural.formats import get_format
from neural.infer import build_queries
from neural.model import build_embedded_model
from neural.scoring import score_grids
from solver.lm.loading import save_model
from solver.lm.tokens import prompt_ids
from solver.lm.transformers_backend import TransformersBackend
from solver.tasks import parse_task
from tests.conftest import flip_task

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    model, tok = build_embedded_model(seed=0, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=4, intermediate_size=64)
    model.eval()
    return model, tok, str(save_model(model, tok, tmp_path_factory.mktemp("emb") / "m"))


def _hand_logprob(model, tok, prompt: str, target: str) -> float:
    """log p(target | prompt), one token at a time, as a reader would compute it."""
    ids = prompt_ids(tok, prompt)
    total = 0.0
    for token in tok(target, add_special_tokens=False)["input_ids"]:
        with torch.no_grad():
            logits = model(input_ids=torch.tensor([ids])).logits[0, -1]
        total += float(torch.log_softmax(logits.float(), -1)[token])
        ids = ids + [token]
    return total


def test_backend_score_equals_the_hand_computed_log_probability(tiny):
    model, tok, _ = tiny
    backend = TransformersBackend(model, tok)
    prompt, target = "I\n12\n34\nO\n", "21\n43\n."
    got = backend.score([prompt, prompt], [target, "11\n11\n."])
    assert got[0] == pytest.approx(_hand_logprob(model, tok, prompt, target), abs=1e-4)
    assert got[1] == pytest.approx(_hand_logprob(model, tok, prompt, "11\n11\n."), abs=1e-4)
    with pytest.raises(ValueError):
        backend.score([prompt], [])


def test_product_of_experts_sums_over_the_augmented_views(tiny):
    model, tok, _ = tiny
    backend = TransformersBackend(model, tok)
    task = parse_task(flip_task(3), "t", "test").task
    fmt = get_format("compact")
    config = NeuralConfig(n_transforms=4, score_views=3)
    grids = [np.fliplr(task.test_inputs[0]).copy(), np.zeros((2, 2), dtype=np.uint8)]
    scores = score_grids(task, [grids], backend, fmt, tok, config, seed=5)
    views = [q for q in build_queries(task, fmt, tok, config, 5)[0] if q.test_index == 0][:3]
    assert len(views) == 3
    for grid, value in zip(grids, scores[0]):
        by_hand = sum(_hand_logprob(model, tok, q.prompt, fmt.render([], q.spec.transform.grid(grid),
                                                                      q.spec.transform.grid(grid)).target)
                      for q in views)
        assert value == pytest.approx(by_hand, abs=1e-3)

    class NoScore:
        pass

    with pytest.raises(RuntimeError, match="cannot score"):
        score_grids(task, [grids], NoScore(), fmt, tok, config, seed=5)


def test_branch_ranks_its_candidates_by_model_score(tiny, monkeypatch):
    from neural import branch, infer
    from solver.candidates import Candidate, Candidates

    model, tok, path = tiny
    task = parse_task(flip_task(2), "t", "test").task
    right, wrong = np.fliplr(task.test_inputs[0]).copy(), np.full((3, 3), 7, dtype=np.uint8)
    asked = {}

    def fixed_vote(task, backend, fmt, tokenizer, config, seed, adapter=None, deadline=None, top_k=2):
        asked["top_k"] = top_k  # the vote's favourite first: the model score must decide the order
        return Candidates("neural", [[Candidate(wrong, 5.0, "neural"), Candidate(right, 1.0, "neural")]])

    monkeypatch.setattr(infer, "augmented_predict", fixed_vote)
    config = NeuralConfig(model=path, device="cpu", ttt=False, rank_by="score", score_views=2, score_candidates=6,
                          time_limit_s=120)
    out = branch.solve(task, config, 0, None, time.monotonic() + 120)
    assert out.reason is None and asked["top_k"] == 6 and "score_seconds" in out.info
    expected = score_grids(task, [[wrong, right]], TransformersBackend(model, tok), get_format("compact"), tok,
                           config, 0)[0]
    got = {c.grid.tobytes(): c.model_score for c in out.per_test[0]}
    assert got[wrong.tobytes()] == pytest.approx(expected[0], abs=1e-3)
    assert got[right.tobytes()] == pytest.approx(expected[1], abs=1e-3)
    assert [c.model_score for c in out.per_test[0]] == sorted(got.values(), reverse=True)
    bad = NeuralConfig(model=path, device="cpu", ttt=False, rank_by="votes")
    assert "rank_by must be vote or score" in (branch.solve(task, bad, 0, None, time.monotonic() + 60).reason or "")


def test_scoring_stage_scores_every_branchs_candidates_before_the_merge(tiny):
    from solver.app.config import RunConfig
    from solver.app.pipeline import solve_task

    _, _, path = tiny
    loaded = parse_task(flip_task(2), "t", "test")
    config = RunConfig()
    config.run.time_limit_s = 30
    config.run.scoring_branch = "neural"
    config.branch("neural").enabled = False        # the model scores without the branch answering
    neural = config.branch("neural")
    neural.model, neural.device, neural.score_views = path, "cpu", 2
    result = solve_task(loaded, config)
    assert "error" not in result.scoring and result.scoring["candidates"] >= 1, result.scoring
    synth = result.branch_outputs["synth"].per_test[0]
    assert synth and all(c.model_score is not None and c.model_score < 0 for c in synth)
    assert result.attempts[0][0].verified and all(result.correct)   # a scored answer never outranks it
    assert result.to_json()["scoring"]["branch"] == "neural"
    config.run.scoring_branch = "synth"
    assert "cannot score" in solve_task(loaded, config).scoring["error"]
