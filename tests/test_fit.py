"""The one prompt-fitting helper: demos are dropped from the end until `build` accepts."""
from __future__ import annotations

from neural.fit import fit_demos


def test_drops_from_the_end_until_it_fits():
    calls = []

    def build(demos):
        calls.append(list(demos))
        text = "|".join(demos)
        return text if len(text) <= 3 else None

    assert fit_demos(["a", "b", "c"], build) == ("a|b", 2)
    assert calls == [["a", "b", "c"], ["a", "b"]]


def test_min_demos_and_nothing_fits():
    assert fit_demos(["aaaa", "b"], lambda d: None if len("".join(d)) > 2 else d) is None  # never below one demo
    assert fit_demos(["aa", "b"], lambda d: d if not d else None, min_demos=0) == ([], 0)
    assert fit_demos([], lambda d: "empty") == ("empty", 0)
    assert fit_demos(["a"], lambda d: "x", min_demos=3) == ("x", 1)
