"""The judging rules through the CLI: the year's 考评 after its deadline, 未计入, 未达到力争目标."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS
from tests.test_completion_rules import write_progress
from zygj.cli.main import app

PROGRESS = ["--progress", str(EXAMPLE_PROGRESS)]


def _json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------ the year's 考评


def test_score_year_is_judged_on_its_assessment_date(runner: CliRunner) -> None:
    data = _json(runner, "score", *PROGRESS, "--year", "2020")
    assert (data["year"], data["as_of"]) == (2020, "2021-01-31")


def test_score_year_with_as_of_judges_that_year_on_that_day(runner: CliRunner) -> None:
    data = _json(runner, "score", *PROGRESS, "--year", "2020", "--as-of", "2021-03-31")
    assert (data["year"], data["as_of"]) == (2020, "2021-03-31")
    assert data["units"]


def test_score_as_of_in_january_assesses_the_year_just_ended(runner: CliRunner) -> None:
    data = _json(runner, "score", *PROGRESS, "--as-of", "2021-01-15")
    assert data["year"] == 2020 and data["units"]
    assert _json(runner, "score", *PROGRESS, "--as-of", "2020-01-31")["year"] == 2019


@pytest.mark.parametrize(
    "args", [["--year", "2021"], ["--as-of", "2021-02-01"], ["--year", "2017"]]
)
def test_a_year_outside_the_plan_period_is_refused(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["score", *PROGRESS, *args])
    year = "2017" if "2017" in args else "2021"
    assert result.exit_code == 2
    assert result.stderr == (
        f"zygj: error: {year} 年不在方案期内（2018-12-24 至 2020-12-31），没有可考评的目标："
        "请用 --year 指定 2018—2020 年中的一年\n"
    )


def test_a_january_backfill_enters_the_years_score_as_it_enters_the_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    records = [{"target": "17.1", "date": "2020-01-20", "value": 2000, "year": 2019}]
    progress = str(write_progress(tmp_path, records))
    score = _json(
        runner, "score", "--progress", progress, "--year", "2019", "--explain", "市人社局"
    )
    parts = {c["target"]: c["status"] for c in score["contributions"]}
    assert parts["17.1@2019"] == "done"
    report = _json(runner, "report", "--progress", progress, "--as-of", "2020-01-31")
    (row,) = [t for t in report["targets"] if t["id"] == "17.1" and t["year"] == 2019]
    assert row["status"] == "done" and row["met_on"] == "2019-12-31"


@pytest.mark.parametrize("as_of", ["2020-06-30", "2020-12-31", "2021-01-15", "2021-01-31"])
def test_report_and_score_agree_on_every_status_at_the_same_date(
    runner: CliRunner, as_of: str
) -> None:
    report = _json(runner, "report", *PROGRESS, "--as-of", as_of)
    statuses = {(t["id"], t["year"]): t["status"] for t in report["targets"]}
    score = _json(runner, "score", *PROGRESS, "--as-of", as_of)
    seen = 0
    for unit in score["units"]:
        for part in unit["contributions"]:
            target, _, year = part["target"].partition("@")
            assert part["status"] == statuses[(target, int(year) if year else None)]
            seen += 1
    assert seen > 0


# --------------------------------------------------------------------- 未计入


def _stray(tmp_path: Path) -> Path:
    return write_progress(
        tmp_path,
        [
            {"target": "5.1", "date": "2020-06-30", "value": 10000},
            {"target": "5.1", "date": "2020-06-30", "unit": "雁江区", "value": 5000},
        ],
    )


STRAY_WARNING = (
    ":5: warning: 雁江区 不是目标 5.1 的填报单位（填报单位：市人力资源社会保障局、市农业局、市民政局、"
    "市经济和信息化委 等 9 个单位），这条记录不计入完成情况（通报中列为“未计入”）："
    "请核对目标编号或单位；若该单位确应填报，请在 targets.yaml 该目标的 reporters 中加上它"
)


def test_validate_warns_about_a_non_reporters_record(runner: CliRunner, tmp_path: Path) -> None:
    progress = _stray(tmp_path)
    result = runner.invoke(app, ["validate", "--progress", str(progress)])
    assert result.exit_code == 0
    assert f"{progress}{STRAY_WARNING}" in result.stderr
    strict = runner.invoke(app, ["validate", "--progress", str(progress), "--strict"])
    assert strict.exit_code == 1
    assert f"{progress}{STRAY_WARNING}".replace("warning", "error", 1) in strict.stderr


def test_collect_warns_and_strict_refuses_before_writing(runner: CliRunner, tmp_path: Path) -> None:
    form = _stray(tmp_path)
    ledger = tmp_path / "ledger.yaml"
    strict = runner.invoke(app, ["collect", str(form), "-o", str(ledger), "--strict"])
    assert strict.exit_code == 1 and not ledger.exists()
    assert f"{form}{STRAY_WARNING}".replace("warning", "error", 1) in strict.stderr
    result = runner.invoke(app, ["collect", str(form), "-o", str(ledger)])
    assert result.exit_code == 0 and ledger.exists()
    assert f"{form}{STRAY_WARNING}" in result.stderr


def test_the_report_lists_uncounted_records(runner: CliRunner, tmp_path: Path) -> None:
    progress = _stray(tmp_path)
    data = _json(runner, "report", "--progress", str(progress), "--as-of", "2020-12-31")
    (row,) = [t for t in data["targets"] if t["id"] == "5.1"]
    assert row["actual"] == 10000 and row["status"] == "in_progress"
    assert row["uncounted"] == [
        {
            "unit": "雁江区",
            "date": "2020-06-30",
            "value": 5000.0,
            "status": None,
            "source": f"{progress}:5",
        }
    ]
    text = runner.invoke(
        app, ["report", "--progress", str(progress), "--as-of", "2020-12-31", "-f", "plain"]
    )
    assert "未计入：1 条记录的填报单位不是该目标的填报单位，未计入完成情况" in text.stdout
    assert f"5.1     雁江区  2020-06-30  5000          {progress}:5" in text.stdout


# ----------------------------------------------------------- 未达到力争目标


def test_soft_missed_is_listed_and_labelled(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(tmp_path, [{"target": "8.3", "date": "2020-06-30", "value": 0}])
    rows = _json(
        runner,
        "targets",
        "--progress",
        str(progress),
        "--as-of",
        "2021-01-31",
        "--status",
        "soft_missed",
    )
    assert [r["id"] for r in rows] == ["4.2", "5.2", "8.3"]
    assert {r["light"] for r in rows} == {"yellow"}
    text = runner.invoke(
        app,
        [
            "targets",
            "--progress",
            str(progress),
            "--as-of",
            "2021-01-31",
            "--status",
            "soft_missed",
            "-f",
            "plain",
        ],
    )
    assert "黄灯  8.3     未达到力争目标  青年创新创效工作室（力争）" in text.stdout
    report = _json(runner, "report", "--progress", str(progress), "--as-of", "2021-01-31")
    assert report["overall"]["soft_missed"] == 3
    plain = runner.invoke(
        app, ["report", "--progress", str(progress), "--as-of", "2021-01-31", "-f", "plain"]
    )
    assert "已完成 0（其中逾期完成 0），逾期 42，未达到力争目标 3，滞后 0，" in plain.stdout


def test_score_counts_soft_missed_in_its_own_column(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", *PROGRESS, "--year", "2020", "-f", "csv"])
    header = result.stdout.splitlines()[0]
    assert (
        header
        == "\ufeff名次,单位,得分,目标数,按时完成,逾期完成,推进中,未启动,逾期,未达力争,少报,扣分"
    )
    score = _json(runner, "score", *PROGRESS, "--year", "2020", "--explain", "市人社局")
    assert score["counts"]["soft_missed"] == 3
    assert sum(score["counts"].values()) == score["targets"]


# ------------------------------------------------------------- plan settings


def test_a_bad_backfill_setting_is_located(runner: CliRunner, plan_copy: Path) -> None:
    targets = plan_copy / "targets.yaml"
    lines = targets.read_text(encoding="utf-8").split("\n")
    at = lines.index("targets:")
    targets.write_text(
        "\n".join([*lines[:at], "year_end:", "  backfill_until: 1月31日", *lines[at:]]),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    assert "应写成 月-日（MM-DD），如 01-31，实际为“1月31日”" in result.stderr
    assert f"targets.yaml:{at + 2}:" in result.stderr


def test_the_backfill_window_is_the_plans_setting(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    targets = plan_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace(
            "targets:\n", "year_end:\n  backfill_until: 02-28\n  assess_on: 03-15\ntargets:\n", 1
        ),
        encoding="utf-8",
    )
    progress = write_progress(
        tmp_path, [{"target": "17.1", "date": "2021-02-20", "value": 2000, "year": 2020}]
    )
    data = _json(
        runner,
        "score",
        "--plan",
        str(plan_copy),
        "--progress",
        str(progress),
        "--year",
        "2020",
        "--explain",
        "市人社局",
    )
    assert data["contributions"][0]["target"] != ""  # sanity: a unit with contributions
    assert {c["target"]: c["status"] for c in data["contributions"]}["17.1@2020"] == "done"
    scored = _json(
        runner, "score", "--plan", str(plan_copy), "--progress", str(progress), "--year", "2020"
    )
    assert scored["as_of"] == "2021-03-15"
