"""Scoring (exact match, pass@2, task and dataset scores) and the ensemble's merge policy."""
from __future__ import annotations

import numpy as np
import pytest

from ensemble.merge import merge, merge_test
from solver.candidates import Candidate, Candidates
from solver.scoring import dataset_score, pass_at_2, score_task, task_score


def g(*rows):
    return np.array(rows, dtype=np.uint8)


def test_exact_match_and_pass_at_2():
    sol = g([1, 2])
    assert pass_at_2([g([1, 2])], sol)
    assert pass_at_2([g([0, 0]), g([1, 2])], sol)
    assert not pass_at_2([g([0, 0]), g([0, 1]), g([1, 2])], sol)  # only two attempts count
    assert not pass_at_2([g([1], [2])], sol)                      # shape matters
    assert not pass_at_2([None], sol)


def test_task_and_dataset_scores():
    correct = score_task([[g([1])], [g([2])]], [g([1]), g([3])])
    assert correct == [True, False]
    assert task_score(correct) == 0.5
    assert dataset_score([1.0, 0.5, 0.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        score_task([[g([1])]], [g([1]), g([2])])


def cand(grid, branch, score=1.0, verified=False):
    return Candidate(grid, score, branch, {"id": f"{branch}{score}"}, verified)


def test_verified_programs_come_before_neural_votes():
    a, b, c = g([1]), g([2]), g([3])
    attempts = merge_test([[cand(a, "synth", 3, True), cand(b, "synth", 1, True)], [cand(c, "neural", 9)]])
    assert [x.grid.tolist() for x in attempts] == [[[1]], [[2]]]
    assert attempts[0].verified and attempts[0].branches == ["synth"]


def test_agreement_never_outranks_a_better_verified_program_and_is_marked():
    a, b = g([1]), g([2])
    attempts = merge_test([[cand(a, "synth", 3, True), cand(b, "synth", 1, True)], [cand(b, "neural", 4)]])
    assert attempts[0].grid.tolist() == [[1]]
    assert attempts[1].grid.tolist() == [[2]] and attempts[1].branches == ["neural", "synth"]
    assert set(attempts[1].provenance) == {"neural", "synth"}


def test_among_unverified_answers_agreement_then_rank_then_score_decide():
    a, b, c = g([1]), g([2]), g([3])
    # no verified program: the answer two branches propose beats each branch's own first choice
    attempts = merge_test([[cand(a, "llm", 9), cand(b, "llm", 1)], [cand(c, "neural", 5), cand(b, "neural", 2)]])
    assert attempts[0].grid.tolist() == [[2]] and attempts[0].branches == ["llm", "neural"]
    # same rank, no agreement: the higher score first, whatever the branch's name
    attempts = merge_test([[cand(a, "zeta", 1)], [cand(c, "alpha", 5)]])
    assert [x.grid.tolist() for x in attempts] == [[[3]], [[1]]]


def test_verified_answers_of_another_branch_name_rank_first_too():
    a, b = g([1]), g([2])
    attempts = merge_test([[cand(a, "neural", 50)], [cand(b, "plugin", 1, True)]])
    assert attempts[0].grid.tolist() == [[2]] and attempts[0].verified


def test_neural_fills_second_attempt_and_duplicates_merge():
    a, b = g([1]), g([2])
    attempts = merge_test([[cand(a, "synth", 2, True)], [cand(b, "neural", 5), cand(a, "neural", 1)]])
    assert [x.grid.tolist() for x in attempts] == [[[1]], [[2]]]


def test_single_answer_is_repeated_and_nothing_gives_marked_placeholder():
    a = g([4, 4])
    attempts = merge_test([[cand(a, "synth", 1, True)], []])
    assert len(attempts) == 2 and attempts[1].grid.tolist() == [[4, 4]] and not attempts[1].placeholder
    empty = merge_test([[], []])
    assert len(empty) == 2 and all(x.placeholder and x.grid.tolist() == [[0]] for x in empty)


def test_merge_checks_test_count():
    with pytest.raises(ValueError):
        merge([Candidates.empty("synth", 2, "x")], 1)
    out = merge([Candidates.empty("synth", 2, "x"), Candidates.empty("neural", 2, "y")], 2)
    assert len(out) == 2


def test_model_scores_rank_unverified_answers_but_never_above_a_verified_program():
    a, b, c = g([1]), g([2]), g([3])
    low, high = cand(b, "neural", 9), cand(c, "neural", 1)
    low.model_score, high.model_score = -40.0, -3.0
    attempts = merge_test([[cand(a, "synth", 1, True)], [low, high]])
    assert [x.grid.tolist() for x in attempts] == [[[1]], [[3]]]
    attempts = merge_test([[], [low, high]])
    assert [x.grid.tolist() for x in attempts] == [[[3]], [[2]]]
