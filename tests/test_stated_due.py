"""The plan's 报送时限 (``document.report_due``) is the date the forms and the 催办 print.

A clerk who wrote 每季度末月20日前 into the plan should not have to repeat it with
``--due`` every quarter; ``--due`` still wins, and a plan without a 报送时限 behaves as
before (the form leaves the date blank, the 催办 gives ``reply_days``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from zygj.cli.main import app
from zygj.load.plan import load_checked_plan
from zygj.rules.periods import stated_due

FORMAT20 = Path(__file__).parent / "fixtures" / "format20"  # report_due: 每季度末月20日前
BUNDLED = Path(__file__).parent.parent / "plan"  # no report_due


def _form_header(runner: CliRunner, tmp_path: Path, plan: Path, unit: str, *extra: str) -> str:
    out = tmp_path / "form.xlsx"
    done = runner.invoke(
        app,
        [
            "progress",
            "template",
            "--plan",
            str(plan),
            "--unit",
            unit,
            "-o",
            str(out),
            "--force",
            *extra,
        ],
    )
    assert done.exit_code == 0, done.output
    value = openpyxl.load_workbook(out).active["A2"].value
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (dt.date(2024, 2, 10), dt.date(2024, 3, 20)),
        (dt.date(2024, 6, 30), dt.date(2024, 6, 20)),  # the rule's own day, even past it
        (dt.date(2024, 8, 15), dt.date(2024, 9, 20)),
        (dt.date(2024, 12, 31), dt.date(2024, 12, 20)),
    ],
)
def test_stated_due_is_the_rule_of_the_period_holding_the_day(day: dt.date, due: dt.date) -> None:
    assert stated_due(load_checked_plan(FORMAT20), day) == due


def test_stated_due_is_none_without_a_rule() -> None:
    assert stated_due(load_checked_plan(BUNDLED), dt.date(2020, 6, 30)) is None


def test_form_prints_the_plans_due_date(runner: CliRunner, tmp_path: Path) -> None:
    header = _form_header(runner, tmp_path, FORMAT20, "县水务局", "--as-of", "2024-08-15")
    assert header.endswith("填报截至：2024-08-15    报送时限：2024年9月20日前")


def test_due_option_wins_over_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    header = _form_header(
        runner, tmp_path, FORMAT20, "县水务局", "--as-of", "2024-08-15", "--due", "2024-09-05"
    )
    assert header.endswith("报送时限：2024年9月5日前")


def test_form_without_a_plan_due_leaves_the_date_blank(runner: CliRunner, tmp_path: Path) -> None:
    header = _form_header(runner, tmp_path, BUNDLED, "市教育体育局", "--as-of", "2020-06-30")
    assert header.endswith("报送时限：    年  月  日前")


def _remind_due_line(runner: CliRunner, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / "notices"
    done = runner.invoke(
        app,
        [
            "remind",
            "--plan",
            str(FORMAT20),
            "--as-of",
            "2024-08-01",
            "--unit",
            "县教育局",
            "-f",
            "markdown",
            "-o",
            str(out),
            *extra,
        ],
    )
    assert done.exit_code == 0, done.output
    text = (out / "催办通知-县教育局.md").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("请于"))


def test_remind_asks_for_the_plans_due_date(runner: CliRunner, tmp_path: Path) -> None:
    assert _remind_due_line(runner, tmp_path).startswith("请于2024年9月20日前将办理情况")


def test_remind_past_the_plans_due_date_gives_reply_days(runner: CliRunner, tmp_path: Path) -> None:
    # Signed on 25 September, after the quarter's 20 September: reply_days (7) after signing.
    line = _remind_due_line(runner, tmp_path, "--date", "2024-09-25")
    assert line.startswith("请于2024年10月2日前将办理情况")
