"""core/deadlines: the one grammar of 完成时限, read against a plan period."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from zygj.core.deadlines import EXAMPLES, RECOGNISED, Deadline, parse_deadline

START, END = dt.date(2021, 3, 15), dt.date(2023, 12, 31)


def parse(text: str, start: dt.date = START, end: dt.date = END) -> Deadline:
    return parse_deadline(text, start, end)


def day(iso: str) -> Deadline:
    return Deadline("date", dt.date.fromisoformat(iso))


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("2023年6月底前", day("2023-06-30")),
        ("2023年6月底", day("2023-06-30")),
        ("2023年6月末", day("2023-06-30")),
        ("2023年6月前", day("2023-06-30")),
        ("2023年6月之前", day("2023-06-30")),
        ("2023年6月底以前", day("2023-06-30")),
        ("2023年6月底之前", day("2023-06-30")),
        ("2023年6月", day("2023-06-30")),
        ("2024年2月底前", day("2024-02-29")),
        ("2023年2月底前", day("2023-02-28")),
        ("2023年6月30日前", day("2023-06-30")),
        ("2023年6月15日之前", day("2023-06-15")),
        ("2023年底前", day("2023-12-31")),
        ("2023年年底前", day("2023-12-31")),
        ("2023年末", day("2023-12-31")),
        ("2023年底之前", day("2023-12-31")),
        ("2023年上半年", day("2023-06-30")),
        ("2023年下半年", day("2023-12-31")),
        ("2023年上半年前", day("2023-06-30")),
        ("2023年第一季度", day("2023-03-31")),
        ("2023年第三季度", day("2023-09-30")),
        ("2023年第3季度末", day("2023-09-30")),
        ("2023年三季度", day("2023-09-30")),
        ("2023年第四季度前", day("2023-12-31")),
        # No year: the first such month end in the plan period (it starts on 15 March 2021).
        ("6月底前", day("2021-06-30")),
        ("3月底前", day("2021-03-31")),
        ("2月底前", day("2022-02-28")),
        ("12月之前", day("2021-12-31")),
        # As typed: full-width digits, spaces and a closing mark are ignored.
        ("２０２３年２月底前", day("2023-02-28")),
        (" 2023 年 6 月底前。", day("2023-06-30")),
        # No year, like 12月底前 / 6月底前 (issue 20: a county's one-year 民生实事 table).
        ("年底前", day("2021-12-31")),
        ("年内", day("2021-12-31")),
        ("年末之前", day("2021-12-31")),
        ("上半年", day("2021-06-30")),
        ("下半年", day("2021-12-31")),
        # The verb a 完成时限 column adds.
        ("2023年6月底前完成", day("2023-06-30")),
        ("9月底前建成", day("2021-09-30")),
        ("2022年底前完工", day("2022-12-31")),
        ("2023年上半年完成", day("2023-06-30")),
        ("长期坚持", Deadline("ongoing")),
        ("长期", Deadline("ongoing")),
        ("持续推进", Deadline("ongoing")),
        ("持续开展", Deadline("ongoing")),
        ("常态化推进", Deadline("ongoing")),
        ("常态化开展；", Deadline("ongoing")),
        ("每年", Deadline("recurring")),
        ("每年召开一次推进会", Deadline("recurring")),
        ("每半年报送一次进展", Deadline("recurring")),
        ("每季度通报一次", Deadline("recurring")),
        ("每月调度", Deadline("recurring")),
    ],
)
def test_recognised(text: str, deadline: Deadline) -> None:
    assert parse(text) == deadline


def test_every_example_in_the_message_is_recognised() -> None:
    for example in EXAMPLES:
        written = re.sub(r"（.*）", "", example).replace("……", "报送")
        assert parse(written).kind in ("date", "ongoing", "recurring"), example


@pytest.mark.parametrize(
    "text",
    [
        "明年",
        "尽快",
        "",
        "2023",
        "2023年6月底前完成，长期坚持",
        "2023—2025年",
        "月底前",
        "6月中旬",
        "2023年第五季度",
        "二〇二三年底前",
        "长期坚持推进",
        "持续",
        "半年",
        "2023年6月30号前",
        "完成",
        "长期完成",
    ],
)
def test_unrecognised(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse(text)
    assert str(caught.value) == f"不认识的完成时限“{text}”（可写 {RECOGNISED}）"


def test_the_message_lists_the_forms() -> None:
    assert RECOGNISED == (
        "2023年6月底前、2023年6月30日前、2023年底前、2023年上半年、2023年第三季度、"
        "6月底前（年份取方案期）、长期坚持、长期、持续推进、持续开展、常态化推进、常态化开展、"
        "每年……、每半年……、每季度……、每月……"
    )


@pytest.mark.parametrize(
    "text",
    [
        "2023年13月底前",
        "2023年0月",
        "2023年2月30日前",
        "2023年6月31日",
        "0000年6月底前",
        "13月底前",
    ],
)
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse(text)
    assert str(caught.value) == f"完成时限“{text}”不是有效的日期"


def test_a_month_the_plan_period_does_not_reach() -> None:
    with pytest.raises(ValueError) as caught:
        parse("2月底前", dt.date(2023, 3, 1), dt.date(2023, 12, 31))
    assert str(caught.value) == "方案期（2023-03-01 至 2023-12-31）内没有“2月底前”"


def test_a_month_end_on_the_last_day_of_the_period_is_in_it() -> None:
    assert parse("6月底前", dt.date(2023, 1, 1), dt.date(2023, 6, 30)) == day("2023-06-30")
