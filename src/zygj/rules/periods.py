"""The calendar of judging: reporting periods, the year-end backfill window, the 考评 day. Pure.

* Reporting periods are the scheme's ``form_period`` (a quarter unless targets.yaml's
  ``scoring:`` says ``month`` or ``year``): Q1 is 1 January – 31 March, and so on.
* A year Y's backfill window runs from 1 January to ``year_end.backfill_until`` of
  Y + 1 (default 01-31): a record marked 年度 Y dated in it reports the state at Y's
  31 December (:func:`backfill_end`).
* Y's 考评 is taken on ``year_end.assess_on`` of Y + 1, default the window's last day
  (:func:`assessment_date`); on a day D the year being assessed is the one whose
  assessment is still pending or taken that day (:func:`assessed_year`).
"""

from __future__ import annotations

import datetime as dt

from zygj.core.models import Scoring, month_day
from zygj.core.plan import Plan, report_due_date

_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def backfill_end(plan: Plan, year: int) -> dt.date:
    """The last day a figure for ``year`` (marked 年度) still counts as reached by its 31 December."""
    month, day = month_day(plan.targets_file.year_end.backfill_until)
    return dt.date(year + 1, month, day)


def assessment_date(plan: Plan, year: int) -> dt.date:
    """The day ``year``'s 考评 is taken: ``year_end.assess_on`` of the next year, else the
    backfill window's last day."""
    written = plan.targets_file.year_end.assess_on
    if written is None:
        return backfill_end(plan, year)
    month, day = month_day(written)
    return dt.date(year + 1, month, day)


def assessed_year(plan: Plan, as_of: dt.date) -> int:
    """The year a 考评 on ``as_of`` assesses: the year Y with
    assessment_date(Y − 1) < as_of ≤ assessment_date(Y).

    So with the default window, 2021-01-15 and 2021-01-31 assess 2020 (its backfills are
    still coming in), 2021-02-01 assesses 2021.
    """
    year = as_of.year - 1
    return year if as_of <= assessment_date(plan, year) else as_of.year


def plan_years(plan: Plan) -> range:
    """The calendar years the plan period touches."""
    period = plan.measures_file.period
    return range(period.start.year, period.end.year + 1)


def report_period(plan: Plan) -> str:
    """How often units report: the scheme's ``form_period`` (quarter by default)."""
    scheme = plan.targets_file.scoring or Scoring()
    return scheme.form_period


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The reporting period (first day, last day) that contains ``day``."""
    months = _MONTHS[kind]
    first = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first, 1)
    last = first + months - 1
    end = dt.date(day.year + (last == 12), 1 if last == 12 else last + 1, 1) - dt.timedelta(days=1)
    return start, end


def first_report_due(plan: Plan, window_start: dt.date) -> dt.date:
    """The end of the first full reporting period in a window starting on ``window_start``:
    the first day a target can be behind for lack of a report.

    A window that starts mid-period (a plan issued 24 December) gets the next period whole.
    """
    start, end = period_of(report_period(plan), window_start)
    if start == window_start:
        return end
    return period_of(report_period(plan), end + dt.timedelta(days=1))[1]


def stated_due(plan: Plan, day: dt.date) -> dt.date | None:
    """The 报送时限 the plan states (``document.report_due``) for the reporting period that
    holds ``day``; None when the plan states none."""
    return report_due_date(plan, period_of(report_period(plan), day)[1])
