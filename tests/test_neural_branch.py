"""The whole neural branch on tiny random models: Candidates come back (garbage content), never an exception."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch

from neural import branch
from neural.config import NeuralConfig
from neural.model import build_embedded_model
from solver.lm.loading import save_model
from tests.tiny_models import build_tiny_llama
from solver.candidates import Candidates
from solver.tasks import parse_task
from tests.conftest import flip_task

torch.set_num_threads(1)  # tiny models: more threads only contend with the other tests' processes


@pytest.fixture(scope="module")
def tiny_embedded(tmp_path_factory) -> str:
    model, tok = build_embedded_model(seed=0, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=4, intermediate_size=64)
    return str(save_model(model, tok, tmp_path_factory.mktemp("emb") / "m"))


@pytest.fixture(scope="module")
def tiny_chat(tmp_path_factory) -> str:
    return str(build_tiny_llama(tmp_path_factory.mktemp("chat") / "m"))


def _config(model: str, **kw) -> NeuralConfig:
    base = dict(model=model, device="cpu", lora_r=4, lora_alpha=8, ttt_max_examples=4, ttt_batch_size=2,
                n_transforms=3, max_new_tokens=24, time_limit_s=120, ttt_bf16="off")
    base.update(kw)
    return NeuralConfig(**base)


def _task(n_test: int = 2):
    return parse_task(flip_task(n_test), "flip", "test").task


def _check(c: Candidates, n_tests: int) -> None:
    assert isinstance(c, Candidates) and c.branch == "neural"
    assert len(c.per_test) == n_tests
    for cands in c.per_test:
        assert len(cands) <= 2
        for cand in cands:
            assert cand.grid.ndim == 2 and cand.grid.dtype == np.uint8 and not cand.verified


def test_compact_branch_runs_and_reuses_adapter(tiny_embedded: str, tmp_path: Path):
    cfg = _config(tiny_embedded)
    task = _task()
    first = branch.solve(task, cfg, seed=0, run_dir=tmp_path, deadline=time.monotonic() + 120)
    _check(first, 2)
    assert first.reason is None or "failed" not in first.reason, first.reason
    assert first.info["ttt"]["steps"] == 2 and not first.info["ttt"]["reused"]
    assert (tmp_path / "adapters" / "flip" / "adapter_model.safetensors").exists()
    assert first.info["n_prompts"] == 6 and first.info["adapter"].endswith("flip")
    second = branch.solve(task, cfg, seed=0, run_dir=tmp_path, deadline=time.monotonic() + 120)
    assert second.info["ttt"]["reused"]
    assert [[c.key for c in cs] for cs in second.per_test] == [[c.key for c in cs] for cs in first.per_test]


def test_marc_format_with_chat_template(tiny_chat: str):
    cfg = _config(tiny_chat, format="marc", max_tokens=4096)
    result = branch.solve(_task(1), cfg, seed=0, run_dir=None, deadline=time.monotonic() + 120)
    _check(result, 1)
    assert result.reason is None or "failed" not in result.reason, result.reason
    assert result.info["ttt"]["steps"] >= 1 and result.info["n_prompts"] == 3


def test_no_ttt_and_disabled(tiny_embedded: str):
    result = branch.solve(_task(1), _config(tiny_embedded, ttt=False), 0, None, time.monotonic() + 60)
    _check(result, 1)
    assert "ttt" not in result.info and result.info["adapter"] is None
    off = branch.solve(_task(1), _config(tiny_embedded, enabled=False), 0, None, time.monotonic() + 60)
    assert off.reason == "neural branch disabled" and off.per_test == [[]]


def test_failures_and_timeouts_return_empty_with_reason(tiny_embedded: str, tmp_path: Path):
    bad = branch.solve(_task(1), _config(str(tmp_path / "missing")), 0, None, time.monotonic() + 60)
    assert bad.per_test == [[]] and "failed while loading the model" in bad.reason
    fmt = branch.solve(_task(1), _config(tiny_embedded, format="nope"), 0, None, time.monotonic() + 60)
    assert fmt.per_test == [[]] and "unknown prompt format" in fmt.reason
    late = branch.solve(_task(1), _config(tiny_embedded), 0, None, time.monotonic() - 1)
    assert late.per_test == [[]] and "time budget" in late.reason


def test_shared_adapter_mode(tiny_embedded: str, tmp_path: Path):
    cfg = _config(tiny_embedded, shared_adapter=True)
    tasks = [parse_task(flip_task(), tid, "test").task for tid in ("a", "b")]
    record = branch.prepare_shared_adapter(tasks, cfg, 0, tmp_path)
    assert record["n_examples"] == 8
    result = branch.solve(tasks[0], cfg, 0, tmp_path, time.monotonic() + 60)
    _check(result, 1)
    assert result.info["adapter"].endswith("_shared")


def test_evaluate_trains_the_shared_adapter_once_before_the_tasks(tiny_embedded: str, tmp_path: Path):
    import json

    from rich.console import Console

    from solver.app.config import RunConfig
    from solver.app.evaluate import run_evaluation
    config = RunConfig()
    config.branch("synth").enabled = False
    config.branches["neural"] = _config(tiny_embedded, shared_adapter=True)
    loaded = [parse_task(flip_task(), tid, "test") for tid in ("a", "b")]
    run_evaluation(loaded, config, tmp_path / "run", Console(quiet=True))
    record = json.loads((tmp_path / "run" / "prepare" / "neural.json").read_text())
    assert "error" not in record and record["n_examples"] == 8 and not record["reused"]
    assert (tmp_path / "run" / "adapters" / "_shared" / "adapter_config.json").exists()
    for tid in ("a", "b"):
        neural = json.loads((tmp_path / "run" / "tasks" / f"{tid}.json").read_text())["branches"]["neural"]
        assert neural["info"]["adapter"].endswith("_shared"), neural
    assert not (tmp_path / "run" / "adapters" / "a").exists()  # no per-task adapters in shared mode


def test_two_phase_evaluation_trains_every_adapter_first_then_infers_with_them(tiny_embedded: str, tmp_path: Path,
                                                                                  monkeypatch):
    import json

    from rich.console import Console

    from neural import ttt
    from solver.app.config import RunConfig
    from solver.app.evaluate import run_evaluation
    from solver.lm import runtime

    calls: list[str] = []
    real_train = ttt.train_task_adapter

    def recording_train(model, tokenizer, examples, config, out_dir, seed, deadline=None):
        calls.append(Path(out_dir).name)
        return real_train(model, tokenizer, examples, config, out_dir, seed, deadline)

    monkeypatch.setattr(ttt, "train_task_adapter", recording_train)
    released: list[str] = []
    real_release = runtime.release_model
    monkeypatch.setattr(runtime, "release_model", lambda *a: released.append(a[0]) or real_release(*a))
    config = RunConfig()
    config.branch("synth").enabled = False
    config.branches["neural"] = _config(tiny_embedded, phases=True)
    loaded = [parse_task(flip_task(), tid, "test") for tid in ("a", "b")]
    run_evaluation(loaded, config, tmp_path / "run", Console(quiet=True))
    record = json.loads((tmp_path / "run" / "prepare" / "neural.json").read_text())
    assert record["trained"] == 2 and record["failed"] == 0, record
    assert calls == ["a", "b"]          # phase 1 trained both adapters; phase 2 (solve) trained none
    assert released == [tiny_embedded]  # the training model was freed before inference
    for tid in ("a", "b"):
        neural = json.loads((tmp_path / "run" / "tasks" / f"{tid}.json").read_text())["branches"]["neural"]
        assert neural["info"]["adapter"].endswith(f"adapters/{tid}"), neural
        assert "ttt" not in neural["info"]
    # rerun in a new folder with one adapter already trained there: it is reused, not trained again
    calls.clear()
    second = tmp_path / "run2"
    (second / "adapters").mkdir(parents=True)
    import shutil
    shutil.copytree(tmp_path / "run" / "adapters" / "a", second / "adapters" / "a")
    run_evaluation(loaded, config, second, Console(quiet=True))
    record = json.loads((second / "prepare" / "neural.json").read_text())
    assert record["reused"] == 1 and record["trained"] == 1
