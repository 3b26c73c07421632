"""Grid <-> text prompt formats of the neural branch: `compact`, `marc` and `barc`.

A format renders an in-context task (demo pairs, a query input and optionally its answer) into a
`Rendered`: the prompt the model is conditioned on, the target completion that should follow it, and the
character spans of prompt+target that carry the training loss. It also parses a model completion back into
a grid (None when the text is not a well-formed grid).

compact (default for the embedded model; no chat template)
    Every grid is its rows of digits, one character per cell, rows joined by "\\n". A pair is written

        I\\n<input rows>\\nO\\n<output rows>\\n.\\n

    i.e. 'I' on its own line opens an input, 'O' on its own line opens the output, '.' on its own line ends
    the output (the end-of-output marker), and the "\\n" after '.' separates two demos. The prompt is every
    demo pair followed by "I\\n<query rows>\\nO\\n"; the target is "<answer rows>\\n.". Example, one demo
    [[1,2],[3,4]] -> [[4,3]] and the query [[5]] with answer [[6]]:

        prompt = "I\\n12\\n34\\nO\\n43\\n.\\nI\\n5\\nO\\n"
        target = "6\\n."

    Every character the format emits is listed in `COMPACT_ALPHABET`; a character-level tokenizer with
    exactly that vocabulary (plus whatever special tokens it wants) makes each cell, newline, marker and the
    end marker a token of its own. Generation stops at '.' (`stop_strings`).

marc (the checkpoints of "The Surprising Effectiveness of Test-Time Training", Akyurek et al. 2024)
    Grids are numpy's `str()` of the array ("[[1 2]\\n [3 4]]"). The system message is a fixed instruction
    followed by one line "<in> -> <out>#" per demo; the user message is "<in> -> "; the assistant message is
    "<out>#". Rendered through the tokenizer's chat template; stops at '#'.

barc (the transduction prompt of BARC's released model, see /work/shared/barc_prompt_format.md §2, §3, §5)
    Color-word grids, the fixed system message and user body, and the assistant pre-fill
    "The output grid for the test input grid is:\\n\\n```\\n" which ends the prompt; the target is
    GRID(y) + "\\n```" plus the template's end-of-turn token; stops at "```".

Chat formats need a tokenizer with a chat template. The prompt is the templated conversation cut right where
the assistant's answer begins (after the pre-fill for barc), so training prompts and inference prompts are
the same string. Templates are rendered by `solver.lm.tokens.chat_text` (a fixed `date_string`), so no
prompt depends on the day it is built.
The target is the answer plus the template's end-of-turn text (e.g. "<|eot_id|>",
"<|im_end|>"), trailing whitespace removed, so that the end of turn carries loss. When `answer` is None the
prompt is cut from a conversation with a placeholder answer and the target is "".

Loss spans: the whole target (the query's output, its end marker and end-of-turn text); with
`loss_on_all_outputs`, also the output of every demo after the first (its grid and, where the format has
one, its end marker).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

import numpy as np

from solver.barc_text import COLOR_WORDS, HEADER, TextBuilder, grid_words, user_body_spans
from solver.grid import MAX_SIDE, Grid
from solver.lm.tokens import chat_text
from solver.tasks import Pair

COMPACT_ALPHABET: str = "\n.0123456789IO"
"""Every character the compact format can emit (newline, end marker, digits, input and output markers)."""


MARC_SYSTEM = ("Figure out the underlying transformation in the following examples and apply it to the test case. "
               "Here are some examples from this transformation, your answer must follow the format.\n"
               "The input-output grids are provided as python arrays:\n")

BARC_SYSTEM = ("You are a world-class puzzle solver with exceptional pattern recognition skills. Your task is to "
               "analyze puzzles, spot patterns, and provide direct solutions.")
BARC_HEADER = HEADER
BARC_INSTRUCTION = ("\n\nDirectly provide the output grids corresponding to the given test input grids, based on the "
                    "patterns observed in the reference examples.")
BARC_PREFILL = "The output grid for the test input grid is:\n\n```\n"

_WORD_TO_COLOR = {w.lower(): i for i, w in enumerate(COLOR_WORDS)}
_WORD_TO_COLOR["grey"] = 5
_PLACEHOLDER = np.zeros((1, 1), dtype=np.uint8)


@dataclass
class Rendered:
    """A rendered in-context task: `prompt` + `target` is the training text; `loss_spans` index into it."""

    prompt: str
    target: str
    loss_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.prompt + self.target


class PromptFormat(Protocol):
    """What every format offers; see the module docstring for the three implementations."""

    name: str
    stop_strings: list[str]

    def render(self, demos: Sequence[Pair], query: Grid, answer: Grid | None, tokenizer: Any = None,
               loss_on_all_outputs: bool = False) -> Rendered: ...

    def parse(self, completion: str) -> Grid | None: ...


# ----------------------------------------------------------------------------------------------- helpers


def _rows_to_grid(rows: list[list[int]]) -> Grid | None:
    """A uint8 grid from parsed rows, or None if empty, ragged or larger than 30 per side."""
    if not rows or len(rows) > MAX_SIDE:
        return None
    width = len(rows[0])
    if not (1 <= width <= MAX_SIDE) or any(len(r) != width for r in rows):
        return None
    return np.array(rows, dtype=np.uint8)


def _digit_rows(grid: Grid) -> list[str]:
    g = np.asarray(grid, dtype=np.uint8)
    return [(row + 48).tobytes().decode("ascii") for row in g]


def compact_grid_text(grid: Grid) -> str:
    """Rows of digits joined by newlines (no trailing newline)."""
    return "\n".join(_digit_rows(grid))


def numpy_grid_text(grid: Grid) -> str:
    """numpy's `str()` of a grid of single digits: "[[1 2]\\n [3 4]]" (same text, without numpy's line wrapping)."""
    rows = ["[" + " ".join(r) + "]" for r in _digit_rows(grid)]
    return "[" + "\n ".join(rows) + "]"


word_grid_text = grid_words  # BARC's GRID(g), shared with the induction prompt


def _require_chat_template(tokenizer: Any, fmt: str) -> None:
    if tokenizer is None or not getattr(tokenizer, "chat_template", None):
        raise ValueError(f"format {fmt!r} needs a tokenizer with a chat template")


def _locate(full: str, content: str, start: int, what: str) -> int:
    """Index in `full` at which message `content` begins (templates may trim surrounding whitespace)."""
    stripped = content.strip()
    pos = full.find(stripped, start)
    if pos < 0:
        raise ValueError(f"the chat template changed the {what} message; cannot locate it in the rendered text")
    return pos - (len(content) - len(content.lstrip()))


def _render_chat(tokenizer: Any, fmt: str, system: str, system_spans: list[tuple[int, int]], user: str,
                 user_spans: list[tuple[int, int]], answer: str | None, prefill: str,
                 placeholder: str) -> Rendered:
    """Template [system, user, assistant] and cut it into prompt (up to the answer, plus `prefill`) and target.

    `answer` is the assistant text after the pre-fill (None at inference; then `placeholder` stands in).
    Spans given relative to the system/user contents are moved to positions in the rendered text.
    """
    _require_chat_template(tokenizer, fmt)
    reply = prefill + (answer if answer is not None else placeholder)
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user},
                {"role": "assistant", "content": reply}]
    full = chat_text(tokenizer, messages)
    at = full.rfind(reply)
    if at < 0:
        raise ValueError(f"format {fmt!r}: the chat template changed the assistant message")
    prompt = full[:at] + prefill
    spans: list[tuple[int, int]] = []
    if system_spans or user_spans:
        system_at = _locate(full, system, 0, "system")
        spans += [(system_at + s, system_at + e) for s, e in system_spans]
        if user_spans:
            user_at = _locate(full, user, system_at + len(system.rstrip()), "user")
            spans += [(user_at + s, user_at + e) for s, e in user_spans]
    if answer is None:
        return Rendered(prompt, "", spans)
    end_of_turn = full[at + len(reply):].rstrip()
    target = answer + end_of_turn
    spans.append((len(prompt), len(prompt) + len(target)))
    return Rendered(prompt, target, spans)


# ----------------------------------------------------------------------------------------------- formats


class CompactFormat:
    """Digits, one character per cell; 'I'/'O' open input/output, '.' ends an output (see module docstring)."""

    name = "compact"
    stop_strings = ["."]
    alphabet = COMPACT_ALPHABET

    def render(self, demos: Sequence[Pair], query: Grid, answer: Grid | None, tokenizer: Any = None,
               loss_on_all_outputs: bool = False) -> Rendered:
        b = TextBuilder()
        for k, pair in enumerate(demos):
            b.add("I\n" + compact_grid_text(pair.input) + "\nO\n")
            b.add(compact_grid_text(pair.output) + "\n.", loss=loss_on_all_outputs and k > 0)
            b.add("\n")
        b.add("I\n" + compact_grid_text(query) + "\nO\n")
        prompt = b.text()
        spans = list(b.spans)
        if answer is None:
            return Rendered(prompt, "", spans)
        target = compact_grid_text(answer) + "\n."
        spans.append((len(prompt), len(prompt) + len(target)))
        return Rendered(prompt, target, spans)

    def parse(self, completion: str) -> Grid | None:
        """Text up to the first '.' (or all of it when the stop string was cut off); rows of digits only."""
        body = completion.split(".", 1)[0].strip()
        if not body:
            return None
        rows: list[list[int]] = []
        for line in body.split("\n"):
            line = line.strip()
            if not line or not line.isascii() or not line.isdigit():
                return None
            rows.append([ord(c) - 48 for c in line])
        return _rows_to_grid(rows)


_MARC_ROW = re.compile(r"\[\s*([0-9](?:\s+[0-9])*)\s*\]")


class MarcFormat:
    """numpy-printed grids, "<in> -> <out>#" demos in the system message, through the chat template."""

    name = "marc"
    stop_strings = ["#"]

    def render(self, demos: Sequence[Pair], query: Grid, answer: Grid | None, tokenizer: Any = None,
               loss_on_all_outputs: bool = False) -> Rendered:
        b = TextBuilder()
        b.add(MARC_SYSTEM)
        for k, pair in enumerate(demos):
            b.add(numpy_grid_text(pair.input) + " -> ")
            b.add(numpy_grid_text(pair.output) + "#", loss=loss_on_all_outputs and k > 0)
            b.add("\n")
        user = numpy_grid_text(query) + " -> "
        ans = None if answer is None else numpy_grid_text(answer) + "#"
        return _render_chat(tokenizer, self.name, b.text(), b.spans, user, [], ans, "",
                            numpy_grid_text(_PLACEHOLDER) + "#")

    def parse(self, completion: str) -> Grid | None:
        """Text up to the first '#': "[[a b ...]\\n [c d ...]]", one bracketed row per line."""
        body = completion.split("#", 1)[0].strip()
        if not (body.startswith("[") and body.endswith("]")):
            return None
        rows: list[list[int]] = []
        for line in body[1:-1].split("\n"):
            m = _MARC_ROW.fullmatch(line.strip())
            if m is None:
                return None
            rows.append([int(c) for c in m.group(1).split()])
        return _rows_to_grid(rows)


class BarcFormat:
    """BARC's transduction prompt: color-word grids, fixed system message and body, fenced answer."""

    name = "barc"
    stop_strings = ["```"]

    def render(self, demos: Sequence[Pair], query: Grid, answer: Grid | None, tokenizer: Any = None,
               loss_on_all_outputs: bool = False) -> Rendered:
        body, spans = user_body_spans([(p.input, p.output) for p in demos], query, loss_on_all_outputs)
        ans = None if answer is None else word_grid_text(answer) + "\n```"
        return _render_chat(tokenizer, self.name, BARC_SYSTEM, [], body + BARC_INSTRUCTION, spans, ans,
                            BARC_PREFILL, word_grid_text(_PLACEHOLDER) + "\n```")

    def parse(self, completion: str) -> Grid | None:
        """BARC's rule: text before the first fence, lines of color words (case-insensitive, Gray or Grey)."""
        body = completion.split("```", 1)[0].strip()
        if not body:
            return None
        rows: list[list[int]] = []
        for line in body.split("\n"):
            words = line.split()
            if not words:
                return None
            try:
                rows.append([_WORD_TO_COLOR[w.lower()] for w in words])
            except KeyError:
                return None
        return _rows_to_grid(rows)


_FORMATS: dict[str, type] = {"compact": CompactFormat, "marc": MarcFormat, "barc": BarcFormat}
FORMAT_NAMES: tuple[str, ...] = tuple(_FORMATS)


def get_format(name: str) -> PromptFormat:
    """The format called `name` ('compact', 'marc' or 'barc'); ValueError for any other name."""
    try:
        return _FORMATS[name]()
    except KeyError:
        raise ValueError(f"unknown prompt format {name!r} (choose one of {', '.join(FORMAT_NAMES)})") from None
