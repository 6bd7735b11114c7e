"""Who owes what: for one reporting period, which units are asked to report on which
target instance, and which of them did. Pure.

Every surface that names units which did not report uses this one computation:
the 通报's 未报送 (``Result.missing``), the ranking's 应报/已报/报送率
(:func:`zygj.rules.report.rank_reporters`), ``remind``'s 未报送进展, ``collect``'s
未报送 and the 考评's 少报 (:func:`zygj.rules.assessment.missed_forms`).

The period is (``since``, ``as_of``]: after the last 通报, up to and including the
day of this one; without ``since`` it is everything up to ``as_of``. A unit is
**asked** about a target instance in the period when all of these hold:

1. it is one of the target's reporters (:func:`zygj.rules.reporters.reporters_of`);
2. the instance has opened: its window starts on or before ``as_of``;
3. the instance was not already done: done on ``since`` and still met on every day
   since then asks nothing (one that fell back from 已完成 is asked again);
4. for an annual target, ``as_of`` falls on or before the end of that year's
   backfill window (:func:`zygj.rules.periods.backfill_end`, ``year_end.backfill_until``
   of the next year, default 01-31): a closed year asks nothing more;
5. the unit's own part was not already done: its latest record on the instance
   dated on or before ``since`` does not say 已完成;
6. a unit that did not report is not asked about an instance that is 已完成 (on
   time or late) on ``as_of``: nothing is owed on a target met by others, so no
   通报 names it and no 催办 chases it.

It has **reported** when it has a record on the target (for an annual target, of
the instance's year) dated in the period. It is **silent** when it was asked about
something and reported on none of it: that is a form not returned (collect's
未报送, the 考评's 少报).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.rules.completion import (
    DATE_OF,
    STATUS_OF,
    UNIT_OF,
    VALUE_OF,
    Result,
    evaluate_all,
    group_records,
    instance_records,
    last_given,
)
from zygj.rules.periods import backfill_end, period_of
from zygj.rules.query import target_role
from zygj.rules.reporters import ReporterRole

DONE = ("done", "done_late")


def open_years(plan: Plan, day: dt.date) -> list[int]:
    """The years of annual targets asked about on ``day`` (rules 2 and 4): its own year, and
    the year before while that year's backfill window is open. A form dated ``day`` lists them."""
    earlier = [day.year - 1] if day <= backfill_end(plan, day.year - 1) else []
    return [*earlier, day.year]


@dataclass(frozen=True)
class Obligation:
    """One unit asked about one target instance in the period."""

    unit: str
    result: Result  # the instance as of the period's end
    role: ReporterRole  # owner (负责) or partner (配合)
    reported: bool  # it has a record on the instance dated in the period
    own_value: float | None  # its own latest figure on the instance, up to the period's end


@dataclass(frozen=True)
class Obligations:
    """Who was asked what in (since, as_of], and what came back."""

    since: dt.date | None
    as_of: dt.date
    items: tuple[Obligation, ...]  # in plan order of the instances, reporters' order within one
    units: tuple[str, ...]  # every unit asked about something, in units.yaml order

    @property
    def owed(self) -> list[Obligation]:
        """Items asked and not reported: the 通报's 未报送."""
        return [o for o in self.items if not o.reported]

    def asked_on(self, key: str) -> tuple[str, ...]:
        return tuple(o.unit for o in self.items if o.result.instance.key == key)

    def of_unit(self, unit: str) -> list[Obligation]:
        return [o for o in self.items if o.unit == unit]

    @property
    def silent(self) -> list[str]:
        """Units asked about something that reported on none of it, in units.yaml order."""
        answered = {o.unit for o in self.items if o.reported}
        return [u for u in self.units if u not in answered]


def own_figures(
    records: Sequence[Record], year: int | None, until: dt.date
) -> dict[str, tuple[float | None, str | None]]:
    """Each unit's latest figure and latest status on one instance up to ``until``, from its
    target's records sorted by date (an annual target's of ``year`` only)."""
    figures: dict[str, tuple[float | None, str | None]] = {}
    for record in records:
        if record.date > until:
            break
        if year is not None and record.period_year != year:
            continue
        value, status = figures.get(record.unit, (None, None))
        figures[record.unit] = (
            record.value if record.value is not None else value,
            record.status if record.status is not None else status,
        )
    return figures


