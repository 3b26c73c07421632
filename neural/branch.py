"""The neural branch: per-task LoRA test-time training, then augmented inference with hierarchical voting.

`BRANCH` is its face for the application (`solver.branch.Branch`). `solve(task, config, seed, run_dir, deadline)`
takes the model, tokenizer and backend from the shared LM runtime (`solver.lm.runtime`, loaded once per
process), builds the TTT examples from the task's demos (`neural.ttt_data`), trains the
task's adapter (`neural.ttt`; saved to RUNDIR/adapters/<task_id>/ and reused on rerun, or to a temporary
folder without a run dir), and runs `neural.infer.augmented_predict` with it. The branch never raises: every
failure or time-out is an empty `Candidates` with its reason. Timings, TTT steps and losses go to
`Candidates.info`.

Time: `deadline` is an absolute `time.monotonic()` value, further capped at `config.time_limit_s` from the
call. TTT may use `config.ttt_time_fraction` of what is left; inference gets the rest.

Shared-TTT (`config.shared_adapter`): `prepare(tasks, ...)`, run once per evaluation, trains one adapter on every task's
TTT examples into RUNDIR/adapters/_shared/ before the tasks are solved; `solve` then uses it for every task.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

from neural.config import NeuralConfig
from solver.branch import Branch
from solver.candidates import Candidates
from solver.lm.runtime import Runtime, VLLMOptions, get_runtime
from solver.tasks import Task

NAME = "neural"
SHARED_ADAPTER = "_shared"


def _runtime(config: NeuralConfig, train: bool | None = None) -> Runtime:
    """Model, tokenizer and backend for `config` from the shared per-process LM runtime (loaded once). `train`:
    whether adapters will be trained here (the vLLM backend then also needs the transformers model); by default
    when per-task TTT runs inside `solve` (not with a shared adapter or the two-phase evaluation)."""
    from neural.model import model_path

    from neural.infer import max_sequence_tokens

    options = VLLMOptions(max_lora_rank=config.lora_r, max_loras=config.vllm_max_loras,
                          gpu_memory_utilization=config.vllm_gpu_memory_utilization,
                          max_model_len=max_sequence_tokens(config))
    return get_runtime(model_path(config.model), config.backend, config.device, config.dtype,
                       train_model=_trains_in_solve(config) if train is None else train,
                       batch_size=config.gen_batch_size,
                       vllm=options)


def _trains_in_solve(config: NeuralConfig) -> bool:
    return config.ttt and not config.shared_adapter and not config.phases


def _train_model(rt: Runtime) -> Any:
    """The base model to train an adapter on: the backend's own (with its adapters released) when it has one."""
    backend = rt.backend
    if hasattr(backend, "model"):
        backend.release_adapters()
        return backend.model
    return rt.model


