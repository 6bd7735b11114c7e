"""What a unit's fill-in form lists: the targets it reports on, and how it stands to each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zygj.core.models import Target
from zygj.core.plan import Plan
from zygj.rules.reporters import ReporterRole, reporter_role


@dataclass(frozen=True)
class FormRow:
    target: Target
    role: ReporterRole
    deadline: dt.date | str


def form_rows(plan: Plan, unit_name: str, owned_only: bool, year: int | None) -> list[FormRow]:
    """The targets a unit reports on, in plan order.

    Its own targets (owner = the unit) come with role ``owner`` (负责). Unless ``owned_only``,
    the targets of measures where it is a lead or responsible unit come too, with
    role ``partner`` (配合): those units report their own share, which zygj adds to the owner's.
    Annual targets show the deadline of ``year`` (and are left out when the plan
    does not assess that year), or every assessed year when ``year`` is None.
    """
    rows: list[FormRow] = []
    for target in sorted(plan.targets, key=lambda t: t.measure_order):
        standing = reporter_role(plan, target, unit_name)
        if standing is None or (standing == "partner" and owned_only):
            continue
        deadline: dt.date | str
        years = plan.years_of(target)
        if not target.annual:
            assert target.deadline is not None
            deadline = target.deadline
        elif year is None:
            deadline = f"每年 12 月 31 日（{'、'.join(str(y) for y in years)} 年）"
        elif year in years:
            deadline = dt.date(year, 12, 31)
        else:
            continue
        rows.append(FormRow(target, standing, deadline))
    return rows
