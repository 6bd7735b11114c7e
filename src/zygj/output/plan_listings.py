"""Who does what, as people and scripts read it: measures, one measure, units, the matrix.

Each listing's table and its JSON are built here from the same rows, so the
commands (:mod:`zygj.cli.commands.measures`) only choose the rows and the format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from zygj.core.models import Measure, Unit
from zygj.core.plan import Plan
from zygj.output.listings import Grid, RenderOptions, grid_to_text, split_columns
from zygj.output.texts import ROLE_LABELS, role_units_text, short_title, units_text

if TYPE_CHECKING:
    from zygj.output.formats import Format
    from zygj.rules.query import MeasureRow, UnitLoad

MATRIX_MARKS = {"lead": "牵", "responsible": "责", "cooperating": "配"}
ERRATUM_FIELDS = {
    "text": "正文",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "cooperating": "配合单位",
}


def measure_json(plan: Plan, row: MeasureRow, with_role: bool) -> dict[str, Any]:
    measure = row.measure
    data: dict[str, Any] = {
        "no": measure.no,
        "section": measure.section,
        "section_label": row.section.label,
        "section_title": row.section.title,
        "text": measure.text,
        "lead": list(measure.lead),
        "responsible": list(measure.responsible),
        "addressees": list(measure.addressees),
        "errata": [asdict(e) for e in measure.errata],
        "label": measure.label,
        "section_path": plan.section_label(measure.section),
        "cooperating": list(measure.cooperating),
        "units_open": measure.units_open,
    }
    if with_role:
        data["role"] = row.role
        data["via_group"] = row.via
    return data


def _lead_cell(row: MeasureRow) -> str:
    if row.measure.is_general:
        return "（" + units_text(row.measure.addressees) + "）"
    return role_units_text(row.measure, "lead")


def _role_cell(row: MeasureRow) -> str:
    label = ROLE_LABELS[row.role] if row.role else ""
    return f"{label}（{row.via}）" if row.via else label


def unit_name_on(unit: Unit, day: dt.date) -> str:
    """A unit's name as of a day: 新名称（原名称） after a rename."""
    return unit.name_on(day) if unit.renamed else unit.name


def measures_grid(
    plan: Plan, rows: Sequence[MeasureRow], chosen: UnitLoad | None, full_text: bool, day: dt.date
) -> Grid:
    """`measures`: one row per measure; with a unit, its role and its whole load in the title."""
    with_role = chosen is not None
    labelled = any(m.label for m in plan.measures)
    cooperating = any(m.cooperating for m in plan.measures)
    headers = ["序号"] + (["编号"] if labelled else []) + ["部分"]
    if with_role:
        headers.append("角色")
    headers += ["工作措施", "牵头单位"]
    if full_text:
        headers.append("责任单位")
        if cooperating:
            headers.append("配合单位")
    grid = Grid(headers, numeric=[0], wrap=[headers.index("工作措施")])
    for row in rows:
        cells = [str(row.measure.no)] + ([row.measure.label] if labelled else [])
        cells.append(plan.section_label(row.measure.section))
        if with_role:
            cells.append(_role_cell(row))
        cells.append(row.measure.text if full_text else short_title(row.measure.text))
        cells.append(_lead_cell(row))
        if full_text:
            cells.append(role_units_text(row.measure, "responsible"))
            if cooperating:
                cells.append(role_units_text(row.measure, "cooperating"))
        grid.rows.append(cells)
    if chosen is not None:
        # The unit's whole load, whatever the other filters show.
        leads, shares = len(chosen.lead), len(chosen.responsible)
        grid.title = (
            f"{unit_name_on(chosen.unit, day)}：牵头 {leads} 项，参与（责任单位）{shares} 项"
        )
        if chosen.cooperating:
            grid.title += f"，配合 {len(chosen.cooperating)} 项"
        if any(row.via for row in rows):
            grid.caption = "角色后括号内为单位所属的集合：措施点名的是该集合"
    if not rows:
        grid.caption = "没有符合条件的措施"
    return grid


