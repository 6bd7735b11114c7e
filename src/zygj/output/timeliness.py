"""签收 and 报送及时率 laid out: the table every 通报 and the 考评 show, and their JSON.

Nothing here computes a state or a rate (:mod:`zygj.rules.timeliness` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zygj.output.listings import Grid
from zygj.output.texts import percent_text

if TYPE_CHECKING:
    from openpyxl import Workbook

    from zygj.core.receipts import Receipt
    from zygj.rules.timeliness import Mark, Timeliness


def receipts_json(receipts: Sequence[Receipt]) -> list[dict[str, Any]]:
    return [
        {
            "unit": r.unit,
            "period_end": r.period_end.isoformat(),
            "received": r.received.isoformat(),
            "form": r.form,
        }
        for r in receipts
    ]


def timeliness_title(t: Timeliness) -> str:
    first, last = t.periods[0], t.periods[-1]
    span = first.label if first == last else f"{first.label}至{last.label}"
    return f"报送及时率（{span}，{t.due_rule}）"


def _cell(mark: Mark | None) -> str:
    if mark is None:
        return "—"  # not asked that period
    if mark.received is not None and mark.state == "late":
        return f"{mark.word} {mark.received.strftime('%m-%d')}"
    return mark.word


def timeliness_grid(t: Timeliness) -> Grid:
    """One row per unit: its state in each period, the counts and the rate."""
    labels = [p.label for p in t.periods]
    headers = ["单位", *labels, "按时", "迟报", "未报", "及时率"]
    rows = []
    for unit in t.units:
        by_end = {m.period.end: m for m in unit.marks}
        cells = [_cell(by_end.get(p.end)) for p in t.periods]
        rows.append(
            [
                unit.unit,
                *cells,
                str(unit.count("on_time")),
                str(unit.count("late")),
                str(unit.count("missing")),
                percent_text(unit.rate),
            ]
        )
    n = len(labels)
    caption = "迟报后为签收日期；—：该期无应报事项。"
    if t.by_record:
        caption += "按时*：无签收记录，按该期的进度记录计为按时。"
    return Grid(headers, rows, numeric=tuple(range(n + 1, n + 5)), caption=caption)


def timeliness_json(t: Timeliness) -> dict[str, Any]:
    return {
        "due_rule": t.due_rule,
        "receipts_files": list(t.files),
        "periods": [
            {"start": p.start.isoformat(), "end": p.end.isoformat(), "due": p.due.isoformat()}
            for p in t.periods
        ],
        "units": [
            {
                "unit": u.unit,
                "on_time": u.count("on_time"),
                "late": u.count("late"),
                "missing": u.count("missing"),
                "pending": u.count("pending"),
                "rate": None if u.rate is None else round(u.rate, 4),
                "periods": [
                    {
                        "end": m.period.end.isoformat(),
                        "state": m.state,
                        "basis": m.basis,
                        "received": m.received.isoformat() if m.received else None,
                        "form": m.form,
                    }
                    for m in u.marks
                ],
            }
            for u in t.units
        ],
    }


def timeliness_sheet(workbook: Workbook, t: Timeliness) -> None:
    """The 台账's 报送及时率 sheet (only where 签收 is kept): the table every 通报 shows."""
    from zygj.output.workbook import Column, write_table

    grid = timeliness_grid(t)
    ws = workbook.create_sheet("报送及时率")
    columns = [Column(h, max_width=24 if i == 0 else 16) for i, h in enumerate(grid.headers)]
    rows: list[list[object]] = [
        [int(c) if i in grid.numeric and c.isdigit() else c for i, c in enumerate(row)]
        for row in grid.rows
    ]
    write_table(ws, columns, rows, title=timeliness_title(t), repeat_columns="A:A")


def timeliness_sentence(t: Timeliness) -> str:
    """The 通报's sentence on the latest period judged: 按时、迟报、未报 units, by name where few."""
    last = t.periods[-1]
    marks = [m for u in t.units for m in u.marks if m.period == last]
    late = [m.unit for m in marks if m.state == "late"]
    missing = [m.unit for m in marks if m.state == "missing"]
    on_time = sum(1 for m in marks if m.state == "on_time")
    text = (
        f"{last.label}填报表应于{last.due.month}月{last.due.day}日前报送，按时报送{on_time}个单位"
    )
    if late:
        text += f"，迟报{len(late)}个（{'、'.join(late)}）"
    if missing:
        text += f"，未报{len(missing)}个"
    pending = sum(1 for m in marks if m.state == "pending")
    if pending:
        text += f"，尚未到期未报{pending}个"
    return text
