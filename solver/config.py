"""The run configuration: run-wide settings plus one typed config per branch, loaded from TOML and recorded per run.

A TOML file has tables [run], [synth], [neural]; keys are the dataclass field names. CLI flags override it.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from neural.config import NeuralConfig
from solver.grid import TaskFormatError
from synth.config import SynthConfig


@dataclass
class RunSettings:
    seed: int = 0
    time_limit_s: float = 60.0          # per task, both branches together
    synth_share: float = 0.5            # fraction of the task's time given to synthesis when both branches run
    workers: int = 1                    # tasks run in parallel processes (does not change answers)


@dataclass
class RunConfig:
    run: RunSettings = field(default_factory=RunSettings)
    synth: SynthConfig = field(default_factory=SynthConfig)
    neural: NeuralConfig = field(default_factory=NeuralConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def answer_relevant(self) -> dict[str, Any]:
        """The settings that can change answers (everything but parallelism)."""
        d = self.to_dict()
        d["run"].pop("workers")
        return d

    def branch_budgets(self) -> tuple[float, float]:
        """Seconds for (synth, neural) within one task's time limit."""
        total = self.run.time_limit_s
        if self.synth.enabled and self.neural.enabled:
            return total * self.run.synth_share, total * (1 - self.run.synth_share)
        return total, total


def _fill(cls: type, values: dict[str, Any], where: str) -> Any:
    names = {f.name: f for f in dataclasses.fields(cls)}
    obj = cls()
    for key, value in values.items():
        if key not in names:
            raise TaskFormatError(f"{where}: unknown setting '{key}'")
        current = getattr(obj, key)
        if isinstance(current, bool) != isinstance(value, bool) or (
                not isinstance(current, bool) and isinstance(current, (int, float)) and not isinstance(value, (int, float))):
            raise TaskFormatError(f"{where}: setting '{key}' must be {type(current).__name__}, got {value!r}")
        if isinstance(current, str) and not isinstance(value, str):
            raise TaskFormatError(f"{where}: setting '{key}' must be a string, got {value!r}")
        if isinstance(current, float) and isinstance(value, int):
            value = float(value)
        setattr(obj, key, value)
    return obj


def config_from_dict(data: dict[str, Any], where: str = "config") -> RunConfig:
    unknown = set(data) - {"run", "synth", "neural"}
    if unknown:
        raise TaskFormatError(f"{where}: unknown table(s) {', '.join(sorted(unknown))} (expected run, synth, neural)")
    return RunConfig(_fill(RunSettings, data.get("run", {}), f"{where} [run]"),
                     _fill(SynthConfig, data.get("synth", {}), f"{where} [synth]"),
                     _fill(NeuralConfig, data.get("neural", {}), f"{where} [neural]"))


def load_config(path: str | Path | None) -> RunConfig:
    """Read a TOML config (or the defaults when path is None); errors name the file and the setting."""
    if path is None:
        return RunConfig()
    path = Path(path)
    if not path.is_file():
        raise TaskFormatError(f"{path}: config file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TaskFormatError(f"{path}: invalid TOML ({exc})") from exc
    return config_from_dict(data, str(path))


def dump_config(config: RunConfig) -> str:
    return tomli_w.dumps(config.to_dict())
