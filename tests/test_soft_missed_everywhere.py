"""未达到力争目标 is treated wherever 逾期 is (issue 19, 4): the 催办 still chases it (under
已逾期未完成, its status saying which) and a target that becomes it is counted 新逾期."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_quarter_cycle import HRSS, invoke

# 8.3 is 力争新建 1 个 (soft: true); 8.2, the same figure, is firm. Both are due 2020-12-31.
ROWS = [
    "target,date,unit,value,status,year",
    f"8.3,2020-06-30,{HRSS},0,,",
    f"8.2,2020-06-30,{HRSS},0,,",
]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "p.csv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def overdue_items(runner: CliRunner, ledger: Path, as_of: str) -> dict[str, str]:
    result = invoke(
        runner, "remind", "-p", str(ledger), "--as-of", as_of, "--unit", HRSS, "-f", "json"
    )
    assert result.exit_code == 0, result.output
    notices = json.loads(result.stdout)["notices"]
    return {
        m["id"]: m["status"] for n in notices for m in n["overdue"] if m["id"] in ("8.2", "8.3")
    }


def test_an_unmet_soft_target_is_chased_after_its_deadline(runner: CliRunner, ledger: Path) -> None:
    assert overdue_items(runner, ledger, "2020-12-31") == {}  # the deadline day is not past it
    assert overdue_items(runner, ledger, "2021-01-01") == {"8.2": "overdue", "8.3": "soft_missed"}


def test_becoming_soft_missed_is_counted_new_overdue(runner: CliRunner, ledger: Path) -> None:
    result = invoke(
        runner,
        "report",
        "-p",
        str(ledger),
        "--as-of",
        "2021-01-01",
        "--since",
        "2020-12-31",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    moved = {
        t["id"]: (t["status"], t["transition"])
        for t in data["targets"]
        if t["id"] in ("8.2", "8.3")
    }
    assert moved == {"8.2": ("overdue", "新逾期"), "8.3": ("soft_missed", "新逾期")}


def test_the_html_cards_count_it_and_add_up(ledger: Path) -> None:
    import datetime as dt
    import re

    from tests.conftest import PLAN_DIR
    from zygj.load.plan import load_checked_plan
    from zygj.output.progress_report import html_page
    from zygj.rules.report import build_report

    report = build_report(load_checked_plan(PLAN_DIR), ledger, dt.date(2021, 1, 1), ["section"])
    cards = dict(
        (label, int(figure))
        for figure, label in re.findall(
            r'<span class="figure">(\d+)</span><span class="label">([^<]+)</span>',
            html_page(report),
        )
    )
    assert cards["未达到力争目标"] == report.overall.soft_missed >= 1
    total = cards.pop("目标（含每年目标的各年度）")
    parts = [
        v
        for k, v in cards.items()
        if k.startswith(("已完成", "推进中", "未启动", "逾期未完成", "未达到力争"))
    ]
    assert sum(parts) == total
