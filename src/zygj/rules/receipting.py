"""签收 at ``collect``: which units' forms came in for which periods, first time only. Pure.

A form reports on the periods its records' dates fall in (the scheme's ``form_period``):
records dated 2020-06-30 are the second quarter's. Each unit and period gets one
receipt, the first time a form of that unit with a record in that period is collected;
collecting the same form again (or a 补报 form later) adds none, so the first day stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from zygj.core.progress import Record
from zygj.core.receipts import Receipt, period_end_of


def receipts_to_add(
    form_period: str, read: Sequence[Record], existing: Sequence[Receipt], received: dt.date
) -> list[Receipt]:
    """The receipts for units and periods in ``read`` (the forms' records) that ``existing``
    does not already have, dated ``received``, in the order the forms were read."""
    known = {(r.unit, r.period_end) for r in existing}
    added: list[Receipt] = []
    for record in read:
        key = (record.unit, period_end_of(form_period, record.date))
        if key not in known:
            known.add(key)
            added.append(Receipt(received, record.unit, key[1], record.path))
    return added
