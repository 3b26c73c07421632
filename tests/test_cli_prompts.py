"""`arc-solve prompts` and `--preset`: the preset under --config and flags, recorded in the run's config."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from solver.app.cli import _config, app
from solver.app.config import dump_config
from tests.conftest import flip_task
from tests.llama3_tokenizer import llama3_style_tokenizer

runner = CliRunner()


def _task_file(tmp_path: Path) -> Path:
    path = tmp_path / "flip.json"
    path.write_text(json.dumps(flip_task(2)))
    return path


def test_preset_is_under_config_file_and_flags(tmp_path: Path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[neural]\nttt_lr = 5e-5\n")
    config = _config(cfg, None, None, None, None, branch_options={"neural.lora_r": 64}, preset="marc")
    neural = config.branch("neural")
    assert (neural.preset, neural.ttt_lr, neural.lora_r, neural.ttt_epochs, neural.vote_kind) == (
        "marc", 5e-5, 64, 2, "marc")
    recorded = dump_config(config)
    assert 'preset = "marc"' in recorded and 'prompt_set = "marc"' in recorded


def test_prompts_command_writes_jsonl(tmp_path: Path):
    tok_dir = tmp_path / "tok"
    llama3_style_tokenizer().save_pretrained(tok_dir)
    out = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["prompts", str(_task_file(tmp_path)), "--preset", "marc", "--tokenizer", str(tok_dir),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert "250 TTT examples" in " ".join(result.output.split())
    assert {r["kind"] for r in rows} == {"ttt", "inference"}
    assert all(set(r) >= {"kind", "transform", "text", "token_ids", "loss_mask"} for r in rows)
    bos = rows[0]["token_ids"][0]
    assert all(r["token_ids"].count(bos) == 1 for r in rows)
    assert all(sum(r["loss_mask"]) == 0 for r in rows if r["kind"] == "inference")


def test_prompts_command_errors(tmp_path: Path):
    task = _task_file(tmp_path)
    result = runner.invoke(app, ["prompts", str(task), "--preset", "nope", "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2 and "unknown preset 'nope'" in result.output
    result = runner.invoke(app, ["prompts", str(task), "--tokenizer", str(tmp_path / "missing"),
                                 "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2 and "cannot load the tokenizer" in result.output
    result = runner.invoke(app, ["prompts", str(task), "--out", str(tmp_path / "e.jsonl"), "--format", "compact"])
    assert result.exit_code == 0, result.output  # the embedded model's tokenizer, default settings
