"""Small things people notice: trailing spaces, the column names of their own CSV,
where a measure's short title ends, and where each -o may write."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR, zygj_script
from zygj.cli.main import app
from zygj.output.texts import short_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("组织实施。各县（区）政府、各有关部门，要高度重视", "组织实施"),
        ("深入推进高技能人才振兴计划，大力培养。", "深入推进高技能人才振兴计划"),
        ("加强领导；明确责任，确保落实", "加强领导"),
        ("一" * 40, "一" * 28 + "…"),
    ],
)
def test_short_titles_end_at_the_first_clause_end(text: str, title: str) -> None:
    assert short_title(text) == title


@pytest.mark.parametrize(
    "args",
    [
        ["measures", "--unit", "市人社局", "-f", "plain"],
        ["units"],
        ["targets", "--as-of", "2021-01-01", "--progress", str(EXAMPLE_PROGRESS)],
        ["report", "--as-of", "2020-12-31", "--progress", str(EXAMPLE_PROGRESS)],
        ["report", "--as-of", "2020-12-31", "--progress", str(EXAMPLE_PROGRESS), "-f", "plain"],
    ],
)
def test_piped_output_has_no_trailing_spaces(args: list[str]) -> None:
    done = subprocess.run(
        [*zygj_script(), *args, "--plan", str(PLAN_DIR)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    padded = [line for line in done.stdout.splitlines() if line != line.rstrip()]
    assert padded == []
    assert len(done.stdout.splitlines()) > 5


def test_csv_errors_name_the_column_as_the_file_does(runner: CliRunner, tmp_path: Path) -> None:
    chinese = tmp_path / "进度.csv"
    chinese.write_text(
        "目标编号,日期,单位,填报值,状态,说明\n17.1,2020-13-01,市人社局,三千,,\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--plan", str(PLAN_DIR), "--progress", str(chinese)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{chinese}:2:2: error: 第 2 行的 日期 应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020-13-01”\n"
        f"{chinese}:2:4: error: 第 2 行的 填报值 应为数字，实际为 “三千”\n"
    )
    english = tmp_path / "progress.csv"
    english.write_text("target,date,unit,value\n17.1,2020-01-01,市人社局,三千\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(PLAN_DIR), "--progress", str(english)])
    assert result.stderr == f"{english}:2:4: error: 第 2 行的 value 应为数字，实际为 “三千”\n"


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (["report", "--as-of", "2020-12-31"], "x.xlsx",
         "report 不生成 Excel 文件：台账请用 zygj export -o 文件.xlsx 导出"),
        (["report", "--as-of", "2020-12-31"], "x.yaml",
         "无法从后缀判断输出格式：请用 .txt、.md、.csv、.json、.html 或 .docx 结尾，或用 --format 指定"),
        (["report", "--as-of", "2020-12-31", "-f", "html"], "x.md", "输出文件应以 .html 或 .htm 结尾"),
        (["report", "--as-of", "2020-12-31", "-f", "csv"], "x.txt", "输出文件应以 .csv 结尾"),
        (["export", "--as-of", "2020-12-31"], "x.csv", "输出文件应以 .xlsx 结尾"),
        (["progress", "template", "--unit", "市人社局"], "x.txt", "输出文件应以 .xlsx 或 .csv 结尾"),
        (["schema", "units"], "x.yaml", "输出文件应以 .json 结尾"),
    ],
)  # fmt: skip
def test_every_output_checks_its_suffix(
    runner: CliRunner, tmp_path: Path, args: list[str], name: str, message: str
) -> None:
    path = tmp_path / name
    result = runner.invoke(
        app,
        [*args, "--plan", str(PLAN_DIR), "-o", str(path)]
        if args[0] != "schema"
        else [*args, "-o", str(path)],
    )
    assert result.exit_code == 2
    assert result.stderr == f"{path}: error: {message}\n"
    assert not path.exists()
