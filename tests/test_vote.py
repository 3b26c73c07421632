"""Hierarchical voting: within-group winners, across-group votes, tie breaks, unparseable outputs."""
from __future__ import annotations

import numpy as np

from neural.vote import hierarchical_vote

A = np.array([[1, 2]], dtype=np.uint8)
B = np.array([[3], [4]], dtype=np.uint8)
C = np.array([[5]], dtype=np.uint8)
D = np.array([[1], [2]], dtype=np.uint8)  # same cells as A, other shape


def grids(results):
    return [r.grid.tolist() for r in results]


def test_many_small_wins_beat_one_big_win():
    groups = [("g1", [A, A, B]), ("g2", [A, A, B]), ("g3", [A, A, B]),
              ("g4", [B] * 10)]
    res, bad = hierarchical_vote(groups)
    assert bad == 0
    assert grids(res) == [A.tolist(), B.tolist()]
    assert (res[0].votes, res[0].raw_count, res[0].groups) == (3, 6, ["g1", "g2", "g3"])
    assert (res[1].votes, res[1].raw_count, res[1].groups) == (1, 13, ["g4"])


def test_ties_within_group_all_win_and_raw_count_breaks_ties():
    groups = [("g1", [A, B]), ("g2", [B, B, C]), ("g3", [A, C])]
    res, _ = hierarchical_vote(groups, top_k=3)
    # votes: A 2 (g1, g3), B 2 (g1, g2), C 1 (g3); raw: A 2, B 3, C 2
    assert grids(res) == [B.tolist(), A.tolist(), C.tolist()]
    assert [r.votes for r in res] == [2, 2, 1]
    assert [r.raw_count for r in res] == [3, 2, 2]
    assert res[0].groups == ["g1", "g2"]


def test_first_appearance_breaks_full_ties():
    res, _ = hierarchical_vote([("g1", [C]), ("g2", [A]), ("g3", [B])], top_k=3)
    assert grids(res) == [C.tolist(), A.tolist(), B.tolist()]
    res, _ = hierarchical_vote([("g1", [B, A])], top_k=2)
    assert grids(res) == [B.tolist(), A.tolist()]


def test_one_group_only():
    res, bad = hierarchical_vote([("identity", [A, B, A, None])])
    assert bad == 1
    assert grids(res) == [A.tolist(), B.tolist()]
    assert (res[0].votes, res[0].raw_count) == (1, 2)
    assert (res[1].votes, res[1].raw_count, res[1].groups) == (0, 1, [])  # not elected, still a second guess


def test_all_unparseable():
    res, bad = hierarchical_vote([("g1", [None, None]), ("g2", [None]), ("g3", [])])
    assert res == [] and bad == 3
    assert hierarchical_vote([]) == ([], 0)


def test_invalid_grids_count_as_unparseable_and_shape_matters():
    bad_grid = np.array([[11]])
    res, bad = hierarchical_vote([("g1", [bad_grid, np.zeros((0, 0), dtype=np.uint8), A]), ("g2", [D])])
    assert bad == 2
    assert grids(res) == [A.tolist(), D.tolist()]  # same cells, different shapes: different answers


def test_top_k_and_grid_copies():
    groups = [("g1", [A]), ("g2", [B]), ("g3", [C]), ("g4", [A.astype(np.int64)])]
    res, _ = hierarchical_vote(groups, top_k=1)
    assert len(res) == 1 and res[0].votes == 2 and res[0].groups == ["g1", "g4"]
    assert res[0].grid.dtype == np.uint8
    assert hierarchical_vote(groups, top_k=0)[0] == []
    assert len(hierarchical_vote(groups, top_k=10)[0]) == 3


# ---------------------------------------------------------------------------------------- the paper's vote

import pytest  # noqa: E402

from neural.vote import marc_vote, vote  # noqa: E402

X, Y, Z = (np.array([[v]], dtype=np.uint8) for v in (7, 8, 9))


def test_marc_vote_unanimous_groups_nominate_three_times():
    # all = [A, B, B] -> B, A, B; identity [A, B] -> A, B, A; transpose [B] -> B, B, B
    res, bad = marc_vote([("identity", [A, B, None]), ("transpose", [B])])
    assert bad == 1
    assert grids(res) == [B.tolist(), A.tolist()]
    assert (res[0].votes, res[0].raw_count, res[0].groups) == (6, 2, ["all", "identity", "transpose"])
    assert (res[1].votes, res[1].raw_count, res[1].groups) == (3, 1, ["all", "identity"])


def test_marc_vote_single_predictions_of_transformed_prompts_weigh_most():
    groups = [("identity", [A, A, A, A]), ("transpose", [B]), ("flip_ud", [B])]
    res, _ = marc_vote(groups)
    # A: all 2 + identity 3 = 5 nominations; B: all 1 + 3 + 3 = 7
    assert grids(res) == [B.tolist(), A.tolist()] and [r.votes for r in res] == [7, 5]


@pytest.mark.parametrize("identity, second", [
    ([X] * 4 + [Z, Z, Y], Z),  # C2 = Y and C3 = Z tie on nominations: identity predicted Z more -> Z
    ([X] * 4 + [Y, Y, Z], Y),  # identity predicted Y more -> Y stays
    ([X] * 4 + [Y, Z], Z),  # as often: the paper's code takes C3
])
def test_marc_vote_identity_breaks_the_tie_for_the_second_attempt(identity, second):
    groups = [("transpose", [Y, Y]), ("flip_ud", [Z]), ("identity", identity), ("rot90", [X])]
    res, _ = marc_vote(groups)
    assert [r.votes for r in res] == [5, 5]  # X, Y and Z: 5 nominations each; X first by first appearance
    assert grids(res) == [X.tolist(), second.tolist()]


def test_marc_vote_without_identity_group_keeps_c2():
    res, _ = marc_vote([("transpose", [Y, Y]), ("flip_ud", [Z]), ("rot90", [X])])
    assert grids(res) == [Y.tolist(), Z.tolist()]  # 4 nominations each, first appearance


def test_marc_vote_gives_two_distinct_attempts_where_the_paper_repeats_one():
    # A and B tie (6 nominations each); the identity rule would make attempt 2 the padded C3 = A again
    res, _ = marc_vote([("identity", [A]), ("transpose", [B]), ("flip_ud", [B, A])])
    assert grids(res) == [A.tolist(), B.tolist()] and [r.votes for r in res] == [6, 6]


def test_marc_vote_edges_and_dispatch():
    assert marc_vote([("identity", [None]), ("transpose", [])]) == ([], 1)
    res, _ = marc_vote([("identity", [A, A])], top_k=5)
    assert grids(res) == [A.tolist()]  # one distinct grid: one candidate
    assert marc_vote([("identity", [A])], top_k=0) == ([], 0)
    groups = [("g1", [A, A, B]), ("g2", [B])]
    assert grids(vote("hierarchical", groups)[0]) == grids(hierarchical_vote(groups)[0])
    assert grids(vote("marc", groups)[0]) == grids(marc_vote(groups)[0])
    with pytest.raises(ValueError, match="unknown vote kind"):
        vote("majority", groups)
