"""留痕: one target's whole trail, and each target's figure over time. Pure.

A trail is a list of typed events in date order: every record on the target
(:class:`RecordEvent`, with the file and line it stands in), each 签收 of a form
that brought one (:class:`ReceiptEvent`, when a receipts file is kept), each 核查
decision of the office (:class:`DecisionEvent`: 销号 or 退回 with its reason, when a
verification file is kept), and each change of the target's status
(:class:`StatusEvent`: the target evaluated — 核查 and 佐证 applied as the 通报 applies
them — as of every day a record or a decision is dated, the day after its deadline and
the as-of day, a change of status, of 滞后 or of 核查 state recorded). A record's
佐证材料 travel with it (``Record.evidence``). A new kind of event is one more class with
``kind``, ``date``, ``instance`` and ``unit`` and a line in :func:`trail`; the renderers
show any event by those fields and its ``detail``.

Same day, the records come first, then the decisions on them, then the status they
lead to, then the receipts (a form is signed for after the day its figures are for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from zygj.core.diagnostics import UsageError
from zygj.core.models import Target
from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.core.receipts import Receipt, period_end_of
from zygj.core.verification import Decision
from zygj.rules.completion import (
    Instance,
    Result,
    evaluate,
    evaluate_all,
    expand_instances,
    group_records,
    instance_records,
    pace_of,
    summarize,
)
from zygj.rules.periods import period_of, report_period
from zygj.rules.reporters import reporters_of
from zygj.rules.verification import reviewed


@dataclass(frozen=True)
class RecordEvent:
    """A unit's record on the target: its figure or status as of ``date``."""

    date: dt.date
    instance: Instance
    unit: str
    record: Record
    kind: Literal["record"] = "record"
    order: int = 0  # same day: records first


@dataclass(frozen=True)
class DecisionEvent:
    """The office's 核查 decision on a unit's report: 销号 (accept) or 退回 (return) with a reason."""

    date: dt.date
    instance: Instance
    unit: str
    decision: Decision
    kind: Literal["decision"] = "decision"
    order: int = 1  # after the day's records, before the status they lead to


@dataclass(frozen=True)
class StatusEvent:
    """The target's status changed on ``date`` (``before`` None: the first state on record)."""

    date: dt.date
    instance: Instance
    before: Result | None
    after: Result
    unit: str | None = None  # the target's, not one unit's
    kind: Literal["status"] = "status"
    order: int = 2


@dataclass(frozen=True)
class ReceiptEvent:
    """A unit's form for a period, with records on the target, signed for on ``date``."""

    date: dt.date
    instance: Instance
    unit: str
    receipt: Receipt
    kind: Literal["receipt"] = "receipt"
    order: int = 3


Event = RecordEvent | DecisionEvent | StatusEvent | ReceiptEvent


@dataclass(frozen=True)
class Trail:
    target: Target
    instances: tuple[Instance, ...]
    unit: (
        str | None
    )  # --unit: that unit's records and receipts (the status changes are the target's)
    as_of: dt.date
    events: tuple[Event, ...]
    results: tuple[Result, ...]  # each instance as of ``as_of``


def find_target(plan: Plan, written: str) -> Target:
    """The target an id names; a usage error naming the measure's targets when none does."""
    key = written.strip()
    found = next((t for t in plan.targets if t.id == key), None)
    if found is None:
        head = key.split(".")[0]
        close = [t.id for t in plan.targets if t.id.split(".")[0] == head]
        hint = f"；第 {head} 项措施的目标有 {'、'.join(close)}" if close else ""
        raise UsageError(f"目标“{key}”不存在（zygj targets 可列出全部目标）{hint}")
    return found


def _changed(before: Result | None, after: Result) -> bool:
    if before is None:
        return after.status != "not_started" or after.behind or after.review is not None
    return (before.status, before.behind, before.review) != (
        after.status,
        after.behind,
        after.review,
    )


def instance_results(
    plan: Plan,
    instance: Instance,
    mine: Sequence[Record],
    days: Sequence[dt.date],
    reference: Sequence[Record],
) -> list[Result]:
    """The instance evaluated as of each day (its own records only)."""
    expected = reporters_of(plan, instance.target)
    return [evaluate(plan, instance, mine, day, None, expected, reference) for day in days]


