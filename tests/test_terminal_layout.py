"""The terminal report as a clerk reads it at 80 and 60 columns (issue 21, items 4 and 7).

未报送 is one entry per unit with its count, in columns, so 50 units fit on one 80 × 24
screen; cells break lines as Chinese typesetting does: no 、。，）」 at a line start, no （「
at a line end, no number split.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR, REPO
from zygj.cli.main import app
from zygj.output.listings import NO_LINE_END, NO_LINE_START, break_lines

QUARTER = [
    "report",
    "--plan",
    str(PLAN_DIR),
    "--progress",
    str(REPO / "examples" / "quarter-2020q2"),
    "--as-of",
    "2020-07-01",
    "--since",
    "2020-04-01",
]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("未启动（滞后）", 8, ["未启动", "（滞后）"]),
        # 、 may not start a line: it takes the character before it along.
        ("市人力资源社会保障局、市教育体育局", 20, ["市人力资源社会保障", "局、市教育体育局"]),
        ("到2020年达到20500人次", 8, ["到2020年", "达到", "20500人", "次"]),
        ("甲、乙、丙", 4, ["甲、", "乙、", "丙"]),
        ("+2050", 4, ["+205", "0"]),  # wider than a line alone: the last resort
    ],
)
def test_break_lines_follows_the_rules(text: str, width: int, lines: list[str]) -> None:
    assert break_lines(text, width) == lines


def _table_cells(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("  ") and "─" not in line]


@pytest.mark.parametrize("width", [60, 80])
def test_no_forbidden_mark_starts_or_ends_a_cell_line(runner: CliRunner, width: int) -> None:
    result = runner.invoke(app, QUARTER, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for line in _table_cells(lines):
        assert cell_len(line) <= width, line
        for cell in line.split("   "):
            cell = cell.strip()
            if cell:
                assert cell[0] not in NO_LINE_START - {"-", "—"} or cell[0] in "—", line
                assert cell[-1] not in NO_LINE_END, line
    # Figures are whole: the 本期变化 figures and 需关注's percentages sit on one line.
    assert any(line.rstrip().endswith("+20500   新完成") for line in lines) or width == 60


def test_missing_is_one_screen_per_unit_list(runner: CliRunner) -> None:
    result = runner.invoke(app, QUARTER, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    block = text[text.index("未报送（自 2020-04-01 起）") :].splitlines()
    assert block[0] == "未报送（自 2020-04-01 起）：36 项目标有单位未报送，涉及 22 个单位"
    assert (
        block[2] == "  市人力资源社会保障局 34   市国资委              6   团市委               11"
    )
    assert block[-1] == "（数字为未报送的目标数；逐项明细用 -f html 或 -f json）"
    assert len(block) == 11  # 22 units in three columns of 8, a heading and a note


def test_fifty_units_fit_on_an_80_by_24_screen() -> None:
    from types import SimpleNamespace

    from zygj.output.cycle_report import missing_units_text

    units = [f"测试单位第{n:02d}号局" for n in range(50)]
    results = [SimpleNamespace(missing=units[: 1 + n % 50]) for n in range(30)]
    report = SimpleNamespace(missing=results, missing_units=units)
    lines = missing_units_text(report, 80).splitlines()  # type: ignore[arg-type]
    assert len(lines) <= 24 - 3  # the heading, a blank line and the prompt
    assert all(cell_len(line) <= 80 for line in lines)
    assert sum(line.count("测试单位") for line in lines) == 50


@pytest.mark.skipif(shutil.which("tmux") is None, reason="没有 tmux")
@pytest.mark.parametrize("columns", [60, 80])
def test_in_a_real_terminal(tmp_path: Path, columns: int) -> None:
    """The report as tmux shows it (a tty: rich's colours and padding): no line wider than
    the window, and in the table cells no line starts with 、。，） or ends with （."""
    spec = importlib.util.spec_from_file_location(
        "shots", REPO / "docs" / "screenshots" / "make_screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    shots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shots)
    screen = shots.tmux_capture(columns, False, tmp_path).splitlines()
    assert screen[0].startswith("资府办发〔2018〕78号 完成情况")
    for line in screen:
        assert cell_len(line) <= columns, line
    table = [line for line in screen if line.startswith("  ") and "─" not in line]
    assert len(table) > 50
    for line in table:
        for cell in line.split("   "):
            cell = cell.strip()
            if cell:
                assert cell[0] not in "、。，）」", line
                assert cell[-1] not in "（「", line
    missing = screen[next(i for i, line in enumerate(screen) if line.startswith("未报送（")) :]
    assert len(missing) <= 24
