"""The run configuration: run-wide settings plus one typed config per branch, loaded from TOML and recorded per run.

A TOML file has a table [run] and one table per branch ([synth], [neural], and any plugged-in branch's name);
keys are the dataclass field names. CLI flags override it. The branches' config types come from the registry.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from solver.app import registry
from solver.grid import TaskFormatError


def _default_shares() -> dict[str, float]:
    return {"synth": 0.5, "neural": 0.5}


def _default_ray_cpus() -> dict[str, float]:
    return {"synth": 1.0, "neural": 1.0}


def _default_ray_gpus() -> dict[str, float]:
    return {"neural": 1.0}


@dataclass
class RunSettings:
    seed: int = 0
    time_limit_s: float = 60.0          # per task, all enabled branches together
    # relative share of the task's time per branch, among the enabled ones (a branch not listed gets the mean)
    time_shares: dict[str, float] = field(default_factory=_default_shares)
    workers: int = 1                    # tasks run in parallel processes (does not change answers)
    scoring_branch: str = ""            # a branch with a `score` face (e.g. "neural") that scores every branch's
                                        # candidates before the merge ("" = no scoring stage)
    scoring_share: float = 0.15         # share of the task's time kept for the scoring stage when it is on
    executor: str = "local"             # "local": worker processes on this machine; "ray": tasks on a Ray cluster
    ray_address: str = ""               # with "ray": "" = a local cluster started for the run and shut down after
                                        # it, "auto" = the cluster this machine has joined, or HOST:PORT
    # with "ray": what one task asks the cluster for, per branch it runs (a task asks for the largest value among
    # its enabled branches; GPUs only where the cluster has any)
    ray_cpus: dict[str, float] = field(default_factory=_default_ray_cpus)
    ray_gpus: dict[str, float] = field(default_factory=_default_ray_gpus)


def _default_branches() -> dict[str, Any]:
    return {name: cls() for name, cls in registry.config_types().items()}


@dataclass
class RunConfig:
    run: RunSettings = field(default_factory=RunSettings)
    branches: dict[str, Any] = field(default_factory=_default_branches)  # name -> typed config, pipeline order

    def branch(self, name: str) -> Any:
        """The typed config of branch `name`."""
        if name not in self.branches:
            raise TaskFormatError(f"unknown branch {name!r} (known: {', '.join(self.branches)})")
        return self.branches[name]

    def enabled(self) -> list[str]:
        return [name for name, cfg in self.branches.items() if cfg.enabled]

    def to_dict(self) -> dict[str, Any]:
        return {"run": dataclasses.asdict(self.run),
                **{name: dataclasses.asdict(cfg) for name, cfg in self.branches.items()}}

    def answer_relevant(self) -> dict[str, Any]:
        """The settings that can change answers (everything but parallelism and where the tasks run)."""
        d = self.to_dict()
        for key in ("workers", "executor", "ray_address", "ray_cpus", "ray_gpus"):
            d["run"].pop(key)
        return d

    def task_resources(self) -> tuple[float, float]:
        """(CPUs, GPUs) one task asks a Ray cluster for: the largest of its enabled branches' settings."""
        on = self.enabled()
        cpus = max([float(self.run.ray_cpus.get(name, 1.0)) for name in on], default=1.0)
        gpus = max([float(self.run.ray_gpus.get(name, 0.0)) for name in on], default=0.0)
        return cpus, gpus

    def branch_budgets(self) -> dict[str, float]:
        """Seconds per enabled branch within one task's time limit, split by `run.time_shares`."""
        on = self.enabled()
        if not on:
            return {}
        total_time = self.run.time_limit_s * (1 - self.run.scoring_share if self.run.scoring_branch else 1)
        listed = [v for k, v in self.run.time_shares.items() if k in self.branches]
        fallback = sum(listed) / len(listed) if listed else 1.0
        shares = {name: float(self.run.time_shares.get(name, fallback)) for name in on}
        total = sum(shares.values())
        if total <= 0:
            return {name: total_time / len(on) for name in on}
        return {name: total_time * share / total for name, share in shares.items()}


def _check_value(key: str, current: Any, value: Any, where: str) -> Any:
    if isinstance(current, dict):
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, (int, float))
                                                  and not isinstance(v, bool) for k, v in value.items()):
            raise TaskFormatError(f"{where}: setting '{key}' must be a table of numbers, got {value!r}")
        return {k: float(v) for k, v in value.items()}
    if isinstance(current, bool) != isinstance(value, bool) or (
            not isinstance(current, bool) and isinstance(current, (int, float)) and not isinstance(value, (int, float))):
        raise TaskFormatError(f"{where}: setting '{key}' must be {type(current).__name__}, got {value!r}")
    if isinstance(current, str) and not isinstance(value, str):
        raise TaskFormatError(f"{where}: setting '{key}' must be a string, got {value!r}")
    if isinstance(current, float) and isinstance(value, int):
        return float(value)
    return value


def fill_dataclass(cls: type, values: dict[str, Any], where: str) -> Any:
    """An instance of the dataclass `cls` with `values` set; unknown keys and wrong types name `where`."""
    names = {f.name for f in dataclasses.fields(cls)}
    obj = cls()
    for key, value in values.items():
        if key not in names:
            raise TaskFormatError(f"{where}: unknown setting '{key}'")
        setattr(obj, key, _check_value(key, getattr(obj, key), value, where))
    return obj


def config_from_dict(data: dict[str, Any], where: str = "config") -> RunConfig:
    types = registry.config_types()
    unknown = set(data) - {"run"} - set(types)
    if unknown:
        raise TaskFormatError(f"{where}: unknown table(s) {', '.join(sorted(unknown))} "
                              f"(expected run, {', '.join(types)})")
    return RunConfig(fill_dataclass(RunSettings, data.get("run", {}), f"{where} [run]"),
                     {name: fill_dataclass(cls, data.get(name, {}), f"{where} [{name}]") for name, cls in types.items()})


def read_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file's tables; a missing file or bad TOML is a one-line TaskFormatError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise TaskFormatError(f"{path}: config file not found")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TaskFormatError(f"{path}: invalid TOML ({exc})") from exc


def load_config(path: str | Path | None) -> RunConfig:
    """Read a TOML config (or the defaults when path is None); errors name the file and the setting."""
    if path is None:
        return RunConfig()
    return config_from_dict(read_toml(path), str(path))


def dump_config(config: RunConfig) -> str:
    return tomli_w.dumps(config.to_dict())
