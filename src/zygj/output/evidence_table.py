"""`zygj evidence`: a target's 佐证材料 as a table and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zygj.core.diagnostics import display_path
from zygj.output.listings import Grid

if TYPE_CHECKING:
    from zygj.rules.evidence import EvidenceRow


def evidence_grid(target: str, rows: list[EvidenceRow]) -> Grid:
    title = f"目标 {target} 的佐证材料：{len(rows)} 个文件" if rows else f"目标 {target} 没有佐证材料"
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
        wrap=(5,),
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