def measure_grid(plan: Plan, measure: Measure) -> Grid:
    """`measure N`: everything the document says about one measure."""
    section = plan.section(measure.section)
    assert section is not None  # guaranteed by the checks
    grid = Grid(["项目", "内容"], wrap=[1])
    grid.title = f"第 {measure.no} 项措施"
    if measure.label:
        grid.rows.append(["编号", measure.label])
    grid.rows.append(["部分", f"{plan.section_label(section.no)}{section.title}"])
    grid.rows.append(["工作措施", measure.text])
    if measure.is_general:
        grid.rows.append(["面向", units_text(measure.addressees)])
    else:
        grid.rows.append(["牵头单位", role_units_text(measure, "lead")])
        grid.rows.append(["责任单位", role_units_text(measure, "responsible")])
        if measure.cooperating:
            grid.rows.append(["配合单位", role_units_text(measure, "cooperating")])
    for erratum in measure.errata:
        note = f"（{erratum.note}）" if erratum.note else ""
        grid.rows.append(
            [
                "勘误",
                f"{ERRATUM_FIELDS[erratum.field]}“{erratum.original}”应为“{erratum.corrected}”{note}",
            ]
        )
    return grid


def units_grid(loads: Sequence[UnitLoad], day: dt.date) -> Grid:
    """`units`: every unit with its kind, short names and how many measures it leads or shares."""
    cooperating = any(load.cooperating for load in loads)
    headers = (
        ["单位", "类别", "简称", "牵头", "参与"] + (["配合"] if cooperating else []) + ["合计"]
    )
    grid = Grid(headers, numeric=list(range(3, len(headers))), wrap=[2])
    for load in loads:
        counts = [len(load.lead), len(load.responsible)] + (
            [len(load.cooperating)] if cooperating else []
        )
        grid.rows.append(
            [
                unit_name_on(load.unit, day),
                load.unit.kind,
                units_text(load.unit.aliases),
                *map(str, counts),
                str(sum(counts)),
            ]
        )
    return grid


def units_json(loads: Sequence[UnitLoad]) -> list[dict[str, Any]]:
    return [
        {
            "name": load.unit.name,
            "kind": load.unit.kind,
            "aliases": list(load.unit.aliases),
            "lead": load.lead,
            "responsible": load.responsible,
            "cooperating": load.cooperating,
            "renamed": [
                {"to": r.to, "date": r.date.isoformat(), "basis": r.basis}
                for r in load.unit.renamed
            ],
        }
        for load in loads
    ]


def _matrix(plan: Plan, loads: Sequence[UnitLoad]) -> tuple[Grid, list[dict[str, Any]], str]:
    numbers = [m.no for m in plan.measures]
    grid = Grid(["单位", *[str(n) for n in numbers]])
    data: list[dict[str, Any]] = []
    for load in loads:
        if not load.measures:
            continue
        grid.rows.append(
            [load.unit.name, *[MATRIX_MARKS.get(load.role(n) or "", "") for n in numbers]]
        )
        entry: dict[str, Any] = {
            "unit": load.unit.name,
            "roles": {str(n): load.role(n) for n in load.measures},
        }
        if load.via:
            entry["via_group"] = {str(n): group for n, group in load.via.items()}
        data.append(entry)
    caption = "牵 = 牵头单位，责 = 责任单位"
    if any(load.cooperating for load in loads):
        caption += "，配 = 配合单位"
    caption += "；未点名单位、面向全体的措施列为空"
    if any(load.via for load in loads):
        caption += "；措施点名集合（如 各区）的，其成员单位按集合的角色列出"
    return grid, data, caption


def matrix_text(plan: Plan, loads: Sequence[UnitLoad], fmt: Format, options: RenderOptions) -> str:
    """`units --matrix`: unit × measure; a narrow terminal gets the measures in ranges."""
    grid, data, caption = _matrix(plan, loads)
    if not fmt.coloured:
        assert fmt.listing is not None
        grid.caption = caption
        return fmt.listing(grid, data, options)
    # 27 narrow columns read better without a frame (the plain table, never the
    # terminal's); a narrow window gets the measures in ranges, one block under
    # the other, each with the units' names.
    if options.all_columns:
        grid.caption = caption
        return grid_to_text(grid)
    blocks = split_columns(grid, options.width)
    parts = []
    for index, block in enumerate(blocks):
        if len(blocks) > 1:
            block.title = f"措施 {block.headers[1]}—{block.headers[-1]}"
        if index == len(blocks) - 1:
            block.caption = caption
        parts.append(grid_to_text(block))
        if index < len(blocks) - 1:
            parts.append("\n")
    return "".join(parts)
