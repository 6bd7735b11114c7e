"""`report`: the 通报, in every format the registry knows."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from zygj.cli.app import (
    AnyFormat,
    AsOfOption,
    ForceOption,
    PlanKeyOption,
    PlanOption,
    ProgressOption,
    SinceOption,
    WideOption,
    WorkspaceOption,
    app,
    as_of_date,
    check_output,
    open_plan,
    open_workspace,
    options_for,
    parse_date,
    reports_errors,
    since_date,
)
from zygj.cli.console import write_stdout
from zygj.core.diagnostics import UsageError
from zygj.output.formats import Format, report_help


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
        typer.Option(
            "--by",
            help="按 section（部分）、unit（牵头单位）、measure（措施）汇总，"
            "或 reporter（各填报单位排名）；默认部分和牵头单位都列。",
        ),
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
            "--output",
            "-o",
            help="写入该文件（UTF-8；已存在时须加 --force），不输出到屏幕；html 不给 -o 时网页输出到屏幕。",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    wide: WideOption = False,
    written: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="docx 通报的成文日期（也是印发日期）YYYY-MM-DD；默认 --as-of 的日期。",
            show_default=False,
        ),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--number",
            help="docx 通报的发文字号或期号中的序号（方案 office.number 的 {n}）；"
            "不给时留空，盖章前手写。",
            min=1,
            max=99999,
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option(
            "--text",
            help="docx 通报中本单位自己写的段落：UTF-8 文本，以“## 主要成效”等小节标题分节"
            "（总体情况、本期变化、主要成效、存在问题、下一步工作要求），段落之间空一行。",
            show_default=False,
        ),
    ] = None,
    charts: Annotated[
        bool,
        typer.Option(
            "--charts", help="网页通报附按季度的完成情况和每个目标的进度曲线（实际数与序时进度）。"
        ),
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
        given = [
            name
            for name, value in (("--date", written), ("--number", number), ("--text", text))
            if value is not None
        ]
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
            raise UsageError(
                "工作区的通报按方案和单位汇总，不用 --by；一个方案的分组请加 --plan-key 简称"
            )
        day = as_of_date(as_of)
        docx = (parse_date(written, "--date") if written else None, number, text)
        portfolio.report(
            workspace,
            plan_key,
            [by.value] if by else ["section", "unit"],
            day,
            since_date(since, day),
            fmt.value if fmt else None,
            output,
            force,
            wide,
            docx,
        )
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

        rendered = gongwen_report(
            report,
            GongwenOptions(
                parse_date(written, "--date") if written else None,
                number,
                read_office_text(text) if text is not None else {},
            ),
        )
    else:
        rendered = chosen.render(report, options_for(chosen, wide, to_file=output is not None))
    if output is None:
        assert isinstance(rendered, str)  # a binary format needs -o (checked above)
        write_stdout(rendered)
        return
    atomic_write(output, rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
    write_stdout(report_sentence(report, chosen.name, display_path(output)))
