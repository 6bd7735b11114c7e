"""签收, 报送及时率, `zygj history` and the 通报's history charts (issue 24 items 4 and 5).

The quarter of examples/quarter-2020q2 is collected on 2020-07-08 (due 2020-07-10: 10
days after the quarter, the plan stating no 报送时限), then two third-quarter forms:
雁江区's on 2020-10-09 (on time) and 市人社局's on 2020-10-20 (late).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR, REPO
from zygj.cli.main import app

Q2 = REPO / "examples" / "quarter-2020q2"
Q3 = REPO / "examples" / "quarter-2020q3"
HRSS = "市人力资源社会保障局"
HEADER = "received\tunit\tperiod_end\tform\n"


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, [*args, "--plan", str(PLAN_DIR)])


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(Q2, tmp_path / "q2")
    shutil.copytree(Q3, tmp_path / "q3")
    return tmp_path


@pytest.fixture
def cycle(runner: CliRunner, here: Path) -> Path:
    """Both quarters collected into progress.yaml, with their receipts."""
    for form, day in (
        ("q2", "2020-07-08"),
        ("q3/填报表-雁江区.csv", "2020-10-09"),
        ("q3/填报表-市人力资源社会保障局.csv", "2020-10-20"),
    ):
        result = run(runner, "collect", form, "-o", "progress.yaml", "--received", day)
        assert result.exit_code == 0, result.output
    return here


def receipts(folder: Path) -> str:
    return (folder / "progress.签收.tsv").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 签收 at collect


def test_collect_signs_for_each_units_first_form_of_each_period(
    runner: CliRunner, cycle: Path
) -> None:
    assert receipts(cycle) == HEADER + (
        "2020-07-08\t安岳县\t2020-06-30\tq2/填报表-安岳县.csv\n"
        f"2020-07-08\t{HRSS}\t2020-06-30\tq2/填报表-{HRSS}.xlsx\n"
        "2020-07-08\t市教育体育局\t2020-06-30\tq2/填报表-市教育体育局.xlsx\n"
        "2020-07-08\t雁江区\t2020-06-30\tq2/填报表-雁江区.xlsx\n"
        "2020-10-09\t雁江区\t2020-09-30\tq3/填报表-雁江区.csv\n"
        f"2020-10-20\t{HRSS}\t2020-09-30\tq3/填报表-{HRSS}.csv\n"
    )
    # The same forms again, later: nothing new in either file; the first day stands.
    before = (cycle / "progress.yaml").read_bytes(), receipts(cycle)
    again = run(
        runner, "collect", "q2", "-o", "progress.yaml", "--received", "2020-07-20", "-f", "json"
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["receipts"] == []
    assert ((cycle / "progress.yaml").read_bytes(), receipts(cycle)) == before


def test_the_received_day_is_today_unless_given(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("zygj.core.clock.today", lambda: dt.date(2020, 10, 12))
    result = run(runner, "collect", "q3/填报表-雁江区.csv", "-o", "ledger.csv", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["receipts"] == [
        {
            "unit": "雁江区",
            "period_end": "2020-09-30",
            "received": "2020-10-12",
            "form": "q3/填报表-雁江区.csv",
        }
    ]
    assert (here / "ledger.签收.tsv").read_text(encoding="utf-8") == (
        HEADER + "2020-10-12\t雁江区\t2020-09-30\tq3/填报表-雁江区.csv\n"
    )
    bad = run(runner, "collect", "q2", "-o", "ledger.csv", "--received", "7月8日")
    assert bad.exit_code == 2
    assert "--received 应为日期 YYYY-MM-DD" in bad.stderr
    future = run(runner, "collect", "q2", "-o", "ledger.csv", "--received", "2020-10-13")
    assert (future.exit_code, future.stderr) == (
        2,
        "zygj: error: --received（2020-10-13）晚于今天（2020-10-12）：签收日期是表收到的那天\n",
    )
    assert "2020-10-13" not in (here / "ledger.签收.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "unit\treceived\n",
            [
                "progress.签收.tsv:1:1: error: 签收记录的第一行应为表头“received<Tab>unit<Tab>period_end<Tab>form”"
            ],
        ),
        (
            HEADER + "2020-07-08\t雁江区\t2020-06-30\n",
            ["progress.签收.tsv:2: error: 应有 4 列（以 Tab 分隔），实际为 3 列"],
        ),
        (
            HEADER + "7月8日\t市人设局\t2020-06-15\tf.csv\n",
            [
                "progress.签收.tsv:2:1: error: 签收日期应为 YYYY-MM-DD，实际为“7月8日”",
                "progress.签收.tsv:2:2: error: 单位“市人设局”未在 units.yaml 中声明；是否是指：市人力资源社会保障局？",
                "progress.签收.tsv:2:3: error: 2020-06-15 不是填报周期（季度）的最后一天",
            ],
        ),
        ("\ufeff" + HEADER + "2020-07-08\t雁江区\t2020-06-30\tf.csv\n\xff", None),
    ],
)
def test_a_broken_receipts_file_is_refused_with_its_places_and_nothing_written(
    runner: CliRunner, here: Path, text: str, expected: list[str] | None
) -> None:
    assert (
        run(runner, "collect", "q2", "-o", "progress.yaml", "--received", "2020-07-08").exit_code
        == 0
    )
    raw = text.encode("utf-8").replace("\xff".encode(), b"\xff")
    (here / "progress.签收.tsv").write_bytes(raw)
    ledger = (here / "progress.yaml").read_bytes()
    for args in (
        ("collect", "q3", "-o", "progress.yaml"),
        ("report", "-p", "progress.yaml", "--as-of", "2020-10-31"),
        ("score", "-p", "progress.yaml", "--as-of", "2020-10-31"),
        ("history", "5.1", "-p", "progress.yaml"),
    ):
        result = run(runner, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        if expected is not None:
            assert result.stderr.splitlines() == expected, args
        else:
            assert result.stderr.startswith("progress.签收.tsv:3:1: error: 文件不是 UTF-8 编码"), (
                result.stderr
            )
    assert (here / "progress.yaml").read_bytes() == ledger  # the Q3 forms were not added
    assert (here / "progress.签收.tsv").read_bytes() == raw


def test_the_receipts_file_is_not_read_as_progress_from_a_folder(
    runner: CliRunner, cycle: Path
) -> None:
    (cycle / "ledger").mkdir()
    shutil.move(cycle / "progress.yaml", cycle / "ledger" / "progress.yaml")
    shutil.move(cycle / "progress.签收.tsv", cycle / "ledger" / "progress.签收.tsv")
    result = run(runner, "report", "-p", "ledger", "--as-of", "2020-10-31", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == 14
    assert "timeliness" not in json.loads(
        result.stdout
    )  # a folder of forms has no receipts beside it


# ------------------------------------------------------------------ 报送及时率


def _timeliness(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = run(runner, "report", "-p", "progress.yaml", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)["timeliness"]
    return data


def test_on_time_late_and_missing_per_period(runner: CliRunner, cycle: Path) -> None:
    data = _timeliness(runner, "--as-of", "2020-10-31")
    assert data["due_rule"] == "方案未写报送时限，按每个季度结束后第 10 天计"
    assert data["periods"] == [
        {"start": "2020-04-01", "end": "2020-06-30", "due": "2020-07-10"},
        {"start": "2020-07-01", "end": "2020-09-30", "due": "2020-10-10"},
    ]
    units = {u["unit"]: u for u in data["units"]}
    assert len(units) == 24
    hrss, yanjiang, lezhi = units[HRSS], units["雁江区"], units["乐至县"]
    assert [(p["state"], p["received"]) for p in hrss["periods"]] == [
        ("on_time", "2020-07-08"),
        ("late", "2020-10-20"),
    ]
    assert (hrss["on_time"], hrss["late"], hrss["missing"], hrss["rate"]) == (1, 1, 0, 0.5)
    assert (yanjiang["on_time"], yanjiang["rate"]) == (2, 1.0)
    assert [p["state"] for p in lezhi["periods"]] == ["missing", "missing"] and lezhi["rate"] == 0.0


def test_before_the_due_day_a_silent_unit_is_not_yet_late(runner: CliRunner, cycle: Path) -> None:
    data = _timeliness(runner, "--as-of", "2020-07-05")
    units = {u["unit"]: u for u in data["units"]}
    assert [p["end"] for p in data["periods"]] == ["2020-06-30"]
    assert units["乐至县"]["periods"][0]["state"] == "pending" and units["乐至县"]["rate"] is None
    assert units[HRSS]["periods"][0]["state"] == "on_time"


def test_a_record_without_a_receipt_counts_on_time_by_its_date_and_says_so(
    runner: CliRunner, cycle: Path
) -> None:
    added = run(
        runner,
        "progress",
        "add",
        "13.1",
        "--value",
        "500",
        "--unit",
        "市财政局",
        "--date",
        "2020-09-30",
        "--progress",
        "progress.yaml",
    )
    assert added.exit_code == 0, added.output
    units = {u["unit"]: u for u in _timeliness(runner, "--as-of", "2020-10-31")["units"]}
    assert units["市财政局"]["periods"][1] == {
        "end": "2020-09-30",
        "state": "on_time",
        "basis": "record",
        "received": None,
        "form": None,
    }
    text = run(
        runner, "report", "-p", "progress.yaml", "--as-of", "2020-10-31", "-f", "plain"
    ).stdout
    assert (
        "市财政局              未报             按时*                 1       0       1       50%"
        in text
    )
    assert text.endswith(
        "迟报后为签收日期；—：该期无应报事项。按时*：无签收记录，按该期的进度记录计为按时。\n"
    )
    assert (
        run(
            runner, "report", "-p", "progress.yaml", "--as-of", "2020-10-31", "-o", "t.html"
        ).exit_code
        == 0
    )
    assert (
        '<p class="meta">迟报后为签收日期；—：该期无应报事项。按时*：无签收记录，按该期的进度记录计为按时。</p></section>'
        in (cycle / "t.html").read_text(encoding="utf-8")
    )


def test_the_plans_due_day_is_used_when_it_states_one(
    runner: CliRunner, cycle: Path, plan_copy: Path
) -> None:
    measures = plan_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(
        text.replace(
            "  date: 2018-12-24\n", "  date: 2018-12-24\n  report_due: 每季度末月20日前\n", 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "report",
            "--plan",
            str(plan_copy),
            "-p",
            "progress.yaml",
            "--as-of",
            "2020-10-31",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["timeliness"]
    assert data["due_rule"] == "报送时限：每季度末月20日前（每个季度最后一个月的 20 日）"
    assert [p["due"] for p in data["periods"]] == ["2020-06-20", "2020-09-20"]
    yanjiang = next(u for u in data["units"] if u["unit"] == "雁江区")
    assert [p["state"] for p in yanjiang["periods"]] == ["late", "late"]


def test_every_format_shows_it_and_none_without_receipts(runner: CliRunner, cycle: Path) -> None:
    args = ("-p", "progress.yaml", "--as-of", "2020-10-31")
    plain = run(runner, "report", *args, "-f", "plain").stdout
    assert (
        "报送及时率（2020年第2季度至2020年第3季度，方案未写报送时限，按每个季度结束后第 10 天计）"
        in plain
    )
    assert f"{HRSS}  按时             迟报 10-20            1       1       0       50%" in plain
    assert "## 报送及时率（" in run(runner, "report", *args, "-f", "markdown").stdout
    assert run(runner, "report", *args, "-o", "t.html").exit_code == 0
    page = (cycle / "t.html").read_text(encoding="utf-8")
    assert (
        '<section id="timeliness"><h2>报送及时率（' in page
        and '<td data-label="2020年第3季度">迟报 10-20</td>' in page
    )
    assert run(runner, "report", *args, "-o", "t.docx").exit_code == 0
    from docx import Document

    paragraphs = [p.text for p in Document(str(cycle / "t.docx")).paragraphs]
    assert (
        "2020年第3季度填报表应于10月10日前报送，按时报送1个单位，迟报1个（市人力资源社会保障局），未报22个（见附件4）。"
        in paragraphs
    )
    assert "各单位报送及时率" in paragraphs
    assert run(runner, "export", *args, "-o", "台账.xlsx").exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(cycle / "台账.xlsx")["报送及时率"]
    assert [c.value for c in sheet[2]] == [HRSS, "按时", "迟报 10-20", 1, 1, 0, "50%"]

    # The same ledger without its receipts: no section anywhere, as before 签收 existed.
    (cycle / "progress.签收.tsv").unlink()
    assert "报送及时率" not in run(runner, "report", *args, "-f", "plain").stdout
    assert "timeliness" not in json.loads(run(runner, "report", *args, "-f", "json").stdout)
    assert run(runner, "export", *args, "-o", "台账2.xlsx").exit_code == 0
    assert "报送及时率" not in load_workbook(cycle / "台账2.xlsx").sheetnames
    assert "报送及时率" not in run(runner, "score", *args, "-f", "plain").stdout


def test_the_score_lists_the_years_timeliness(runner: CliRunner, cycle: Path) -> None:
    args = ("score", "-p", "progress.yaml", "--as-of", "2020-10-31")
    plain = run(runner, *args, "-f", "plain").stdout.splitlines()
    at = plain.index(
        "报送及时率（2020年第2季度至2020年第3季度，方案未写报送时限，按每个季度结束后第 10 天计）"
    )
    assert plain[at - 2].startswith("2020 年度考评（截至 2020-10-31）") and plain[at - 1] == ""
    data = json.loads(run(runner, *args, "-f", "json").stdout)
    assert data["units"][0]["unit"] and data["timeliness"]["units"][0]["unit"] == HRSS
    csv = run(runner, *args, "-f", "csv").stdout
    assert "报送及时率" not in csv  # one table per CSV: the scores
    # --year 2019: no period of 2019 has a receipt, nothing to list.
    assert "timeliness" not in json.loads(
        run(runner, "score", "-p", "progress.yaml", "--year", "2019", "-f", "json").stdout
    )


# ------------------------------------------------------------------ history


def _history(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = run(
        runner, "history", *args, "-p", "progress.yaml", "--as-of", "2020-10-31", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_targets_trail_in_date_order(runner: CliRunner, cycle: Path) -> None:
    data = _history(runner, "5.1")
    assert [(e["date"], e["kind"], e["unit"], e["text"]) for e in data["events"]] == [
        ("2020-06-30", "record", HRSS, "9000，推进中"),
        ("2020-06-30", "status", None, "未启动 → 推进中（滞后）：实际 9000，完成度 67%"),
        ("2020-07-08", "receipt", HRSS, "2020-06-30 期填报表"),
        ("2020-09-30", "record", HRSS, "12000，推进中；说明：第三季度"),
        ("2020-09-30", "status", None, "推进中（滞后） → 推进中：实际 12000，完成度 89%"),
        ("2020-10-20", "receipt", HRSS, "2020-09-30 期填报表"),
        ("2020-10-31", "status", None, "推进中 → 推进中（滞后）：实际 12000，完成度 89%"),
    ]
    assert data["events"][0]["source"] == "progress.yaml:19"
    assert data["events"][2]["form"] == f"q2/填报表-{HRSS}.xlsx"
    assert data["events"][2]["source"] == "progress.签收.tsv:3"
    assert data["status"] == [
        {
            "instance": "5.1",
            "year": None,
            "status": "in_progress",
            "behind": True,
            "actual": 12000.0,
            "completion": pytest.approx(0.8889, abs=1e-4),
        }
    ]


def test_one_units_trail_of_an_annual_target(runner: CliRunner, cycle: Path) -> None:
    data = _history(runner, "21.1", "--unit", "雁江区")
    assert {e["unit"] for e in data["events"]} == {"雁江区", None}
    assert [(e["date"], e["year"], e["kind"]) for e in data["events"]] == [
        ("2020-01-01", 2019, "status"), ("2020-06-30", 2020, "record"), ("2020-06-30", 2020, "status"),
        ("2020-07-08", 2020, "receipt"), ("2020-09-30", 2020, "record"), ("2020-10-09", 2020, "receipt"),
    ]  # fmt: skip
    everyone = _history(runner, "21.1")
    assert {e["unit"] for e in everyone["events"] if e["kind"] == "record"} == {
        HRSS,
        "雁江区",
        "安岳县",
    }


def test_history_without_receipts_or_ledger_and_bad_names(runner: CliRunner, here: Path) -> None:
    plain = run(
        runner, "history", "5.1", "-p", "q2", "--as-of", "2020-07-15", "-f", "plain"
    ).stdout.splitlines()
    # Read straight from the forms: the source is the form's sheet and row; no receipts, no 签收 line.
    assert plain[3].split() == [
        "2020-06-30",
        "填报",
        HRSS,
        "9000，推进中",
        f"q2/填报表-{HRSS}.xlsx:目标:7",
    ]
    assert plain[4].split() == [
        "2020-06-30",
        "状态",
        "—",
        "未启动",
        "→",
        "推进中（滞后）：实际",
        "9000，完成度",
        "67%",
    ]
    assert plain[-1] == "截至 2020-07-15：推进中（滞后）；共 2 条"
    none = run(runner, "history", "7.3", "--as-of", "2020-07-15", "-f", "plain")
    assert (
        none.exit_code == 0
        and none.stdout.splitlines()[-1] == "截至 2020-07-15：未启动（滞后）；共 1 条"
    )  # no ledger: the status alone
    wrong = run(runner, "history", "5.9")
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "zygj: error: 目标“5.9”不存在（zygj targets 可列出全部目标）；第 5 项措施的目标有 5.1、5.2\n",
    )
    unit = run(runner, "history", "5.1", "--unit", "市人设局")
    assert unit.exit_code == 2 and "市人设局" in unit.stderr


# ------------------------------------------------------------------ charts


def test_the_charts_are_inline_svg_with_the_plans_quarters(runner: CliRunner, cycle: Path) -> None:
    result = run(
        runner, "report", "-p", "progress.yaml", "--as-of", "2020-10-31", "--charts", "-o", "t.html"
    )
    assert result.exit_code == 0, result.output
    page = (cycle / "t.html").read_text(encoding="utf-8")
    assert (
        page.count('<svg class="trend"') == 6
    )  # the plan by quarter, and five targets with figures
    assert (
        "<script" not in page and "http://" not in page and "https://" not in page
    )  # offline, no library
    quarters = page[page.index('<section id="by-quarter">') : page.index('<section id="trends">')]
    labels = [
        "2018Q4",
        "2019Q1",
        "2019Q2",
        "2019Q3",
        "2019Q4",
        "2020Q1",
        "2020Q2",
        "2020Q3",
        "2020Q4",
    ]
    assert all(f">{label}</text>" in quarters for label in labels)
    assert "<title>2020Q3：完成度 " in quarters
    trends = page[page.index('<section id="trends">') :]
    assert "<figcaption" in trends and "5.1 劳动者参加职业培训（推进中（滞后））" in trends
    assert "<title>2020-09-30：12000</title>" in trends  # 5.1's second report
    # Without --charts the page is as it was: no chart section.
    assert (
        run(
            runner, "report", "-p", "progress.yaml", "--as-of", "2020-10-31", "-o", "u.html"
        ).exit_code
        == 0
    )
    assert 'class="trend"' not in (cycle / "u.html").read_text(encoding="utf-8")
    refused = run(runner, "report", "-p", "progress.yaml", "--charts", "-o", "t.md")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "zygj: error: --charts 只用于网页通报（-o 通报.html 或 -f html）\n",
    )


needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="没有 chromium")

PROBE = """(() => {
  let smallest = 100;
  for (const svg of document.querySelectorAll('svg.trend')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  const charts = [...document.querySelectorAll('svg.trend')].map(s => s.getBoundingClientRect());
  return {page: document.scrollingElement.scrollWidth, smallest: smallest,
          shown: charts.filter(b => b.width > 0).length, right: Math.max(...charts.map(b => b.right))};
})()"""


@pytest.mark.browser
@needs_chromium
def test_the_charts_read_on_a_phone_and_a_desktop(runner: CliRunner, cycle: Path) -> None:
    from tests.browser import Browser

    assert (
        run(
            runner,
            "report",
            "-p",
            "progress.yaml",
            "--as-of",
            "2020-10-31",
            "--charts",
            "-o",
            "t.html",
        ).exit_code
        == 0
    )
    with Browser(cycle / "profile") as browser:
        for width in (390, 1280):
            browser.open((cycle / "t.html").resolve().as_uri(), width, 844, mobile=width < 600)
            seen = browser.evaluate(PROBE)
            assert seen["page"] <= width, (width, seen)
            assert seen["shown"] == 6 and seen["right"] <= width, (
                width,
                seen,
            )  # no chart hidden or cut off
            assert seen["smallest"] >= 9, (width, seen)  # every label legible
