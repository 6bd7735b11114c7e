"""Who reports on what, and how their figures combine. Pure.

A target's reporters are the units listed under ``reporters:`` (units or groups,
on the target, else on its measure) plus its owner; without such a list, the
owner plus the measure's lead and responsible units, as zygj always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from zygj.core.models import RATE_OPS, Combine, Target
from zygj.core.plan import Plan

ReporterRole = Literal["owner", "partner"]


def declared_reporters(plan: Plan, target: Target) -> list[str]:
    """The ``reporters:`` written for the target (else its measure), as written."""
    if target.reporters:
        return list(target.reporters)
    measure = plan.measure(target.measure)
    return list(measure.reporters) if measure is not None else []


def reporters_of(plan: Plan, target: Target) -> list[str]:
    """Canonical names of the units expected to report on the target, the owner first.

    Without ``reporters:``, every unit :func:`zygj.rules.query.target_role` names owner or
    partner (the owner, or a group owner's members; the measure's units in any role,
    named or through a group), in the measure's order.
    """
    from zygj.rules.query import target_role

    registry = plan.registry
    names: list[str] = []
    owner = plan.owner_of(target)
    if owner is not None:
        names.extend(registry.members(owner) or [owner])
    declared = declared_reporters(plan, target)
    if declared:
        for name in declared:
            names.extend(registry.members(name))
        return list(dict.fromkeys(names))
    measure = plan.measure(target.measure)
    candidates: list[str] = []
    if measure is not None:
        for role in ("lead", "responsible", "cooperating"):
            for name in getattr(measure, role, ()):
                candidates.extend(registry.members(name) or [name])
    candidates += [u.name for u in plan.units_file.units]
    for name in dict.fromkeys(candidates):
        if name not in names and target_role(plan, target, name) is not None:
            names.append(name)
    return names


def reporter_role(plan: Plan, target: Target, unit_name: str) -> ReporterRole | None:
    """How a unit stands to a target: its owner (负责), another reporter (配合), or neither."""
    from zygj.rules.query import target_role

    if target_role(plan, target, unit_name) == "owner":
        return "owner"
    return "partner" if unit_name in reporters_of(plan, target) else None


def combine_of(plan: Plan, target: Target, reporters: Sequence[str] | None = None) -> Combine:
    """How reporters' figures combine: as declared, else owner for percentages and for
    qualitative targets with several reporters (the lead's report decides; ``combine: all``
    when the plan says each unit must finish), sum otherwise. ``reporters``: the target's
    :func:`reporters_of`, when the caller has them already."""
    if target.combine is not None:
        return target.combine
    if target.op == "qualitative":
        return (
            "owner"
            if len(reporters_of(plan, target) if reporters is None else reporters) > 1
            else "sum"
        )
    if target.is_percent or target.op in RATE_OPS:  # a rate is not added up
        return "owner"
    return "sum"
