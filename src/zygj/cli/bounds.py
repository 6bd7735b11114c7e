"""Bounds of the numeric and date options, checked before any work.

A year or a date far outside any plan (``--year 0``, ``--as-of 9999-12-31``)
would overflow the date arithmetic of the rules; a number of days beyond a
century means "every target" anyway. Each is answered with a usage error (exit
2) that names the option and the range, never an internal error.
"""

from __future__ import annotations

import datetime as dt

from zygj.core.diagnostics import UsageError

#: Years a plan's dates may fall in: far wider than any plan, far inside what dates can hold.
MIN_YEAR = 1900
MAX_YEAR = 2200
#: A hundred years: any longer window means every target.
MAX_DAYS = 36500


def check_year(year: int, option: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(f"{option} 应为 {MIN_YEAR} 到 {MAX_YEAR} 之间的年份，实际为 {year}")
    return year


def check_day(day: dt.date, option: str) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError(
            f"{option} 应在 {MIN_YEAR}-01-01 到 {MAX_YEAR}-12-31 之间，实际为 {day.isoformat()}"
        )
    return day


def check_days(days: int, option: str) -> int:
    if not 0 <= days <= MAX_DAYS:
        raise UsageError(f"{option} 应为 0 到 {MAX_DAYS} 之间的天数，实际为 {days}")
    return days
