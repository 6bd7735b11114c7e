"""The listings of a workspace, grouped by plan: tables and their JSON, built together.

Each plan's table is the one-plan table (:mod:`zygj.output.plan_listings`,
:mod:`zygj.output.progress_report`) under the plan's key and title; a spreadsheet
(one table per file) gets every plan's rows in one table with a 方案 column first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zygj.core.workspace import Workspace
from zygj.output.listings import Grid
from zygj.output.plan_listings import measure_json, measures_grid, unit_name_on
from zygj.output.texts import units_text

if TYPE_CHECKING:
    from zygj.rules.completion import Result
    from zygj.rules.workspace import PlanMeasures, WorkspaceUnitLoad

#: The column a spreadsheet names each row's plan by.
PLAN_COLUMN = "方案"


def plan_heading(workspace: Workspace, key: str) -> str:
    """How a plan's table is headed: its key, then its short title."""
    return f"{key}（{workspace.titles[key]}）"


def stacked(parts: Sequence[tuple[str, Grid]]) -> Grid:
    """Several plans' tables as one (a CSV file holds one table): 方案 first, then every
    column any plan's table has, in order of first appearance."""
    headers: list[str] = []
    for _, grid in parts:
        headers += [h for h in grid.headers if h not in headers]
    merged = Grid([PLAN_COLUMN, *headers])
    for key, grid in parts:
        for row in grid.rows:
            cells = dict(zip(grid.headers, row, strict=True))
            merged.rows.append([key, *(cells.get(h, "") for h in headers)])
    return merged


# ------------------------------------------------------------------- measures


def measures_grids(
    workspace: Workspace, parts: Sequence[PlanMeasures], full_text: bool, day: dt.date
) -> list[tuple[str, Grid]]:
    """Each plan's `measures` table, headed by the plan (and the unit's load there)."""
    grids = []
    for part in parts:
        grid = measures_grid(part.plan, part.rows, part.load, full_text, day)
        heading = plan_heading(workspace, part.key)
        grid.title = (
            f"{heading} {grid.title}" if grid.title else f"{heading}：{len(part.rows)} 项措施"
        )
        grids.append((part.key, grid))
    return grids


def unit_total_line(name: str, parts: Sequence[PlanMeasures]) -> str:
    """市人社局：在 2 个方案中牵头 21 项，参与（责任单位）7 项 — the unit's load in every plan."""
    loads = [p.load for p in parts if p.load is not None and p.load.measures]
    lead = sum(len(load.lead) for load in loads)
    shares = sum(len(load.responsible) for load in loads)
    cooperating = sum(len(load.cooperating) for load in loads)
    line = f"{name}：在 {len(loads)} 个方案中牵头 {lead} 项，参与（责任单位）{shares} 项"
    return line + (f"，配合 {cooperating} 项" if cooperating else "")


def measures_json(
    workspace: Workspace, parts: Sequence[PlanMeasures], unit: str | None
) -> dict[str, Any]:
    listed = {part.key: part for part in parts}
    plans = []
    for key in workspace.plans:  # a plan not listed is not read
        part = listed.get(key)
        entry: dict[str, Any] = {"key": key, "title": workspace.titles[key]}
        if unit is not None:
            entry["unit"] = workspace.local_name(key, unit)
        entry["measures"] = (
            [measure_json(part.plan, row, unit is not None) for row in part.rows] if part else []
        )
        plans.append(entry)
    return {"workspace": workspace.name, "unit": unit, "plans": plans}


# ---------------------------------------------------------------------- units


def units_grid(workspace: Workspace, loads: Sequence[WorkspaceUnitLoad], day: dt.date) -> Grid:
    """`units` over the workspace: each unit's counts in total, and plan by plan."""
    cooperating = any(load.total("cooperating") for load in loads)
    headers = ["单位", "类别", "简称", "方案数", "牵头", "参与"] + (["配合"] if cooperating else [])
    headers += ["合计", "各方案"]
    # A narrow terminal keeps the unit and its counts: the aliases, then the kind, give way.
    grid = Grid(
        headers,
        numeric=list(range(3, len(headers) - 1)),
        wrap=[2, len(headers) - 1],
        give_way=("简称", "类别"),
    )
    for load in loads:
        counts = [load.total("lead"), load.total("responsible")]
        counts += [load.total("cooperating")] if cooperating else []
        per_plan = []
        for key, plan_load in load.active:
            shown = [len(plan_load.lead), len(plan_load.responsible)]
            shown += [len(plan_load.cooperating)] if cooperating else []
            per_plan.append(f"{key} {'/'.join(map(str, shown))}")
        grid.rows.append(
            [
                unit_name_on(load.unit, day),
                load.unit.kind,
                units_text(load.unit.aliases),
                str(len(load.active)),
                *map(str, counts),
                str(sum(counts)),
                "，".join(per_plan),
            ]
        )
    grid.title = f"{workspace.name}：{len(workspace.plans)} 个方案、{len(loads)} 个单位"
    grid.caption = (
        "“各方案”一栏为 方案简称 牵头/参与" + ("/配合" if cooperating else "") + " 的措施项数"
    )
    return grid


def units_json(workspace: Workspace, loads: Sequence[WorkspaceUnitLoad]) -> dict[str, Any]:
    return {
        "workspace": workspace.name,
        "plans": [{"key": key, "title": workspace.titles[key]} for key in workspace.plans],
        "units": [
            {
                "name": load.unit.name,
                "kind": load.unit.kind,
                "aliases": list(load.unit.aliases),
                "total": {
                    "plans": len(load.active),
                    "lead": load.total("lead"),
                    "responsible": load.total("responsible"),
                    "cooperating": load.total("cooperating"),
                },
                "plans": [
                    {
                        "key": key,
                        "name": plan_load.unit.name,
                        "lead": plan_load.lead,
                        "responsible": plan_load.responsible,
                        "cooperating": plan_load.cooperating,
                    }
                    for key, plan_load in load.plans
                ],
            }
            for load in loads
        ],
    }


# -------------------------------------------------------------------- targets


def qualify_labels(workspace: Workspace, key: str, grid: Grid, results: Sequence[Result]) -> None:
    """The 编号 column says "key:id" where another plan has a target by the same id."""
    column = grid.headers.index("编号")
    for row, result in zip(grid.rows, results, strict=True):
        target_id = result.instance.target.id
        if workspace.is_ambiguous(target_id):
            row[column] = f"{key}:{row[column]}"
