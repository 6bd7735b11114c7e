"""A year judged after its deadline: the backfill window decides 按时 or 逾期完成."""

from __future__ import annotations

import datetime as dt

from tests.unit.rules.helpers_judging import bundled, judged, rec, with_settings
from zygj.core.models import YearEnd

PLAN = bundled()


def test_a_year_end_figure_sent_on_the_windows_last_day_is_met_on_31_december() -> None:
    records = [rec("17.1", "2021-01-31", value=2000, year=2020)]
    result = judged(PLAN, "17.1@2020", records, "2021-01-31")
    assert result.status == "done" and result.met_on == dt.date(2020, 12, 31)


def test_a_year_end_figure_sent_the_day_after_the_window_is_met_late() -> None:
    records = [rec("17.1", "2021-02-01", value=2000, year=2020)]
    result = judged(PLAN, "17.1@2020", records, "2021-02-01")
    assert result.status == "done_late" and result.met_on == dt.date(2021, 2, 1)


def test_a_contest_held_eleven_months_late_is_done_late_not_on_time() -> None:
    records = [rec("21.2", "2020-11-30", value=1, year=2019)]
    result = judged(PLAN, "21.2@2019", records, "2020-12-31")
    assert result.status == "done_late" and result.light == "yellow"


def test_a_longer_window_is_the_plans_setting() -> None:
    plan = with_settings(PLAN, year_end=YearEnd(backfill_until="02-15"))
    records = [rec("17.1", "2021-02-15", value=2000, year=2020)]
    assert judged(plan, "17.1@2020", records, "2021-03-01").status == "done"
    assert judged(PLAN, "17.1@2020", records, "2021-03-01").status == "done_late"


def test_a_january_record_without_its_year_counts_for_the_new_year() -> None:
    records = [rec("17.1", "2021-01-10", value=2000)]
    assert judged(PLAN, "17.1@2020", records, "2021-01-31").status == "overdue"


def test_the_backfill_is_not_seen_before_it_is_sent() -> None:
    records = [rec("17.1", "2021-01-20", value=2000, year=2020)]
    assert judged(PLAN, "17.1@2020", records, "2021-01-19").status == "overdue"
    assert judged(PLAN, "17.1@2020", records, "2021-01-20").status == "done"


def test_at_exactly_twenty_of_more_than_twenty_the_target_is_overdue_after_its_deadline() -> None:
    records = [rec("22.1", "2020-12-31", value=20)]
    assert judged(PLAN, "22.1", records, "2020-12-31").status == "in_progress"
    assert judged(PLAN, "22.1", records, "2021-01-31").status == "overdue"
