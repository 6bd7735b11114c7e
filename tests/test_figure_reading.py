"""No silent misreading of figures and dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(runner: CliRunner, here: Path, record: str, name: str = "p.yaml") -> tuple[int, str]:
    (here / name).write_text(record, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(MINI_PLAN), "--progress", name])
    return result.exit_code, result.stderr


def yaml_record(value: str, date: str = "2020-06-30") -> str:
    return f'records:\n  - target: "1.1"\n    date: {date}\n    value: {value}\n'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("33:20", "p.yaml:4:12: error: 第 1 条记录的 value 应为数字，实际为 “33:20”"),
        (
            "true",
            "p.yaml:4:12: error: 第 1 条记录的 value：应为数字，实际为 true：true/false 不是数字",
        ),
        ("0x10", "p.yaml:4:12: error: 第 1 条记录的 value 应为数字，实际为 “0x10”"),
        (
            "1_000",
            "p.yaml:4:12: error: 第 1 条记录的 value：应为十进制数字，如 12 或 12.5，实际为“1_000”",
        ),
        (
            "1e3",
            "p.yaml:4:12: error: 第 1 条记录的 value：应为十进制数字，如 12 或 12.5，实际为“1e3”",
        ),
        (
            "1.0e+300",
            "p.yaml:4:12: error: 第 1 条记录的 value：应为十进制数字，如 12 或 12.5，实际为“1.0e+300”",
        ),
        (
            "9999999999999999",
            "p.yaml:4:12: error: 第 1 条记录的 value：数值过大（1e+16），超过 10^15：请检查是否多写了数字",
        ),
    ],
)
def test_yaml_1_1_number_forms_are_not_figures(
    runner: CliRunner, here: Path, value: str, message: str
) -> None:
    code, stderr = validate(runner, here, yaml_record(value))
    assert code == 1
    assert stderr.splitlines()[0] == message


def test_a_leading_zero_is_still_decimal(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text(yaml_record("010"), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "targets",
            "--plan",
            str(MINI_PLAN),
            "--progress",
            "p.yaml",
            "--as-of",
            "2021-01-01",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    (first,) = [t for t in json.loads(result.stdout) if t["id"] == "1.1"]
    assert first["actual"] == 10  # YAML 1.1 would say 8 (octal)


@pytest.mark.parametrize("date", ["20200630", "1593475200"])
def test_a_bare_number_is_not_a_date(runner: CliRunner, here: Path, date: str) -> None:
    code, stderr = validate(runner, here, yaml_record("1", date))
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"p.yaml:3:11: error: 第 1 条记录的 date：应为日期，格式 YYYY-MM-DD（如 2020-12-31），"
        f"实际为 {date}：单独的数字不是日期"
    )


def test_a_bare_number_in_a_csv_date_column_is_not_a_date(runner: CliRunner, here: Path) -> None:
    code, stderr = validate(runner, here, "target,date,value\n1.1,43831,5\n", "p.csv")
    assert code == 1
    assert stderr == (
        "p.csv:2:2: error: 第 2 行的 date：应为日期，格式 YYYY-MM-DD（如 2020-12-31），"
        "实际为 43831：单独的数字不是日期\n"
    )


def test_figures_that_would_overflow_a_sum_are_refused(runner: CliRunner, here: Path) -> None:
    records = "records:\n" + "".join(
        f'  - target: "1.1"\n    date: 2020-06-30\n    unit: 单位{i}\n    value: 1{"0" * 300}\n'
        for i in range(2)
    )
    (here / "p.yaml").write_text(records, encoding="utf-8")
    result = runner.invoke(
        app, ["targets", "--plan", str(MINI_PLAN), "--progress", "p.yaml", "-f", "json"]
    )
    assert result.exit_code == 1
    assert "Infinity" not in result.stdout
    assert "数值过大（1e+300），超过 10^15" in result.stderr


def test_plan_figures_follow_the_same_rule(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    for name in ("units.yaml", "measures.yaml"):
        (plan / name).write_bytes((MINI_PLAN / name).read_bytes())
    text = (
        (MINI_PLAN / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace("value: 1000\n", "value: 01750\n", 1)
    )
    text = text.replace("deadline: 2021-12-31\n", "deadline: 20211231\n", 1)
    (plan / "targets.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert result.exit_code == 1
    assert (
        "第 1 个目标的 deadline：应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 20211231：单独的数字不是日期"
        in result.stderr
    )
    assert "value" not in result.stderr  # 01750 is 1750, a plain figure


def test_due_within_beyond_a_century_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["targets", "--plan", str(MINI_PLAN), "--due-within", str(10**30)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"zygj: error: --due-within 应为 0 到 36500 之间的天数，实际为 {10**30}\n"
    )


def test_due_within_near_the_end_of_the_calendar_is_no_crash(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["targets", "--plan", str(MINI_PLAN), "--due-within", "36500", "--as-of", "2200-12-31"]
    )
    assert result.exit_code == 0, result.stderr
    # Dates are bounded to 1900–2200 (issue 22): the end of the calendar is a usage error.
    beyond = runner.invoke(app, ["targets", "--plan", str(MINI_PLAN), "--as-of", "9999-12-30"])
    assert (beyond.exit_code, beyond.stderr) == (
        2,
        "zygj: error: --as-of 应在 1900-01-01 到 2200-12-31 之间，实际为 9999-12-30\n",
    )


def test_numbers_are_never_shown_in_scientific_notation() -> None:
    from zygj.core.numbers import exact_number_text, number_text

    assert [number_text(v) for v in (3200000.0, 12.3456789, 0.5, 61.0)] == [
        "3200000",
        "12.3457",
        "0.5",
        "61",
    ]
    # A number typed into a text cell of a form (an id, a note) is read digit for digit.
    assert [exact_number_text(v) for v in (1.1, 3.0, 12345.678, 1234567.0, 7)] == [
        "1.1",
        "3",
        "12345.678",
        "1234567",
        "7",
    ]
