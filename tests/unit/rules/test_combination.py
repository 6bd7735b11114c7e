"""Fair combination: the lead decides a qualitative target; non-reporters are never added."""

from __future__ import annotations

import dataclasses

from tests.unit.rules.helpers_judging import HRSS, bundled, judged, rec
from zygj.core.plan import Plan
from zygj.rules.uncounted import uncounted_records, uncounted_warnings

PLAN = bundled()
CULTURE = "市文化广电新闻出版局"  # 11.2's lead
ECONOMY = "市经济和信息化委"  # one of 11.2's co-units


def test_the_leads_done_decides_a_qualitative_target_with_several_units() -> None:
    records = [rec("11.2", "2020-10-31", CULTURE, status="done")]
    result = judged(PLAN, "11.2", records, "2020-12-31")
    assert result.combine == "owner" and result.status == "done"


def test_a_co_units_done_does_not_close_it_and_is_shown_as_a_part() -> None:
    records = [
        rec("11.2", "2020-09-30", CULTURE, status="in_progress"),
        rec("11.2", "2020-10-31", ECONOMY, status="done"),
    ]
    result = judged(PLAN, "11.2", records, "2020-12-31")
    assert result.status == "in_progress"
    assert [(p.unit, p.status, p.counted) for p in result.parts] == [
        (CULTURE, "in_progress", True),
        (ECONOMY, "done", False),
    ]


def test_combine_all_still_needs_every_unit() -> None:
    # 21.1: 市、县（区）两级每年分别组织 — the plan says each must (combine: all).
    units = [HRSS, "雁江区", "安岳县"]
    records = [rec("21.1", "2020-06-30", u, status="done", year=2020) for u in units]
    assert judged(PLAN, "21.1@2020", records, "2020-07-01").status == "in_progress"
    records.append(rec("21.1", "2020-07-01", "乐至县", status="done", year=2020))
    assert judged(PLAN, "21.1@2020", records, "2020-07-01").status == "done"


def test_a_non_reporters_figure_is_not_added_and_is_listed_as_uncounted() -> None:
    records = [
        rec("5.1", "2020-06-30", value=10000),
        rec("5.1", "2020-06-30", "雁江区", value=5000),
    ]
    result = judged(PLAN, "5.1", records, "2020-12-31")
    assert result.actual == 10000 and result.status == "in_progress"
    assert [(r.unit, r.value) for r in result.uncounted] == [("雁江区", 5000)]


def test_validate_warns_where_a_non_reporters_record_stands() -> None:
    records = [
        rec("5.1", "2020-06-30", value=10000),
        rec("5.1", "2020-06-30", "雁江区", value=5000),
    ]
    assert [r.unit for r, _ in uncounted_records(PLAN, records)] == ["雁江区"]
    (warning,) = uncounted_warnings(PLAN, records)
    assert warning.severity == "warning" and warning.path == "p.yaml"
    assert warning.message == (
        "雁江区 不是目标 5.1 的填报单位（填报单位：市人力资源社会保障局、市农业局、市民政局、"
        "市经济和信息化委 等 9 个单位），这条记录不计入完成情况（通报中列为“未计入”）："
        "请核对目标编号或单位；若该单位确应填报，请在 targets.yaml 该目标的 reporters 中加上它"
    )


def test_a_target_without_reporters_takes_every_units_record() -> None:
    target = next(t for t in PLAN.targets if t.id == "5.1")
    # A plan whose 5.1 names nobody: no reporter list to check against.
    orphan = dataclasses.replace(target, owner=None, reporters=[])
    measures = [
        dataclasses.replace(m, lead=[], responsible=[], cooperating=[]) if m.no == 5 else m
        for m in PLAN.measures
    ]
    plan = Plan(
        PLAN.folder,
        PLAN.units_file,
        dataclasses.replace(PLAN.measures_file, measures=measures),
        dataclasses.replace(
            PLAN.targets_file,
            targets=[orphan if t.id == "5.1" else t for t in PLAN.targets_file.targets],
        ),
    )
    records = [rec("5.1", "2020-06-30", "雁江区", value=15000)]
    result = judged(plan, "5.1", records, "2020-12-31")
    assert result.actual == 15000 and result.uncounted == ()


def test_a_group_owner_decides_through_every_member() -> None:
    # 21.1 given to 各县（区）政府 as its owner, without combine: each county's word counts.
    target = next(t for t in PLAN.targets_file.targets if t.id == "21.1")
    grouped = dataclasses.replace(target, owner="各县（区）政府", combine=None)
    plan = Plan(
        PLAN.folder,
        PLAN.units_file,
        PLAN.measures_file,
        dataclasses.replace(
            PLAN.targets_file,
            targets=[grouped if t.id == "21.1" else t for t in PLAN.targets_file.targets],
        ),
    )
    counties = ["雁江区", "安岳县"]
    records = [rec("21.1", "2020-06-30", u, status="done", year=2020) for u in counties]
    result = judged(plan, "21.1@2020", records, "2020-07-01")
    assert result.combine == "owner" and result.status == "in_progress"
    records.append(rec("21.1", "2020-07-01", "乐至县", status="done", year=2020))
    assert judged(plan, "21.1@2020", records, "2020-07-01").status == "done"
