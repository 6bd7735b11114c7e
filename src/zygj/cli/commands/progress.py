"""`progress add`, `progress template`: one record appended; one unit's fill-in form."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import (
    DEFAULT_PROGRESS,
    ForceOption,
    PlanOption,
    WorkspaceOption,
    as_of_date,
    check_output,
    open_plan,
    open_workspace,
    parse_date,
    progress_app,
    reports_errors,
    write_file,
)
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_target, complete_unit
from zygj.core.diagnostics import UsageError, display_path
from zygj.core.models import STATUS_ALIASES
from zygj.core.plan import Plan
from zygj.rules.query import resolve_unit


@progress_app.command("template")
@reports_errors
def progress_template_command(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="填报单位（规范名称或简称）。",
            show_default=False,
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
            "--as-of",
            help="填报截至日期 YYYY-MM-DD：“每年”目标只列该年一行（次年 1 月 31 日前另列上一年度一行，供补报全年数）。",
            show_default=False,
        ),
    ] = None,
    owned_only: Annotated[
        bool, typer.Option("--owned-only", help="只列本单位负责的目标，不列配合的目标。")
    ] = False,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="报送时限 YYYY-MM-DD，写在填报表的表头和填写说明中；默认为方案 document.report_due 所定该填报周期的报送日，方案未写时留空待填。",
            show_default=False,
        ),
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

        portfolio.templates(
            workspace,
            unit,
            all_units,
            output,
            parse_date(as_of, "--as-of") if as_of else None,
            owned_only,
            parse_date(due, "--due") if due else None,
            force,
        )
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
    write_file(path, data)
    # An annual target may take two rows (its year and the year being backfilled): count targets.
    roles = {row.target.id: row.role for row in rows}
    owned = sum(1 for role in roles.values() if role == "owner")
    write_stdout(
        f"已生成 {shown}：{name} 的 {len(roles)} 个目标（负责 {owned} 个，配合 {len(roles) - owned} 个）\n"
        f"填好后读取：zygj report --progress {shown}\n"
    )


def _all_templates(
    plan: Plan,
    folder: Path | None,
    day: dt.date | None,
    owned_only: bool,
    force: bool,
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
        folder,
        [name for name, rows in rows_of.items() if rows],
        "填报表-{}.xlsx",
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成并用 -o 另起文件名",
    )
    for path in paths.values():
        check_output(path, force, (".xlsx",))
    forms = [
        (path, workbook_bytes(form_workbook(plan, rows_of[name], name, day, due)))
        for name, path in paths.items()
    ]
    with new_folder(folder):
        atomic_write_all(forms)
    write_stdout(f"已在 {shown} 生成 {len(forms)} 份填报表（每个填报单位一份）\n")
    if idle:
        write_stdout(
            f"没有需要填报的目标、未生成填报表的单位（{len(idle)} 个）：{'、'.join(idle)}\n"
        )
    write_stdout(f"收回后汇总：zygj collect {shown} -o progress.yaml\n")


def _unit_name(plan: Plan, written: str) -> str:
    known = plan.registry.reporter(written.strip())
    return known or written.strip()


@progress_app.command("add")
@reports_errors
def progress_add_command(
    target: Annotated[
        str,
        typer.Argument(
            help="目标编号：措施号.序号，如 3.1。",
            show_default=False,
            metavar="TARGET",
            autocompletion=complete_target,
        ),
    ],
    value: Annotated[
        float | None,
        typer.Option("--value", "-v", help="截至该日的累计数（百分比目标填 65 表示 65%）。"),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="填报单位，默认该目标的责任单位。", autocompletion=complete_unit
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="数值对应的日期，默认今天。")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="状态：not_started/in_progress/done 或 未启动/推进中/已完成。"
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="说明。")] = None,
    progress: Annotated[
        Path, typer.Option("--progress", "-p", help="要追加的 YAML 进度文件（不存在时新建）。")
    ] = DEFAULT_PROGRESS,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """向 YAML 进度文件追加一条记录，原有内容和注释一字不改；记录有误时不写入。"""
    from zygj.core.clock import today
    from zygj.core.diagnostics import display_path
    from zygj.files.atomic import atomic_write, check_writable, locked
    from zygj.files.reading import read_bytes
    from zygj.load.ledger import appended_file, checked_new_record
    from zygj.output.texts import STATUS_LABELS, number_text

    for option, text in (
        ("TARGET", target),
        ("--unit", unit),
        ("--status", status),
        ("--note", note),
    ):
        if text is not None and any("\ud800" <= char <= "\udfff" for char in text):
            # The shell passed bytes that are not UTF-8 (a GBK terminal, a pasted file name).
            raise UsageError(f"{option} 含有不是 UTF-8 编码的字节：请把终端设为 UTF-8 后重新输入")
    label = target
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # the record goes to its plan's own ledger
        from zygj.cli import workspace_views

        key, target, progress = workspace_views.ledger_for(
            workspace, target, progress, DEFAULT_PROGRESS
        )
        plan, label = workspace.plans[key], workspace.qualified(key, target)
    else:
        plan = open_plan(plan_dir)
    if progress.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError("progress add 只能追加到 YAML 进度文件（.yaml）", display_path(progress))
    day = parse_date(date, "--date") if date else today()
    if status is not None and status.strip() not in STATUS_ALIASES:
        raise UsageError(
            f"--status 应为 not_started、in_progress、done（或 未启动、推进中、已完成），实际为“{status}”"
        )
    if value is None and status is None:
        raise UsageError("请用 --value 给出累计数，或用 --status 给出状态")
    fields: dict[str, object] = {
        "target": target,
        "date": day,
        # Written under its canonical name; an undeclared unit is a rejected record
        # (exit 1, like an unknown target), not a usage error.
        "unit": _unit_name(plan, unit) if unit else None,
        "value": value,
        "status": STATUS_ALIASES[status.strip()] if status else None,
        "note": note,
    }
    # The record on its own and against the plan first, for a message about *it*.
    checked_new_record(fields, plan)
    shown = display_path(progress)
    check_writable(progress)  # a read-only file or a dangling link: said first
    with locked(progress):
        raw = read_bytes(progress, shown) if progress.exists() else None
        # The existing file is checked as it is, then the whole new text, before writing.
        data, ledger = appended_file(plan, shown, raw, fields)
        atomic_write(progress, data)
    added = ledger.records[-1]
    figure = number_text(added.value) or STATUS_LABELS.get(added.status or "", "")
    write_stdout(
        f"已追加到 {shown}：目标 {label}，{day.isoformat()}，{added.unit}，{figure}"
        f"（共 {len(ledger.records)} 条记录）\n"
    )
