"""`export`: the 台账 workbook, and the fill-in forms of every unit."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import (
    AsOfOption,
    ForceOption,
    PlanOption,
    ProgressOption,
    WorkspaceOption,
    app,
    as_of_date,
    check_output,
    open_plan,
    open_workspace,
    reports_errors,
    write_file,
)
from zygj.cli.console import write_stdout


@app.command("export")
@reports_errors
def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="导出的工作簿（.xlsx），默认当前目录的 台账-<截止日期>.xlsx。",
            show_default=False,
        ),
    ] = None,
    progress: ProgressOption = None,
    as_of: AsOfOption = None,
    force: ForceOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """导出台账工作簿（.xlsx）：工作措施、目标（红黄绿灯）、进度记录、责任矩阵，可直接打印。"""
    from zygj.output.workbook import ledger_workbook, workbook_bytes
    from zygj.rules.query import unit_loads
    from zygj.rules.report import results_for

    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # a workbook is one plan's 台账: never the bundled plan by mistake
        from zygj.cli import workspace_views

        raise workspace_views.needs_one_plan(workspace, "export 导出一个方案的台账工作簿")
    plan = open_plan(plan_dir)
    day = as_of_date(as_of)
    path = output if output is not None else Path(f"台账-{day.isoformat()}.xlsx")
    shown = check_output(path, force, (".xlsx",))
    results, ledger = results_for(plan, progress, day)
    workbook = ledger_workbook(plan, results, ledger, day, unit_loads(plan))
    from zygj.output.timeliness import timeliness_sheet
    from zygj.rules.timeliness import timeliness_beside

    signed = timeliness_beside(plan, progress, ledger.records if ledger else [], day)
    if signed is not None and signed.periods:  # a sheet only where 签收 is kept
        timeliness_sheet(workbook, signed)
    write_file(path, workbook_bytes(workbook))
    source = f"进度文件 {ledger.sources_text}" if ledger else "尚无进度文件"
    write_stdout(
        f"已导出 {shown}（截至 {day.isoformat()}，{source}）：工作措施 {len(plan.measures)} 项，"
        f"目标 {len(results)} 项，进度记录 {len(ledger.records) if ledger else 0} 条，"
        f"责任矩阵 {len(plan.units_file.units)} 个单位\n"
    )
