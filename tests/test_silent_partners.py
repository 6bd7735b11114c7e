"""The 考评 charges every unit asked to report that stays silent, whatever its role (issue 19, 3):
a 配合 unit with no scored target of its own is listed with its 少报 deduction alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_quarter_cycle import invoke

HEADER = "target,date,unit,value,status,year"


def scores(
    runner: CliRunner, tmp_path: Path, rows: list[str], *options: str
) -> dict[str, dict[str, object]]:
    path = tmp_path / "p.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = invoke(runner, "score", "-p", str(path), *options, "-f", "json")
    assert result.exit_code == 0, result.output
    return {u["unit"]: u for u in json.loads(result.stdout)["units"]}


def test_a_silent_partner_is_charged_in_its_own_score(runner: CliRunner, tmp_path: Path) -> None:
    # 市妇联 owns no target; it is asked about 11.1 and 11.2 (a unit of measure 11) each quarter.
    units = scores(runner, tmp_path, [], "--year", "2020", "--as-of", "2020-06-30")
    fulian = units["市妇联"]
    assert (
        fulian["targets"],
        fulian["missed_forms"],
        fulian["deduction"],
        fulian["base"],
        fulian["score"],
    ) == (0, 2, 2.0, 0.0, -2.0)
    # It ranks below every unit scored on its targets (those never go below 0).
    ranked = list(units.values())
    assert all(u["score"] >= 0 for u in ranked if u["targets"]) and ranked[-1]["targets"] == 0


def test_a_partner_that_reported_every_quarter_is_listed_with_nothing_deducted(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = ["11.1,2020-03-31,市妇联,,推进中,", "11.1,2020-06-30,市妇联,,推进中,"]
    fulian = scores(runner, tmp_path, rows, "--year", "2020", "--as-of", "2020-06-30")["市妇联"]
    assert (fulian["missed_forms"], fulian["score"]) == (0, 0.0)
    # A report one day after the quarter's end falls in the next quarter: Q2 is returned, Q1 missed.
    late = ["11.1,2020-04-01,市妇联,,推进中,"]
    assert (
        scores(runner, tmp_path, late, "--year", "2020", "--as-of", "2020-06-30")["市妇联"][
            "missed_forms"
        ]
        == 1
    )


@pytest.mark.parametrize(("as_of", "listed"), [("2020-03-30", False), ("2020-03-31", True)])
def test_a_partner_is_listed_once_a_period_it_was_asked_in_has_ended(
    runner: CliRunner, tmp_path: Path, as_of: str, listed: bool
) -> None:
    assert ("市妇联" in scores(runner, tmp_path, [], "--year", "2020", "--as-of", as_of)) is listed


def test_the_explanation_of_a_partners_score_says_it_is_the_deduction_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "p.csv").write_text(HEADER + "\n", encoding="utf-8")
    result = invoke(
        runner,
        "score",
        "-p",
        str(tmp_path / "p.csv"),
        "--year",
        "2020",
        "--as-of",
        "2020-06-30",
        "--explain",
        "市妇联",
        "-f",
        "plain",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith(
        "没有计分的目标，只计少报扣分；少报 2 份扣 2 分；得分 -2.00，第 "
    )
