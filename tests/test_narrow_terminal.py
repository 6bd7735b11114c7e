"""Terminal tables at the widths clerks have: 60, 80, 120 and 200 columns.

What the clerk came for (灯, 编号, 状态, 目标, 实际, 完成度; a group's 逾期, 滞后 and
完成度) is always on screen; lower-priority columns give way first and a line under
the table names them. No line is wider than the window, none ends in spaces.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app

REPORT = [
    "report",
    "--plan",
    str(PLAN_DIR),
    "--progress",
    str(EXAMPLE_PROGRESS),
    "--as-of",
    "2020-12-31",
    "--by",
    "unit",
]
TARGETS = [
    "targets",
    "--plan",
    str(PLAN_DIR),
    "--progress",
    str(EXAMPLE_PROGRESS),
    "--as-of",
    "2021-01-01",
    "--overdue",
]
WIDTHS = [60, 80, 120, 200]
NOTE = "（窗口宽 {w} 列，未显示：{names}；加 --wide、-f plain 或加宽窗口可看全部列）"


def run_at(runner: CliRunner, args: list[str], width: int) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    for line in lines:
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
    return lines


def header_of(lines: list[str], first: str) -> list[str]:
    return next(line.split() for line in lines if line.split()[:1] == [first])


def fits(lines: list[str], width: int) -> None:
    """Table lines fit the window (the note and headings may wrap like any text)."""
    for line in lines:
        if not line.startswith(("（窗口宽", "资府办发", "总体：")):
            assert cell_len(line) <= width, line


@pytest.mark.parametrize("width", WIDTHS)
def test_report_keeps_what_matters(runner: CliRunner, width: int) -> None:
    lines = run_at(runner, REPORT, width)
    fits(lines, width)
    groups = header_of(lines, "牵头单位")
    attention = header_of(lines, "灯")
    assert {"逾期", "滞后", "完成度"} <= set(groups)
    assert attention[:4] == ["灯", "编号", "状态", "目标"] and {"实际", "完成度"} <= set(attention)
    row = next(line for line in lines if line.lstrip().startswith("市人力资源社会保障局"))
    assert row.split()[-1] in ("32%", "██████░░░░░░░░░░░░░░")
    assert "32%" in row.split()
    first = next(line for line in lines if "1.3 " in line).split()
    assert first[first.index("1") + 1] == "50%"  # 实际 1, 完成度 50%
    notes = [line for line in lines if line.startswith("（窗口宽")]
    if width == 200:
        assert notes == []
    elif width <= 80:
        assert len(notes) == 2  # what was left out is said, not silently dropped


def test_report_at_80_columns_says_what_it_left_out(runner: CliRunner) -> None:
    lines = run_at(runner, REPORT, 80)
    assert header_of(lines, "牵头单位") == [
        "牵头单位",
        "目标数",
        "已完成",
        "逾期",
        "滞后",
        "完成度",
    ]
    assert header_of(lines, "灯") == ["灯", "编号", "状态", "目标", "实际", "完成度"]
    notes = [line for line in lines if line.startswith("（窗口宽")]
    assert notes == [
        NOTE.format(w=80, names="其中逾期完成、未启动、推进中、进度条"),
        NOTE.format(w=80, names="截止日期、指标、责任单位"),
    ]
    assert "  ●红   1.3              推进中（滞后）   市级技能大师工作室        1      50%" in lines


@pytest.mark.parametrize("width", WIDTHS)
def test_targets_keep_what_matters(runner: CliRunner, width: int) -> None:
    lines = run_at(runner, TARGETS, width)
    fits(lines, width)
    header = header_of(lines, "灯")
    assert header[:4] == ["灯", "编号", "状态", "目标"] and {"实际", "完成度"} <= set(header)
    if width >= 200:
        assert header[-1] == "责任单位" and not any(line.startswith("（窗口宽") for line in lines)
    if width == 60:
        assert lines[-1] == NOTE.format(w=60, names="截止日期、指标、责任单位")


def test_wide_keeps_every_column(runner: CliRunner) -> None:
    lines = run_at(runner, [*TARGETS, "--wide"], 80)
    assert header_of(lines, "灯") == [
        "灯",
        "编号",
        "状态",
        "目标",
        "指标",
        "截止日期",
        "实际",
        "完成度",
        "责任单位",
    ]
    assert not any(line.startswith("（窗口宽") for line in lines)
    assert "  ●红   1.3              逾期   市级技能大师工作室" in "\n".join(lines)


def test_plain_keeps_every_column_whatever_the_width(runner: CliRunner) -> None:
    lines = run_at(runner, [*TARGETS, "-f", "plain"], 60)
    assert lines[1].split() == [
        "灯",
        "编号",
        "状态",
        "目标",
        "指标",
        "截止日期",
        "实际",
        "完成度",
        "责任单位",
    ]


@pytest.mark.parametrize("width", [80, 200])
def test_matrix_is_readable(runner: CliRunner, width: int) -> None:
    lines = run_at(runner, ["units", "--matrix", "--plan", str(PLAN_DIR)], width)
    for line in lines:
        assert cell_len(line) <= width, line
    headers = [line.split() for line in lines if line.startswith("单位 ")]
    measures = [n for header in headers for n in header[1:]]
    assert measures == [str(n) for n in range(1, 28)]  # every measure, once, in order
    rows = [line for line in lines if line.startswith("市人力资源社会保障局")]
    assert len(rows) == len(headers)  # each block names the units again
    if width == 80:
        assert [line for line in lines if line.startswith("措施 ")] == [
            "措施 1—11",
            "措施 12—20",
            "措施 21—27",
        ]
    else:
        assert len(headers) == 1 and not any(line.startswith("措施 ") for line in lines)
    assert lines[-1] == "牵 = 牵头单位，责 = 责任单位；未点名单位、面向全体的措施列为空"
