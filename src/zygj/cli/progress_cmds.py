"""`targets`, `report`, `progress add`: what is due, what is done, who is behind."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import (
    DEFAULT_PROGRESS,
    TABLE,
    AnyFormat,
    AsOfOption,
    ForceOption,
    FormatOption,
    PlanKeyOption,
    PlanOption,
    ProgressOption,
    WideOption,
    WorkspaceOption,
    app,
    as_of_date,
    check_output,
    open_plan,
    open_workspace,
    options_for,
    parse_date,
    progress_app,
    reports_errors,
    show,
    since_date,
)
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_target, complete_unit
from zygj.core.diagnostics import UsageError
from zygj.core.models import STATUS_ALIASES
from zygj.core.plan import Plan
from zygj.output.formats import FORMATS, Format, report_help
from zygj.rules.query import resolve_unit

# The progress reader and the completion engine (and, through them, Pydantic and
# the YAML parser) are imported by the commands that use them: registering
# these commands must cost nothing to `zygj measures`.


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


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="上次通报的日期 YYYY-MM-DD：同时给出该日的实际数和状态、本期变化（新完成、新逾期、转为滞后）"
        "和期间报送的单位；未报送单位按此日之后计。",
        show_default=False,
    ),
]


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
        typer.Option("--status", help="按状态筛选：done、done_late、in_progress、not_started、overdue、soft_missed（未达到力争目标）、behind（滞后）。"),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u",
            help="只列出该单位负责的目标，以及它作为牵头或责任单位参与的措施中的目标（配合填报）。",
            autocompletion=complete_unit,
        ),
    ] = None,
    owned_only: Annotated[
        bool, typer.Option("--owned-only", help="与 --unit 同用：只列出该单位负责的目标。")
    ] = False,
    measure: Annotated[int | None, typer.Option("--measure", "-m", help="只列出某项措施的目标。")] = None,
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
            workspace, overdue=overdue, due_within=due_within, status=status.value if status else None,
            unit=unit, owned_only=owned_only, measure=measure, as_of=as_of, since=since,
            progress=progress, fmt=fmt, wide=wide,
        )  # fmt: skip
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
    wanted = TargetFilter(day, overdue, due_within, horizon_of(day, due_within),
                          status.value if status else None, owner, owned_only, measure)  # fmt: skip
    chosen = select_results(plan, results, wanted)
    grid = results_grid(chosen, FORMATS[fmt.value].coloured)
    grid.title = f"目标完成情况（截至 {day.isoformat()}）：{len(chosen)} 项"
    if not chosen:
        grid.caption = "没有符合条件的目标"
    elif ledger is None:
        grid.caption = "（没有进度文件：用 --progress 指定，或在当前目录放 progress.yaml；目前均按未填报计）"
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


class ReportBy(StrEnum):
    section = "section"
    unit = "unit"
    measure = "measure"
    reporter = "reporter"



def check_report_output(path: Path, force: bool, chosen: Format, explicit: bool) -> None:
    """`report -o`: the file's suffix must suit the format; a 台账 is `zygj export`'s."""
    from zygj.core.diagnostics import display_path
    from zygj.output.formats import by_suffix, known_suffixes_text

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".et"):
        raise UsageError(
            "report 不生成 Excel 文件：台账请用 zygj export -o 文件.xlsx 导出", display_path(path)
        )
    if not explicit and by_suffix(suffix) is None:
        raise UsageError(
            f"无法从后缀判断输出格式：请用 {known_suffixes_text()} 结尾，或用 --format 指定",
            display_path(path),
        )
    check_output(path, force, chosen.suffixes)


@app.command("report")
@reports_errors
def report_command(
    by: Annotated[
        ReportBy | None,
        typer.Option("--by", help="按 section（部分）、unit（牵头单位）、measure（措施）汇总，"
                     "或 reporter（各填报单位排名）；默认部分和牵头单位都列。"),
    ] = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    progress: ProgressOption = None,
    fmt: Annotated[
        AnyFormat | None, typer.Option("--format", "-f", help=report_help(), show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o",
            help="写入该文件（UTF-8；已存在时须加 --force），不输出到屏幕；html 不给 -o 时网页输出到屏幕。",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    wide: WideOption = False,
    written: Annotated[
        str | None,
        typer.Option("--date", help="docx 通报的成文日期（也是印发日期）YYYY-MM-DD；默认 --as-of 的日期。",
                     show_default=False),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option("--number", help="docx 通报的发文字号或期号中的序号（方案 office.number 的 {n}）；"
                     "不给时留空，盖章前手写。", min=1, max=99999, show_default=False),
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option("--text", help="docx 通报中本单位自己写的段落：UTF-8 文本，以“## 主要成效”等小节标题分节"
                     "（总体情况、本期变化、主要成效、存在问题、下一步工作要求），段落之间空一行。",
                     show_default=False),
    ] = None,
    charts: Annotated[
        bool,
        typer.Option("--charts", help="网页通报附按季度的完成情况和每个目标的进度曲线（实际数与序时进度）。"),
    ] = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
    plan_key: PlanKeyOption = None,
) -> None:
    """完成情况报告：按部分、牵头单位汇总的完成度（进度条）和总体完成情况；可输出为自包含网页。"""
    from zygj.core.diagnostics import display_path
    from zygj.files.atomic import atomic_write
    from zygj.output.formats import choose
    from zygj.output.progress_report import report_sentence
    from zygj.rules.report import build_report

    chosen = choose(fmt.value if fmt is not None else None, output)
    if chosen.name != "docx":
        given = [name for name, value in (("--date", written), ("--number", number), ("--text", text))
                 if value is not None]  # fmt: skip
        if given:
            raise UsageError(f"{'、'.join(given)} 只用于公文格式的通报（-o 通报.docx）")
    if charts and chosen.name != "html":
        raise UsageError("--charts 只用于网页通报（-o 通报.html 或 -f html）")
    if not chosen.to_terminal and output is None:
        raise UsageError(f"{chosen.name} 通报须用 -o 给出文件名，如 -o 通报{chosen.suffixes[0]}")
    if output is not None:
        check_report_output(output, force, chosen, explicit=fmt is not None)
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # every plan of the workspace (or one, --plan-key): cli/portfolio.py
        from zygj.cli import portfolio

        portfolio.no_progress_option(progress)
        if by is not None and plan_key is None:
            raise UsageError("工作区的通报按方案和单位汇总，不用 --by；一个方案的分组请加 --plan-key 简称")
        day = as_of_date(as_of)
        docx = (parse_date(written, "--date") if written else None, number, text)
        portfolio.report(workspace, plan_key, [by.value] if by else ["section", "unit"], day,
                         since_date(since, day), fmt.value if fmt else None, output, force, wide, docx)  # fmt: skip
        return
    if plan_key is not None:
        raise UsageError("--plan-key 只用于工作区（--workspace）")
    plan = open_plan(plan_dir)
    groupings = [by.value] if by else ["section", "unit"]
    day = as_of_date(as_of)
    report = build_report(plan, progress, day, groupings, since_date(since, day), charts=charts)
    rendered: str | bytes
    if chosen.name == "docx":
        from zygj.load.office_text import read_office_text
        from zygj.output.gongwen import GongwenOptions, gongwen_report

        rendered = gongwen_report(report, GongwenOptions(
            parse_date(written, "--date") if written else None, number,
            read_office_text(text) if text is not None else {},
        ))  # fmt: skip
    else:
        rendered = chosen.render(report, options_for(chosen, wide, to_file=output is not None))
    if output is None:
        assert isinstance(rendered, str)  # a binary format needs -o (checked above)
        write_stdout(rendered)
        return
    atomic_write(output, rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
    write_stdout(report_sentence(report, chosen.name, display_path(output)))


def _unit_name(plan: Plan, written: str) -> str:
    known = plan.registry.reporter(written.strip())
    return known or written.strip()


@progress_app.command("add")
@reports_errors
def progress_add_command(
    target: Annotated[
        str,
        typer.Argument(
            help="目标编号：措施号.序号，如 3.1。", show_default=False, metavar="TARGET",
            autocompletion=complete_target,
        ),
    ],
    value: Annotated[
        float | None, typer.Option("--value", "-v", help="截至该日的累计数（百分比目标填 65 表示 65%）。")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="填报单位，默认该目标的责任单位。", autocompletion=complete_unit
        ),
    ] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="数值对应的日期，默认今天。")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="状态：not_started/in_progress/done 或 未启动/推进中/已完成。")
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

    for option, text in (("TARGET", target), ("--unit", unit), ("--status", status), ("--note", note)):
        if text is not None and any("\ud800" <= char <= "\udfff" for char in text):
            # The shell passed bytes that are not UTF-8 (a GBK terminal, a pasted file name).
            raise UsageError(f"{option} 含有不是 UTF-8 编码的字节：请把终端设为 UTF-8 后重新输入")
    label = target
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # the record goes to its plan's own ledger
        from zygj.cli import workspace_views

        key, target, progress = workspace_views.ledger_for(workspace, target, progress, DEFAULT_PROGRESS)
        plan, label = workspace.plans[key], workspace.qualified(key, target)
    else:
        plan = open_plan(plan_dir)
    if progress.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError("progress add 只能追加到 YAML 进度文件（.yaml）", display_path(progress))
    day = parse_date(date, "--date") if date else today()
    if status is not None and status.strip() not in STATUS_ALIASES:
        raise UsageError(f"--status 应为 not_started、in_progress、done（或 未启动、推进中、已完成），实际为“{status}”")
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
