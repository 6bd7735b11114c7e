"""The quarterly cycle as people and scripts read it: what `collect` took in."""

from __future__ import annotations

from typing import Any

from zygj.output.listings import Grid, OutputFormat
from zygj.rules.collect import Collected

COLLECT_HEADERS = ["单位", "填报表", "读取", "新增", "重复"]


def collected_grid(result: Collected, fmt: OutputFormat) -> Grid:
    grid = Grid(list(COLLECT_HEADERS), numeric=[1, 2, 3, 4])
    for t in result.tallies:
        grid.rows.append([t.unit, str(len(t.forms)), str(t.read), str(t.new), str(t.duplicates)])
    grid.title = f"汇总填报表：{len(result.forms)} 份，{len(result.tallies)} 个单位"
    return grid


def silent_text(result: Collected) -> str:
    """The units expected to report that sent nothing, as one line."""
    if not result.silent:
        return "应报送的单位都已报送\n"
    return f"未报送（{len(result.silent)} 个单位）：{'、'.join(result.silent)}\n"


def collected_json(result: Collected) -> dict[str, Any]:
    return {
        "ledger": result.ledger,
        "forms": result.forms,
        "new": len(result.new),
        "units": [
            {"unit": t.unit, "forms": sorted(t.forms), "read": t.read, "new": t.new,
             "duplicates": t.duplicates}
            for t in result.tallies
        ],
        "not_reported": result.silent,
        "records": [
            {"target": r.target, "date": r.date.isoformat(), "unit": r.unit, "value": r.value,
             "status": r.status, "year": r.year, "note": r.note, "source": r.source}
            for r in result.new
        ],
    }  # fmt: skip
