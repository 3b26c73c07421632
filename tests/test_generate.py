"""The task generator: determinism to the byte, valid grids, the keep rules, the held-out split, and recorded
programs that reproduce their tasks in the sandbox."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from solver.tasks import load_task_dir
from synth import scenes
from synth.emit import Step
from synth.generate import (OPERATION_NAMES, ArgContext, GeneratorConfig, _category, _Target, alternatives,
                            family_of, generate_one, generate_tasks, is_heldout_family, iter_tasks, keep_reason,
                            run_pipeline, shorter_fit, steps_from_json, steps_to_json)
from synth.sandbox import Sandbox, SandboxConfig

FAST = GeneratorConfig(check_depth2_budget=500)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "a"
    generate_tasks(12, 3, out, FAST)
    return out


def test_same_seed_same_bytes(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "b"
    generate_tasks(12, 3, again, FAST)
    first, second = _files(generated), _files(again)
    assert len([name for name in first if name.endswith(".json") and "/" not in name]) == 12
    assert len([name for name in first if name.startswith("meta/")]) == 14      # 12 sidecars + manifest + settings
    assert first == second


def test_other_seed_other_tasks(generated: Path, tmp_path: Path) -> None:
    other = tmp_path / "c"
    generate_tasks(4, 4, other, FAST)
    mine = [(generated / f"gen-train-3-{i:06d}.json").read_text() for i in range(4)]
    theirs = [(other / f"gen-train-4-{i:06d}.json").read_text() for i in range(4)]
    assert all(x != y for x, y in zip(mine, theirs))


def test_folder_with_other_tasks_is_refused(tmp_path: Path) -> None:
    report = generate_tasks(2, 3, tmp_path, FAST)
    assert report.n == 2 and sum(report.by_depth.values()) == 2 and "2 train tasks" in report.summary()
    generate_tasks(2, 3, tmp_path, FAST)               # the same tasks again: overwritten in place
    with pytest.raises(FileExistsError):
        generate_tasks(2, 9, tmp_path, FAST)           # would mix seed 9's tasks with seed 3's


def test_every_grid_valid_and_outputs_included(generated: Path) -> None:
    report = load_task_dir(generated)
    assert not report.errors
    assert len(report.tasks) == 12
    for lt in report.tasks:
        assert lt.solutions is not None and len(lt.solutions) == len(lt.task.test_inputs)
        for grid in [p.input for p in lt.task.train] + list(lt.task.test_inputs):
            assert 3 <= grid.shape[0] <= 30 and 3 <= grid.shape[1] <= 30
        for grid in [p.output for p in lt.task.train] + list(lt.solutions):
            assert 1 <= grid.shape[0] <= 30 and 1 <= grid.shape[1] <= 30
            assert grid.dtype == np.uint8 and int(grid.max()) <= 9
        for p in lt.task.train:
            assert p.input.shape != p.output.shape or not np.array_equal(p.input, p.output)
        for i, o in zip(lt.task.test_inputs, lt.solutions):
            assert i.shape != o.shape or not np.array_equal(i, o)


def test_sidecar_records_pipeline_family_depth(generated: Path) -> None:
    manifest = json.loads((generated / "meta" / "manifest.json").read_text())
    assert manifest["n"] == 12 and manifest["split"] == "train" and len(manifest["tasks"]) == 12
    depths = set()
    for entry in manifest["tasks"]:
        meta = json.loads((generated / "meta" / f"{entry['id']}.json").read_text())
        task = json.loads((generated / f"{entry['id']}.json").read_text())
        steps = steps_from_json(meta["steps"])
        assert meta["depth"] == len(steps) == entry["depth"]
        assert meta["family"] == family_of(steps) == entry["family"]
        assert steps_to_json(steps) == meta["steps"]
        assert "def main(input_grid)" in meta["program"]
        depths.add(meta["depth"])
        # in-process: the recorded pipeline makes every output, and every step changes some demo
        for pair in task["train"] + task["test"]:
            out = run_pipeline(steps, np.array(pair["input"], dtype=np.uint8))
            assert out is not None and out.tolist() == pair["output"]
        grids = [np.array(p["input"], dtype=np.uint8) for p in task["train"]]
        for step in steps:
            nxt = [run_pipeline((step,), g) for g in grids]
            assert any(a.shape != b.shape or not np.array_equal(a, b) for a, b in zip(grids, nxt))
            grids = nxt
    assert depths == {1, 2, 3}


def test_programs_reproduce_tasks_in_the_sandbox(generated: Path) -> None:
    with Sandbox(SandboxConfig(workers=1, timeout_s=10.0)) as sandbox:
        for f in sorted(generated.glob("gen-*.json")):
            task = json.loads(f.read_text())
            program = json.loads((generated / "meta" / f.name).read_text())["program"]
            pairs = task["train"] + task["test"]
            outcomes = sandbox.run([program], [np.array(p["input"], dtype=np.uint8) for p in pairs], "xy")[0]
            assert [o.status for o in outcomes] == ["ok"] * len(pairs), f.name
            assert [o.grid.tolist() for o in outcomes] == [p["output"] for p in pairs], f.name


def test_programs_reproduce_tasks_in_process(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The emitted text, executed directly (xy orientation: the program gets grid[x, y])."""
    import synth.common

    monkeypatch.setitem(sys.modules, "common", synth.common)
    for f in sorted(generated.glob("gen-*.json")):
        task = json.loads(f.read_text())
        namespace: dict = {}
        exec(compile(json.loads((generated / "meta" / f.name).read_text())["program"], f.name, "exec"), namespace)
        for pair in task["train"] + task["test"]:
            out = np.asarray(namespace["main"](np.array(pair["input"]).T)).T
            assert out.tolist() == pair["output"], f.name


