"""催办: what each unit owes on a date — targets due soon, targets overdue, forms not returned.

Pure: the plan, the results and the ledger's records in, one :class:`Notice` per
unit that owes something out. Who is expected to report on a target is decided
in one place, :func:`zygj.rules.reporters.reporters_of` (the 通报's 未报送 uses it too).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.rules.reporters import reporters_of
from zygj.rules.scoring import Result

#: Days before a deadline that a target counts as due soon, unless --within says otherwise.
DEFAULT_WITHIN = 30


@dataclass(frozen=True)
class MissingForm:
    """A unit that sent nothing for an open target in the period."""

    unit: str
    result: Result


def missing_forms(
    plan: Plan,
    results: Sequence[Result],
    records: Iterable[Record],
    since: dt.date,
    as_of: dt.date,
) -> list[MissingForm]:
    """Each (unit, target instance) with no record dated in (since, as_of].

    Only instances open in the period count: a target met by ``since``, a year
    of an annual target that ended by ``since``, or a window that begins after
    ``as_of`` asks for no form.
    """
    reported: set[tuple[str, str]] = set()
    for record in records:
        if since < record.date <= as_of:
            reported.add((record.unit, record.target))
    missing: list[MissingForm] = []
    for result in results:
        instance = result.instance
        if instance.window_start > as_of:
            continue
        if result.met_on is not None and result.met_on <= since:
            continue
        if instance.year is not None and instance.deadline <= since:
            continue  # a year closed before the period asks for nothing more
        for unit in reporters_of(plan, instance.target):
            if (unit, instance.target.id) not in reported:
                missing.append(MissingForm(unit, result))
    return missing


@dataclass
class Notice:
    """One unit's 催办通知: what it owes as of a date."""

    unit: str
    due_soon: list[Result] = field(default_factory=list)
    overdue: list[Result] = field(default_factory=list)
    missing: list[Result] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Why the unit gets a notice, in words (临近截止 2 项、逾期 1 项、未报送进展 3 项)."""
        parts = []
        if self.due_soon:
            parts.append(f"临近截止 {len(self.due_soon)} 项")
        if self.overdue:
            parts.append(f"逾期 {len(self.overdue)} 项")
        if self.missing:
            parts.append(f"未报送进展 {len(self.missing)} 项")
        return parts

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.missing)


def is_due_soon(result: Result, as_of: dt.date, within: int) -> bool:
    """Not yet met, deadline on or after ``as_of`` and at most ``within`` days away."""
    if result.status not in ("in_progress", "not_started"):
        return False
    return as_of <= result.instance.deadline <= as_of + dt.timedelta(days=within)


def build_notices(
    plan: Plan,
    results: Sequence[Result],
    records: Iterable[Record],
    as_of: dt.date,
    within: int = DEFAULT_WITHIN,
    since: dt.date | None = None,
    unit: str | None = None,
) -> list[Notice]:
    """The notices of every unit that owes something (or of ``unit`` only), in units.yaml order.

    A unit owes the targets it owns that are due soon or overdue, and — when
    ``since`` is given — a form for every open target it is expected to report on
    and sent nothing for since then.
    """
    notices: dict[str, Notice] = {}

    def notice(name: str) -> Notice:
        if name not in notices:
            notices[name] = Notice(name)
        return notices[name]

    for result in results:
        owner = result.instance.owner
        if owner is None:
            continue
        if result.status == "overdue":
            notice(owner).overdue.append(result)
        elif is_due_soon(result, as_of, within):
            notice(owner).due_soon.append(result)
    if since is not None:
        by_unit: dict[str, list[Result]] = defaultdict(list)
        for form in missing_forms(plan, results, records, since, as_of):
            by_unit[form.unit].append(form.result)
        for name, owed in by_unit.items():
            notice(name).missing.extend(owed)
    order = {u.name: i for i, u in enumerate(plan.units_file.units)}
    chosen = [n for n in notices.values() if not n.empty and (unit is None or n.unit == unit)]
    chosen.sort(key=lambda n: order.get(n.unit, len(order)))
    for item in chosen:
        item.due_soon.sort(key=lambda r: (r.instance.deadline, r.instance.target.measure_order))
        item.overdue.sort(key=lambda r: (r.instance.deadline, r.instance.target.measure_order))
    return chosen
