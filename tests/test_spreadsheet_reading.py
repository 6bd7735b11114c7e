"""Spreadsheets as people make them, bounded reading."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner, Result

from tests.conftest import REPO
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"
HEADER = ["目标编号", "日期", "单位", "填报值"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(runner: CliRunner, name: str, *plan: str) -> Result:
    return runner.invoke(
        app, ["validate", "--plan", *(plan or (str(MINI_PLAN),)), "--progress", name]
    )


def save(workbook: Workbook, path: Path) -> None:
    workbook.save(path)


def records_workbook(rows: list[list[object]]) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "填报"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    return workbook


# ------------------------------------------------------------------ 6. spreadsheets


def test_merged_unit_cells_over_records_are_refused(runner: CliRunner, here: Path) -> None:
    workbook = records_workbook(
        [["1.1", "2020-06-30", "市财政局", 5], ["1.1", "2020-06-30", None, 7]]
    )
    ws = workbook.active
    assert ws is not None
    ws.merge_cells("C2:C3")
    save(workbook, here / "f.xlsx")
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "f.xlsx:2:3: error: 工作表“填报”第 2 行第 3 列（C2） 起的 C2:C3 是合并单元格：合并后只有第一行有值，"
        "其余各行会被当作空白（如单位变成默认的责任单位）。请取消合并，并在每一行填写完整"
    )


def test_a_merged_title_above_the_header_is_fine(runner: CliRunner, here: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["进度填报表"])
    ws.merge_cells("A1:D1")
    ws.append(HEADER)
    ws.append(["1.1", "2020-06-30", None, 5])
    save(workbook, here / "f.xlsx")
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 0, result.stderr


def test_records_on_a_second_sheet_are_not_ignored(runner: CliRunner, here: Path) -> None:
    workbook = records_workbook([["1.1", "2020-06-30", None, 5]])
    second = workbook.create_sheet("二季度")
    second.append(HEADER)
    second.append(["1.1", "2020-09-30", None, 9])
    save(workbook, here / "f.xlsx")
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        "f.xlsx: error: 工作表“二季度”也有进度记录（第 1 行是表头），但 zygj 只读取一个工作表"
        "（名为“进度记录”的，否则第一个）：请把记录合并到第一个工作表，或把该工作表命名为“进度记录”\n"
    )


def test_a_stale_dimension_does_not_drop_rows(runner: CliRunner, here: Path) -> None:
    save(
        records_workbook([["1.1", "2020-06-30", None, 5], ["9.9", "2020-06-30", None, 7]]),
        here / "f.xlsx",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(here / "f.xlsx") as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D2"', data)
            target.writestr(item, data)
    (here / "f.xlsx").write_bytes(buffer.getvalue())
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 1  # row 3 (target 9.9) is read, and found wrong
    assert (
        "f.xlsx:3:1: error: 工作表“填报”第 3 行“目标编号”列（A3） 目标“9.9”不存在" in result.stderr
    )


def test_a_hidden_first_sheet_is_refused(runner: CliRunner, here: Path) -> None:
    workbook = records_workbook([["1.1", "2020-06-30", None, 5]])
    workbook.create_sheet("填报（新）").append(HEADER)
    ws = workbook.worksheets[0]
    ws.sheet_state = "hidden"
    workbook.active = 1
    save(workbook, here / "f.xlsx")
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        "f.xlsx: error: 要读取的工作表“填报”是隐藏的：其中的内容看不见，可能是旧数据。"
        "请在 Excel 或 WPS 中取消隐藏并核对，或删除它后重试\n"
    )


def test_a_csv_mixing_utf8_and_gbk_is_refused(runner: CliRunner, here: Path) -> None:
    data = "target,date,unit,value,note\n1.1,2020-06-30,,5,第一季度\n".encode() + (
        "1.1,2020-09-30,,7,第二季度\n".encode("gbk")
    )
    (here / "p.csv").write_bytes(data)
    result = validate(runner, "p.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "p.csv:3:19: error: 文件中混有两种编码：有的行是 UTF-8，这一行却不是（可能是从别处复制粘贴来的）。"
        "请在 Excel 或 WPS 中把整个文件“另存为”CSV UTF-8（逗号分隔）后重试\n"
    )


# ------------------------------------------------------------ 2. bounded resources


def test_an_xlsx_that_expands_too_far_is_refused_before_parsing(
    runner: CliRunner, here: Path
) -> None:
    save(records_workbook([["1.1", "2020-06-30", None, 5]]), here / "f.xlsx")
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(here / "f.xlsx") as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename), zipfile.ZIP_DEFLATED)
        target.writestr("xl/padding.xml", b" " * (100 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    (here / "f.xlsx").write_bytes(buffer.getvalue())
    result = validate(runner, "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr.startswith("f.xlsx: error: 工作簿中的 xl/padding.xml 解压后是压缩时的 ")
    assert result.stderr.endswith("倍，不像是正常的表格（疑似“压缩炸弹”），拒绝读取\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_fifo_is_refused_before_reading(runner: CliRunner, here: Path) -> None:
    os.mkfifo(here / "p.yaml")
    result = validate(runner, "p.yaml")  # would wait for a writer forever
    assert result.exit_code == 2
    assert result.stderr == "p.yaml: error: 这不是普通文件（而是设备、管道或套接字），拒绝读取\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_plan_file_that_is_dev_zero_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    for name in ("units.yaml", "measures.yaml"):
        (plan / name).write_bytes((MINI_PLAN / name).read_bytes())
    (plan / "targets.yaml").symlink_to("/dev/zero")
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{plan}/targets.yaml: error: 这不是普通文件（而是设备、管道或套接字），拒绝读取\n"
    )


def test_errors_are_capped_with_a_count(runner: CliRunner, here: Path) -> None:
    record = '  - target: "1.1"\n    date: 2020-06-30\n    value: abc\n'
    (here / "p.yaml").write_text("records:\n" + record * 500, encoding="utf-8")
    result = validate(runner, "p.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    assert lines[0] == "p.yaml:4:12: error: 第 1 条记录的 value 应为数字，实际为 “abc”"
    assert lines[99] == "p.yaml:301:12: error: 第 100 条记录的 value 应为数字，实际为 “abc”"
    assert lines[100] == (
        "p.yaml: error: 共有 500 处错误，只列出了前 100 处：文件可能选错了，或整列填错；请先改正以上各处再检查"
    )
    # The closing line counts the problems, not the lines (the summary stands for 400).
    assert result.stdout.endswith("：发现 500 个问题\n")


def test_the_printed_diagnostics_are_capped() -> None:
    import contextlib
    import sys

    from zygj.cli.console import print_diagnostics
    from zygj.core.diagnostics import Diagnostic

    buffer = io.StringIO()
    with contextlib.redirect_stderr(buffer):
        print_diagnostics([Diagnostic("p.csv", i, 1, "坏") for i in range(1, 1001)])
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 101 and sys.stderr is not buffer
    assert lines[-1] == "zygj: error: 另有 900 个问题未列出（共 1000 个）"


def test_the_unclosed_quote_search_is_linear_in_the_line() -> None:
    import time

    from zygj.core.diagnostics import ZygjError
    from zygj.load.yaml_doc import parse_yaml

    text = 'records:\n  - target: "1.1"\n    note: x\n' + "- " * 32000 + ': "\n'
    started = time.perf_counter()
    with pytest.raises(ZygjError) as caught:
        parse_yaml(text, "p.yaml")
    assert time.perf_counter() - started < 3  # quadratic before: about 15 s on this line
    assert (
        caught.value.diagnostics[0].format() == "p.yaml:4:1: error: 缩进不一致，或列表项前缺少“- ”"
    )


def test_a_yaml_file_beyond_its_own_limit_is_refused(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zygj.load.yaml_doc

    monkeypatch.setattr(zygj.load.yaml_doc, "MAX_YAML_BYTES", 1024 * 1024)
    (here / "p.yaml").write_text("records:\n" + "# 注释\n" * 200_000, encoding="utf-8")
    result = validate(runner, "p.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "p.yaml: error: YAML 文件过大（1.7 MB），上限 1 MB：这么多记录请改用 CSV 进度文件（读取快得多），"
        "或按年度分成几个文件\n"
    )
