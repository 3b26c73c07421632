"""Reports: per-branch scores and the complementarity table from per-task results."""
from __future__ import annotations

from solver.app.report import build_report, complementarity, report_markdown


def result(task_id, ens, synth, neural, seconds=1.0):
    def branch(correct):
        return {"enabled": correct is not None, "reason": None, "seconds": seconds, "correct": correct,
                "score": None if correct is None else sum(correct) / len(correct)}
    return {"task_id": task_id, "score": sum(ens) / len(ens), "correct": ens, "seconds": 2 * seconds, "errors": [],
            "branches": {"synth": branch(synth), "neural": branch(neural)}}


def test_branch_scores_and_complementarity():
    results = {
        "a": result("a", [True], [True], [True]),
        "b": result("b", [True], [True], [False]),
        "c": result("c", [True], [False], [True]),
        "d": result("d", [False], [False], [False]),
        "e": result("e", [True, False], [True, False], [False, False]),
    }
    report = build_report(results)
    assert report["n_tasks"] == 5 and report["n_solved"] == 3
    assert report["score"] == (1 + 1 + 1 + 0 + 0.5) / 5
    assert report["solved_ids"] == ["a", "b", "c"]
    assert report["branches"] == {"synth": ["a", "b"], "neural": ["a", "c"]}
    assert report["branch_scores"]["synth"] == (1 + 1 + 0 + 0 + 0.5) / 5
    assert report["branch_seconds"]["synth"] == 5.0
    comp = report["complementarity"]
    assert comp["both"] == ["a"] and comp["only_a"] == ["b"] and comp["only_b"] == ["c"]
    assert comp["neither"] == ["d", "e"]
    md = report_markdown(report)
    assert "| only synth | 1 | b |" in md and "| neither | 2 | 2 tasks |" in md


def test_one_branch_off_has_no_complementarity_and_unknown_solutions_give_no_score():
    results = {"a": result("a", [True], [True], None)}
    report = build_report(results)
    assert "complementarity" not in report and report["branch_scores"]["neural"] is None
    unscored = {"x": {"task_id": "x", "score": None, "correct": None, "seconds": 1, "errors": [], "branches": {}}}
    assert build_report(unscored)["score"] is None


def test_complementarity_sets():
    assert complementarity({"a", "b"}, {"b", "c"}, ["a", "b", "c", "d"]) == \
        {"both": ["b"], "only_a": ["a"], "only_b": ["c"], "neither": ["d"]}


def test_branch_warnings_reach_the_report_once():
    results = {k: result(k, [True], [True], [False]) for k in "ab"}
    for r in results.values():
        r["branches"]["synth"]["info"] = {"warnings": ["sandbox: OS layer(s) missing: landlock"]}
    report = build_report(results)
    assert report["warnings"] == ["sandbox: OS layer(s) missing: landlock"]
    assert "## Warnings\n\n- sandbox: OS layer(s) missing: landlock" in report_markdown(report)
    assert build_report({"c": result("c", [True], [True], [True])})["warnings"] == []
