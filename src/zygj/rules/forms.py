"""What a unit's fill-in form lists: the targets it reports on, and how it stands to each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from zygj.core.models import Target
from zygj.core.plan import Plan
from zygj.rules.reporters import ReporterRole, reporter_role


@dataclass(frozen=True)
class FormRow:
    target: Target
    role: ReporterRole
    deadline: dt.date | str
    #: The plan asks for 佐证材料 with a completion of this target (the form gets the column).
    evidence: bool = False


def form_rows(
    plan: Plan, unit_name: str, owned_only: bool, years: Sequence[int] | None
) -> list[FormRow]:
    """The targets a unit reports on, in plan order.

    Its own targets (owner = the unit) come with role ``owner`` (负责). Unless ``owned_only``,
    the targets of measures where it is a lead or responsible unit come too, with
    role ``partner`` (配合): those units report their own share, which zygj adds to the owner's.
    Annual targets get one row for each of ``years`` the plan assesses (the years
    asked about on the form's date: :func:`zygj.rules.obligations.open_years`), or
    one row naming every assessed year when ``years`` is None.
    """
    rows: list[FormRow] = []
    for target in sorted(plan.targets, key=lambda t: t.measure_order):
        standing = reporter_role(plan, target, unit_name)
        if standing is None or (standing == "partner" and owned_only):
            continue
        assessed = plan.years_of(target)
        needs = (
            plan.targets_file.defaults.evidence_required
            if target.evidence_required is None
            else target.evidence_required
        )
        if not target.annual:
            assert target.deadline is not None
            rows.append(FormRow(target, standing, target.deadline, needs))
        elif years is None:
            rows.append(
                FormRow(
                    target,
                    standing,
                    f"每年 12 月 31 日（{'、'.join(str(y) for y in assessed)} 年）",
                    needs,
                )
            )
        else:
            rows.extend(
                FormRow(target, standing, dt.date(y, 12, 31), needs) for y in years if y in assessed
            )
    return rows
