"""`zygj schema`: each file's JSON Schema accepts the real file and rejects broken ones."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter, ValidationError
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR, zygj_script
from zygj.cli.main import app
from zygj.core.models import MeasuresFile, ProgressFile, TargetsFile, UnitsFile

FILES = {
    "units": (PLAN_DIR / "units.yaml", UnitsFile),
    "measures": (PLAN_DIR / "measures.yaml", MeasuresFile),
    "targets": (PLAN_DIR / "targets.yaml", TargetsFile),
    "progress": (EXAMPLE_PROGRESS, ProgressFile),
}


def as_editor_sees(value: Any) -> Any:
    """YAML as an editor's YAML 1.2 parser reads it: dates are text."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    return as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema_of(runner: CliRunner, kind: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in validator.iter_errors(data)
    )


@pytest.mark.parametrize("kind", list(FILES))
def test_schema_accepts_the_real_file(runner: CliRunner, kind: str) -> None:
    schema = schema_of(runner, kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    path, _ = FILES[kind]
    assert errors(schema, load(path)) == []


def _break(kind: str, data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    broken = copy.deepcopy(data)
    if kind == "units":
        del broken["units"][0]["kind"]
        broken["units"][1]["alias"] = ["人社"]  # misspelt key
        return broken, ["units/0: required", "units/1: additionalProperties"]
    if kind == "measures":
        broken["measures"][0]["lead"] = "市人力资源社会保障局"  # a list is needed
        broken["document"]["date"] = "2018-13-01"
        return broken, ["document/date: format", "measures/0/lead: type"]
    if kind == "targets":
        broken["targets"][0]["op"] = "le"
        broken["targets"][1]["id"] = "1-2"
        return broken, ["targets/0/op: enum", "targets/1/id: pattern"]
    broken["records"][0]["target"] = 1.1  # unquoted in YAML: a number
    broken["records"][1]["status"] = "完成"
    return broken, ["records/0/target: type", "records/1/status: anyOf"]


@pytest.mark.parametrize("kind", list(FILES))
def test_schema_rejects_a_broken_file_as_zygj_does(runner: CliRunner, kind: str) -> None:
    schema = schema_of(runner, kind)
    path, model = FILES[kind]
    data = load(path)
    broken, expected = _break(kind, data)
    assert errors(schema, broken) == expected
    validator = TypeAdapter(model)
    validator.validate_python(data)  # the model accepts the real file …
    with pytest.raises(ValidationError):  # … and rejects the broken one, like the schema
        validator.validate_python(broken)


def test_schema_knows_the_chinese_status_words(runner: CliRunner) -> None:
    schema = schema_of(runner, "progress")
    record = {"target": "1.1", "date": "2020-06-30", "value": 1}
    for status in ("推进中", "已完成", "未启动", "done", None):
        assert errors(schema, {"records": [{**record, "status": status}]}) == []


def test_schema_texts_are_chinese(runner: CliRunner) -> None:
    schema = schema_of(runner, "targets")
    assert schema["title"] == "zygj 目标文件（targets.yaml）"
    target = schema["$defs"]["Target"]
    assert target["description"] == "一个目标：编号“措施号.序号”、指标、截止日期或 annual: true。"
    assert target["properties"]["soft"]["description"] == "力争目标"

    def texts(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [
                node[key] for key in ("title", "description") if isinstance(node.get(key), str)
            ]
            return found + [t for value in node.values() for t in texts(value)]
        if isinstance(node, list):
            return [t for value in node for t in texts(value)]
        return []

    for kind in FILES:
        for text in texts(schema_of(runner, kind)):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{kind}: {text}"


def test_schema_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "measures.schema.json"
    result = runner.invoke(app, ["schema", "measures", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"已写入 {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == schema_of(runner, "measures")


def test_schema_unknown_kind_via_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [*zygj_script(), "schema", "unit"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("zygj schema: error: 参数值无效；不是可选值之一")
    done = subprocess.run(
        [*zygj_script(), "schema", "progress"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["title"] == "zygj 进度文件（progress.yaml）"