def trail(
    plan: Plan,
    target: Target,
    records: Sequence[Record],
    as_of: dt.date,
    receipts: Sequence[Receipt] = (),
    unit: str | None = None,
    decisions: Sequence[Decision] | None = None,
) -> Trail:
    """Every event of ``target`` up to ``as_of`` in date order (the rules above).

    ``decisions``: the verification file's (None when the ledger has none)."""
    grouped = group_records(r for r in records if r.target in (target.id, target.reference))
    instances = [i for i in expand_instances(plan) if i.target.id == target.id]
    reference = grouped.get(target.reference or "", ())
    kind = report_period(plan)
    signed = {
        (r.unit, r.period_end): r for r in sorted(receipts, key=lambda r: (r.received, r.line))
    }
    events: list[Event] = []
    results: list[Result] = []
    for instance, mine in zip(instances, instance_records(instances, grouped), strict=True):
        upto = [r for r in mine if r.date <= as_of]
        decided = [
            d
            for d in decisions or ()
            if d.target == target.id and d.year == instance.year and d.date <= as_of
        ]
        days = sorted(
            {r.date for r in upto}
            | {d.date for d in decided}
            | {as_of}
            | ({instance.deadline + dt.timedelta(days=1)} - {as_of})
        )
        days = [d for d in days if d <= as_of]
        states = [
            reviewed(plan, [state], upto, decisions, day)[0]
            for day, state in zip(
                days, instance_results(plan, instance, upto, days, reference), strict=True
            )
        ]
        results.append(states[-1])
        before: Result | None = None
        for day, state in zip(days, states, strict=True):
            if _changed(before, state):
                events.append(StatusEvent(day, instance, before, state))
            before = state
        seen: set[tuple[str, dt.date]] = set()
        for record in upto:
            if unit is not None and record.unit != unit:
                continue
            events.append(RecordEvent(record.date, instance, record.unit, record))
            key = (record.unit, period_end_of(kind, record.date))
            if key in signed and key not in seen:
                seen.add(key)
                receipt = signed[key]
                if receipt.received <= as_of:
                    events.append(ReceiptEvent(receipt.received, instance, record.unit, receipt))
        events.extend(
            DecisionEvent(d.date, instance, d.unit, d)
            for d in decided
            if unit is None or d.unit == unit
        )
    events.sort(key=lambda e: (e.date, e.order))
    return Trail(target, tuple(instances), unit, as_of, tuple(events), tuple(results))


# ------------------------------------------------------------------ the 通报's charts


@dataclass(frozen=True)
class Point:
    day: dt.date
    actual: float


@dataclass(frozen=True)
class Curve:
    """One instance's figure over time against its 序时进度 (for the HTML 通报)."""

    instance: Instance
    points: tuple[Point, ...]  # the combined figure as of each record's day
    goal: float  # the target's figure
    paced: bool  # ``linear`` 序时进度: the line from 0 at the window's start to ``goal`` at the deadline
    status: Result  # as of the report's day


def curves(
    plan: Plan, records: Sequence[Record], as_of: dt.date, results: Sequence[Result]
) -> list[Curve]:
    """Every numeric instance with a figure reported by ``as_of``, in plan order."""
    grouped = group_records(r for r in records if r.date <= as_of)
    instances = [r.instance for r in results]
    found: list[Curve] = []
    for result, mine in zip(results, instance_records(instances, grouped), strict=True):
        instance = result.instance
        target = instance.target
        if target.value is None or not any(r.value is not None for r in mine):
            continue
        days = sorted({r.date for r in mine if r.value is not None})
        reference = grouped.get(target.reference or "", ())
        states = instance_results(plan, instance, mine, days, reference)
        points = tuple(
            Point(d, s.actual) for d, s in zip(days, states, strict=True) if s.actual is not None
        )
        if points:
            found.append(Curve(instance, points, target.value, pace_of(target) == "linear", result))
    return found


@dataclass(frozen=True)
class QuarterState:
    end: dt.date
    label: str
    total: int
    done: int  # on time or late
    completion: float


def by_quarter(plan: Plan, records: Sequence[Record], as_of: dt.date) -> list[QuarterState]:
    """The whole plan at each quarter's end from the plan's start to ``as_of`` (the last: as of ``as_of``)."""
    grouped = group_records(records)
    start = plan.measures_file.period.start
    first, end = period_of("quarter", start)
    found: list[QuarterState] = []
    while first <= as_of:
        day = min(end, as_of)
        summary = summarize("all", "全部", evaluate_all(plan, records, day, grouped=grouped))
        label = f"{end.year}Q{end.month // 3}"
        found.append(
            QuarterState(
                day, label, summary.total, summary.done + summary.done_late, summary.completion
            )
        )
        first, end = period_of("quarter", end + dt.timedelta(days=1))
    return found
