"""The calendar of judging: backfill window, assessment date, the year assessed, first report due."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.rules.helpers_judging import bundled, with_settings
from zygj.core.models import Scoring, YearEnd, month_day
from zygj.rules.periods import (
    assessed_year,
    assessment_date,
    backfill_end,
    first_report_due,
    period_of,
)

PLAN = bundled()


def test_the_backfill_window_ends_on_31_january_by_default() -> None:
    assert backfill_end(PLAN, 2020) == dt.date(2021, 1, 31)
    assert assessment_date(PLAN, 2020) == dt.date(2021, 1, 31)


def test_the_window_and_the_assessment_day_are_plan_settings() -> None:
    plan = with_settings(PLAN, year_end=YearEnd(backfill_until="02-15", assess_on="03-01"))
    assert backfill_end(plan, 2019) == dt.date(2020, 2, 15)
    assert assessment_date(plan, 2019) == dt.date(2020, 3, 1)


def test_a_day_assesses_the_year_whose_assessment_is_pending_or_taken_that_day() -> None:
    assert assessed_year(PLAN, dt.date(2021, 1, 15)) == 2020  # backfills still coming in
    assert assessed_year(PLAN, dt.date(2021, 1, 31)) == 2020  # the assessment day itself
    assert assessed_year(PLAN, dt.date(2021, 2, 1)) == 2021
    assert assessed_year(PLAN, dt.date(2020, 12, 31)) == 2020
    assert assessed_year(PLAN, dt.date(2020, 6, 30)) == 2020


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1-31", "应写成 月-日（MM-DD），如 01-31，实际为“1-31”"),
        ("02-29", "“02-29”不是有效的日期（2 月 29 日不是每年都有）"),
        ("13-01", "“13-01”不是有效的日期（2 月 29 日不是每年都有）"),
    ],
)
def test_a_month_day_is_checked(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        month_day(text)
    assert str(caught.value) == message


def test_the_first_report_is_due_at_the_end_of_the_first_full_period() -> None:
    # The plan was issued on 24 December 2018: 2019 Q1 is its first whole quarter.
    assert first_report_due(PLAN, dt.date(2018, 12, 24)) == dt.date(2019, 3, 31)
    assert first_report_due(PLAN, dt.date(2020, 1, 1)) == dt.date(2020, 3, 31)
    monthly = with_settings(PLAN, scoring=Scoring(form_period="month"))
    assert first_report_due(monthly, dt.date(2020, 1, 1)) == dt.date(2020, 1, 31)
    assert first_report_due(monthly, dt.date(2020, 1, 2)) == dt.date(2020, 2, 29)


def test_periods_are_calendar_quarters() -> None:
    assert period_of("quarter", dt.date(2020, 12, 31)) == (
        dt.date(2020, 10, 1),
        dt.date(2020, 12, 31),
    )
    assert period_of("year", dt.date(2020, 5, 5)) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