def solve(task: Task, config: NeuralConfig, seed: int, run_dir: Path | None, deadline: float) -> Candidates:
    """Candidates for every test input of `task` from the neural branch (empty with a reason on any failure)."""
    started = time.monotonic()
    n_tests = len(task.test_inputs)
    if not config.enabled:
        return Candidates.empty(NAME, n_tests, "neural branch disabled")
    deadline = min(deadline, started + config.time_limit_s) if config.time_limit_s > 0 else deadline
    info: dict[str, Any] = {"model": config.model, "format": config.format, "backend": config.backend}
    stage = "loading the model"
    temp_dir: str | None = None
    rt: Runtime | None = None
    try:
        if time.monotonic() >= deadline:
            return Candidates.empty(NAME, n_tests, "time budget spent before the branch started")
        from neural.formats import get_format
        from neural.infer import augmented_predict

        fmt = get_format(config.format)
        rt = _runtime(config)
        tokenizer, backend = rt.tokenizer, rt.backend
        info["load_seconds"] = round(rt.load_seconds, 3)  # only the first task of a process pays the load
        adapter: str | None = config.initial_adapter or None
        if config.shared_adapter:
            stage = "finding the shared adapter"
            shared = Path(run_dir) / "adapters" / SHARED_ADAPTER if run_dir is not None else None
            if shared is not None and (shared / "adapter_config.json").exists():
                adapter = str(shared)
            else:
                info["shared_adapter_missing"] = True
        elif config.ttt and config.phases:
            stage = "finding the phase-1 adapter"
            trained = Path(run_dir) / "adapters" / task.id if run_dir is not None else None
            if trained is not None and (trained / "adapter_config.json").exists():
                adapter = str(trained)
            else:
                info["phase1_adapter_missing"] = True
        elif config.ttt:
            stage = "building TTT examples"
            from neural.ttt import train_task_adapter
            from neural.ttt_data import ttt_examples

            t0 = time.monotonic()
            examples = ttt_examples(task, fmt, tokenizer, config, seed)
            info["ttt_examples"] = len(examples)
            info["ttt_data_seconds"] = round(time.monotonic() - t0, 3)
            if examples:
                stage = "test-time training"
                if run_dir is not None:
                    out_dir = Path(run_dir) / "adapters" / task.id
                else:
                    temp_dir = tempfile.mkdtemp(prefix="arc-ttt-")
                    out_dir = Path(temp_dir) / task.id
                remaining = deadline - time.monotonic()
                ttt_deadline = time.monotonic() + max(0.0, remaining * config.ttt_time_fraction)
                result = train_task_adapter(_train_model(rt), tokenizer, examples, config, out_dir, seed,
                                            ttt_deadline)
                info["ttt"] = result.to_info()
                if result.adapter_dir is not None:
                    adapter = result.adapter_dir
        if time.monotonic() >= deadline:
            return _empty(n_tests, "time budget spent before inference", started, info)
        stage = "augmented inference"
        t0 = time.monotonic()
        top_k = max(2, config.score_candidates) if config.rank_by == "score" else 2
        cands = augmented_predict(task, backend, fmt, tokenizer, config, seed, adapter=adapter, deadline=deadline,
                                  top_k=top_k)
        info["predict_seconds"] = round(time.monotonic() - t0, 3)
        if config.rank_by == "score" and any(cands.per_test):
            stage = "scoring candidates"
            t0 = time.monotonic()
            cands.per_test = _rank_by_model_score(task, cands.per_test, backend, fmt, tokenizer, config, seed, adapter)
            info["score_seconds"] = round(time.monotonic() - t0, 3)
        elif config.rank_by != "vote":
            raise ValueError(f"rank_by must be vote or score, got {config.rank_by!r}")
        cands.info = {**info, **cands.info}
        cands.seconds = time.monotonic() - started
        return cands
    except Exception as exc:  # the branch must never take the run down
        message = " ".join(str(exc).split())[:300]
        return _empty(n_tests, f"neural branch failed while {stage}: {exc.__class__.__name__}: {message}",
                      started, info)
    finally:
        if temp_dir is not None:
            if rt is not None and hasattr(rt.backend, "model"):
                rt.backend.release_adapters()  # its adapter folder is about to go
            shutil.rmtree(temp_dir, ignore_errors=True)


def _rank_by_model_score(task: Task, per_test: list[list[Any]], backend: Any, fmt: Any, tokenizer: Any,
                         config: NeuralConfig, seed: int, adapter: str | None) -> list[list[Any]]:
    """The vote's candidates re-ranked by their product-of-experts score (kept in `Candidate.model_score`)."""
    from neural.scoring import score_grids

    scores = score_grids(task, [[c.grid for c in cands] for cands in per_test], backend, fmt, tokenizer, config,
                         seed, adapter)
    ranked = []
    for cands, row in zip(per_test, scores):
        for c, value in zip(cands, row):
            c.model_score = value
        ranked.append(sorted(cands, key=lambda c: -c.model_score))
    return ranked


def _empty(n_tests: int, reason: str, started: float, info: dict[str, Any]) -> Candidates:
    cands = Candidates.empty(NAME, n_tests, reason, time.monotonic() - started)
    cands.info = info
    return cands


def prepare_shared_adapter(tasks: Sequence[Task], config: NeuralConfig, seed: int, run_dir: Path,
                           deadline: float | None = None) -> dict[str, Any]:
    """Train (or reuse) the Shared-TTT adapter on all `tasks`' TTT examples into RUNDIR/adapters/_shared/.

    Returns the training record (TTTResult.to_info()); raises on failure (the caller decides what to do).
    """
    from neural.formats import get_format
    from neural.ttt import train_shared_adapter
    from neural.ttt_data import ttt_examples

    rt = _runtime(config, train=True)
    fmt = get_format(config.format)
    examples = {t.id: ttt_examples(t, fmt, rt.tokenizer, config, seed) for t in tasks}
    result = train_shared_adapter(_train_model(rt), rt.tokenizer, examples, config,
                                  Path(run_dir) / "adapters" / SHARED_ADAPTER, seed, deadline)
    return result.to_info()


