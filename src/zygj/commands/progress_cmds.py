"""`targets`, `report`, `progress add`: what is due, what is done, who is behind."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zygj.cli import (
    ForceOption,
    FormatOption,
    PlanOption,
    app,
    check_output,
    open_plan,
    reports_errors,
)
from zygj.console import write_stdout
from zygj.diagnostics import UsageError
from zygj.models import STATUS_ALIASES, Target
from zygj.plan import Plan
from zygj.query import resolve_unit, target_role
from zygj.render import Grid, OutputFormat, emit
from zygj.shell_complete import complete_target, complete_unit

if TYPE_CHECKING:
    # The progress reader and the completion engine (and, through them, Pydantic and
    # the YAML parser) are imported by the commands that use them: registering
    # these commands must cost nothing to `zygj measures`.
    from zygj.completion import GroupSummary, Result
    from zygj.progress import Ledger

#: Same as zygj.progress.DEFAULT_PROGRESS (the option's default is needed at import time).
DEFAULT_PROGRESS = Path("progress.yaml")

CHINA = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has had no DST since 1991

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="统计截止日期 YYYY-MM-DD，默认今天（北京时间）。", show_default=False),
]
ProgressOption = Annotated[
    Path | None,
    typer.Option(
        "--progress", "-p",
        help="进度文件（.yaml、.csv 或 .xlsx）；默认当前目录的 progress.yaml（存在时）。",
        show_default=False,
    ),
]  # fmt: skip


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} 应为日期 YYYY-MM-DD（如 2021-01-01），实际为“{text}”") from None


def load_ledger(plan: Plan, option: Path | None) -> "Ledger | None":
    from zygj.progress import default_progress_path, load_progress

    path = default_progress_path(option)
    return load_progress(plan, path) if path is not None else None


def results_for(plan: Plan, progress: Path | None, as_of: dt.date) -> "tuple[list[Result], Ledger | None]":
    from zygj.completion import evaluate_all

    ledger = load_ledger(plan, progress)
    return evaluate_all(plan, ledger.records if ledger else [], as_of), ledger


def figure_text(target: Target) -> str:
    unit = target.unit_of_measure or ""
    if target.op == "ge":
        return f"≥{target.value:g}{unit}"
    if target.op == "gt":
        return f">{target.value:g}{unit}"
    if target.op == "range":
        return f"{target.min:g}—{target.max:g}{unit}"
    if target.op == "approx":
        return f"约{target.value:g}{unit}"
    return "定性"


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def percent_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def result_json(result: "Result") -> dict[str, Any]:
    instance = result.instance
    target = instance.target
    return {
        "id": target.id,
        "measure": target.measure,
        "title": target.title,
        "op": target.op,
        "value": target.value if target.op in ("ge", "gt", "approx") else None,
        "min": target.min if target.op == "range" else None,
        "max": target.max if target.op == "range" else None,
        "unit_of_measure": target.unit_of_measure,
        "deadline": instance.deadline.isoformat(),
        "year": instance.year,
        "annual": target.annual,
        "soft": target.soft,
        "owner": instance.owner,
        "actual": result.actual,
        "completion": None if result.completion is None else round(result.completion, 4),
        "elapsed": round(result.elapsed, 4),
        "status": result.status,
        "behind": result.behind,
        "light": result.light,
        "met_on": result.met_on.isoformat() if result.met_on else None,
        "last_report": result.last_report.isoformat() if result.last_report else None,
    }


def status_cell(result: "Result") -> str:
    from zygj.completion import STATUS_LABELS

    text = STATUS_LABELS[result.status]
    return text + "（滞后）" if result.behind else text


def light_cell(result: "Result", fmt: OutputFormat) -> str:
    from zygj.completion import LIGHT_LABELS

    if fmt is OutputFormat.table:
        # The light names are rich colour names too.
        return f"[{result.light}]●[/{result.light}]{LIGHT_LABELS[result.light][0]}"
    return LIGHT_LABELS[result.light]


def results_grid(results: "list[Result]", fmt: OutputFormat) -> Grid:
    grid = Grid(
        ["灯", "编号", "状态", "目标", "指标", "截止日期", "实际", "完成度", "责任单位"],
        numeric=[6, 7], wide=[3],
    )  # fmt: skip
    grid.markup = fmt is OutputFormat.table
    for result in results:
        instance = result.instance
        target = instance.target
        title = target.title + ("（力争）" if target.soft else "")
        grid.rows.append(
            [
                light_cell(result, fmt), instance.label, status_cell(result),
                _escape(title, fmt), figure_text(target), instance.deadline.isoformat(),
                number_text(result.actual), percent_text(result.completion), instance.owner or "",
            ]
        )  # fmt: skip
    return grid


def _escape(text: str, fmt: OutputFormat) -> str:
    if fmt is OutputFormat.table:
        from rich.markup import escape

        return escape(text)
    return text


class StatusChoice(StrEnum):
    done = "done"
    done_late = "done_late"
    in_progress = "in_progress"
    not_started = "not_started"
    overdue = "overdue"
    behind = "behind"


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
        typer.Option("--status", help="按状态筛选：done、done_late、in_progress、not_started、overdue、behind（滞后）。"),
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
    progress: ProgressOption = None,
    fmt: FormatOption = OutputFormat.table,
    plan_dir: PlanOption = None,
) -> None:
    """列出目标及其完成情况：截止日期、实际数、完成度、状态和红黄绿灯。"""
    plan = open_plan(plan_dir)
    day = parse_date(as_of, "--as-of") if as_of else today()
    owner = resolve_unit(plan, unit).name if unit else None
    if measure is not None and plan.measure(measure) is None:
        raise UsageError(f"没有第 {measure} 项措施（本方案共 {len(plan.measures)} 项）")
    results, ledger = results_for(plan, progress, day)
    chosen = []
    for result in results:
        instance = result.instance
        if overdue and result.status != "overdue":
            continue
        if due_within is not None and not (
            result.status in ("in_progress", "not_started")
            and day <= instance.deadline <= day + dt.timedelta(days=due_within)
        ):
            continue
        if status is not None:
            if status is StatusChoice.behind:
                if not result.behind:
                    continue
            elif result.status != status.value:
                continue
        if owner is not None:
            standing = target_role(plan, instance.target, owner)
            if standing is None or (owned_only and standing != "owner"):
                continue
        if measure is not None and instance.target.measure != measure:
            continue
        chosen.append(result)
    grid = results_grid(chosen, fmt)
    grid.title = f"目标完成情况（截至 {day.isoformat()}）：{len(chosen)} 项"
    if not chosen:
        grid.caption = "没有符合条件的目标"
    elif ledger is None:
        grid.caption = "（没有进度文件：用 --progress 指定，或在当前目录放 progress.yaml；目前均按未填报计）"
    emit(grid, fmt, [result_json(r) for r in chosen])


class ReportBy(StrEnum):
    section = "section"
    unit = "unit"
    measure = "measure"


_BY_LABELS = {"section": "部分", "unit": "牵头单位", "measure": "措施"}


def bar(share: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def summary_json(summary: "GroupSummary") -> dict[str, Any]:
    return {
        "key": summary.key,
        "label": summary.label,
        "total": summary.total,
        "done": summary.done,
        "done_late": summary.done_late,
        "in_progress": summary.in_progress,
        "not_started": summary.not_started,
        "overdue": summary.overdue,
        "behind": summary.behind,
        "completion": round(summary.completion, 4),
        "done_share": round(summary.done_share, 4),
    }


def _summary_cells(s: "GroupSummary") -> list[str]:
    """目标数, 已完成, 逾期完成, 推进中, 未启动, 逾期, 滞后, 完成度 of one group."""
    counts = (s.total, s.done, s.done_late, s.in_progress, s.not_started, s.overdue, s.behind)
    return [*map(str, counts), percent_text(s.completion)]


def summary_grid(by: str, summaries: "list[GroupSummary]", fmt: OutputFormat) -> Grid:
    grid = Grid(
        [_BY_LABELS[by], "目标数", "已完成", "逾期完成", "推进中", "未启动", "逾期", "滞后", "完成度", ""],
        numeric=[1, 2, 3, 4, 5, 6, 7, 8],
    )  # fmt: skip
    grid.markup = fmt is OutputFormat.table
    for s in summaries:
        shown_bar = bar(s.completion)
        if fmt is OutputFormat.table:
            shown_bar = f"[{s.light}]{shown_bar}[/{s.light}]"
        grid.rows.append(
            [s.label, *_summary_cells(s), shown_bar]
        )  # fmt: skip
    return grid


def build_report(plan: Plan, results: "list[Result]", groupings: list[str]) -> dict[str, Any]:
    from zygj.completion import group_by, summarize

    return {
        "overall": summarize("all", "全部", results),
        **{by: group_by(plan, results, by) for by in groupings},
    }


class ReportFormat(StrEnum):
    """`report`'s own formats: the shared ones and a self-contained web page."""

    table = "table"
    plain = "plain"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"


