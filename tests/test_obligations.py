"""Who owes what (rules/obligations.py): one computation, each rule at its boundary, and
a whole quarter on which the 通报, its ranking, remind, collect and the 考评 name the same units.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR
from tests.test_quarter_cycle import HRSS, fill, invoke
from zygj.core.plan import Plan
from zygj.load.ledger import load_checked_progress
from zygj.load.plan import load_checked_plan
from zygj.rules.completion import evaluate_all
from zygj.rules.obligations import Obligations, obligations, period_containing
from zygj.rules.periods import backfill_end
from zygj.rules.reminders import build_notices
from zygj.rules.report import build_report, rank_reporters
from zygj.rules.reporters import reporters_of

Q1_END = dt.date(2020, 3, 31)
Q2_END = dt.date(2020, 6, 30)
SINCE = Q1_END


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_checked_plan(PLAN_DIR)


def owed_in(
    plan: Plan, tmp_path: Path, rows: list[str], as_of: dt.date, since: dt.date | None
) -> Obligations:
    path = tmp_path / "p.csv"
    path.write_text(
        "\n".join(["target,date,unit,value,status,year", *rows]) + "\n", encoding="utf-8"
    )
    records = load_checked_progress(plan, path).records
    return obligations(plan, records, as_of, since)


def asked(owed: Obligations, key: str) -> list[str]:
    return list(owed.asked_on(key))


def reporters(plan: Plan, target_id: str) -> list[str]:
    return reporters_of(plan, next(t for t in plan.targets if t.id == target_id))


# ------------------------------------------------------------- each rule at its boundary


def test_rule_1_only_a_targets_reporters_are_asked(plan: Plan, tmp_path: Path) -> None:
    owed = owed_in(plan, tmp_path, [], Q2_END, SINCE)
    assert asked(owed, "1.1") == reporters(plan, "1.1") and "乐至县" not in asked(owed, "1.1")
    # Each item carries the unit's role: 负责 for the owner, 配合 for the others.
    roles = {o.unit: o.role for o in owed.items if o.result.instance.key == "23.2"}
    assert roles == {HRSS: "owner", "雁江区": "partner", "安岳县": "partner", "乐至县": "partner"}


def test_rule_2_an_instance_is_asked_from_the_day_its_window_opens(
    plan: Plan, tmp_path: Path
) -> None:
    assert (
        asked(owed_in(plan, tmp_path, [], dt.date(2019, 12, 31), dt.date(2019, 9, 30)), "21.1@2020")
        == []
    )
    assert asked(
        owed_in(plan, tmp_path, [], dt.date(2020, 1, 1), dt.date(2019, 12, 31)), "21.1@2020"
    ) == [
        HRSS,
        "雁江区",
        "安岳县",
        "乐至县",
    ]


def test_rule_3_done_before_the_period_asks_nothing_unless_it_fell_back(
    plan: Plan, tmp_path: Path
) -> None:
    # 1.2 (1—2 个) met on the last day before the period: nobody is asked about it.
    assert (
        asked(owed_in(plan, tmp_path, [f"1.2,2020-03-31,{HRSS},1,,"], Q2_END, SINCE), "1.2") == []
    )
    # Met one day later, inside the period: asked of whoever reported (the owner did).
    assert asked(owed_in(plan, tmp_path, [f"1.2,2020-04-01,{HRSS},1,,"], Q2_END, SINCE), "1.2") == [
        HRSS
    ]
    # Met before the period, then corrected to 0 in it: it fell back, every reporter is asked again.
    fell = owed_in(
        plan, tmp_path, [f"1.2,2020-03-31,{HRSS},1,,", f"1.2,2020-05-01,{HRSS},0,,"], Q2_END, SINCE
    )
    assert asked(fell, "1.2") == reporters(plan, "1.2")
    assert [o.unit for o in fell.owed if o.result.instance.key == "1.2"] == reporters(plan, "1.2")[
        1:
    ]


def test_rule_4_a_year_is_asked_until_its_backfill_window_closes(
    plan: Plan, tmp_path: Path
) -> None:
    assert backfill_end(plan, 2019) == dt.date(2020, 1, 31)
    last = owed_in(plan, tmp_path, [], dt.date(2020, 1, 31), dt.date(2019, 12, 31))
    assert asked(last, "21.1@2019") == reporters(plan, "21.1")
    after = owed_in(plan, tmp_path, [], dt.date(2020, 2, 1), dt.date(2019, 12, 31))
    assert asked(after, "21.1@2019") == [] and asked(after, "21.1@2020") == reporters(plan, "21.1")


def test_rule_5_a_unit_whose_own_part_is_done_is_not_asked(plan: Plan, tmp_path: Path) -> None:
    # 12.1 (qualitative, every unit must finish): 市商务局 said 已完成 on the day of the last 通报.
    owed = owed_in(plan, tmp_path, ["12.1,2020-03-31,市商务局,,已完成,"], Q2_END, SINCE)
    assert "市商务局" not in asked(owed, "12.1") and len(asked(owed, "12.1")) == 4
    # The same report a day later is in the period: it is asked, and it reported.
    owed = owed_in(plan, tmp_path, ["12.1,2020-04-01,市商务局,,已完成,"], Q2_END, SINCE)
    assert "市商务局" in asked(owed, "12.1")
    assert "市商务局" not in [o.unit for o in owed.owed if o.result.instance.key == "12.1"]
    # All five done before the period (the audit's Q4 case): nobody is named under 未报送.
    five = [f"12.1,2020-03-31,{unit},,已完成," for unit in reporters(plan, "12.1")]
    assert asked(owed_in(plan, tmp_path, five, Q2_END, SINCE), "12.1") == []


def test_rule_6_nothing_is_owed_on_a_target_met_by_the_end(plan: Plan, tmp_path: Path) -> None:
    rows = ["13.1,2020-06-30,高新区管委会,1000,,"]
    met = owed_in(plan, tmp_path, rows, Q2_END, SINCE)
    assert asked(met, "13.1") == ["高新区管委会"] and not [
        o for o in met.owed if o.result.instance.key == "13.1"
    ]
    before = owed_in(plan, tmp_path, rows, dt.date(2020, 6, 29), SINCE)
    assert asked(before, "13.1") == reporters(plan, "13.1")


def test_without_since_the_period_is_everything_up_to_the_day(plan: Plan, tmp_path: Path) -> None:
    owed = owed_in(plan, tmp_path, [f"1.1,2019-05-01,{HRSS},0,,"], Q2_END, None)
    mine = [o for o in owed.items if o.result.instance.key == "1.1"]
    assert [o.unit for o in mine if o.reported] == [HRSS]
    assert len(mine) == len(reporters(plan, "1.1"))


def test_silent_units_are_those_that_reported_on_nothing_asked(plan: Plan, tmp_path: Path) -> None:
    owed = owed_in(plan, tmp_path, ["23.2,2020-06-30,雁江区,1,,"], Q2_END, SINCE)
    assert "雁江区" not in owed.silent and "安岳县" in owed.silent
    assert owed.silent == [u for u in owed.units if not any(o.reported for o in owed.of_unit(u))]


def test_the_reporting_period_holding_a_day() -> None:
    assert period_containing(dt.date(2020, 6, 30), "quarter") == (Q1_END, Q2_END)
    assert period_containing(dt.date(2020, 4, 1), "quarter") == (Q1_END, Q2_END)
    assert period_containing(dt.date(2021, 1, 15), "month") == (
        dt.date(2020, 12, 31),
        dt.date(2021, 1, 31),
    )
    assert period_containing(dt.date(2020, 12, 31), "year") == (
        dt.date(2019, 12, 31),
        dt.date(2020, 12, 31),
    )


# -------------------------------------------------------------- reminders and ranking


def test_a_reminder_marks_the_role_and_the_units_own_figure(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "target,date,unit,value,status,year\n23.2,2020-03-31,雁江区,1,,\n"
        "13.1,2020-06-30,高新区管委会,1000,,\n",
        encoding="utf-8",
    )
    records = load_checked_progress(plan, path).records
    results = evaluate_all(plan, records, Q2_END)
    notices = {n.unit: n for n in build_notices(plan, results, records, Q2_END, 30, SINCE)}
    item = next(i for i in notices["雁江区"].missing if i.result.instance.key == "23.2")
    assert (item.role, item.own_value) == ("partner", 1)
    owner = next(i for i in notices[HRSS].missing if i.result.instance.key == "23.2")
    assert (owner.role, owner.own_value) == ("owner", None)
    # 13.1 is 已完成: no notice chases it, though three of its units never reported.
    assert not [i for n in notices.values() for i in n.missing if i.result.instance.key == "13.1"]
    assert all(
        i.result.status not in ("done", "done_late")
        for n in notices.values()
        for i in (*n.missing, *n.due_soon, *n.overdue)
    )


def test_ranking_ties_follow_the_plans_unit_order(plan: Plan, tmp_path: Path) -> None:
    # 安岳县 sorts before 雁江区 by code point; units.yaml lists 雁江区 first.
    path = tmp_path / "p.csv"
    path.write_text(
        "target,date,unit,value,status,year\n23.2,2020-06-30,安岳县,1,,\n"
        "23.2,2020-06-30,雁江区,1,,\n",
        encoding="utf-8",
    )
    report = build_report(plan, path, Q2_END, ["reporter"], SINCE)
    tied = [r.unit for r in report.ranking if r.unit in ("雁江区", "安岳县")]
    assert tied == ["雁江区", "安岳县"]
    again = rank_reporters(plan, report.results, report.ledger, SINCE, Q2_END)
    assert [r.unit for r in again] == [r.unit for r in report.ranking]


# ---------------------------------------------------------------- a whole quarter


def _pairs_from_targets(targets: list[dict[str, Any]], field: str) -> set[tuple[str, str]]:
    return {
        (unit, t["id"] if t["year"] is None else f"{t['id']}@{t['year']}")
        for t in targets
        for unit in t[field]
    }


@pytest.fixture
def quarter_ledger(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Q1 already in the ledger (some targets done, a unit's own part done, a 2019 figure),
    then Q2's forms from `progress template --all`, some filled, collected into it."""
    monkeypatch.chdir(tmp_path)
    q1 = [
        f"1.1,2020-03-31,{HRSS},1,,",  # done before Q2, corrected to 0 in Q2: falls back
        f"1.2,2020-03-31,{HRSS},1,,",  # done before Q2 and stays done
        *[f"12.1,2020-03-31,{u},,已完成," for u in reporters_of_plan("12.1")],  # all five done
        "11.2,2020-03-31,市经济和信息化委,,已完成,",  # one unit's own part done
        "23.2,2020-03-31,乐至县,1,,",  # a partner's own figure, not done
        f"21.1,2020-01-15,{HRSS},,已完成,2019",  # a January backfill for 2019
    ]
    (tmp_path / "progress.csv").write_text(
        "\n".join(["target,date,unit,value,status,year", *q1]) + "\n", encoding="utf-8"
    )
    result = invoke(runner, "progress", "template", "--all", "-o", "forms", "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output
    forms = tmp_path / "forms"
    fill(
        forms / f"填报表-{HRSS}.xlsx",
        {"1.1": (0, None), "5.1": (9000, "推进中"), "9.2": (61, None), "21.1": (None, "已完成")},
    )
    fill(forms / "填报表-市教育体育局.xlsx", {"9.2": (40, None), "7.4": (20500, None)})
    fill(forms / "填报表-雁江区.xlsx", {"21.1": (None, "已完成"), "23.2": (1, None)})
    # 市商务局 returns a form with a row only on 12.1, which asks nothing of it any more.
    fill(forms / "填报表-市商务局.xlsx", {"12.1": (None, "已完成")})
    return tmp_path


def reporters_of_plan(target_id: str) -> list[str]:
    return reporters(load_checked_plan(PLAN_DIR), target_id)


def test_a_whole_quarter_every_surface_names_the_same_units(
    runner: CliRunner, quarter_ledger: Path
) -> None:
    period = ["--as-of", "2020-06-30", "--since", "2020-03-31"]
    collected = invoke(runner, "collect", "forms", "-o", "progress.csv", "-f", "json")
    assert collected.exit_code == 0, collected.output
    collect_data = json.loads(collected.stdout)
    assert (collect_data["since"], collect_data["as_of"]) == (
        "2020-03-31",
        "2020-06-30",
    )  # Q2, from the forms

    report = invoke(
        runner, "report", "-p", "progress.csv", *period, "--by", "reporter", "-f", "json"
    )
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    asked = _pairs_from_targets(data["targets"], "asked_reporters")
    missing = _pairs_from_targets(data["targets"], "missing_reporters")
    assert missing <= asked and missing

    keys = {k for _, k in asked}
    assert "1.1" in keys  # fell back in the period: asked again
    assert "1.2" not in keys and "12.1" not in keys  # done before the period
    assert "21.1@2019" not in keys  # its backfill window closed on 2020-01-31
    assert ("市经济和信息化委", "11.2") not in asked and ("市文化广电新闻出版局", "11.2") in asked
    assert ("乐至县", "23.2") in missing

    # The ranking: 应报 is what the unit was asked, 应报 − 已报 what the 通报 names it for.
    for rank in data["by_reporter"]:
        mine = {k for u, k in asked if u == rank["unit"]}
        assert rank["expected"] == len(mine), rank
        assert rank["expected"] - rank["received"] == sum(
            1 for u, _ in missing if u == rank["unit"]
        ), rank
    assert sum(r["expected"] for r in data["by_reporter"]) == len(asked)

    # remind: the same (unit, target) pairs, each marked 负责 or 配合, never a done target.
    remind = invoke(runner, "remind", "-p", "progress.csv", *period, "-f", "json")
    assert remind.exit_code == 0, remind.output
    notices = json.loads(remind.stdout)["notices"]
    reminded = {
        (n["unit"], m["id"] if m["year"] is None else f"{m['id']}@{m['year']}")
        for n in notices
        for m in n["missing"]
    }
    assert reminded == missing
    assert all(
        m["role"] in ("owner", "partner") and m["status"] not in ("done", "done_late")
        for n in notices
        for m in n["missing"]
    )
    assert {n["unit"] for n in notices if n["missing"]} == {u for u, _ in missing}

    # collect's 未报送: units asked about something that reported on none of it.
    silent = {u for u, _ in asked} - {u for u, k in asked if (u, k) not in missing}
    assert set(collect_data["not_reported"]) == silent
    assert "市商务局" in silent  # its form was about 12.1 only, which asked nothing of it
    assert HRSS not in silent and "乐至县" in silent

    # The 考评's 少报: one form more by 06-30 than by 03-31 exactly for the silent units.
    def missed(day: str) -> dict[str, int]:
        result = invoke(runner, "score", "-p", "progress.csv", "--as-of", day, "-f", "json")
        assert result.exit_code == 0, result.output
        return {u["unit"]: u["missed_forms"] for u in json.loads(result.stdout)["units"]}

    q1, q2 = missed("2020-03-31"), missed("2020-06-30")
    # Every silent unit is charged in its own score, whatever its role (配合 units too).
    assert silent <= set(q2) and "乐至县" in q2
    assert {u for u in q2 if q2[u] - q1.get(u, 0) == 1} == silent

    # The .docx 通报 names the same units under 未报送 (in units.yaml order).
    docx = invoke(runner, "report", "-p", "progress.csv", *period, "-o", "通报.docx")
    assert docx.exit_code == 0, docx.output
    texts = [p.text for p in Document(str(quarter_ledger / "通报.docx")).paragraphs]
    sentence = next(t for t in texts if "有应报单位未报送进展" in t)
    named = re.search(r"涉及(\d+)个单位：(.+)。", sentence)  # a 公文 sets figures without spaces
    assert named is not None
    units = named.group(2).split("、")
    assert int(named.group(1)) == len(units) and set(units) == {u for u, _ in missing}
    order = [u.name for u in load_checked_plan(PLAN_DIR).units_file.units]
    assert units == sorted(units, key=order.index)


# ------------------------------------------------------- the forms list what is asked


@pytest.mark.parametrize(
    "day", [dt.date(2020, 1, 15), dt.date(2020, 1, 31), dt.date(2020, 2, 1), Q2_END]
)
def test_every_form_lists_what_its_unit_is_asked(plan: Plan, tmp_path: Path, day: dt.date) -> None:
    """`progress template --as-of D` lists every (target, year) a unit is asked about in the
    period ending on D: in January the year before too, while its backfill window is open."""
    from zygj.rules.forms import form_rows
    from zygj.rules.obligations import open_years

    owed = owed_in(plan, tmp_path, [], day, period_containing(day, "quarter")[0])
    listed = {
        (
            unit,
            f"{row.target.id}@{row.deadline.year}"
            if row.target.annual and isinstance(row.deadline, dt.date)
            else row.target.id,
        )
        for unit in owed.units
        for row in form_rows(plan, unit, False, open_years(plan, day))
    }
    asked_pairs = {(o.unit, o.result.instance.key) for o in owed.items}
    assert asked_pairs <= listed
    backfill = {k for _, k in listed if k.endswith("@2019")}
    assert bool(backfill) == (day <= dt.date(2020, 1, 31))


def test_a_january_form_has_a_row_for_the_year_being_backfilled(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(
        runner, "progress", "template", "-u", "雁江区", "--as-of", "2020-01-15", "-o", "y.csv"
    )
    assert (
        result.stdout.splitlines()[0] == "已生成 y.csv：雁江区 的 2 个目标（负责 0 个，配合 2 个）"
    )
    rows = (tmp_path / "y.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [(r.split(",")[0], r.split(",")[3], r.split(",")[10]) for r in rows] == [
        ("21.1", "2019-12-31", "2019"), ("21.1", "2020-12-31", "2020"), ("23.2", "2020-12-31", ""),
    ]  # fmt: skip


def test_the_kaoping_charges_a_form_only_where_something_was_asked(
    plan: Plan, tmp_path: Path
) -> None:
    from zygj.rules.assessment import missed_forms, periods

    path = tmp_path / "p.csv"
    spans = periods("quarter", 2020, Q2_END)
    path.write_text("target,date,unit,value,status,year\n", encoding="utf-8")
    none = load_checked_progress(plan, path).records
    assert (
        missed_forms(plan, [], none, spans)["市妇联"] == 2
    )  # asked about 11.1 and 11.2 both quarters
    # Its own part of both reported 已完成 on the last day of Q1: Q1 returned, Q2 asks nothing of it.
    path.write_text(
        "target,date,unit,value,status,year\n11.1,2020-03-31,市妇联,,已完成,\n"
        "11.2,2020-03-31,市妇联,,已完成,\n",
        encoding="utf-8",
    )
    done = load_checked_progress(plan, path).records
    assert "市妇联" not in missed_forms(plan, [], done, spans)
    # The same reports a day later fall in Q2: Q1 is missed, Q2 is returned.
    path.write_text(
        "target,date,unit,value,status,year\n11.1,2020-04-01,市妇联,,已完成,\n"
        "11.2,2020-04-01,市妇联,,已完成,\n",
        encoding="utf-8",
    )
    late = load_checked_progress(plan, path).records
    assert missed_forms(plan, [], late, spans)["市妇联"] == 1


def test_rule_4_reads_the_plans_backfill_window(plan_copy: Path, tmp_path: Path) -> None:
    targets = plan_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace("lights:", 'year_end:\n  backfill_until: "02-28"\nlights:', 1),
        encoding="utf-8",
    )
    longer = load_checked_plan(plan_copy)
    assert backfill_end(longer, 2019) == dt.date(2020, 2, 28)
    owed = owed_in(longer, tmp_path, [], dt.date(2020, 2, 28), dt.date(2019, 12, 31))
    assert asked(owed, "21.1@2019") == reporters(longer, "21.1")
    assert (
        asked(
            owed_in(longer, tmp_path, [], dt.date(2020, 2, 29), dt.date(2019, 12, 31)), "21.1@2019"
        )
        == []
    )
