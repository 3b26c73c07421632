"""The branch registry: which branches exist, in the order the pipeline runs them.

The built-in branches are listed here by import (so a reader can follow a Task from the CLI into a branch);
further branches plug in through the `arc_solver.branches` entry-point group (an entry point names a
`solver.branch.Branch` object, e.g. `mybranch = "my_package.branch:BRANCH"`), as pytest finds its plugins.
A plug-in with a built-in's name replaces it (a stand-in implementation); `sources()` says where each came from.
A plug-in that cannot be loaded is listed as unavailable with the reason, never fatal.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from neural.branch import BRANCH as NEURAL
from solver.branch import Branch
from synth.branch import BRANCH as SYNTH

ENTRY_POINT_GROUP = "arc_solver.branches"
BUILT_IN: tuple[Branch, ...] = (SYNTH, NEURAL)


@dataclass(frozen=True)
class Unavailable:
    """A plug-in that failed to load: its name, its entry point and why."""

    name: str
    source: str
    reason: str


def _load_plugins() -> tuple[dict[str, Branch], dict[str, str], dict[str, Unavailable]]:
    found: dict[str, Branch] = {}
    sources: dict[str, str] = {}
    broken: dict[str, Unavailable] = {}
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            branch = ep.load()
        except Exception as exc:  # a broken plug-in is reported as unavailable, it never takes the CLI down
            broken[ep.name] = Unavailable(ep.name, ep.value, f"{exc.__class__.__name__}: {exc}")
            continue
        if not isinstance(branch, Branch) or branch.name != ep.name:
            broken[ep.name] = Unavailable(ep.name, ep.value, "entry point is not a solver.branch.Branch of that name")
            continue
        found[ep.name] = branch
        sources[ep.name] = ep.value
    return found, sources, broken


_CACHE: tuple[dict[str, Branch], dict[str, str], dict[str, Unavailable]] | None = None


def _state() -> tuple[dict[str, Branch], dict[str, str], dict[str, Unavailable]]:
    global _CACHE
    if _CACHE is None:
        plugins, plugin_sources, broken = _load_plugins()
        branches = {b.name: b for b in BUILT_IN}
        sources = {b.name: "built-in" for b in BUILT_IN}
        for name, branch in plugins.items():
            branches[name] = branch
            sources[name] = plugin_sources[name]
        for name in broken:
            branches.pop(name, None)
        _CACHE = (branches, sources, broken)
    return _CACHE


def branches() -> dict[str, Branch]:
    """Every available branch by name, built-ins first, in pipeline order."""
    return dict(_state()[0])


def names() -> list[str]:
    """The names of every branch, available or not (a broken plug-in keeps its place in reports)."""
    available, _, broken = _state()
    return list(available) + [n for n in broken if n not in available]


def unavailable() -> dict[str, Unavailable]:
    return dict(_state()[2])


def sources() -> dict[str, str]:
    """Branch name -> "built-in" or the entry point it was loaded from."""
    return dict(_state()[1])


def config_types() -> dict[str, type]:
    """Branch name -> its config dataclass (a built-in's type is kept when a broken plug-in replaced it)."""
    types = {b.name: b.config_type for b in BUILT_IN}
    types.update({name: b.config_type for name, b in _state()[0].items()})
    return types
