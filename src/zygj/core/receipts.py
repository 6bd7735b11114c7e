"""签收: when a unit's form for a reporting period first came in. No I/O here.

The receipts file (:mod:`zygj.load.receipts`) sits beside the ledger; ``collect``
appends one line the first time a unit's form for a period is collected.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Receipt(NamedTuple):
    """One unit's form for one period, as first signed for."""

    received: dt.date
    unit: str
    period_end: dt.date  # the last day of the reporting period the form reports on
    form: str  # the form's file as shown when collected
    path: str = ""  # the receipts file, for messages
    line: int = 0

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def period_end_of(kind: str, day: dt.date) -> dt.date:
    """The last day of the reporting period (``month``, ``quarter`` or ``year``) holding ``day``
    (as :func:`zygj.rules.periods.period_of`, which the file readers below rules cannot import)."""
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    last = ((day.month - 1) // months + 1) * months
    return dt.date(day.year + (last == 12), 1 if last == 12 else last + 1, 1) - dt.timedelta(days=1)