def test_heldout_split_never_leaks() -> None:
    train = list(iter_tasks(15, 1, FAST, "train"))
    heldout = list(iter_tasks(6, 1, FAST, "heldout"))
    assert not any(is_heldout_family(t.family) for t in train)
    assert all(is_heldout_family(t.family) for t in heldout)
    assert not {t.family for t in train} & {t.family for t in heldout}
    assert all(t.id.startswith("gen-heldout-1-") for t in heldout)


def test_heldout_rule_is_fixed() -> None:
    assert [n for n in OPERATION_NAMES if is_heldout_family(n)] == \
        ["crop_nonbg", "recolor", "connect_pairs", "hollow_objects", "shift", "tile", "fractal"]
    assert family_of([Step("rotate", (1,)), Step("flip", ("lr",)), Step("rotate", (2,))]) == "flip+rotate"
    with pytest.raises(ValueError):
        generate_one(0, 0, FAST, split="test")


def test_operations_restrict_pipelines() -> None:
    config = GeneratorConfig(operations=("flip", "gravity", "crop_nonbg"), min_depth=2, max_depth=2,
                             check_depth2_budget=0)
    for task in iter_tasks(4, 2, config):
        assert {s.name for s in task.steps} <= {"flip", "gravity", "crop_nonbg"} and task.depth == 2
    for bad in (GeneratorConfig(operations=("no_such_op",)), GeneratorConfig(max_depth=4),
                GeneratorConfig(min_depth=2, max_depth=1), GeneratorConfig(max_side=31)):
        with pytest.raises(ValueError):
            generate_one(0, 0, bad)


# ----------------------------------------------------------------------------------------- keep rules

def _grid(rows: list[str]) -> np.ndarray:
    return np.array([[int(c) for c in r] for r in rows], dtype=np.uint8)


A = _grid(["1200", "0300", "0040"])
B = _grid(["0005", "0660", "7000", "0080"])
C = _grid(["90", "01", "23"])


def _pairs(steps: tuple[Step, ...], grids: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(g, run_pipeline(steps, g)) for g in grids]


def test_unchanged_demo_is_rejected() -> None:
    steps = (Step("remove_color", (5,)),)           # leaves A unchanged (A has no 5)
    assert keep_reason(steps, _pairs(steps, [A, B]), _pairs(steps, [_grid(["55", "01"])])) == "a demo is unchanged"


def test_test_output_equal_to_input_is_rejected() -> None:
    steps = (Step("remove_color", (3,)),)
    reason = keep_reason(steps, _pairs(steps, [A, _grid(["33", "10"])]), _pairs(steps, [B]))
    assert reason == "test output equals test input"


def test_repeated_inputs_and_constant_outputs_are_rejected() -> None:
    flip = (Step("flip", ("lr",)),)
    assert keep_reason(flip, _pairs(flip, [A, A]), _pairs(flip, [B])) == "repeated input"
    crop = (Step("crop_color", (3,)),)
    same_out = [_grid(["300", "000"]), _grid(["000", "030", "100"])]
    assert keep_reason(crop, _pairs(crop, same_out), _pairs(crop, [A])) == "every demo output is the same"


def test_a_good_task_passes_every_rule() -> None:
    steps = (Step("flip", ("lr",)),)
    train, test = _pairs(steps, [A, B]), _pairs(steps, [C])
    assert keep_reason(steps, train, test) is None
    reason, info = shorter_fit(steps, train, test, 1000)
    assert reason is None and info["alternatives"] > 100


