"""催办: what each unit owes on a date — targets due soon, targets overdue, forms not returned.

Pure: the plan, the results and the ledger's records in, one :class:`Notice` per
unit that owes something out. Who is asked to report on what in the period is
decided in one place, :func:`zygj.rules.obligations.obligations` (the 通报's 未报送,
its ranking, ``collect`` and the 考评's 少报 use it too). A notice lists only what is
still owed: never a target that is 已完成 on the notice's date. Each item says
whether the unit is its owner (负责) or a cooperating reporter (配合), with the
unit's own latest figure when it has sent one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.rules.completion import Result, group_records
from zygj.rules.obligations import obligations, own_figures
from zygj.rules.reporters import ReporterRole

#: Unmet after the deadline: 逾期, and 未达到力争目标 (a 力争 target is still worth chasing).
PAST_DUE = ("overdue", "soft_missed")

#: Days before a deadline that a target counts as due soon, unless --within says otherwise.
DEFAULT_WITHIN = 30


@dataclass(frozen=True)
class MissingForm:
    """A unit asked about an open target in the period that sent nothing on it."""

    unit: str
    result: Result
    role: ReporterRole = "owner"
    own_value: float | None = None


def missing_forms(
    plan: Plan,
    results: Sequence[Result],
    records: Sequence[Record],
    since: dt.date,
    as_of: dt.date,
) -> list[MissingForm]:
    """Each (unit, target instance) asked in (since, as_of] with no record in it: the
    通报's 未报送, item for item (never a target 已完成 on ``as_of``)."""
    owed = obligations(plan, records, as_of, since, results)
    return [MissingForm(o.unit, o.result, o.role, o.own_value) for o in owed.owed]


@dataclass(frozen=True)
class Item:
    """One line of a notice: the target, the unit's role in it and its own figure."""

    result: Result
    role: ReporterRole
    own_value: float | None = None


@dataclass
class Notice:
    """One unit's 催办通知: what it owes as of a date."""

    unit: str
    due_soon: list[Item] = field(default_factory=list)
    overdue: list[Item] = field(default_factory=list)
    missing: list[Item] = field(default_factory=list)
    #: Completions the office returned (退回, :mod:`zygj.rules.verification`): to redo and report again.
    returned: list[Item] = field(default_factory=list)

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
        if self.returned:
            parts.append(f"核查退回 {len(self.returned)} 项")
        return parts

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.missing or self.returned)


def is_due_soon(result: Result, as_of: dt.date, within: int) -> bool:
    """Not yet met, deadline on or after ``as_of`` and at most ``within`` days away."""
    if result.status not in ("in_progress", "not_started"):
        return False
    return as_of <= result.instance.deadline <= as_of + dt.timedelta(days=within)


def build_notices(
    plan: Plan,
    results: Sequence[Result],
    records: Sequence[Record],
    as_of: dt.date,
    within: int = DEFAULT_WITHIN,
    since: dt.date | None = None,
    unit: str | None = None,
) -> list[Notice]:
    """The notices of every unit that owes something (or of ``unit`` only), in units.yaml order.

    A unit owes the targets it owns that are due soon or past their deadline unmet (逾期
    or 未达到力争目标), and — when ``since`` is given — a report on every target it was
    asked about in the period (who owes what) and sent nothing on, unless that target is
    已完成 by now.
    """
    grouped = group_records(records)

    def own_value(unit: str, result: Result) -> float | None:
        """The unit's own latest figure on the instance (the one rule :mod:`obligations` uses)."""
        mine = grouped.get(result.instance.target.id, [])
        return own_figures(mine, result.instance.year, as_of).get(unit, (None, None))[0]

    notices: dict[str, Notice] = {}

    def notice(name: str) -> Notice:
        if name not in notices:
            notices[name] = Notice(name)
        return notices[name]

    returned = {(r.review_unit, r.instance.key) for r in results if r.review == "returned"}
    for result in results:
        if (
            result.review == "returned" and result.review_unit is not None
        ):  # 退回: listed once, with the reason
            notice(result.review_unit).returned.append(
                Item(
                    result,
                    "owner" if result.review_unit == result.instance.owner else "partner",
                    own_value(result.review_unit, result),
                )
            )
        owner = result.instance.owner
        if owner is None or (owner, result.instance.key) in returned:
            continue
        if result.status in PAST_DUE:
            notice(owner).overdue.append(Item(result, "owner", own_value(owner, result)))
        elif is_due_soon(result, as_of, within):
            notice(owner).due_soon.append(Item(result, "owner", own_value(owner, result)))
    if since is not None:
        for form in missing_forms(plan, results, records, since, as_of):
            if (form.unit, form.result.instance.key) not in returned:
                notice(form.unit).missing.append(Item(form.result, form.role, form.own_value))
    order = {u.name: i for i, u in enumerate(plan.units_file.units)}
    chosen = [n for n in notices.values() if not n.empty and (unit is None or n.unit == unit)]
    chosen.sort(key=lambda n: order.get(n.unit, len(order)))
    for item in chosen:
        item.due_soon.sort(
            key=lambda i: (i.result.instance.deadline, i.result.instance.target.measure_order)
        )
        item.overdue.sort(
            key=lambda i: (i.result.instance.deadline, i.result.instance.target.measure_order)
        )
    return chosen
