"""A CSV report imports only what it uses (issue 18, item 7): no YAML parser, no Pydantic,
no openpyxl when the plan comes from its cache and the progress file is a plain CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PLAN_DIR
from tests.test_architecture import loaded_modules

CSV = "target,date,unit,value,status,note\n1.1,2020-03-31,市人力资源社会保障局,120,,\n"


@pytest.mark.parametrize("fmt", ["json", "plain"])
def test_a_csv_report_from_the_cached_plan_imports_no_yaml_pydantic_or_openpyxl(
    tmp_path: Path, fmt: str
) -> None:
    progress = tmp_path / "progress.csv"
    progress.write_text(CSV, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    env.pop("ZYGJ_NO_CACHE", None)
    command = [
        "report",
        "--plan",
        str(PLAN_DIR),
        "-p",
        str(progress),
        "--as-of",
        "2020-06-30",
        "-f",
        fmt,
    ]
    first = loaded_modules(command, env)  # parses the plan and fills the cache
    assert "yaml" in first and "pydantic" in first  # the probe sees them when they are imported
    assert sorted({"yaml", "pydantic", "openpyxl"} & loaded_modules(command, env)) == []