_SUFFIX_FORMATS = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
    ".csv": ReportFormat.csv,
    ".json": ReportFormat.json,
    ".txt": ReportFormat.plain,
}


def report_format(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """The format asked for; without one, the output file's suffix decides, else table."""
    if fmt is not None:
        return fmt
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), ReportFormat.table)
    return ReportFormat.table


def report_csv_grid(report: dict[str, Any], groupings: list[str]) -> Grid:
    """One CSV table (a spreadsheet holds one): the overall row, then every group."""
    grid = Grid(["汇总方式", "名称", "目标数", "已完成", "逾期完成", "推进中", "未启动", "逾期", "滞后", "完成度"])
    rows: list[tuple[str, GroupSummary]] = [("总体", report["overall"])]
    for grouping in groupings:
        rows += [(_BY_LABELS[grouping], s) for s in report[grouping]]
    for by_label, s in rows:
        grid.rows.append(
            [by_label, s.label, *_summary_cells(s)]
        )  # fmt: skip
    return grid


def _source_text(ledger: "Ledger | None") -> str:
    return f"进度文件 {ledger.path}（{len(ledger.records)} 条记录）" if ledger else "尚无进度文件"


def print_report(
    plan: Plan, day: dt.date, results: "list[Result]", ledger: "Ledger | None",
    groupings: list[str], report: dict[str, Any], fmt: OutputFormat,
) -> None:  # fmt: skip
    """The report on stdout in one of the shared formats."""
    overall: GroupSummary = report["overall"]
    if fmt is OutputFormat.json:
        data: dict[str, Any] = {
            "as_of": day.isoformat(),
            "document": plan.measures_file.document.number,
            "progress": ledger.path if ledger else None,
            "records": len(ledger.records) if ledger else 0,
            "overall": summary_json(overall),
        }
        for grouping in groupings:
            data[f"by_{grouping}"] = [summary_json(s) for s in report[grouping]]
        data["targets"] = [result_json(r) for r in results]
        emit(Grid([]), fmt, data)
        return
    if fmt is OutputFormat.csv:
        emit(report_csv_grid(report, groupings), fmt, None)
        return
    markdown = fmt is OutputFormat.markdown
    number = plan.measures_file.document.number
    figures = (
        f"总体：{overall.total} 个目标，已完成 {overall.done + overall.done_late}"
        f"（其中逾期完成 {overall.done_late}），逾期 {overall.overdue}，滞后 {overall.behind}，"
        f"完成度 {percent_text(overall.completion)} {bar(overall.completion)}"
    )
    if markdown:
        write_stdout(f"# {number} 完成情况（截至 {day.isoformat()}）\n\n{_source_text(ledger)}\n\n{figures}\n\n")
    else:
        write_stdout(f"{number} 完成情况（截至 {day.isoformat()}，{_source_text(ledger)}）\n{figures}\n\n")
    sections: list[tuple[str, Grid]] = []
    for grouping in groupings:
        sections.append((f"按{_BY_LABELS[grouping]}", summary_grid(grouping, report[grouping], fmt)))
    attention = [r for r in results if r.status == "overdue" or r.behind]
    if attention:
        title = f"需关注：逾期 {sum(r.status == 'overdue' for r in attention)} 项，滞后 {sum(r.behind for r in attention)} 项"
        sections.append((title, results_grid(attention, fmt)))
    for index, (title, grid) in enumerate(sections):
        if markdown:
            write_stdout(f"## {title}\n\n")
        else:
            grid.title = title
        emit(grid, fmt, None)
        if index < len(sections) - 1:
            write_stdout("\n")


