"""The synthesis branch: sample programs (CPU search and/or an LLM), verify them in the sandbox, rank answers.

`BRANCH` is the branch's face for the application (`solver.branch.Branch`); `solve` never raises for a task's
own failures: time-outs and sampler errors come back as empty Candidates with the reason.
"""
from __future__ import annotations

import atexit
import time
from pathlib import Path

from solver.branch import Branch
from solver.candidates import Candidates
from solver.grid import grid_key
from solver.tasks import Task
from synth.config import SynthConfig
from synth.sandbox import Sandbox, SandboxConfig
from synth.search import FoundProgram, search_with_near_misses
from synth.verify import ProgramSpec, add_near_misses, rank_candidates, verify_programs

_SANDBOXES: dict[tuple, Sandbox] = {}
VERIFY_RESERVE_S = 0.15  # share of the budget kept for sandbox verification of the search's programs ...
VERIFY_RESERVE_MAX_S = 0.6  # ... but at most this (verifying took 0.24 s at most per arc1-eval task at 1 s and 10 s)


def _sandbox(config: SynthConfig) -> Sandbox:
    """A warm sandbox per process and settings, reused across tasks."""
    key = (config.sandbox_workers, config.sandbox_timeout_s, config.sandbox_memory_mb)
    if key not in _SANDBOXES:
        _SANDBOXES[key] = Sandbox(SandboxConfig(workers=config.sandbox_workers, timeout_s=config.sandbox_timeout_s,
                                                memory_mb=config.sandbox_memory_mb))
    return _SANDBOXES[key]


@atexit.register
def _close_sandboxes() -> None:
    for sandbox in _SANDBOXES.values():
        sandbox.close()
    _SANDBOXES.clear()


def _llm_programs(task: Task, config: SynthConfig, seed: int, deadline: float) -> tuple[list[ProgramSpec], dict]:
    """Sample programs with the LLM through the shared LM runtime (one model load and at most one vLLM engine per
    process, whichever branch asks first); the transformers backend stops generating at `deadline` and returns
    what it has (cut-off completions rarely hold a closed code fence)."""
    from solver.lm.runtime import VLLMOptions, get_runtime
    from synth.llm_sampler import ORIENTATION, sample_programs

    rt = get_runtime(config.llm_model, config.llm_backend, vllm=VLLMOptions(enable_lora=False))
    programs, stats = sample_programs(task, rt.backend, rt.tokenizer, config.llm_samples, config.llm_temperature,
                                      config.llm_max_new_tokens, seed, deadline)
    return [ProgramSpec(p, ORIENTATION, len(p), "llm") for p in programs], stats


def _first_per_answer(found: list[FoundProgram]) -> list[FoundProgram]:
    """One program per distinct test answer: the first in the search's ranking (simplest first, then the short
    search's best answer second: `synth.search.with_early_answer`). The search enumerates many variants of the
    same pipeline (e.g. a lookup rule under several parametrisations); counting them as independent agreeing
    programs would rank an over-fitted answer above a simple one, so search programs are ranked by the search,
    and agreement counts distinct answers' programs only across samplers."""
    first: dict[tuple, FoundProgram] = {}
    for f in found:
        first.setdefault(tuple(grid_key(g) for g in f.test_outputs), f)
    return list(first.values())


SIZE_PENALTY = 1000  # added to the rank of a program whose test outputs miss the predicted sizes


def solve(task: Task, config: SynthConfig, seed: int, run_dir: Path | None, deadline: float) -> Candidates:
    """Sample, verify and rank programs for `task` until `deadline` (time.monotonic()). With sampler "both",
    the CPU search gets half of the sampling time and the LLM the rest; VERIFY_RESERVE_S of the budget
    (VERIFY_RESERVE_MAX_S at most) is kept for sandbox verification, which verifies the best-ranked programs
    first and stops at `deadline` (`verify_programs`; the first few of each sampler always run)."""
    start = time.monotonic()
    n = len(task.test_inputs)
    info: dict = {}
    specs: list[ProgramSpec] = []
    near_misses: list[FoundProgram] = []
    sampling_end = deadline - min((deadline - start) * VERIFY_RESERVE_S, VERIFY_RESERVE_MAX_S)
    if config.sampler in ("cpu", "both"):
        search_deadline = sampling_end if config.sampler == "cpu" else start + (sampling_end - start) / 2
        found, near_misses = search_with_near_misses(task, config, search_deadline, seed)
        kept = _first_per_answer(found)
        specs += [ProgramSpec(f.text, "xy", rank + (0 if f.size_ok else SIZE_PENALTY), "cpu", f.description)
                  for rank, f in enumerate(kept)]
        info["search_programs"] = len(found)
        info["search_distinct_answers"] = len(kept)
        info["search_seconds"] = round(time.monotonic() - start, 3)
    if config.sampler in ("llm", "both"):
        if not config.llm_model:
            return Candidates.empty("synth", n, "error: sampler 'llm' needs llm_model", time.monotonic() - start)
        llm_specs, stats = _llm_programs(task, config, seed, sampling_end)
        specs += llm_specs
        info["llm"] = stats
    if config.sampler not in ("cpu", "llm", "both"):
        return Candidates.empty("synth", n, f"error: unknown sampler {config.sampler!r}", time.monotonic() - start)
    if not specs:  # the near misses (unverified) are the only guesses
        per_test = add_near_misses([[] for _ in range(n)], near_misses)
        return Candidates("synth", per_test, "no program found", time.monotonic() - start, info)
    verify_start = time.monotonic()
    sandbox = _sandbox(config)
    if sandbox.warning:
        info["warnings"] = [sandbox.warning]  # a missing OS layer is shown in the report, never silent
    verified, failures = verify_programs(task, specs, sandbox, deadline)
    info.update(verified=len(verified), failures=dict(failures), verify_seconds=round(time.monotonic() - verify_start, 3))
    per_test = add_near_misses(rank_candidates(verified, n), near_misses)
    reason = None if any(per_test) else "no program verified"
    return Candidates("synth", per_test, reason, time.monotonic() - start, info)


BRANCH = Branch("synth", SynthConfig, solve, description="program synthesis: search / LLM samples, sandbox-verified")