def train_phase(tasks: Sequence[Task], config: NeuralConfig, seed: int, run_dir: Path,
                task_budget_s: float) -> dict[str, Any]:
    """Phase 1 of the two-phase evaluation (`config.phases`): train every task's adapter into
    RUNDIR/adapters/<task id>/ with the transformers model (reused when its config hash matches, so a rerun
    resumes), each within task_budget_s x ttt_time_fraction, then free that model so that phase 2's inference
    engine (one vLLM engine serving every adapter, or the transformers backend) has the device to itself."""
    from neural.formats import get_format
    from neural.model import model_path
    from neural.ttt import train_task_adapter
    from neural.ttt_data import ttt_examples
    from solver.lm.runtime import release_model
    from solver.tasks import task_seed

    path = model_path(config.model)
    rt = get_runtime(path, "transformers", config.device, config.dtype, batch_size=config.gen_batch_size)
    fmt = get_format(config.format)
    counts = {"trained": 0, "reused": 0, "no_examples": 0, "failed": 0}
    failures: dict[str, str] = {}
    started = time.monotonic()
    try:
        for task in tasks:
            task_s = task_seed(seed, task.id)
            examples = ttt_examples(task, fmt, rt.tokenizer, config, task_s)
            if not examples:
                counts["no_examples"] += 1
                continue
            try:
                result = train_task_adapter(_train_model(rt), rt.tokenizer, examples, config,
                                            Path(run_dir) / "adapters" / task.id, task_s,
                                            time.monotonic() + task_budget_s * config.ttt_time_fraction)
            except Exception as exc:  # one task's failure is recorded; the phase goes on with the others
                counts["failed"] += 1
                failures[task.id] = f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}"
                continue
            counts["reused" if result.reused else "trained"] += 1
    finally:
        rt.backend.release_adapters()
        release_model(path, config.device, config.dtype)
    return {"kind": "phase 1: per-task adapters", "tasks": len(tasks), **counts, "failures": failures,
            "seconds": round(time.monotonic() - started, 1)}


def prepare(tasks: Sequence[Task], config: NeuralConfig, seed: int, run_dir: Path,
            task_budget_s: float) -> dict[str, Any] | None:
    """Once per evaluation, before the tasks: the Shared-TTT adapter when `config.shared_adapter` is set (its budget
    is the sum of the per-task TTT budgets, task_budget_s x ttt_time_fraction per task), or phase 1 of the
    two-phase evaluation when `config.phases` is set; None otherwise."""
    if config.shared_adapter:
        budget = task_budget_s * config.ttt_time_fraction * len(tasks)
        record = prepare_shared_adapter(tasks, config, seed, run_dir, time.monotonic() + budget)
        return {"kind": "shared TTT adapter", "tasks": len(tasks), "budget_s": round(budget, 1), **record}
    if config.phases and config.ttt:
        return train_phase(tasks, config, seed, run_dir, task_budget_s)
    return None


def score(task: Task, grids_per_test: list[list[Any]], config: NeuralConfig, seed: int, run_dir: Path | None,
          deadline: float) -> list[list[float]]:
    """The scoring stage's face: the product-of-experts score of each grid (`neural.scoring`), with the task's
    TTT adapter when this run trained one (RUNDIR/adapters/<id>/, or the shared one), else the base model."""
    from neural.formats import get_format
    from neural.scoring import score_grids

    adapter: str | None = config.initial_adapter or None
    if run_dir is not None:
        for folder in (Path(run_dir) / "adapters" / task.id, Path(run_dir) / "adapters" / SHARED_ADAPTER):
            if (folder / "adapter_config.json").exists():
                adapter = str(folder)
                break
    rt = _runtime(config)
    return score_grids(task, grids_per_test, rt.backend, get_format(config.format), rt.tokenizer, config, seed,
                       adapter, deadline)


BRANCH = Branch(NAME, NeuralConfig, solve, prepare, "test-time-trained transduction with augmented voting", score)
