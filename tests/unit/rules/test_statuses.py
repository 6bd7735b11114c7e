"""Statuses that mean what the office means: 力争, 序时进度, 临近截止, the first period."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.unit.rules.helpers_judging import CULTURE_LEAD, bundled, judged, rec, with_settings
from zygj.core.models import Lights, Scoring
from zygj.rules.assessment import credit_share
from zygj.rules.completion import pace_of

PLAN = bundled()


def target(target_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in PLAN.targets if t.id == target_id)


def test_an_unmet_soft_target_after_its_deadline_is_soft_missed() -> None:
    records = [rec("8.3", "2020-06-30", value=0)]
    assert judged(PLAN, "8.3", records, "2020-12-31").status == "in_progress"
    missed = judged(PLAN, "8.3", records, "2021-01-01")
    assert missed.status == "soft_missed" and missed.light == "yellow" and not missed.behind
    # A firm target in the same state is 逾期, red.
    assert (
        judged(PLAN, "8.2", [rec("8.2", "2020-06-30", value=0)], "2021-01-01").status == "overdue"
    )


def test_a_soft_target_met_late_is_done_late() -> None:
    records = [rec("8.3", "2021-03-01", value=1)]
    assert judged(PLAN, "8.3", records, "2021-03-01").status == "done_late"


def test_soft_missed_earns_its_own_share_of_the_weight() -> None:
    missed = judged(PLAN, "4.2", [], "2021-01-01")
    assert missed.status == "soft_missed"
    assert credit_share(Scoring(), missed) == 0.6
    assert credit_share(Scoring(soft_missed=0.3), missed) == 0.3


def test_pace_defaults_follow_the_kind_of_target() -> None:
    assert pace_of(target("14.1")) == "linear"  # a cumulative count
    assert pace_of(target("7.4")) == "none"  # a yearly level (年招生规模)
    assert pace_of(target("11.2")) == "none"  # a qualitative task
    assert pace_of(target("21.2")) == "none"  # 每年举办一届: declared in the plan


def test_a_once_a_year_contest_is_not_behind_in_march() -> None:
    records = [rec("21.2", "2020-03-31", value=0)]
    result = judged(PLAN, "21.2@2020", records, "2020-04-01")
    assert result.status == "in_progress" and not result.behind and result.light == "green"
    # A cumulative count in the same state is behind the calendar (a quarter gone: lag 0.25).
    counted = judged(PLAN, "17.1@2020", [rec("17.1", "2020-03-31", value=0)], "2020-04-01")
    assert counted.behind and counted.light == "red"


def test_a_qualitative_task_in_progress_turns_yellow_within_the_due_soon_days() -> None:
    records = [rec("11.2", "2020-06-30", CULTURE_LEAD, status="in_progress")]
    assert judged(PLAN, "11.2", records, "2020-11-30").light == "green"  # 31 days before
    near = judged(PLAN, "11.2", records, "2020-12-01")  # 30 days before
    assert near.light == "yellow" and not near.behind
    shorter = with_settings(PLAN, lights=Lights(due_soon_days=10))
    assert judged(shorter, "11.2", records, "2020-12-20").light == "green"  # 11 days before
    assert judged(shorter, "11.2", records, "2020-12-21").light == "yellow"  # 10 days before


def test_a_target_with_no_record_is_not_behind_before_its_first_report_is_due() -> None:
    last = judged(PLAN, "17.1@2020", [], "2020-03-31")
    assert last.status == "not_started" and not last.behind and last.light == "green"
    after = judged(PLAN, "17.1@2020", [], "2020-04-01")
    assert after.behind and after.light == "red"
    # A qualitative task not started after its first quarter: behind, yellow; red near its deadline.
    task = judged(PLAN, "11.2", [], "2020-06-30")
    assert task.behind and task.light == "yellow"
    assert judged(PLAN, "11.2", [], "2020-12-01").light == "red"


def test_elapsed_is_still_the_calendar_share() -> None:
    result = judged(PLAN, "21.2@2020", [], "2020-07-01")
    assert (
        result.pace == "none"
        and result.elapsed == (dt.date(2020, 7, 1) - dt.date(2020, 1, 1)).days / 365
    )


def test_a_qualitative_target_cannot_be_held_to_a_linear_pace() -> None:
    with pytest.raises(ValueError) as caught:
        dataclasses.replace(target("11.2"), pace="linear")
    assert (
        str(caught.value)
        == "定性目标没有数字，不能按序时进度（pace: linear）比较，请写 pace: none 或不写"
    )