def html_page(
    plan: Plan, day: dt.date, results: "list[Result]", ledger: "Ledger | None",
    groupings: list[str], report: dict[str, Any],
) -> str:  # fmt: skip
    from zygj.html_report import Chart, render_report

    document = plan.measures_file.document
    return render_report(
        number=document.number,
        title=document.plan_title or document.title,
        as_of=day,
        source=_source_text(ledger),
        overall=report["overall"],
        charts=[Chart(f"按{_BY_LABELS[g]}", report[g]) for g in groupings],
        results=results,
        figure=figure_text,
    )


def _captured(write: Any) -> str:
    """What ``write()`` prints on stdout, as text (for -o)."""
    import contextlib
    import io

    from zygj.console import reset_consoles

    buffer = io.StringIO()
    reset_consoles()  # a console made now writes to the buffer, uncoloured, 160 wide
    try:
        with contextlib.redirect_stdout(buffer):
            write()
    finally:
        reset_consoles()
    return buffer.getvalue()


@app.command("report")
@reports_errors
def report_command(
    by: Annotated[
        ReportBy | None,
        typer.Option("--by", help="按 section（部分）、unit（牵头单位）或 measure（措施）汇总；默认部分和牵头单位都列。"),
    ] = None,
    as_of: AsOfOption = None,
    progress: ProgressOption = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f",
            help="输出格式：table（终端表格）、plain、markdown、csv、json、html（自包含网页）。"
            "未指定时按 -o 文件的后缀（.html .md .csv .json .txt）定，否则为 table。",
            show_default=False,
        ),
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
    plan_dir: PlanOption = None,
) -> None:
    """完成情况报告：按部分、牵头单位汇总的完成度（进度条）和总体完成情况；可输出为自包含网页。"""
    from zygj.sources import display_path

    chosen = report_format(fmt, output)
    if output is not None:
        check_output(output, force)
    plan = open_plan(plan_dir)
    day = parse_date(as_of, "--as-of") if as_of else today()
    results, ledger = results_for(plan, progress, day)
    groupings = [by.value] if by else ["section", "unit"]
    report = build_report(plan, results, groupings)
    if chosen is ReportFormat.html:
        text = html_page(plan, day, results, ledger, groupings, report)
        if output is None:
            write_stdout(text)
            return
    else:
        shared = OutputFormat(chosen.value)
        if output is None:
            print_report(plan, day, results, ledger, groupings, report, shared)
            return
        text = _captured(lambda: print_report(plan, day, results, ledger, groupings, report, shared))
    from zygj.writing import atomic_write

    atomic_write(output, text.encode("utf-8"))
    overall: GroupSummary = report["overall"]
    write_stdout(
        f"已写入 {display_path(output)}（{chosen.value}，截至 {day.isoformat()}：{overall.total} 个目标，"
        f"逾期 {overall.overdue}，滞后 {overall.behind}）\n"
    )


