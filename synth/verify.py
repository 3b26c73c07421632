"""Verification and ranking of sampled programs.

A program is verified iff, run in the sandbox, it returns exactly every demo output. Candidates for a test
input are the distinct outputs of verified programs, ranked by how many distinct verified programs agree,
then by the best rank among the agreeing programs (`ProgramSpec.complexity`: the CPU search's ranking, simplest
first with a short search's answer second; an LLM program's length), shorter first. Each candidate keeps the
program text that produced it. Where a test input has a single verified answer, `add_near_misses` appends the
nearest distinct near miss of the search (a partial cover right on all demos but one, or a pipeline closest to
the demo outputs), marked unverified, so that the second attempt is a real second guess; where it has none, the
two first distinct near misses are its guesses.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from solver.candidates import Candidate
from solver.grid import grid_key, grids_equal
from solver.tasks import Task
from synth.sandbox import Outcome, Sandbox


@dataclass
class ProgramSpec:
    """A program to verify: its text, the orientation it runs in, its rank and where it came from."""

    text: str
    orientation: str = "xy"
    complexity: int = 0           # lower ranks first
    source: str = "cpu"
    description: str = ""


@dataclass
class Verified:
    spec: ProgramSpec
    test_outputs: list[Outcome]


VERIFY_CHUNK = 8  # programs sent to the sandbox at a time when verification has a deadline


def verify_programs(task: Task, specs: Sequence[ProgramSpec], sandbox: Sandbox,
                    deadline: float | None = None) -> tuple[list[Verified], Counter]:
    """Run every program on the demo inputs and test inputs; keep those that reproduce every demo output.

    With a `deadline` (time.monotonic()), each orientation's programs go in the given order (the caller's
    ranking), VERIFY_CHUNK at a time, and the first chunk always runs; the programs left when the deadline
    passes are counted as failures of kind "time_up". Returns the verified programs and a count of failure kinds
    over the rest.
    """
    demo_inputs = [p.input for p in task.train]
    inputs = demo_inputs + list(task.test_inputs)
    failures: Counter = Counter()
    verified: list[Verified] = []
    for orientation in ("xy", "rows"):
        group = [s for s in specs if s.orientation == orientation]
        if not group:
            continue
        size = len(group) if deadline is None else VERIFY_CHUNK
        results: list = []
        while len(results) < len(group) and (not results or time.monotonic() < deadline):
            chunk = group[len(results):len(results) + size]
            results += sandbox.run([s.text for s in chunk], inputs, orientation=orientation)
        if len(results) < len(group):
            failures["time_up"] += len(group) - len(results)
        for spec, outcomes in zip(group, results):
            demo_outcomes = outcomes[:len(demo_inputs)]
            bad = next((o for o in demo_outcomes if o.status != "ok"), None)
            if bad is not None:
                failures[bad.status] += 1
                continue
            if not all(grids_equal(o.grid, p.output) for o, p in zip(demo_outcomes, task.train)):
                failures["wrong_output"] += 1
                continue
            verified.append(Verified(spec, outcomes[len(demo_inputs):]))
    return verified, failures


def rank_candidates(verified: Sequence[Verified], n_tests: int) -> list[list[Candidate]]:
    """Per test input: distinct outputs of verified programs, most votes first, then simplest. The CPU search's
    programs give one vote together (they are variants of one enumeration, kept one per whole answer: on a task
    with several test inputs, variants that differ elsewhere would otherwise outvote the simplest program on
    this one); each other program (an LLM sample) votes on its own."""
    def votes(vs: list[Verified]) -> int:
        return len({v.spec.text for v in vs if v.spec.source != "cpu"}) + any(v.spec.source == "cpu" for v in vs)

    per_test: list[list[Candidate]] = []
    for i in range(n_tests):
        groups: dict[bytes, list[Verified]] = {}
        for v in verified:
            outcome = v.test_outputs[i]
            if outcome.status == "ok" and outcome.grid is not None:
                groups.setdefault(grid_key(outcome.grid), []).append(v)
        ranked = sorted(groups.values(), key=lambda vs: (-votes(vs), min((v.spec.complexity, len(v.spec.text)) for v in vs)))
        cands = []
        for vs in ranked:
            best = min(vs, key=lambda v: (v.spec.complexity, len(v.spec.text)))
            cands.append(Candidate(
                grid=best.test_outputs[i].grid, score=float(votes(vs)), branch="synth",
                provenance={"program": best.spec.text, "orientation": best.spec.orientation,
                            "description": best.spec.description, "source": best.spec.source,
                            "n_programs": len({v.spec.text for v in vs})},
                verified=True))
        per_test.append(cands)
    return per_test


class NearMiss(Protocol):
    """What `add_near_misses` reads of a near miss (`synth.search.FoundProgram` with verified=False)."""

    text: str
    complexity: int
    test_outputs: list[np.ndarray]
    description: str
    distance: float


def add_near_misses(per_test: list[list[Candidate]], near_misses: Sequence[NearMiss]) -> list[list[Candidate]]:
    """Per test input with one verified answer, append the first near miss (in the order given: nearest first)
    whose output differs from it; with none, the first two near misses with distinct outputs. Each is an
    unverified candidate of score 0. Test inputs with two or more answers are left as they are."""
    out = []
    for i, cands in enumerate(per_test):
        cands = list(cands)
        wanted = 2 - len(cands)
        for miss in near_misses:
            if wanted <= 0:
                break
            grid = miss.test_outputs[i]
            if all(grid_key(grid) != c.key for c in cands):
                cands.append(Candidate(
                    grid=grid, score=0.0, branch="synth",
                    provenance={"program": miss.text, "orientation": "xy", "description": miss.description,
                                "source": "cpu-near-miss", "distance": round(miss.distance, 4)},
                    verified=False))
                wanted -= 1
        out.append(cands)
    return out
