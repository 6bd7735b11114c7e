"""`targets`: each target's state on a day, filtered."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from typing import Annotated

import typer

from zygj.cli.app import (
    TABLE,
    AsOfOption,
    FormatOption,
    PlanOption,
    ProgressOption,
    SinceOption,
    WideOption,
    WorkspaceOption,
    app,
    as_of_date,
    open_plan,
    open_workspace,
    reports_errors,
    show,
    since_date,
)
from zygj.cli.tab_complete import complete_unit
from zygj.core.diagnostics import UsageError
from zygj.output.formats import FORMATS
from zygj.rules.query import resolve_unit


class StatusChoice(StrEnum):
    done = "done"
    done_late = "done_late"
    in_progress = "in_progress"
    not_started = "not_started"
    overdue = "overdue"
    soft_missed = "soft_missed"
    behind = "behind"


#: A hundred years: any longer --due-within means every target.
_MAX_DAYS = 36500


@app.command("targets")
@reports_errors
def targets_command(
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出逾期未完成的目标。")] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", help="只列出 N 天内（含今天）到期且未完成的目标。", min=0),
    ] = None,
    status: Annotated[
        StatusChoice | None,
        typer.Option(
            "--status",
            help="按状态筛选：done、done_late、in_progress、not_started、overdue、soft_missed（未达到力争目标）、behind（滞后）。",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只列出该单位负责的目标，以及它作为牵头或责任单位参与的措施中的目标（配合填报）。",
            autocompletion=complete_unit,
        ),
    ] = None,
    owned_only: Annotated[
        bool, typer.Option("--owned-only", help="与 --unit 同用：只列出该单位负责的目标。")
    ] = False,
    measure: Annotated[
        int | None, typer.Option("--measure", "-m", help="只列出某项措施的目标。")
    ] = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    progress: ProgressOption = None,
    fmt: FormatOption = TABLE,
    wide: WideOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """列出目标及其完成情况：截止日期、实际数、完成度、状态和红黄绿灯。"""
    from zygj.output.progress_report import comparison_json, result_json, results_grid
    from zygj.rules.report import build_report
    from zygj.rules.target_filters import TargetFilter, horizon_of, select_results

    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:
        from zygj.cli import workspace_views

        if due_within is not None and due_within > _MAX_DAYS:
            raise UsageError(f"--due-within 应为 0 到 {_MAX_DAYS} 之间的天数，实际为 {due_within}")
        return workspace_views.targets(
            workspace,
            overdue=overdue,
            due_within=due_within,
            status=status.value if status else None,
            unit=unit,
            owned_only=owned_only,
            measure=measure,
            as_of=as_of,
            since=since,
            progress=progress,
            fmt=fmt,
            wide=wide,
        )
    plan = open_plan(plan_dir)
    day = as_of_date(as_of)
    owner = resolve_unit(plan, unit).name if unit else None
    if measure is not None and plan.measure(measure) is None:
        raise UsageError(f"没有第 {measure} 项措施（本方案共 {len(plan.measures)} 项）")
    if due_within is not None and due_within > _MAX_DAYS:
        raise UsageError(f"--due-within 应为 0 到 {_MAX_DAYS} 之间的天数，实际为 {due_within}")
    # One read of the progress files serves both dates (build_report evaluates the
    # ledger as of --as-of and, with --since, as of the last 通报).
    report = build_report(plan, progress, day, [], since_date(since, day))
    results, ledger, since_day = report.results, report.ledger, report.since
    compared = {id(change.now): change for change in report.compared}
    wanted = TargetFilter(
        day,
        overdue,
        due_within,
        horizon_of(day, due_within),
        status.value if status else None,
        owner,
        owned_only,
        measure,
    )
    chosen = select_results(plan, results, wanted)
    grid = results_grid(chosen, FORMATS[fmt.value].coloured)
    grid.title = f"目标完成情况（截至 {day.isoformat()}）：{len(chosen)} 项"
    if not chosen:
        grid.caption = "没有符合条件的目标"
    elif ledger is None:
        grid.caption = (
            "（没有进度文件：用 --progress 指定，或在当前目录放 progress.yaml；目前均按未填报计）"
        )
    rows = [result_json(r) for r in chosen]
    if since_day is not None:
        changes = [compared[id(result)] for result in chosen]
        for row, change in zip(rows, changes, strict=True):
            row.update(comparison_json(change))
        grid.title += f"（与 {since_day.isoformat()} 相比）"
        grid.headers.append("状态变化")
        for cells, change in zip(grid.rows, changes, strict=True):
            cells.append(change.transition or "")
    show(fmt, grid, rows, wide)
