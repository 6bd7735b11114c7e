"""报送及时率: for each reporting period, whether each unit's form came in on time. Pure.

The rule (docs/cycle.md, 签收与报送及时率):

* the periods judged are the reporting periods (the scheme's ``form_period``, a quarter
  by default) from the first one the receipts file has a line for, up to the last one
  ended by the as-of date (``within``: only those of one year, for the 考评);
* a period's report is due on the plan's 报送时限 (``document.report_due``,
  :func:`zygj.core.plan.report_due_date`); a plan that states none: the 10th day after
  the period ends (``DEFAULT_DUE_DAYS``);
* the units judged in a period are those asked to report in it (who owes what,
  :mod:`zygj.rules.obligations`), and any unit whose form came in for it;
* a unit's period is **按时** (``on_time``) when its first receipt for the period is on
  or before the due day, **迟报** (``late``) when after it; with no receipt but a record
  dated in the period (a figure entered with ``progress add``, or before 签收 began)
  it counts as 按时 by the record's own date (``basis: "record"``, marked so in every
  output); with neither it is **未报** (``missing``) once the due day has passed, and
  **未到期** (``pending``) before — not counted;
* 报送及时率 = 按时 ÷ (按时 + 迟报 + 未报); none when nothing is counted.

Without a receipts file nothing is judged (:func:`timeliness` is not called): a record's
date is the day its figure is for, not the day it came in, so arrival is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from zygj.core.plan import Plan, report_due_date, report_due_description
from zygj.core.progress import Record
from zygj.core.receipts import Receipt
from zygj.rules.obligations import obligations
from zygj.rules.periods import period_of, report_period

#: A plan without a 报送时限: a period's report is due this many days after it ends.
DEFAULT_DUE_DAYS = 10

State = Literal["on_time", "late", "missing", "pending"]
STATE_WORDS: dict[str, str] = {
    "on_time": "按时",
    "late": "迟报",
    "missing": "未报",
    "pending": "未到期",
}
_PERIOD_WORDS = {"month": "月", "quarter": "季度", "year": "年"}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def label(self) -> str:
        """2020年第2季度, 2020年6月, 2020年."""
        months = (self.end.month - self.start.month) + 1
        if months == 3:
            return f"{self.end.year}年第{self.end.month // 3}季度"
        if months == 1:
            return f"{self.end.year}年{self.end.month}月"
        return f"{self.end.year}年"


@dataclass(frozen=True)
class Mark:
    """One unit's report on one period."""

    unit: str
    period: Period
    state: State
    received: dt.date | None  # the first receipt's day (None: no receipt)
    form: str | None  # the form it came in with
    basis: Literal["receipt", "record", "none"]  # what the state is judged by

    @property
    def word(self) -> str:
        """按时, 迟报, 未报, 未到期; 按时* when judged by a record's date, not a receipt."""
        return STATE_WORDS[self.state] + ("*" if self.basis == "record" else "")


@dataclass(frozen=True)
class UnitTimeliness:
    unit: str
    marks: tuple[Mark, ...]  # one per period judged, in period order

    def count(self, state: str) -> int:
        return sum(1 for m in self.marks if m.state == state)

    @property
    def rate(self) -> float | None:
        """按时 ÷ (按时 + 迟报 + 未报); None when nothing is counted."""
        counted = self.count("on_time") + self.count("late") + self.count("missing")
        return self.count("on_time") / counted if counted else None


@dataclass(frozen=True)
class Timeliness:
    periods: tuple[Period, ...]
    units: tuple[UnitTimeliness, ...]  # units.yaml order
    due_rule: str  # how the due day was set, in words
    files: tuple[str, ...]  # the receipts files read

    @property
    def by_record(self) -> bool:
        """Some period is judged by a record's date (the * footnote applies)."""
        return any(m.basis == "record" for u in self.units for m in u.marks)


def due_day(plan: Plan, period_end: dt.date) -> dt.date:
    stated = report_due_date(plan, period_end)
    return stated if stated is not None else period_end + dt.timedelta(days=DEFAULT_DUE_DAYS)