def test_shorter_pipeline_is_rejected() -> None:
    steps = (Step("flip", ("lr",)), Step("flip", ("ud",)))   # = rotate(2)
    reason, _ = shorter_fit(steps, _pairs(steps, [A, B]), _pairs(steps, [C]), 1000)
    assert reason == "shorter: rotate(2)"


def test_removable_step_is_rejected() -> None:
    steps = (Step("remove_color", (9,)), Step("transpose", ()), Step("crop_nonbg", (0,)))
    reason, _ = shorter_fit(steps, _pairs(steps, [A, B]), _pairs(steps, [C]), 1000)
    assert reason is not None and reason.startswith(("removable", "shorter"))


def test_collapsing_pair_is_rejected() -> None:
    steps = (Step("flip", ("lr",)), Step("flip", ("ud",)), Step("draw_border", (4,)))
    reason, _ = shorter_fit(steps, _pairs(steps, [A, B]), _pairs(steps, [C]), 1000)
    assert reason == "collapses: steps 1-2 = rotate(2)"


def test_ambiguous_demos_are_rejected() -> None:
    steps = (Step("keep_color", (5,)),)                      # on demos of colors 3 and 5 only, = remove_color(3)
    demos = [_grid(["353", "005"]), _grid(["0535", "3000"])]
    test = [_grid(["357", "075"])]                           # 7 tells them apart
    reason, _ = shorter_fit(steps, _pairs(steps, demos), _pairs(steps, test), 1000)
    assert reason is not None and reason.startswith("ambiguous")
    determined = [_grid(["35", "05"])]                       # same answer either way
    assert shorter_fit(steps, _pairs(steps, demos), _pairs(steps, determined), 1000)[0] is None


def test_depth2_search_finds_a_shorter_pair() -> None:
    # flip_ud . gravity_down . flip_lr = gravity_up . rotate_180: no step removable, no adjacent pair collapses
    steps = (Step("flip", ("lr",)), Step("gravity", ("down",)), Step("flip", ("ud",)))
    train, test = _pairs(steps, [A, B, C]), _pairs(steps, [_grid(["1000", "0310", "0200"])])
    assert keep_reason(steps, train, test) is None
    reason, info = shorter_fit(steps, train, test, 100000)
    assert reason in ("shorter: rotate(2) | gravity('up')", "shorter: gravity('down') | rotate(2)"), reason
    reason, info = shorter_fit(steps, train, test, 1)       # the work cap: nothing tried, and said so
    assert reason is None and info["depth2_complete"] is False


def test_pruning_never_hides_an_alternative() -> None:
    """Every alternative's own result passes its necessary condition, on scenes of every kind."""
    rng = np.random.default_rng(11)
    tried = 0
    for kind in scenes.KINDS:
        for _ in range(2):
            image = scenes.make_scene(rng, scenes.make_style(rng, kind, max_side=10))
            colors = tuple(sorted(set(np.unique(image).tolist()) - {0}))
            for ratio in ((2, 2, True), (2, 2, False)):
                for step in alternatives(ArgContext(colors, (1, 2, 5), check=True, ratio=ratio)):
                    out = run_pipeline((step,), image)
                    if out is None or (out.shape == image.shape and np.array_equal(out, image)):
                        continue
                    tried += 1
                    assert _Target.of(image, out).could_make(*_category(step)), (kind, step)
    assert tried > 1000


# ----------------------------------------------------------------------------------------------- scenes

@pytest.mark.parametrize("kind", scenes.KINDS)
def test_scene_kinds_make_valid_grids(kind: str) -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        style = scenes.make_style(rng, kind)
        grid = scenes.make_scene(rng, style)
        assert grid.dtype == np.uint8 and grid.ndim == 2
        assert 3 <= grid.shape[0] <= 30 and 3 <= grid.shape[1] <= 30
        assert int(grid.max()) <= 9
        if kind == "symmetric":
            images = {"lr": grid[:, ::-1], "ud": grid[::-1], "diag": grid.T, "rot4": np.rot90(grid)}
            if style.sym == "lrud":
                assert np.array_equal(grid, grid[:, ::-1]) and np.array_equal(grid, grid[::-1])
            else:
                assert np.array_equal(grid, images[style.sym])


def test_small_max_side_is_respected() -> None:
    rng = np.random.default_rng(0)
    for kind in scenes.GENERIC_KINDS:
        style = scenes.make_style(rng, kind, max_side=5)
        for _ in range(10):
            assert max(scenes.make_scene(rng, style).shape) <= 5
