"""`zygj evidence`: a target's 佐证材料 as a table and as JSON."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zygj.core.diagnostics import display_path
from zygj.output.listings import Grid

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from zygj.core.progress import Record
    from zygj.rules.evidence import EvidenceRow


def evidence_grid(target: str, rows: list[EvidenceRow]) -> Grid:
    title = (
        f"目标 {target} 的佐证材料：{len(rows)} 个文件" if rows else f"目标 {target} 没有佐证材料"
    )
    return Grid(
        ["单位", "日期", "文件", "sha256", "存放位置", "核对"],
        [
            [
                row.record.unit,
                row.record.date.isoformat(),
                row.item.name,
                (row.item.digest or "")[:12],
                display_path(row.stored) if row.stored else "",
                row.problem or "完好",
            ]
            for row in rows
        ],
        title=title,
        wrap=(2, 4, 5),  # 文件, 存放位置, 核对
        # A narrow terminal keeps who, when, which file and whether it is whole; the store's
        # path (a hash) goes first, then the short hash.
        give_way=("存放位置", "sha256"),
    )


def evidence_json(rows: list[EvidenceRow]) -> list[dict[str, Any]]:
    return [
        {
            "unit": row.record.unit,
            "date": row.record.date.isoformat(),
            "year": row.record.year,
            "name": row.item.name,
            "sha256": row.item.digest,
            "path": display_path(row.stored) if row.stored else None,
            "source": row.record.source,
            "ok": row.problem is None,
            "problem": row.problem,
        }
        for row in rows
    ]


def add_evidence_column(ws: Worksheet, records: Sequence[Record]) -> None:
    """The 台账's records sheet gets a 佐证材料 column (read back by the progress reader): each
    record's entries, the cell linked to its file in the evidence store (to the store's folder
    when it has several), relative to the folder the 台账 is made in."""
    from openpyxl.styles import Alignment, Font

    from zygj.core.evidence import parse_evidence
    from zygj.files.evidence import store_of
    from zygj.load.progress.columns import EVIDENCE_HEADER
    from zygj.output.escaping import spreadsheet_safe

    column = ws.max_column + 1
    header = ws.cell(row=1, column=column, value=EVIDENCE_HEADER)
    header.font = Font(bold=True)
    ws.column_dimensions[header.column_letter].width = 40
    for row, record in enumerate(records, start=2):
        if not record.evidence:
            continue
        cell = ws.cell(row=row, column=column, value=str(spreadsheet_safe(record.evidence)))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        items = [item for item in parse_evidence(record.evidence) if item.digest]
        if items:
            store = store_of(Path(record.path))
            target = store / items[0].stored_name if len(items) == 1 else store
            cell.hyperlink = (
                Path(os.path.relpath(target)).as_posix()
                if not target.is_absolute()
                else target.as_uri()
            )
            cell.font = Font(color="0563C1", underline="single")
