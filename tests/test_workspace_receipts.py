"""签收 in a workspace: `collect -w --received` signs each unit's form for in the receipts file
beside each plan's own ledger, once per unit and period; one plan's 通报 (`--plan-key`) shows
its 报送及时率 exactly as `report --plan` over that ledger does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

EXAMPLE = REPO / "examples" / "workspace"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    return root


def run(runner: CliRunner, *args: str) -> Any:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done


def test_collect_signs_each_form_beside_its_plans_ledger(runner: CliRunner, ws: Path) -> None:
    done = run(runner, "collect", "收回的填报表", "--received", "2020-07-08", "-f", "json")
    counts = {p["plan"]: len(p["receipts"]) for p in json.loads(done.stdout)["plans"]}
    assert counts == {"gongjiang": 4, "nongji": 0, "jiuye": 0}
    lines = (ws / "gongjiang" / "progress.签收.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "received\tunit\tperiod_end\tform"
    assert sorted(line.split("\t")[1] for line in lines[1:]) == [
        "安岳县",
        "市人力资源社会保障局",
        "市教育体育局",
        "雁江区",
    ]
    assert {line.split("\t")[0] for line in lines[1:]} == {"2020-07-08"}
    before = (ws / "gongjiang" / "progress.签收.tsv").read_bytes()
    run(runner, "collect", "收回的填报表", "--received", "2020-07-09")  # the first day stands
    assert (ws / "gongjiang" / "progress.签收.tsv").read_bytes() == before


def test_one_plans_report_shows_its_timeliness_as_the_one_plan_command(
    runner: CliRunner, ws: Path
) -> None:
    run(runner, "collect", "收回的填报表", "--received", "2020-07-08")
    key = run(
        runner, "report", "--plan-key", "gongjiang", "--as-of", "2020-07-31", "-f", "plain"
    ).stdout
    alone = run(
        runner,
        "report",
        "--plan",
        "gongjiang",
        "-p",
        "gongjiang/progress.csv",
        "--as-of",
        "2020-07-31",
        "-f",
        "plain",
    ).stdout
    assert "报送及时率（2020年第2季度" in key
    assert key == alone


def test_a_received_day_to_come_is_refused(runner: CliRunner, ws: Path) -> None:
    done = runner.invoke(app, ["collect", "收回的填报表", "--received", "2199-01-01"])
    assert done.exit_code == 2
    assert "--received（2199-01-01）晚于今天" in done.stderr
    assert not (ws / "gongjiang" / "progress.csv").exists()
