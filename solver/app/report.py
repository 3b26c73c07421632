"""Reports of a run: scores overall and per branch, the complementarity table, time per branch; JSON and Markdown.

Branch names come from the task results themselves (the pipeline records every branch it ran)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.scoring import dataset_score
from solver.storage import read_task_results


def _solved(result: dict[str, Any], branch: str | None = None) -> bool | None:
    """True/False when the task (or one branch alone) is fully solved; None when unknown or branch off."""
    if branch is None:
        correct = result.get("correct")
    else:
        b = result.get("branches", {}).get(branch)
        correct = None if b is None else b.get("correct")
    if correct is None:
        return None
    return bool(correct) and all(correct)


def _score(result: dict[str, Any], branch: str | None = None) -> float | None:
    if branch is None:
        return result.get("score")
    b = result.get("branches", {}).get(branch)
    return None if b is None else b.get("score")


def branch_names(results: dict[str, dict[str, Any]]) -> list[str]:
    """The branches the task results name, in the order the pipeline ran them."""
    seen: dict[str, None] = {}
    for i in sorted(results):
        for name in results[i].get("branches", {}):
            seen.setdefault(name, None)
    return list(seen)


def complementarity(a_ids: set[str], b_ids: set[str], all_ids: list[str]) -> dict[str, list[str]]:
    """Solved by both / only A / only B / neither, as task id lists."""
    return {
        "both": sorted(a_ids & b_ids),
        "only_a": sorted(a_ids - b_ids),
        "only_b": sorted(b_ids - a_ids),
        "neither": sorted(set(all_ids) - a_ids - b_ids),
    }


def build_report(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The run's report from its per-task results."""
    ids = sorted(results)
    scored = [i for i in ids if results[i].get("score") is not None]
    report: dict[str, Any] = {
        "n_tasks": len(ids),
        "n_scored": len(scored),
        "score": dataset_score([results[i]["score"] for i in scored]) if scored else None,
        "n_solved": sum(1 for i in scored if _solved(results[i])),
        "solved_ids": [i for i in scored if _solved(results[i])],
        "seconds_total": round(sum(r.get("seconds", 0.0) for r in results.values()), 1),
        "errors": {i: results[i]["errors"] for i in ids if results[i].get("errors")},
        "warnings": sorted({w for r in results.values() for b in r.get("branches", {}).values()
                            for w in (b.get("info") or {}).get("warnings", [])}),
        "branches": {},
        "branch_scores": {},
        "branch_seconds": {},
        "branch_reasons": {},
    }
    enabled = []
    for branch in branch_names(results):
        on = [i for i in ids if results[i].get("branches", {}).get(branch, {}).get("enabled")]
        if on:
            enabled.append(branch)
        branch_scored = [i for i in on if _score(results[i], branch) is not None]
        report["branches"][branch] = [i for i in branch_scored if _solved(results[i], branch)]
        report["branch_scores"][branch] = (dataset_score([_score(results[i], branch) for i in branch_scored])
                                           if branch_scored else None)
        report["branch_seconds"][branch] = round(sum(results[i]["branches"][branch]["seconds"] for i in on), 1)
        reasons: dict[str, int] = {}
        for i in on:
            reason = results[i]["branches"][branch].get("reason")
            if reason:
                key = reason.split(":")[0] if reason.startswith("error") else reason
                reasons[key] = reasons.get(key, 0) + 1
        report["branch_reasons"][branch] = reasons
    if len(enabled) == 2 and scored:
        a, b = enabled
        table = complementarity(set(report["branches"][a]), set(report["branches"][b]), scored)
        report["complementarity"] = {"a": a, "b": b, **table}
    return report


def report_markdown(report: dict[str, Any], title: str = "arc-solver run") -> str:
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.2f}%"

    lines = [f"# {title}", "", f"- tasks: {report['n_tasks']} (scored: {report['n_scored']})",
             f"- score (pass@2, mean over tasks): {pct(report['score'])}",
             f"- tasks fully solved: {report['n_solved']}", f"- total task time: {report['seconds_total']} s", "",
             "| branch | score alone | tasks solved | seconds | notes |", "| --- | --- | --- | --- | --- |"]
    for b in report["branches"]:
        reasons = ", ".join(f"{k} x{v}" for k, v in report["branch_reasons"].get(b, {}).items())
        lines.append(f"| {b} | {pct(report['branch_scores'].get(b))} | {len(report['branches'].get(b, []))} | "
                     f"{report['branch_seconds'].get(b, 0)} | {reasons} |")
    lines.append(f"| ensemble | {pct(report['score'])} | {report['n_solved']} | | |")
    comp = report.get("complementarity")
    if comp:
        lines += ["", f"## Complementarity ({comp['a']} vs {comp['b']})", "", "| | tasks | ids |", "| --- | --- | --- |"]
        for key, label in (("both", "both"), ("only_a", f"only {comp['a']}"), ("only_b", f"only {comp['b']}"),
                           ("neither", "neither")):
            ids = comp[key]
            shown = ", ".join(ids) if key != "neither" else f"{len(ids)} tasks"
            lines.append(f"| {label} | {len(ids)} | {shown} |")
    if report.get("warnings"):
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in report["warnings"]]
    if report["errors"]:
        lines += ["", "## Errors", ""] + [f"- {i}: {'; '.join(e)}" for i, e in report["errors"].items()]
    return "\n".join(lines) + "\n"


def load_run_report(run_dir: Path) -> dict[str, Any]:
    return build_report(read_task_results(run_dir))
