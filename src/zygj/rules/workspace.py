"""The everyday queries over a workspace, plan by plan: who does what, what is due. Pure.

Each plan is queried as it would be on its own (:mod:`zygj.rules.query`,
:mod:`zygj.rules.report`); a unit is named by the workspace's shared registry and found
in each plan under the name that plan gives it (:meth:`Workspace.local_name`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from zygj.core.diagnostics import UsageError
from zygj.core.models import Unit
from zygj.core.plan import Plan
from zygj.core.workspace import Workspace
from zygj.rules.query import MeasureRow, Role, UnitLoad, find_measures, resolve_unit, unit_load


@dataclass(frozen=True)
class PlanMeasures:
    """One plan's part of a `measures` query over the workspace."""

    key: str
    plan: Plan
    rows: list[MeasureRow]
    #: The unit's whole load in this plan (None: no --unit, or the plan does not name it).
    load: UnitLoad | None = None


def plan_unit(workspace: Workspace, key: str, name: str) -> Unit | None:
    """The unit ``name`` (the workspace's name) as plan ``key`` declares it, or None."""
    local = workspace.local_name(key, name)
    if local is None:
        return None
    return resolve_unit(workspace.plans[key], local)


def measures_by_plan(
    workspace: Workspace,
    unit: str | None = None,
    role: Role | None = None,
    search: str | None = None,
    include_general: bool = False,
) -> list[PlanMeasures]:
    """`measures` in every plan, in the workspace's order; with a unit (the workspace's
    name), only the plans that name it, each with its rows and the unit's load there."""
    if role is not None and unit is None:
        raise UsageError("--role 需要与 --unit 一起使用")
    found: list[PlanMeasures] = []
    for key in workspace.plans:
        if unit is None:
            plan = workspace.plans[key]
            found.append(
                PlanMeasures(
                    key, plan, find_measures(plan, None, None, None, search, include_general)
                )
            )
            continue
        own = plan_unit(workspace, key, unit)  # before the plan is read: most plans do not name it
        if own is None:
            continue
        plan = workspace.plans[key]
        rows = find_measures(plan, own, role, None, search, include_general)
        found.append(PlanMeasures(key, plan, rows, unit_load(plan, own)))
    return found


@dataclass(frozen=True)
class WorkspaceUnitLoad:
    """A unit's load in every plan that names it, and in total."""

    unit: Unit
    #: (plan key, the unit's load in that plan), in the workspace's order.
    plans: list[tuple[str, UnitLoad]] = field(default_factory=list)

    def total(self, role: Literal["lead", "responsible", "cooperating"]) -> int:
        return sum(len(getattr(load, role)) for _, load in self.plans)

    @property
    def active(self) -> list[tuple[str, UnitLoad]]:
        """The plans where the unit leads, shares or cooperates on a measure."""
        return [(key, load) for key, load in self.plans if load.measures]


def unit_loads_across(workspace: Workspace) -> list[WorkspaceUnitLoad]:
    """Every unit of the workspace's registry with its load plan by plan."""
    loads: list[WorkspaceUnitLoad] = []
    for unit in workspace.registry.units:
        per_plan = []
        for key, plan in workspace.plans.items():
            own = plan_unit(workspace, key, unit.name)
            if own is not None:
                per_plan.append((key, unit_load(plan, own)))
        loads.append(WorkspaceUnitLoad(unit, per_plan))
    return loads


def plan_progress(workspace: Workspace, key: str) -> list[Path] | Literal[False]:
    """The plan's ledger to read; False while it does not exist yet (nothing reported)."""
    ledger = workspace.ledgers[key]
    return [ledger] if ledger.exists() else False
