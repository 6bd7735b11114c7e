"""How far the plan has been carried out: target instances, actuals, status, lights.

The rules (written out with examples in docs/rules.md):

* ``ge`` met when actual ≥ value; ``gt`` when actual > value; ``range`` when
  actual ≥ min; ``approx`` when actual ≥ value × (1 − tolerance) (``two_sided``:
  also actual ≤ value × (1 + tolerance));
  ``qualitative`` when the deciding units' latest status is ``done``; ``growth`` and
  ``relative`` only by a full-year figure at or above value − band (relative: plus the
  reference target's figure), see :func:`rate_met`.
* Only the target's reporters count (:func:`zygj.rules.reporters.reporters_of`); a
  record from any other unit is kept aside as 未计入 (``Result.uncounted``).
* How reporters' figures combine (``combine:``, see :mod:`zygj.rules.reporters`):
  ``sum`` — the sum over reporting units of each unit's latest value dated on or
  before the as-of date; ``owner`` — the owner's (lead's) latest report only (default
  for percentages and for qualitative targets; the others' reports are shown as
  ``parts``); ``all`` — a qualitative target is done when every expected
  reporter's latest status is done. Annual targets have one instance per year
  and count only records of that year (the record's 年度, else its date's year).
* A record marked 年度 Y dated after Y, no later than Y's backfill window
  (:func:`zygj.rules.periods.backfill_end`), reports the state at Y's 31 December: a
  target it meets is met on that day. Dated later, it is met on its own date.
* status: done / done_late / in_progress / not_started / overdue, and
  ``soft_missed`` for an unmet 力争 target after its deadline.
* 序时进度 (``pace``): ``linear`` targets are ``behind`` when completion is below the
  elapsed share of the time window; ``none`` targets (qualitative, level figures,
  or as the plan says) are compared with the target itself: yellow within
  ``lights.due_soon_days`` of the deadline, never behind for the calendar. A target
  not started is not behind before its first reporting period ends; after it, it is
  behind (``linear``: once its light is no longer green).

Everything here is pure: records in, results out. The ledger is grouped by
target once, and each instance sweeps only its own records (no rescans).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, eq, is_not, itemgetter, not_
from typing import Literal, TypeVar

from zygj.core.models import RATE_OPS, Pace, Target
from zygj.core.plan import UNASSIGNED, Plan
from zygj.core.progress import Record
from zygj.rules.periods import backfill_end, first_report_due
from zygj.rules.reporters import combine_of, reporters_of

_T = TypeVar("_T")

InstanceStatus = Literal[
    "done", "done_late", "in_progress", "not_started", "overdue", "soft_missed"
]
Light = Literal["green", "yellow", "red"]

#: An unmet `gt` target that reaches its figure exactly is not complete.
_UNMET_CAP = 0.99


@dataclass(frozen=True)
class Instance:
    """One target to meet by one deadline: the target itself, or one year of an annual one."""

    target: Target
    year: int | None
    deadline: dt.date
    window_start: dt.date
    owner: str | None

    @property
    def key(self) -> str:
        return self.target.id if self.year is None else f"{self.target.id}@{self.year}"

    @property
    def label(self) -> str:
        return self.target.id if self.year is None else f"{self.target.id}（{self.year}年）"


@dataclass(frozen=True)
class Part:
    """One reporter's latest report on an instance, as of the report's date."""

    unit: str
    date: dt.date
    value: float | None
    status: str | None
    #: Whether it entered the target's figure or status (a co-unit's report on a target
    #: the owner decides is shown, not counted).
    counted: bool


@dataclass(frozen=True)
class Result:
    instance: Instance
    actual: float | None
    completion: float | None
    status: InstanceStatus
    behind: bool
    light: Light
    elapsed: float
    met_on: dt.date | None
    last_report: dt.date | None
    #: Units expected to report (owner first) and those of them with no record
    #: (since ``since`` when given, else ever). The 通报's 未报送 is not this raw
    #: list: :func:`zygj.rules.obligations.with_obligations` replaces ``missing``
    #: with the units asked in the period that did not report (who owes what).
    expected: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    combine: str = "sum"
    #: Units that reported in the period (since ``since``, else ever), expected or not.
    reported: tuple[str, ...] = ()
    #: Each reporter's latest report (owner first), counted or shown only.
    parts: tuple[Part, ...] = ()
    #: Records from units that are not among the target's reporters: never added (未计入).
    uncounted: tuple[Record, ...] = ()
    pace: Pace = "linear"
    #: Units asked to report in the period (:mod:`zygj.rules.obligations`); ``missing`` is
    #: then those of them with no record in it.
    asked: tuple[str, ...] = ()
    #: 核查 (:mod:`zygj.rules.verification`): needs_evidence 待补佐证, pending 待核查,
    #: accepted 已销号, returned 退回; None where the plan and the ledger use neither.
    review: str | None = None
    #: Why it was returned (退回): the office's reason and the day, "缺培训照片（2021-01-05 退回）".
    review_note: str | None = None
    #: The unit whose report was returned (its next 催办 lists the target with the reason).
    review_unit: str | None = None


def expand_instances(plan: Plan) -> list[Instance]:
    period = plan.measures_file.period
    instances: list[Instance] = []
    for target in plan.targets:
        owner = plan.owner_of(target)
        if target.annual:
            for year in plan.years_of(target):
                instances.append(
                    Instance(
                        target,
                        year,
                        dt.date(year, 12, 31),
                        max(dt.date(year, 1, 1), period.start),
                        owner,
                    )
                )
        else:
            assert target.deadline is not None  # the model guarantees it
            start = min(period.start, target.deadline)
            instances.append(Instance(target, None, target.deadline, start, owner))
    return instances


def pace_of(target: Target) -> Pace:
    """序时进度 as declared, else ``none`` for qualitative targets and level figures (a
    yearly level or a rate is compared with the target itself), ``linear`` for
    cumulative figures."""
    if target.pace is not None:
        return target.pace
    if target.op in ("qualitative", *RATE_OPS) or target.figure == "level":
        return "none"
    return "linear"


def deciding_units(
    plan: Plan, instance: Instance, combine: str, expected: Sequence[str]
) -> list[str]:
    """The units whose reports decide the instance: the owner (or a group owner's members)
    under ``owner``, every expected reporter otherwise."""
    if combine == "owner" and instance.owner is not None:
        return plan.registry.members(instance.owner) or [instance.owner]
    return list(expected)


def tolerance_of(plan: Plan, target: Target) -> float:
    if target.tolerance is not None:
        return target.tolerance
    return plan.targets_file.defaults.approx_tolerance


def met_bounds(target: Target, tolerance: float) -> tuple[float, bool, float | None]:
    """The figures that meet a target: above ``low`` (strictly when ``strict``), and at
    most ``high`` when there is one (稳定在……左右: too much misses too)."""
    if target.op == "ge":
        return _value(target), False, None
    if target.op == "gt":
        return _value(target), True, None
    if target.op == "range":
        assert target.min is not None
        return target.min, False, None
    if target.op == "growth":
        return _value(target) - (target.band or 0.0), False, None
    if target.op == "approx":
        high = _value(target) * (1 + tolerance) if target.two_sided else None
        return _value(target) * (1 - tolerance), False, high
    raise ValueError(f"qualitative target {target.id} has no figure")


def is_met(target: Target, actual: float, tolerance: float) -> bool:
    low, strict, high = met_bounds(target, tolerance)
    if high is not None and actual > high:
        return False
    return actual > low if strict else actual >= low


def completion_of(target: Target, actual: float, tolerance: float) -> float:
    """Share of the way to the figure, 0–1; exactly 1 only when met."""
    if target.op == "range":
        assert target.min is not None
        threshold = target.min
    elif target.op == "approx":
        threshold = _value(target) * (1 - tolerance)
    else:
        threshold = _value(target)
    if is_met(target, actual, tolerance):
        return 1.0
    if target.op == "approx" and target.two_sided and actual > 0:
        upper = _value(target) * (1 + tolerance)
        if actual > upper:  # overshot 稳定在……左右: the further above, the lower
            return min(upper / actual, _UNMET_CAP)
    share = actual / threshold if threshold > 0 else 0.0
    return min(share, _UNMET_CAP)


def _value(target: Target) -> float:
    assert target.value is not None
    return target.value


def elapsed_share(instance: Instance, as_of: dt.date) -> float:
    """序时进度: the share of the instance's time window gone by on ``as_of``."""
    total = (instance.deadline - instance.window_start).days
    if total <= 0:
        return 1.0 if as_of >= instance.deadline else 0.0
    gone = (as_of - instance.window_start).days
    return max(0.0, min(1.0, gone / total))


#: Record fields read in C (a Record is a named tuple): sorting, grouping, columns.
DATE_OF = itemgetter(1)
UNIT_OF = itemgetter(2)
VALUE_OF = itemgetter(3)
STATUS_OF = itemgetter(4)
SEQ_OF = itemgetter(7)
YEAR_OF = itemgetter(8)
_YEAR = attrgetter("year")


def group_records(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Records by target id, each list in (date, file order): one pass, two sorts in C.

    Sorting by file order, then (stably) by date, is sorting by (date, file order)
    without building a key tuple per record.
    """
    ordered = sorted(records, key=SEQ_OF)
    ordered.sort(key=DATE_OF)
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in ordered:
        grouped[record.target].append(record)
    return grouped


def instance_records(
    instances: Sequence[Instance], grouped: Mapping[str, Sequence[Record]]
) -> list[Sequence[Record]]:
    """Each instance's own records (an annual one's: of its year), in the grouped order.

    An annual target's records are split by year once, not once per year.
    """
    by_year: dict[str, dict[int, list[Record]]] = {}
    chosen: list[Sequence[Record]] = []
    for instance in instances:
        mine = grouped.get(instance.target.id, ())
        if instance.year is None:
            chosen.append(mine)
            continue
        years = by_year.get(instance.target.id)
        if years is None:
            # Each record's period_year (its 年度, else its date's year), in C.
            given = list(map(YEAR_OF, mine))
            period = list(map(_YEAR, map(DATE_OF, mine)))
            if given.count(None) != len(given):
                period = [p if y is None else y for y, p in zip(given, period, strict=True)]
            years = by_year[instance.target.id] = {
                year: list(compress(mine, map(eq, period, repeat(year)))) for year in set(period)
            }
        chosen.append(years.get(instance.year, ()))
    return chosen


def last_given(units: Sequence[str], column: Sequence[_T | None]) -> dict[str, _T]:
    """Each unit's last value in ``column`` that is not None (units in order of first such value)."""
    given = list(map(is_not, column, repeat(None)))
    values: Iterable[_T] = compress(column, given)  # type: ignore[arg-type]  # the Nones left out
    return dict(zip(compress(units, given), values, strict=False))


def evaluate(
    plan: Plan,
    instance: Instance,
    records: Sequence[Record],
    as_of: dt.date,
    since: dt.date | None = None,
    expected: Sequence[str] | None = None,
    reference: Sequence[Record] = (),
) -> Result:
    """The state of one instance on ``as_of``, from its own records (:func:`instance_records`:
    sorted by date and file order; an annual instance's, of its year only).

    The state on ``as_of`` is read off the records column by column (in C); only an
    instance met on ``as_of`` is swept day by day (:func:`_met_since`), for the day it
    became met.
    """
    target = instance.target
    tolerance = tolerance_of(plan, target)
    qualitative = target.op == "qualitative"
    if expected is None:
        expected = reporters_of(plan, target)
    combine = combine_of(plan, target, expected)
    deciding = deciding_units(plan, instance, combine, expected)
    # With nobody named to report (未明确责任单位), every unit's record counts.
    allowed = set(expected)
    upto = records[: bisect_right(records, as_of, key=DATE_OF)]
    units = list(map(UNIT_OF, upto))
    # Each unit's last record, the units in the order of their first.
    latest = dict(zip(units, upto, strict=True))
    reported_since = (
        set(latest) if since is None else set(units[bisect_right(upto, since, key=DATE_OF) :])
    )
    uncounted: list[Record] = []
    if allowed and not latest.keys() <= allowed:
        # Records from units that are not among the target's reporters: kept aside (未计入).
        kept = list(map(allowed.__contains__, units))
        uncounted = list(compress(upto, map(not_, kept)))
        upto = list(compress(upto, kept))
        units = list(compress(units, kept))
        latest = {unit: record for unit, record in latest.items() if unit in allowed}
    counted = upto
    counted_latest = latest
    if deciding and not latest.keys() <= set(deciding):
        # A co-unit's report on a target its owner decides: shown as a part, not counted.
        kept = list(map(set(deciding).__contains__, units))
        counted = list(compress(upto, kept))
        units = list(compress(units, kept))
        counted_latest = {unit: record for unit, record in latest.items() if unit in deciding}
    seen = bool(counted)
    last_report: dt.date | None = counted[-1].date if counted else None
    # Each deciding unit's latest status (None when it never gave one), and the last given.
    latest_status: dict[str, str | None] = dict.fromkeys(counted_latest)
    status_word: str | None = None
    statuses = list(map(STATUS_OF, counted))
    if statuses.count(None) != len(statuses):
        given = list(map(is_not, statuses, repeat(None)))
        words = list(compress(statuses, given))
        latest_status.update(zip(compress(units, given), words, strict=True))
        status_word = words[-1]
    actual: float | None = None
    met_since: dt.date | None = None
    if qualitative:
        if seen and _qualitative_met(combine, deciding, latest_status, status_word):
            met_since = _met_since(plan, target, combine, deciding, tolerance, counted, units)
    elif seen:
        figures = list(map(VALUE_OF, counted))
        if None in figures:
            latest_value = last_given(units, figures)
        else:  # each unit's last figure is its last record's (summed in the same order)
            latest_value = {unit: record.value for unit, record in counted_latest.items()}
        actual = sum(latest_value.values()) if latest_value else None
        if target.op in RATE_OPS:
            met_since = _rate_met_since(plan, instance, counted, units, figures, reference)
        elif actual is not None and is_met(target, actual, tolerance):
            met_since = _met_since(
                plan, target, combine, deciding, tolerance, counted, units, figures
            )

    elapsed = elapsed_share(instance, as_of)
    completion: float | None = None
    if target.op in RATE_OPS:
        completion = rate_completion(
            plan, instance, actual, as_of, met_since is not None, reference
        )
    elif not qualitative:
        completion = completion_of(target, actual, tolerance) if actual is not None else 0.0
    explicitly_not_started = bool(latest_status) and all(
        s == "not_started" for s in latest_status.values()
    )
    status: InstanceStatus
    if met_since is not None:
        status = "done" if met_since <= instance.deadline else "done_late"
    elif as_of > instance.deadline:
        status = "soft_missed" if target.soft else "overdue"
    elif not seen or (explicitly_not_started and not actual):
        status = "not_started"
    else:
        status = "in_progress"
    pace = pace_of(target)
    light, behind = judge(plan, instance, status, completion, elapsed, pace, as_of)
    missing = tuple(unit for unit in expected if unit not in reported_since)
    order = {unit: i for i, unit in enumerate([*deciding, *expected])}
    parts = tuple(
        Part(unit, r.date, r.value, r.status, not deciding or unit in deciding)
        for unit, r in sorted(latest.items(), key=lambda item: order.get(item[0], len(order)))
    )
    return Result(
        instance,
        actual,
        completion,
        status,
        behind,
        light,
        elapsed,
        met_since,
        last_report,
        tuple(expected),
        missing,
        combine,
        tuple(
            [u for u in expected if u in reported_since]
            + sorted(reported_since.difference(expected))
        ),
        parts,
        tuple(uncounted),
        pace,
    )


def _qualitative_met(
    combine: str,
    deciding: Sequence[str],
    statuses: Mapping[str, str | None],
    status_word: str | None,
) -> bool:
    """Whether a qualitative target is done: every deciding unit's latest status says so
    (``owner``, ``all``), else the latest status of any reporter."""
    if combine in ("owner", "all") and deciding:
        return all(statuses.get(unit) == "done" for unit in deciding)
    return status_word == "done"


def _described_days(plan: Plan, counted: Sequence[Record]) -> dict[dt.date, dt.date]:
    """Each day on which a past 年度's figure was sent in that year's backfill window → the
    earliest such year's 31 December (the figure describes the year, not the day)."""
    described: dict[dt.date, dt.date] = {}
    for record in compress(counted, map(is_not, map(YEAR_OF, counted), repeat(None))):
        year, day = record.year, record.date
        assert year is not None
        if year < day.year and day <= backfill_end(plan, year):
            described[day] = min(described.get(day, dt.date.max), dt.date(year, 12, 31))
    return described


def _rate_met_since(
    plan: Plan,
    instance: Instance,
    counted: Sequence[Record],
    units: Sequence[str],
    figures: Sequence[float | None],
    reference: Sequence[Record],
) -> dt.date | None:
    """The day a growth or relative target became met and stayed met (:func:`rate_met`
    judges each day by the sum of the units' latest figures)."""
    described = _described_days(plan, counted)
    met_since: dt.date | None = None
    values: dict[str, float] = {}

    def judged(day: dt.date) -> dt.date | None:
        total = sum(values.values()) if values else None
        if rate_met(plan, instance, total, day, described.get(day), reference):
            return met_since or described.get(day) or day
        return None

    previous = counted[0].date
    for unit, value, day in zip(units, figures, map(DATE_OF, counted), strict=True):
        if day != previous:
            met_since = judged(previous)
            previous = day
        if value is not None:
            values[unit] = value
    return judged(previous)


def _met_since(
    plan: Plan,
    target: Target,
    combine: str,
    deciding: Sequence[str],
    tolerance: float,
    counted: Sequence[Record],
    units: Sequence[str],
    figures: Sequence[float | None] = (),
) -> dt.date | None:
    """The day the instance became met and stayed met through its last counted record.

    Day by day over the counted records (``units`` and ``figures``: their units and
    figures): the day's figures (statuses) are applied, then the day judged. A record
    marked with a past 年度 and sent in that year's backfill window describes the year:
    met by its 31 December.
    """
    described = _described_days(plan, counted)
    met_since: dt.date | None = None
    previous = counted[0].date
    if target.op == "qualitative":
        statuses: dict[str, str | None] = {}
        status_word: str | None = None
        for record in counted:
            if record.date != previous:
                if _qualitative_met(combine, deciding, statuses, status_word):
                    met_since = met_since or described.get(previous) or previous
                else:
                    met_since = None
                previous = record.date
            if record.status is not None:
                statuses[record.unit] = status_word = record.status
            elif record.unit not in statuses:
                statuses[record.unit] = None
        if _qualitative_met(combine, deciding, statuses, status_word):
            return met_since or described.get(previous) or previous
        return None
    # A figure's target, the hot loop of a large ledger: each record sets its unit's
    # figure; at each new day the day before is judged by the sum of the figures.
    low, strict, high = met_bounds(target, tolerance)
    values: dict[str, float] = {}
    for unit, value, day in zip(units, figures, map(DATE_OF, counted), strict=True):
        if day != previous:
            total = sum(values.values())
            if (
                values
                and (total > low if strict else total >= low)
                and (high is None or total <= high)
            ):
                met_since = met_since or described.get(previous) or previous
            else:
                met_since = None
            previous = day
        if value is not None:
            values[unit] = value
    total = sum(values.values())
    if values and (total > low if strict else total >= low) and (high is None or total <= high):
        return met_since or described.get(previous) or previous
    return None


# ------------------------------------------------------- growth and relative targets
# A growth rate (同比增长) or a figure relative to another (与经济增长同步) is a full-year
# figure: an in-year (year-to-date) figure shows the way, never meets the target.


def is_full_year(instance: Instance, day: dt.date, described: dt.date | None) -> bool:
    """Whether a figure reported on ``day`` is the full-year one: dated on or after the
    instance's deadline, or a past 年度's year-end figure sent in its backfill window."""
    return day >= instance.deadline or (described is not None and described >= instance.deadline)


def reference_figure(
    plan: Plan, instance: Instance, reference: Sequence[Record], day: dt.date
) -> float | None:
    """The reference target's figure on ``day`` (its owner's latest, else anyone's), of the
    instance's year for an annual target; None when nothing was reported."""
    target_id = instance.target.reference
    owner = None
    if target_id is not None:
        owner = next((plan.owner_of(t) for t in plan.targets if t.id == target_id), None)
    own: float | None = None
    anyone: float | None = None
    for record in reference:  # sorted by date
        if record.date > day:
            break
        if record.value is None or (
            instance.year is not None and record.period_year != instance.year
        ):
            continue
        anyone = record.value
        if record.unit == owner:
            own = record.value
    return own if own is not None else anyone


def rate_threshold(
    plan: Plan, instance: Instance, reference: Sequence[Record], day: dt.date
) -> float | None:
    """The lowest figure that meets a rate target on ``day``: growth value − band; relative:
    the reference figure + value − band (None while no reference figure is reported)."""
    target = instance.target
    band = target.band or 0.0
    if target.op == "growth":
        return _value(target) - band
    figure = reference_figure(plan, instance, reference, day)
    return None if figure is None else figure + (target.value or 0.0) - band


def rate_met(
    plan: Plan,
    instance: Instance,
    actual: float | None,
    day: dt.date,
    described: dt.date | None,
    reference: Sequence[Record],
) -> bool:
    """A rate target is met by a full-year figure at or above its threshold."""
    if actual is None or not is_full_year(instance, day, described):
        return False
    threshold = rate_threshold(plan, instance, reference, day)
    return threshold is not None and actual >= threshold - 1e-9


def rate_completion(
    plan: Plan,
    instance: Instance,
    actual: float | None,
    as_of: dt.date,
    met: bool,
    reference: Sequence[Record],
) -> float:
    """1 when met; else the share of the threshold reached (0 for a figure or threshold at
    or below zero, where a share means nothing), below 1 even when an in-year figure is
    above the threshold (the year is not over)."""
    if met:
        return 1.0
    threshold = rate_threshold(plan, instance, reference, as_of)
    if actual is None or threshold is None or threshold <= 0 or actual <= 0:
        return 0.0
    return min(actual / threshold, _UNMET_CAP)


def judge(
    plan: Plan,
    instance: Instance,
    status: InstanceStatus,
    completion: float | None,
    elapsed: float,
    pace: Pace,
    as_of: dt.date,
) -> tuple[Light, bool]:
    """The light and whether the instance is behind (滞后)."""
    if status == "done":
        return "green", False
    if status in ("done_late", "soft_missed"):
        return "yellow", False
    if status == "overdue":
        return "red", False
    if status == "not_started" and as_of <= first_report_due(plan, instance.window_start):
        return "green", False  # nobody was asked for a report yet
    lights = plan.targets_file.lights
    if pace == "none" or completion is None:
        due_soon = (instance.deadline - as_of).days <= lights.due_soon_days
        if status == "not_started":  # not started after a report was due; near its deadline, red
            return ("red" if due_soon else "yellow"), True
        return ("yellow" if due_soon else "green"), False
    lag = elapsed - completion
    if lag <= lights.green_within + 1e-9:
        light: Light = "green"
    elif lag <= lights.yellow_within + 1e-9:
        light = "yellow"
    else:
        light = "red"
    if status == "not_started":
        return light, light != "green"
    return light, completion < elapsed


def evaluate_all(
    plan: Plan,
    records: Iterable[Record],
    as_of: dt.date,
    since: dt.date | None = None,
    grouped: Mapping[str, Sequence[Record]] | None = None,
) -> list[Result]:
    """Every instance's result on ``as_of``. ``grouped`` is :func:`group_records` of the
    records, when the caller has it already (the records are then not read)."""
    if grouped is None:
        grouped = group_records(records)
    instances = expand_instances(plan)
    expected = {t.id: reporters_of(plan, t) for t in plan.targets}
    return [
        evaluate(
            plan,
            instance,
            mine,
            as_of,
            since,
            expected[instance.target.id],
            grouped.get(instance.target.reference or "", ()),
        )
        for instance, mine in zip(instances, instance_records(instances, grouped), strict=True)
    ]


# ------------------------------------------------------------------------ report


@dataclass(frozen=True)
class GroupSummary:
    """Completion of a group of instances (a part, a lead unit, a measure, the plan)."""

    key: str
    label: str
    total: int
    done: int
    done_late: int
    in_progress: int
    not_started: int
    overdue: int
    behind: int
    completion: float
    soft_missed: int = 0
    #: 滞后 split by status, so a sentence never says "推进中 3 项（其中滞后 35 项）":
    #: behind = in_progress_behind + not_started_behind.
    in_progress_behind: int = 0
    not_started_behind: int = 0

    @property
    def light(self) -> Light:
        """The group's colour: red if any target is overdue, yellow if any is behind, else green."""
        if self.overdue:
            return "red"
        if self.behind:
            return "yellow"
        return "green"

    @property
    def done_share(self) -> float:
        return (self.done + self.done_late) / self.total if self.total else 0.0


def score(result: Result) -> float:
    """An instance's share toward the plan: its completion, or 1/0 for qualitative."""
    if result.completion is not None:
        return result.completion
    return 1.0 if result.status in ("done", "done_late") else 0.0


def summarize(key: str, label: str, results: Sequence[Result]) -> GroupSummary:
    def count(status: str) -> int:
        return sum(1 for r in results if r.status == status)

    total = len(results)
    mean = sum(score(r) for r in results) / total if total else 0.0
    return GroupSummary(
        key,
        label,
        total,
        count("done"),
        count("done_late"),
        count("in_progress"),
        count("not_started"),
        count("overdue"),
        sum(1 for r in results if r.behind),
        mean,
        count("soft_missed"),
        sum(1 for r in results if r.behind and r.status == "in_progress"),
        sum(1 for r in results if r.behind and r.status == "not_started"),
    )


def group_by(plan: Plan, results: Sequence[Result], by: str) -> list[GroupSummary]:
    """Summaries per part ('section'), per owner ('unit') or per measure, in plan order."""
    buckets: dict[str, list[Result]] = defaultdict(list)
    labels: dict[str, str] = {}
    for result in results:
        target = result.instance.target
        if by == "section":
            measure = plan.measure(target.measure)
            path = plan.section_path(measure.section) if measure else ()
            section = path[0] if path else None  # nested sections count in their top part
            key = str(section.no) if section else "?"
            label = f"{section.label}{section.title}" if section else "?"
        elif by == "unit":
            key = label = result.instance.owner or UNASSIGNED
        elif by == "measure":
            key = str(target.measure)
            label = f"第 {target.measure} 项"
        else:
            raise ValueError(by)
        labels.setdefault(key, label)
        buckets[key].append(result)
    order = list(buckets)  # first appearance, i.e. plan order of the targets
    if by in ("section", "measure"):
        order.sort(key=lambda k: int(k) if k.isdigit() else 10**9)
    return [summarize(key, labels[key], buckets[key]) for key in order]
