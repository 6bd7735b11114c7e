"""A growth rate may fall below zero (GDP fell 1.5%); no other figure may.

The figure is read by every reader, refused with its place and the reason for a
target that cannot be negative, judged against the target for a growth or relative
target, and the fill-in form lets the clerk type it.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from zygj.cli.main import app

FORMAT20 = (
    Path(__file__).parent / "fixtures" / "format20"
)  # 5.1 growth 6.2 ± 0.5, 5.2 relative to 5.1
HEADER = "target,date,unit,value,status,note,year\n"


def _targets_json(runner: CliRunner, progress: Path, as_of: str) -> dict[str, dict[str, object]]:
    done = runner.invoke(
        app,
        ["targets", "--plan", str(FORMAT20), "-p", str(progress), "--as-of", as_of, "-f", "json"],
    )
    assert done.exit_code == 0, done.stderr
    return {
        row["id"] + (f"（{row['year']}年）" if row["year"] else ""): row
        for row in json.loads(done.stdout)
    }


def test_a_fall_is_read_and_judged(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "p.csv"
    ledger.write_text(
        HEADER
        + "5.1,2024-12-31,县发展改革局,-1.5,,全年,2024\n"
        + "5.2,2024-12-31,县发展改革局,-2.5,,全年,2024\n",
        encoding="utf-8",
    )
    rows = _targets_json(runner, ledger, "2025-03-01")
    growth, relative = rows["5.1（2024年）"], rows["5.2（2024年）"]
    assert growth["actual"] == -1.5
    assert growth["status"] == "overdue"  # the full-year figure is below 6.2 − 0.5
    assert growth["completion"] == 0.0  # a share of a fall means nothing
    assert relative["actual"] == -2.5
    assert relative["status"] == "overdue"  # below the reference figure −1.5


def test_a_fall_meets_a_relative_target_that_keeps_pace(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "p.yaml"
    ledger.write_text(
        "records:\n"
        '  - {target: "5.1", date: 2024-12-31, value: -1.5, year: 2024}\n'
        '  - {target: "5.2", date: 2024-12-31, value: -1.5, year: 2024}\n',
        encoding="utf-8",
    )
    rows = _targets_json(runner, ledger, "2025-03-01")
    assert rows["5.2（2024年）"]["status"] == "done"  # 与经济增长同步: −1.5 keeps pace with −1.5


def test_a_negative_count_is_refused_where_it_is(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "p.csv"
    ledger.write_text(
        HEADER + "5.1,2024-06-30,县发展改革局,-1.5,,,\n" + "1.1,2024-06-30,县水务局,-1,,,\n",
        encoding="utf-8",
    )
    done = runner.invoke(app, ["validate", "--plan", str(FORMAT20), "--progress", str(ledger)])
    assert done.exit_code == 1
    assert (
        f"{ledger}:3:4: error: 第 3 行的 value 应不小于 0，实际为 -1（只有增长率、相对目标可以填负数）"
        in done.stderr
    )
    assert ":2:" not in done.stderr  # the fall of the growth rate is fine


def test_a_negative_count_is_said_with_the_other_problems(
    runner: CliRunner, tmp_path: Path
) -> None:
    ledger = tmp_path / "p.yaml"
    ledger.write_text(
        "records:\n"
        '  - {target: "1.1", date: 2024-06-30, value: -1}\n'
        '  - {target: "1.1", date: 2024-13-30, value: 1}\n',
        encoding="utf-8",
    )
    done = runner.invoke(app, ["validate", "--plan", str(FORMAT20), "--progress", str(ledger)])
    assert done.exit_code == 1
    lines = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert lines[0].endswith(
        ":2:46: error: 第 1 条记录的 value 应不小于 0，实际为 -1（只有增长率、相对目标可以填负数）"
    )
    assert ":3:" in lines[1] and "date" in lines[1]


def test_the_form_lets_a_growth_rate_fall(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    done = runner.invoke(
        app,
        ["progress", "template", "--plan", str(FORMAT20), "--unit", "县发展改革局", "-o", str(out)],
    )
    assert done.exit_code == 0, done.stderr
    sheet = openpyxl.load_workbook(out).active
    rows = {sheet.cell(r, 1).value: r for r in range(6, sheet.max_row + 1)}
    rules = {
        cell: validation
        for validation in sheet.data_validations.dataValidation
        for ranges in validation.sqref.ranges
        for cell in [ranges.coord]
        if cell.startswith("G")
    }
    growth = rules[f"G{rows['5.1']}"]
    assert growth.operator == "between" and float(growth.formula1) < 0
    assert growth.prompt == "填截至“日期”的同比增长率（下降填负数，如 -1.5）；百分比填 65 表示 65%"