def due_rule(plan: Plan) -> str:
    rule = plan.report_due
    if rule is not None:
        return (
            f"报送时限：{plan.measures_file.document.report_due}（{report_due_description(rule)}）"
        )
    word = _PERIOD_WORDS[report_period(plan)]
    return f"方案未写报送时限，按每个{word}结束后第 {DEFAULT_DUE_DAYS} 天计"


def periods_judged(
    plan: Plan, receipts: Sequence[Receipt], as_of: dt.date, within: int | None = None
) -> list[Period]:
    """From the first period with a receipt to the last ended by ``as_of`` (of ``within`` only)."""
    if not receipts:
        return []
    kind = report_period(plan)
    start, end = period_of(kind, min(r.period_end for r in receipts))
    found: list[Period] = []
    while end <= as_of:
        if within is None or end.year == within:
            found.append(Period(start, end, due_day(plan, end)))
        start, end = period_of(kind, end + dt.timedelta(days=1))
    return found


def timeliness(
    plan: Plan,
    records: Sequence[Record],
    receipts: Sequence[Receipt],
    as_of: dt.date,
    files: Sequence[str] = (),
    within: int | None = None,
) -> Timeliness:
    """Every unit's 按时 / 迟报 / 未报 / 未到期 in each period judged (the rules above)."""
    first: dict[tuple[str, dt.date], Receipt] = {}
    for receipt in sorted(receipts, key=lambda r: (r.received, r.line)):
        first.setdefault((receipt.unit, receipt.period_end), receipt)
    periods = periods_judged(plan, receipts, as_of, within)
    marks: dict[str, list[Mark]] = {}
    for period in periods:
        owed = obligations(plan, records, period.end, period.start - dt.timedelta(days=1))
        reported = {o.unit for o in owed.items if o.reported}
        signed = [u for (u, end) in first if end == period.end]
        for unit in [*owed.units, *(u for u in signed if u not in owed.units)]:
            marks.setdefault(unit, []).append(
                _mark(unit, period, first.get((unit, period.end)), unit in reported, as_of)
            )
    order = {u.name: i for i, u in enumerate(plan.units_file.units)}
    units = sorted(marks, key=lambda u: (order.get(u, len(order)), u))
    return Timeliness(
        tuple(periods),
        tuple(UnitTimeliness(u, tuple(marks[u])) for u in units),
        due_rule(plan),
        tuple(files),
    )


def _mark(
    unit: str, period: Period, receipt: Receipt | None, reported: bool, as_of: dt.date
) -> Mark:
    if receipt is not None:
        state: State = "on_time" if receipt.received <= period.due else "late"
        return Mark(unit, period, state, receipt.received, receipt.form, "receipt")
    if reported:
        return Mark(unit, period, "on_time", None, None, "record")
    return Mark(unit, period, "missing" if as_of > period.due else "pending", None, None, "none")


def timeliness_beside(
    plan: Plan,
    progress: Sequence[Path] | Path | None,
    records: Sequence[Record],
    as_of: dt.date,
    within: int | None = None,
) -> Timeliness | None:
    """The 报送及时率 from the receipts files beside the progress files read (None: none has one)."""
    from zygj.load.ledger import default_progress_paths
    from zygj.load.receipts import receipts_beside

    options = [progress] if isinstance(progress, Path) else progress
    found = receipts_beside(plan, default_progress_paths(options))
    if found is None:
        return None
    receipts, files = found
    return timeliness(plan, records, receipts, as_of, files, within)


def receipts_of(plan: Plan, progress: Sequence[Path] | Path | None) -> list[Receipt]:
    """The receipts beside the progress files read (none when no file has one)."""
    from zygj.load.ledger import default_progress_paths
    from zygj.load.receipts import receipts_beside

    options = [progress] if isinstance(progress, Path) else progress
    found = receipts_beside(plan, default_progress_paths(options))
    return found[0] if found is not None else []
