"""The import graph follows the layers of ../shared/DESIGN.md: imports only go down, and no branch imports another.

Every import in every module is read (including imports inside functions), so a lazy import cannot hide an arrow
that runs back up the floors.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "solver":
        return "application" if parts[1:2] == ["app"] else "ground"
    if parts[0] in ("synth", "neural"):
        return parts[0]
    if parts[0] == "ensemble":
        return "ensemble"
    return None


# layer -> the project layers it may import
ALLOWED = {
    "ground": {"ground"},
    "ensemble": {"ground", "ensemble"},
    "synth": {"ground", "synth"},
    "neural": {"ground", "neural"},
    "application": {"ground", "ensemble", "synth", "neural", "application"},
}


def _modules() -> list[Path]:
    return sorted(p for pkg in ("solver", "synth", "neural", "ensemble") for p in (REPO / pkg).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_imports_only_go_down(path: Path):
    module = ".".join(path.relative_to(REPO).with_suffix("").parts)
    own = _layer(module)
    bad = sorted(m for m in _imports(path) if _layer(m) is not None and _layer(m) not in ALLOWED[own])
    assert not bad, f"{module} ({own}) imports {bad}"


def test_the_checker_sees_an_upward_import(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from solver.app.cli import main\n    import neural.branch\n")
    assert {"solver.app.cli", "neural.branch"} <= _imports(probe)
    assert _layer("solver.app.cli") == "application" and "application" not in ALLOWED["ground"]
