"""BARC's prompt text shared by both of its models (see ../shared/barc_prompt_format.md, sections 2-3).

Color-word grids (one JSON row per text line, no transposition) and the user-message body, built once by
`user_body_spans` (the body and the character spans of the demo outputs that carry training loss) with
`TextBuilder`. The induction prompt (synth.llm_sampler, `user_body`) and the transduction format
(neural.formats) both build on these.
"""
from __future__ import annotations

from typing import Sequence

from solver.grid import Grid

COLOR_WORDS = ("Black", "Blue", "Red", "Green", "Yellow", "Gray", "Pink", "Orange", "Purple", "Brown")

HEADER = ("Given input-output grid pairs as reference examples, carefully observe the patterns to predict the output "
          "grid for new test input. Each pair follows the same transformation rule. Grids are 2D arrays represented "
          "as strings, with cells (colors) separated by spaces and rows by newlines.\n"
          "Here are the input and output grids for the reference examples:\n")


def grid_words(grid: Grid) -> str:
    """GRID(g): color words separated by one space, rows by newlines, no final newline."""
    return "\n".join(" ".join(COLOR_WORDS[int(v)] for v in row) for row in grid)


def parse_grid_words(text: str) -> list[list[int]] | None:
    """Inverse of grid_words on a block of lines; None when a word is unknown or rows are ragged."""
    index = {w: i for i, w in enumerate(COLOR_WORDS)}
    rows = []
    for line in text.strip().splitlines():
        words = line.split()
        if not words:
            continue
        if any(w not in index for w in words):
            return None
        rows.append([index[w] for w in words])
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        return None
    return rows


class TextBuilder:
    """Concatenates pieces and remembers the character spans of the ones that carry loss."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int]] = []

    def add(self, piece: str, loss: bool = False) -> None:
        if loss and piece:
            self.spans.append((self.length, self.length + len(piece)))
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


def user_body_spans(demos: Sequence[tuple[Grid, Grid]], test_input: Grid,
                    loss_on_outputs: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """(BODY, spans): BODY = HEADER + one EXAMPLE per demo (given order) + TEST; with `loss_on_outputs`, the
    spans of every demo output grid after the first (the transduction format trains on them)."""
    b = TextBuilder()
    b.add(HEADER)
    for k, (x, y) in enumerate(demos, 1):
        b.add(f"Example {k}\nInput:\n{grid_words(x)}\n\nOutput:\n")
        b.add(grid_words(y), loss=loss_on_outputs and k > 1)
        b.add("\n\n\n")
    b.add(f"Here is the input grid for the test example:\nInput:\n{grid_words(test_input)}\n")
    return b.text(), b.spans


def user_body(demos: Sequence[tuple[Grid, Grid]], test_input: Grid) -> str:
    """BODY = HEADER + one EXAMPLE per demo (task order) + TEST."""
    return user_body_spans(demos, test_input)[0]
