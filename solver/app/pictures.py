"""Pictures of tasks and answers: PNG images (Pillow) with ARC's usual palette, and an HTML page of a run.

A picture shows each demo (input -> output), then for each test input: the input, the two attempts (with a
green or red frame when correctness is known) and the expected output when known.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from solver.render import PALETTE

CELL = 14
GAP = 18
TITLE_H = 16
BACKGROUND = (255, 255, 255)
GRID_LINE = (85, 85, 85)
RGB = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in PALETTE]


def grid_image(grid: np.ndarray, cell: int = CELL) -> Image.Image:
    """One grid as an image: colored cells separated by thin gray lines."""
    rows, cols = grid.shape
    img = Image.new("RGB", (cols * cell + 1, rows * cell + 1), GRID_LINE)
    draw = ImageDraw.Draw(img)
    for r in range(rows):
        for c in range(cols):
            x, y = c * cell + 1, r * cell + 1
            draw.rectangle([x, y, x + cell - 2, y + cell - 2], fill=RGB[int(grid[r, c])])
    return img


def _panel_row(items: Sequence[tuple[str, np.ndarray | None, tuple[int, int, int] | None]], font) -> Image.Image:
    images = [(title, grid_image(g) if g is not None else None, frame) for title, g, frame in items]
    width = sum(max(img.width if img else 40, len(t) * 7) for t, img, _ in images) + GAP * (len(images) + 1)
    height = max((img.height for _, img, _ in images if img), default=20) + TITLE_H + GAP
    row = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(row)
    x = GAP
    for title, img, frame in images:
        draw.text((x, 2), title, fill=(0, 0, 0), font=font)
        if img is not None:
            row.paste(img, (x, TITLE_H + 2))
            if frame is not None:
                draw.rectangle([x - 3, TITLE_H - 1, x + img.width + 2, TITLE_H + img.height + 4], outline=frame, width=3)
        x += max(img.width if img else 40, len(title) * 7) + GAP
    return row


def task_picture(result: dict[str, Any]) -> Image.Image:
    """A picture of one task result file's content (task, attempts, correctness, expected outputs)."""
    font = ImageFont.load_default()
    task = result["task"]
    rows = []
    for i, pair in enumerate(task["train"]):
        rows.append(_panel_row([(f"demo {i + 1} input", np.array(pair["input"]), None),
                                (f"demo {i + 1} output", np.array(pair["output"]), None)], font))
    solutions = result.get("solutions")
    correct = result.get("correct")
    for i, test in enumerate(task["test"]):
        items: list[tuple[str, np.ndarray | None, tuple[int, int, int] | None]] = [
            (f"test {i + 1} input", np.array(test["input"]), None)]
        for k, attempt in enumerate(result["attempts"][i]):
            ok = None
            if solutions is not None:
                ok = attempt["grid"] == solutions[i]
            frame = None if ok is None else ((0, 170, 0) if ok else (220, 0, 0))
            label = "+".join(attempt["branches"]) or "none"
            items.append((f"attempt {k + 1} ({label})", np.array(attempt["grid"]), frame))
        if solutions is not None:
            items.append(("expected", np.array(solutions[i]), None))
        rows.append(_panel_row(items, font))
    header_text = f"task {result['task_id']}"
    if correct is not None:
        header_text += f"  score {result['score']:.2f}"
    width = max(r.width for r in rows)
    height = sum(r.height for r in rows) + 24
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    ImageDraw.Draw(canvas).text((GAP, 6), header_text, fill=(0, 0, 0), font=font)
    y = 24
    for r in rows:
        canvas.paste(r, (0, y))
        y += r.height
    return canvas


def winning_program(result: dict[str, Any]) -> str | None:
    """The program text behind the first verified attempt, if any."""
    for per_test in result["attempts"]:
        for attempt in per_test:
            if not attempt.get("verified"):
                continue
            for provenance in attempt.get("provenance", {}).values():
                if isinstance(provenance, dict) and provenance.get("program"):
                    return provenance["program"]
    return None


def _png_base64(img: Image.Image) -> str:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def run_html(results: dict[str, dict[str, Any]], title: str) -> str:
    """An HTML page with a picture of every task of a run, failed tasks first."""
    order = sorted(results, key=lambda i: (results[i].get("score") or 0.0, i))
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>",
             f"<body style='font-family:sans-serif'><h1>{html.escape(title)}</h1>"]
    for task_id in order:
        r = results[task_id]
        score = r.get("score")
        parts.append(f"<h2 id='{html.escape(task_id)}'>{html.escape(task_id)}"
                     f"{'' if score is None else f' — score {score:.2f}'}</h2>")
        parts.append(f"<img src='data:image/png;base64,{_png_base64(task_picture(r))}'>")
        program = winning_program(r)
        if program:
            parts.append(f"<pre>{html.escape(program)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def save_png(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG")
