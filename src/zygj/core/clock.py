"""Today, as the plan's calendar counts it: Beijing time, wherever zygj runs."""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has had no DST since 1991


def today() -> dt.date:
    """Today in Beijing: deadlines and record dates are Chinese calendar days."""
    return dt.datetime.now(CHINA).date()
