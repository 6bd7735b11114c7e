"""`evidence`: a target's 佐证材料, each file checked against its hash."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from typing import Annotated

import typer

from zygj.cli.app import (
    DEFAULT_PROGRESS,
    TABLE,
    FormatOption,
    LedgerOption,
    PlanOption,
    app,
    open_plan,
    reports_errors,
    show,
)
from zygj.core.diagnostics import UsageError


@app.command("evidence")
@reports_errors
def evidence_command(
    target: Annotated[
        str, typer.Argument(help="目标编号，如 1.1。", show_default=False, metavar="TARGET")
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="只列该单位的佐证材料。", show_default=False)
    ] = None,
    progress: LedgerOption = DEFAULT_PROGRESS,
    fmt: FormatOption = TABLE,
    plan_dir: PlanOption = None,
) -> None:
    """列出一个目标的佐证材料：哪个单位、哪条记录附的，存放在佐证库何处，是否完好。"""
    from zygj.load.ledger import load_checked_progress
    from zygj.output.evidence_table import evidence_grid, evidence_json
    from zygj.rules.evidence import evidence_rows
    from zygj.rules.query import resolve_unit

    plan = open_plan(plan_dir)
    if not any(t.id == target.strip() for t in plan.targets):
        raise UsageError(f"目标“{target}”不存在（zygj targets 可列出全部目标）")
    chosen = resolve_unit(plan, unit).name if unit else None
    ledger = load_checked_progress(plan, progress)
    rows = evidence_rows(ledger.records, target.strip(), chosen)
    show(fmt, evidence_grid(target.strip(), rows), evidence_json(rows))
    if any(row.problem for row in rows):
        raise typer.Exit(1)
