"""Targets from the numbers of any task, and role clauses in more wordings (issue 20, item 4).

Found on the real documents of tests/corpus/ (see tests/test_init_accuracy.py): counts
without 到20XX年 (新改扩建公办幼儿园45所), 2万亿元 as a scale, “A、B均达到N”, 32所…和55个…,
“N年内”, “本意见印发之日起30日内”, and the unit clauses of national documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zygj.drafting import draft_plan
from zygj.drafting.roles import parse_clause
from zygj.drafting.targets import draft_targets


def keys(text: str, end_year: int | None = 2023, date: str | None = None) -> list[tuple[Any, ...]]:
    targets, _notes = draft_targets(1, text, end_year, date)
    return [
        (
            t["op"],
            t.get("value", (t.get("min"), t.get("max"))),
            t.get("unit_of_measure"),
            t.get("deadline"),
        )
        for t in targets
    ]


def test_counts_after_a_verb_of_doing_are_targets_without_a_year() -> None:
    assert keys("推进学前教育优质普惠发展,新改扩建公办幼儿园45所、新增学位1.2万个。") == [
        ("ge", 45, "所", "2023-12-31"),
        ("ge", 12000, "个", "2023-12-31"),
    ]
    assert keys("改造提升老旧小区15个，惠及居民2836户。建设城乡公交候车亭40座。") == [
        ("ge", 15, "个", "2023-12-31"),
        ("ge", 2836, "户", "2023-12-31"),
        ("ge", 40, "座", "2023-12-31"),
    ]


def test_a_second_figure_after_he_is_a_second_target() -> None:
    assert keys("启动实施“双优计划”,立项建设32所市级优秀中等职业学校和55个市级优质专业。") == [
        ("ge", 32, "所", "2023-12-31"),
        ("ge", 55, "个", "2023-12-31"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "打造一支懂农业、爱农村、爱农民的一线农机人才队伍。",  # 一支: an article
        "组织失业青年参加3—12个月的就业见习。",  # 个月: a length of time
        "优先支持其行政区域内1家符合条件的国家自主创新示范区扩区。",  # no verb of doing
        "对新建的基地，按规定给予每人1000元补贴。",  # a subsidy
    ],
)
def test_numbers_that_are_no_count_stay_out(text: str) -> None:
    assert keys(text) == []


def test_a_scale_in_yuan_is_a_target_but_a_subsidy_is_not() -> None:
    assert keys("到2025年，体育竞赛表演产业总规模达到2万亿元。", None)[0] == (
        "ge",
        2_000_000_000_000,
        "元",
        "2025-12-31",
    )


def test_jun_splits_a_listed_pair_into_two_targets() -> None:
    targets, notes = draft_targets(2, "到2025年，马铃薯种植、收获机械化率均达到45%。", None)
    assert [(t["id"], t["quote"], t["value"]) for t in targets] == [
        ("2.1", ["马铃薯种植", "均达到45%"], 45),
        ("2.2", ["收获机械化率均达到45%"], 45),
    ]
    assert [n.message for n in notes] == [
        "“马铃薯种植、收获机械化率均…”拆为2个目标（2.1—2.2），请核对 title"
    ]


def test_a_growth_rate_is_a_growth_target_with_a_review_note() -> None:
    targets, notes = draft_targets(1, "全区地区生产总值增长6%左右，一般公共预算收入增长5%。", 2024)
    assert [(t["op"], t["value"], t["unit_of_measure"]) for t in targets] == [
        ("growth", 6, "%"),
        ("growth", 5, "%"),
    ]
    assert [(n.kind, n.message) for n in notes] == [
        (
            "growth",
            "“全区地区生产总值增长6%左右”是同比增长率，记为增长目标（op: growth），按全年数判定；"
            "“左右”允许低多少请写 band（如 band: 0.5），不写按 6% 判定",
        ),
        (
            "growth",
            "“一般公共预算收入增长5%”是同比增长率，记为增长目标（op: growth），按全年数判定",
        ),
    ]


def test_a_fall_stays_a_value_to_reach_with_a_review_note() -> None:
    targets, notes = draft_targets(1, "单位地区生产总值能耗降低3%。", 2024)
    assert [(t["op"], t["value"]) for t in targets] == [("ge", 3)]
    assert [(n.kind, n.message) for n in notes] == [
        (
            "growth",
            "“单位地区生产总值能耗降低3%”是增减幅度，暂按要达到的值记为 ge：下降、降低的幅度请核对后改写",
        ),
    ]


def test_about_ten_thousand_is_approx_10000() -> None:
    assert keys("为全县60周岁以上老年人免费健康体检1万名左右。") == [
        ("approx", 10000, "名", "2023-12-31")
    ]


def test_within_n_years_dates_the_target() -> None:
    assert keys("三年内培训养老护理人员3000人次。", 2016, "2012-03-05") == [
        ("ge", 3000, "人次", "2014-12-31")
    ]
    assert keys("2012年起5年内，每千名老年人拥有养老床位30张以上。", 2016) == [
        ("ge", 30, "张", "2016-12-31")
    ]


@pytest.mark.parametrize(
    ("clause", "lead", "responsible", "units_open"),
    [
        (
            "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同",
            ["税务总局"],
            ["财政部", "海关总署"],
            False,
        ),
        ("国家发展改革委、财政部会同有关部门负责", ["国家发展改革委", "财政部"], [], True),
        ("人力资源社会保障部等有关部门和单位负责", ["人力资源社会保障部"], [], True),
        (
            "人力资源社会保障部、科技部，各省级人民政府按职责分工负责",
            ["人力资源社会保障部"],
            ["科技部", "各省级人民政府"],
            False,
        ),
        ("各有关部门和单位，各省级人民政府按职责分工负责", [], ["各省级人民政府"], False),
        (
            "商务部、农业农村部等和各有关省级人民政府负责",
            ["商务部"],
            ["农业农村部", "各有关省级人民政府"],
            True,
        ),
    ],
)
def test_role_clauses_of_national_documents(
    clause: str, lead: list[str], responsible: list[str], units_open: bool
) -> None:
    roles = parse_clause(clause, True)
    assert roles is not None
    assert (roles.lead, roles.responsible, roles.units_open) == (lead, responsible, units_open)


def test_a_clause_naming_only_everyone_is_no_unit() -> None:
    roles = parse_clause("各有关部门和单位按职责分工负责", True)
    assert roles is not None and roles.vague and roles.all_units() == []
    assert roles.addressed == ["各有关部门和单位"]


NOTICE = """国务院关于某项工作的若干意见
国发〔2018〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
一、落实责任
（一）明确部门责任。建立工作机制，统筹推进。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）
（二）落实地方政府主体责任。各省、自治区、直辖市人民政府要在本意见印发之日起30日内，制定出台具体实施办法。（各省级人民政府负责）
（三）加强宣传。开展宣传活动。（体育总局负责）（市场监管总局、教育部负责）
各地区、各有关部门要充分认识这项工作的重要意义。
各有关部门于2018年12月31日前报送实施办法。
国务院
2018年11月16日
"""


def test_a_notice_end_to_end(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    draft = draft_plan(source)
    measures = draft.measures["measures"]
    assert [
        (m["no"], m.get("lead"), m.get("responsible"), m.get("deadline")) for m in measures
    ] == [
        (1, ["人力资源社会保障部"], ["财政部"], None),
        (2, ["各省级人民政府"], None, "2018年12月16日前"),
        (3, ["市场监管总局"], ["教育部", "体育总局"], None),
    ]
    # The closing prose is not glued into the last item.
    assert measures[2]["text"] == "加强宣传。开展宣传活动。（体育总局负责）"
    messages = [r.message for r in draft.review]
    assert (
        "第2项“印发之日起30日内”按成文日期 2018-11-16 起算，完成时限记为 2018年12月16日前：请按印发日期核对"
        in messages
    )
    assert [r.message for r in draft.review if r.kind == "closing"] == [
        "未编号的段落不属于上一项，未转录：“各地区、各有关部门要充分认识这项工作的重要意义。”",
        "未编号的段落不属于上一项，未转录：“各有关部门于2018年12月31日前报送实施办法。”",
    ]
    assert draft.validates