progress_app = typer.Typer(help="进度记录：追加填报、生成填报表。", no_args_is_help=True)
app.add_typer(progress_app, name="progress")


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
) -> None:
    """向 YAML 进度文件追加一条记录，原有内容和注释一字不改；记录有误时不写入。"""
    from zygj.appending import appended_file, checked_new_record
    from zygj.completion import STATUS_LABELS
    from zygj.sources import display_path, read_bytes
    from zygj.writing import atomic_write, locked

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
        "unit": resolve_unit(plan, unit).name if unit else None,
        "value": value,
        "status": STATUS_ALIASES[status.strip()] if status else None,
        "note": note,
    }
    # The record on its own and against the plan first, for a message about *it*.
    checked_new_record(fields, plan)
    shown = display_path(progress)
    with locked(progress):
        raw = read_bytes(progress, shown) if progress.exists() else None
        # The existing file is checked as it is, then the whole new text, before writing.
        data, ledger = appended_file(plan, shown, raw, fields)
        atomic_write(progress, data)
    added = ledger.records[-1]
    figure = number_text(added.value) or STATUS_LABELS.get(added.status or "", "")
    write_stdout(
        f"已追加到 {shown}：目标 {target}，{day.isoformat()}，{added.unit}，{figure}"
        f"（共 {len(ledger.records)} 条记录）\n"
    )
