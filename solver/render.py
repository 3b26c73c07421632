"""Terminal rendering of grids with ARC's usual 10-color palette (rich), side by side."""
from __future__ import annotations

from typing import Sequence

from rich.table import Table
from rich.text import Text

from solver.grid import Grid

PALETTE = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
           "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")


def grid_text(grid: Grid) -> Text:
    """A grid as colored cells; each cell shows its digit so the output stays readable without color."""
    text = Text()
    for r, row in enumerate(grid):
        if r:
            text.append("\n")
        for v in row:
            fg = "black" if int(v) in (4, 5, 8) else "white"
            text.append(f"{int(v)} ", style=f"{fg} on {PALETTE[int(v)]}")
    return text


def grids_side_by_side(grids: Sequence[Grid], titles: Sequence[str]) -> Table:
    table = Table(show_header=True, box=None, padding=(0, 2))
    for title in titles:
        table.add_column(title)
    table.add_row(*[grid_text(g) for g in grids])
    return table