def obligations(
    plan: Plan,
    records: Sequence[Record],
    as_of: dt.date,
    since: dt.date | None = None,
    results: Sequence[Result] | None = None,
    before: Sequence[Result] | None = None,
    grouped: Mapping[str, Sequence[Record]] | None = None,
) -> Obligations:
    """Who is asked about what in (``since``, ``as_of``] and who reported (the rules above).

    ``results`` are the instances as of ``as_of`` and ``before`` as of ``since``
    (both in :func:`evaluate_all` order); either is computed when not given.
    ``grouped`` is :func:`zygj.rules.completion.group_records` of the records, when the
    caller has it already. Each instance looks at its own records only, column by column.
    """
    if grouped is None:
        grouped = group_records(records)
    if results is None:
        results = evaluate_all(plan, records, as_of, grouped=grouped)
    if since is not None and before is None:
        before = evaluate_all(plan, records, since, grouped=grouped)
    known: dict[str, list[tuple[str, ReporterRole]]] = {}

    def roles(result: Result) -> list[tuple[str, ReporterRole]]:
        """The target's reporters (``expected``: :func:`zygj.rules.reporters.reporters_of`) with their roles (its
        owner 负责, the others 配合), worked out once per target."""
        target = result.instance.target
        if target.id not in known:
            known[target.id] = [
                (u, "owner" if target_role(plan, target, u) == "owner" else "partner")
                for u in result.expected
            ]
        return known[target.id]

    items: list[Obligation] = []
    own = instance_records([r.instance for r in results], grouped)
    for index, (result, mine) in enumerate(zip(results, own, strict=True)):
        instance = result.instance
        if instance.window_start > as_of:
            continue  # rule 2
        if instance.year is not None and as_of > backfill_end(plan, instance.year):
            continue  # rule 4
        if since is not None and before is not None:
            was_done = before[index].status in DONE
            if was_done and result.met_on is not None and result.met_on <= since:
                continue  # rule 3
        upto = mine[: bisect_right(mine, as_of, key=DATE_OF)]
        units = list(map(UNIT_OF, upto))
        latest = dict(zip(units, upto, strict=True))  # each unit's last record
        done_before: set[str] = set()
        reported = set(latest)
        if since is not None:
            cut = bisect_right(upto, since, key=DATE_OF)
            # Each unit's latest record dated on or before ``since``: does it say 已完成?
            earlier = dict(zip(units[:cut], map(STATUS_OF, upto[:cut]), strict=True))
            done_before = {u for u, s in earlier.items() if s == "done"}
            reported = set(units[cut:])
        # Each unit's latest figure given (its last record's, when none is blank).
        figures = list(map(VALUE_OF, upto))
        values: Mapping[str, float | None] = (
            last_given(units, figures)
            if None in figures
            else {u: r.value for u, r in latest.items()}
        )
        done_now = result.status in DONE
        for unit, role in roles(result):
            if unit in done_before:
                continue  # rule 5
            if done_now and unit not in reported:
                continue  # rule 6
            items.append(Obligation(unit, result, role, unit in reported, values.get(unit)))
    asked = {o.unit for o in items}
    order = [u.name for u in plan.units_file.units]
    units_asked = tuple([u for u in order if u in asked] + sorted(asked.difference(order)))
    return Obligations(since, as_of, tuple(items), units_asked)


def with_obligations(results: Sequence[Result], owed: Obligations) -> list[Result]:
    """The results with ``asked`` and ``missing`` (asked, not reported) from the obligations."""
    asked: dict[str, list[str]] = defaultdict(list)
    missing: dict[str, list[str]] = defaultdict(list)
    for item in owed.items:
        key = item.result.instance.key
        asked[key].append(item.unit)
        if not item.reported:
            missing[key].append(item.unit)
    return [
        replace(
            r,
            asked=tuple(asked.get(r.instance.key, ())),
            missing=tuple(missing.get(r.instance.key, ())),
        )
        for r in results
    ]


def period_containing(day: dt.date, form_period: str) -> tuple[dt.date, dt.date]:
    """The reporting period holding ``day`` as a period of who owes what: (the day before
    it starts, its last day)."""
    start, end = period_of(form_period, day)
    return start - dt.timedelta(days=1), end
