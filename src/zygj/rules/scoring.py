"""How far the plan has been carried out: target instances, actuals, status, lights.

The rules (also in the README):

* ``ge`` met when actual ≥ value; ``gt`` when actual > value; ``range`` when
  actual ≥ min; ``approx`` when actual ≥ value × (1 − tolerance) (``two_sided``:
  also actual ≤ value × (1 + tolerance));
  ``qualitative`` when the latest record's status is ``done``.
* How reporters' figures combine (``combine:``, see :mod:`zygj.rules.reporters`):
  ``sum`` — the sum over reporting units of each unit's latest value dated on or
  before the as-of date; ``owner`` — the owner's latest value only (default for
  percentages); ``all`` — a qualitative target is done when every expected
  reporter's latest status is done. Annual targets have one instance per year
  and count only records of that year (the record's 年度, else its date's year).
* status: done / done_late / in_progress / not_started / overdue, and ``behind``
  when in progress with completion below the elapsed share of the time window,
  or not started once its light (completion 0) is no longer green.

Everything here is pure: records in, results out. The ledger is grouped by
target once, and each instance sweeps only its own records (no rescans).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from zygj.core.models import Target
from zygj.core.plan import UNASSIGNED, Plan
from zygj.core.progress import Record
from zygj.rules.reporters import combine_of, reporters_of

InstanceStatus = Literal["done", "done_late", "in_progress", "not_started", "overdue"]
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
    reporting_units: tuple[str, ...]
    #: Units expected to report (owner first) and those of them with no record
    #: (since ``since`` when given, else ever).
    expected: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    combine: str = "sum"
    #: Units that reported in the period (since ``since``, else ever), expected or not.
    reported: tuple[str, ...] = ()


def expand_instances(plan: Plan) -> list[Instance]:
    period = plan.measures_file.period
    instances: list[Instance] = []
    for target in plan.targets:
        owner = plan.owner_of(target)
        if target.annual:
            for year in plan.years_of(target):
                instances.append(
                    Instance(target, year, dt.date(year, 12, 31),
                             max(dt.date(year, 1, 1), period.start), owner)
                )  # fmt: skip
        else:
            assert target.deadline is not None  # the model guarantees it
            start = min(period.start, target.deadline)
            instances.append(Instance(target, None, target.deadline, start, owner))
    return instances


def tolerance_of(plan: Plan, target: Target) -> float:
    if target.tolerance is not None:
        return target.tolerance
    return plan.targets_file.defaults.approx_tolerance


def is_met(target: Target, actual: float, tolerance: float) -> bool:
    if target.op == "ge":
        return actual >= _value(target)
    if target.op == "gt":
        return actual > _value(target)
    if target.op == "range":
        assert target.min is not None
        return actual >= target.min
    if target.op == "approx":
        if target.two_sided and actual > _value(target) * (1 + tolerance):
            return False  # 稳定在……左右: too much misses too
        return actual >= _value(target) * (1 - tolerance)
    raise ValueError(f"qualitative target {target.id} has no figure")


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


def group_records(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Records by target id, each list in (date, file order): one pass, one sort."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.date, r.seq)):
        grouped[record.target].append(record)
    return grouped


def evaluate(
    plan: Plan,
    instance: Instance,
    records: Sequence[Record],
    as_of: dt.date,
    since: dt.date | None = None,
    expected: Sequence[str] | None = None,
) -> Result:
    """The state of one instance on ``as_of``, from its target's records (sorted)."""
    target = instance.target
    tolerance = tolerance_of(plan, target)
    qualitative = target.op == "qualitative"
    if expected is None:
        expected = reporters_of(plan, target)
    combine = combine_of(plan, target)
    owner = instance.owner
    reported_since: set[str] = set()
    latest_value: dict[str, float] = {}
    latest_status: dict[str, str | None] = {}
    actual: float | None = None
    met_since: dt.date | None = None
    last_report: dt.date | None = None
    status_word: str | None = None
    seen = False
    index = 0
    count = len(records)
    while index < count:
        day = records[index].date
        if day > as_of:
            break
        # Apply every record of this day, then judge the day.
        full_year = False  # a figure for a past 年度, reported after it closed
        while index < count and records[index].date == day:
            record = records[index]
            index += 1
            if instance.year is not None and record.period_year != instance.year:
                continue
            if since is None or day > since:
                reported_since.add(record.unit)
            if record.year is not None and record.year < day.year:
                full_year = True
            if combine == "owner" and record.unit != owner and owner is not None:
                continue  # shown for reference only
            seen = True
            last_report = day
            latest_status[record.unit] = record.status
            if record.status is not None:
                status_word = record.status
            if record.value is not None:
                latest_value[record.unit] = record.value
        if not seen:
            continue
        if qualitative and combine == "all":
            met = all(latest_status.get(unit) == "done" for unit in expected)
        elif qualitative:
            met = status_word == "done"
        else:
            actual = sum(latest_value.values()) if latest_value else None
            met = actual is not None and is_met(target, actual, tolerance)
        if met and met_since is None:
            # A full-year figure sent in January describes the year: met by its deadline.
            met_since = min(day, instance.deadline) if full_year else day
        elif not met:
            met_since = None

    elapsed = elapsed_share(instance, as_of)
    completion: float | None = None
    if not qualitative:
        completion = completion_of(target, actual, tolerance) if actual is not None else 0.0
    explicitly_not_started = bool(latest_status) and all(
        s == "not_started" for s in latest_status.values()
    )
    status: InstanceStatus
    if met_since is not None:
        status = "done" if met_since <= instance.deadline else "done_late"
    elif as_of > instance.deadline:
        status = "overdue"
    elif not seen or (explicitly_not_started and not actual):
        status = "not_started"
    else:
        status = "in_progress"
    light = _light(plan, status, completion, elapsed)
    behind = (status == "in_progress" and completion is not None and completion < elapsed) or (
        status == "not_started" and light != "green"
    )
    missing = tuple(unit for unit in expected if unit not in reported_since)
    return Result(
        instance, actual, completion, status, behind, light, elapsed,
        met_since, last_report, tuple(sorted(latest_status)),
        tuple(expected), missing, combine,
        tuple([u for u in expected if u in reported_since] + sorted(reported_since.difference(expected))),
    )  # fmt: skip


def _light(plan: Plan, status: InstanceStatus, completion: float | None, elapsed: float) -> Light:
    if status == "done":
        return "green"
    if status == "done_late":
        return "yellow"
    if status == "overdue":
        return "red"
    if completion is None:  # qualitative: no figure to compare with the calendar
        if status == "in_progress":
            return "green"
        completion = 0.0
    lights = plan.targets_file.lights
    lag = elapsed - completion
    if lag <= lights.green_within + 1e-9:
        return "green"
    if lag <= lights.yellow_within + 1e-9:
        return "yellow"
    return "red"


def evaluate_all(
    plan: Plan, records: Iterable[Record], as_of: dt.date, since: dt.date | None = None
) -> list[Result]:
    grouped = group_records(records)
    expected = {t.id: reporters_of(plan, t) for t in plan.targets}
    return [
        evaluate(plan, instance, grouped.get(instance.target.id, ()), as_of, since,
                 expected[instance.target.id])
        for instance in expand_instances(plan)
    ]  # fmt: skip


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
        key, label, total, count("done"), count("done_late"), count("in_progress"),
        count("not_started"), count("overdue"), sum(1 for r in results if r.behind), mean,
    )  # fmt: skip


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
