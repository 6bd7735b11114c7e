"""`report` at a date and `score` at the same date agree on every target's status (issue 19, 2):
every instance the 考评 covers is scored exactly once (by its owner), with the report's status."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from tests.test_cli_judging import PROGRESS, _json, app


def _key(target: dict[str, Any]) -> str:
    return target["id"] if target["year"] is None else f"{target['id']}@{target['year']}"


@pytest.mark.parametrize(
    ("score_args", "as_of", "year"),
    [
        (["--as-of", "2020-03-31"], "2020-03-31", 2020),
        (["--as-of", "2021-01-31"], "2021-01-31", 2020),  # the last day 2020 is assessed on
        (["--as-of", "2021-02-01"], "2021-02-01", 2021),  # outside the plan: refused below
        (["--year", "2019", "--as-of", "2020-01-15"], "2020-01-15", 2019),
        (["--year", "2020"], "2021-01-31", 2020),  # the default assessment date
    ],
)
def test_every_instance_of_the_year_is_scored_once_with_the_reports_status(
    runner: CliRunner, score_args: list[str], as_of: str, year: int
) -> None:
    if year == 2021:
        result = runner.invoke(app, ["score", *PROGRESS, *score_args])
        assert result.exit_code == 2 and "2021 年不在方案期内" in result.stderr
        return
    report = _json(runner, "report", *PROGRESS, "--as-of", as_of)
    statuses = {_key(t): t["status"] for t in report["targets"]}
    in_year = {_key(t) for t in report["targets"] if t["deadline"].startswith(str(year))}
    score = _json(runner, "score", *PROGRESS, *score_args)
    assert (score["year"], score["as_of"]) == (year, as_of)
    scored = [(c["target"], c["status"]) for u in score["units"] for c in u["contributions"]]
    assert sorted(k for k, _ in scored) == sorted(
        in_year
    )  # each once: partners are not scored by default
    assert all(status == statuses[key] for key, status in scored)
