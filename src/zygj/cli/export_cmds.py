"""`export`, `progress template`, `schema`: the 台账 workbook, fill-in forms, editor schemas."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

import datetime as dt
from enum import StrEnum
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
    parse_date,
    progress_app,
    reports_errors,
)
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_unit
from zygj.core.diagnostics import UsageError, display_path
from zygj.core.plan import Plan
from zygj.rules.query import resolve_unit


def _write(path: Path, data: bytes) -> None:
    from zygj.files.atomic import atomic_write

    atomic_write(path, data)


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
    _write(path, workbook_bytes(workbook))
    source = f"进度文件 {ledger.sources_text}" if ledger else "尚无进度文件"
    write_stdout(
        f"已导出 {shown}（截至 {day.isoformat()}，{source}）：工作措施 {len(plan.measures)} 项，"
        f"目标 {len(results)} 项，进度记录 {len(ledger.records) if ledger else 0} 条，"
        f"责任矩阵 {len(plan.units_file.units)} 个单位\n"
    )


@progress_app.command("template")
@reports_errors
def progress_template_command(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="填报单位（规范名称或简称）。", show_default=False,
            autocompletion=complete_unit,
        ),
    ] = None,
    all_units: Annotated[
        bool,
        typer.Option("--all", help="为每个需要填报的单位各生成一份填报表，写入 -o 指定的文件夹。"),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="填报表文件：.xlsx（带下拉列表和填报说明）或 .csv；"
            "默认当前目录的 填报表-<单位>.xlsx。",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="填报截至日期 YYYY-MM-DD：“每年”目标只列该年一行（次年 1 月 31 日前另列上一年度一行，供补报全年数）。", show_default=False
        ),
    ] = None,
    owned_only: Annotated[
        bool, typer.Option("--owned-only", help="只列本单位负责的目标，不列配合的目标。")
    ] = False,
    due: Annotated[
        str | None,
        typer.Option("--due", help="报送时限 YYYY-MM-DD，写在填报表的表头和填写说明中；默认为方案 document.report_due 所定该填报周期的报送日，方案未写时留空待填。",
                     show_default=False),
    ] = None,
    force: ForceOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """生成某单位的进度填报表（.xlsx 或 .csv），填好后可直接用 --progress 读取。"""
    from zygj.output.forms import form_csv, form_workbook
    from zygj.output.workbook import workbook_bytes
    from zygj.rules.forms import form_rows
    from zygj.rules.obligations import open_years
    from zygj.rules.periods import stated_due

    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # one workbook per unit, a sheet per plan: cli/portfolio.py
        from zygj.cli import portfolio

        portfolio.templates(workspace, unit, all_units, output, parse_date(as_of, "--as-of") if as_of else None,
                            owned_only, parse_date(due, "--due") if due else None, force)  # fmt: skip
        return
    plan = open_plan(plan_dir)
    day = parse_date(as_of, "--as-of") if as_of else None
    due_day = parse_date(due, "--due") if due else stated_due(plan, day or as_of_date(None))
    if all_units:
        if unit is not None:
            raise UsageError("--all 与 --unit 不能同时使用")
        _all_templates(plan, output, day, owned_only, force, due_day)
        return
    if unit is None:
        raise UsageError("请用 --unit 指定填报单位，或用 --all 为全部单位生成填报表")
    name = resolve_unit(plan, unit).name
    if output is not None:
        path = output
    else:
        from zygj.files.names import unit_files

        path = unit_files(Path(), [name], "填报表-{}.xlsx", "请用 -o 另起一个较短的文件名")[name]
    shown = check_output(path, force, (".xlsx", ".csv"))
    rows = form_rows(plan, name, owned_only, open_years(plan, day) if day else None)
    if not rows:
        raise UsageError(
            f"{name} 没有需要填报的目标"
            + ("（不含配合的目标）" if owned_only else "")
            + f"（zygj measures --unit {name} 可查看其承担的措施）"
        )
    if path.suffix.lower() == ".csv":
        data = form_csv(rows, name, day).encode("utf-8")
    else:
        data = workbook_bytes(form_workbook(plan, rows, name, day, due_day))
    _write(path, data)
    # An annual target may take two rows (its year and the year being backfilled): count targets.
    roles = {row.target.id: row.role for row in rows}
    owned = sum(1 for role in roles.values() if role == "owner")
    write_stdout(
        f"已生成 {shown}：{name} 的 {len(roles)} 个目标（负责 {owned} 个，配合 {len(roles) - owned} 个）\n"
        f"填好后读取：zygj report --progress {shown}\n"
    )


def _all_templates(
    plan: Plan, folder: Path | None, day: dt.date | None, owned_only: bool, force: bool,
    due: dt.date | None = None,
) -> None:
    """One .xlsx form per reporting unit in ``folder``, named after the unit."""
    from zygj.output.forms import form_workbook
    from zygj.output.workbook import workbook_bytes
    from zygj.rules.forms import form_rows
    from zygj.rules.obligations import open_years

    if folder is None:
        raise UsageError("--all 需要用 -o 指定存放填报表的文件夹")
    shown = display_path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError("--all 的 -o 应为文件夹", shown)
    from zygj.files.atomic import atomic_write_all, new_folder
    from zygj.files.names import unit_files

    years = open_years(plan, day) if day else None
    rows_of = {u.name: form_rows(plan, u.name, owned_only, years) for u in plan.units_file.units}
    idle = [name for name, rows in rows_of.items() if not rows]
    paths = unit_files(
        folder, [name for name, rows in rows_of.items() if rows], "填报表-{}.xlsx",
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成并用 -o 另起文件名",
    )
    for path in paths.values():
        check_output(path, force, (".xlsx",))
    forms = [(path, workbook_bytes(form_workbook(plan, rows_of[name], name, day, due))) for name, path in paths.items()]
    with new_folder(folder):
        atomic_write_all(forms)
    write_stdout(f"已在 {shown} 生成 {len(forms)} 份填报表（每个填报单位一份）\n")
    if idle:
        write_stdout(f"没有需要填报的目标、未生成填报表的单位（{len(idle)} 个）：{'、'.join(idle)}\n")
    write_stdout(f"收回后汇总：zygj collect {shown} -o progress.yaml\n")


class SchemaKind(StrEnum):
    units = "units"
    measures = "measures"
    targets = "targets"
    progress = "progress"
    workspace = "workspace"


@app.command("schema")
@reports_errors
def schema_command(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="哪种文件：units、measures、targets、progress 或 workspace（工作区的 workspace.yaml）。",
            show_default=False, metavar="KIND",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="写入文件（UTF-8；已存在时须加 --force），默认输出到屏幕。",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """输出某种文件的 JSON Schema，供编辑器（如 VS Code 的 YAML 扩展）补全和检查。"""
    import json

    from zygj.output.schemas import json_schema

    text = json.dumps(json_schema(kind.value), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        write_stdout(text)
        return
    check_output(output, force, (".json",))
    _write(output, text.encode("utf-8"))
    write_stdout(f"已写入 {display_path(output)}\n")
