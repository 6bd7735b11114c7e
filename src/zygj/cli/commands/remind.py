"""`remind`: a 催办通知 for each unit that owes something."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zygj.cli.app import (
    AsOfOption,
    ForceOption,
    PlanOption,
    ProgressOption,
    WorkspaceOption,
    app,
    as_of_date,
    notice_files,
    open_plan,
    open_workspace,
    parse_date,
    reports_errors,
    since_date,
)
from zygj.cli.bounds import check_days
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_unit
from zygj.core.diagnostics import UsageError, display_path
from zygj.output.formats import FORMATS
from zygj.rules.query import resolve_unit

if TYPE_CHECKING:
    pass


#: The formats a 催办通知 comes in (each written to its registry suffix, json to the screen).
NoticeFormat = StrEnum(
    "NoticeFormat", [("docx", "docx"), ("markdown", "markdown"), ("json", "json")]
)


@app.command("remind")
@reports_errors
def remind_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="写入催办通知的文件夹（不存在时新建），每个单位一个文件；--format json 时可省略。",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    within: Annotated[
        int, typer.Option("--within", help="多少天内到期算“临近截止”（0 到 36500）。")
    ] = 30,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="上次报送日期 YYYY-MM-DD：此后（不含当天）至 --as-of 没有报送的目标列为“未报送”。",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只给这个单位生成（规范名称或简称）。",
            show_default=False,
            autocompletion=complete_unit,
        ),
    ] = None,
    fmt: Annotated[
        NoticeFormat,
        typer.Option(
            "--format", "-f", help="docx（公文格式）、markdown，或 json（清单，输出到屏幕）。"
        ),
    ] = NoticeFormat.__members__["docx"],
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="报送时限 YYYY-MM-DD；默认为方案 document.report_due 所定本填报周期的报送日（不早于成文日期时），否则成文日期后 office.reply_days 天（方案中未写时 7 天）。",
            show_default=False,
        ),
    ] = None,
    written: Annotated[
        str | None,
        typer.Option(
            "--date", help="成文日期 YYYY-MM-DD；默认 --as-of 的日期。", show_default=False
        ),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--number",
            help="第一份通知的督办编号序号（方案 office.reminder_number 的 {n}），"
            "其余依次加一；不给时留空，手写。",
            min=1,
            max=99999,
            show_default=False,
        ),
    ] = None,
    progress: ProgressOption = None,
    force: ForceOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """催办通知：每个有临近截止、逾期或未报送事项的单位一份（.docx 或 Markdown）。"""
    from zygj.files.atomic import atomic_write_all, new_folder
    from zygj.output.cycle_close import notice_json, notice_markdown, notice_sheets
    from zygj.output.listings import json_text
    from zygj.rules.reminders import build_notices
    from zygj.rules.report import results_for

    check_days(within, "--within")
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # one notice per unit over every plan: cli/portfolio.py
        from zygj.cli import portfolio

        portfolio.no_progress_option(progress)
        day = as_of_date(as_of)
        portfolio.remind(
            workspace,
            output,
            day,
            within,
            since_date(since, day),
            unit,
            fmt.value,
            parse_date(due, "--due") if due else None,
            parse_date(written, "--date") if written else None,
            number,
            force,
        )
        return
    plan = open_plan(plan_dir)
    day = as_of_date(as_of)
    since_day = since_date(since, day)
    name = resolve_unit(plan, unit).name if unit else None
    chosen = FORMATS[fmt.value]
    if output is None and chosen.name != "json":
        raise UsageError("请用 -o 给出写入催办通知的文件夹（或用 --format json 输出清单）")
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError("-o 应为文件夹，这是一个文件", display_path(output))
    results, ledger = results_for(plan, progress, day)
    notices = build_notices(
        plan, results, ledger.records if ledger else [], day, within, since_day, name
    )
    # With json and -o, the notices are written as .docx besides the list on the screen.
    suffix = FORMATS["markdown" if chosen.name == "markdown" else "docx"].suffixes[0]
    files: dict[str, Path] = {}
    if output is not None:
        files = notice_files(output, [n.unit for n in notices], suffix, force)
    if chosen.name == "json":
        write_stdout(
            json_text(
                {
                    "as_of": day.isoformat(),
                    "within": within,
                    "since": since_day.isoformat() if since_day else None,
                    "notices": [
                        notice_json(n, display_path(files[n.unit]) if n.unit in files else None)
                        for n in notices
                    ],
                }
            )
        )
        if output is None:
            return
    signed = parse_date(written, "--date") if written else day
    due_day = parse_date(due, "--due") if due else None
    if due_day is None:
        from zygj.rules.periods import stated_due

        stated = stated_due(plan, day)  # the period's 报送时限, while it is still ahead
        due_day = stated if stated is not None and stated >= signed else None
    if due_day is not None and due_day < signed:
        raise UsageError(f"--due {due_day.isoformat()} 早于成文日期 {signed.isoformat()}")
    sheets = notice_sheets(plan, notices, signed, due_day, number)
    pages: list[tuple[Path, bytes]] = []
    for notice, sheet in zip(notices, sheets, strict=True):
        if chosen.name == "markdown":
            data = notice_markdown(plan, notice, day, within, since_day, sheet).encode("utf-8")
        else:
            from zygj.output.gongwen import notice_docx

            data = notice_docx(plan, notice, day, within, since_day, sheet)
        pages.append((files[notice.unit], data))
    if output is not None:
        with new_folder(output):
            atomic_write_all(pages)
    if chosen.name == "json":
        return
    if not notices:
        who = f"{name} " if name else ""
        write_stdout(f"截至 {day.isoformat()}，{who}没有需要催办的事项，未生成文件\n")
        return
    write_stdout(f"已生成 {len(notices)} 份催办通知（截至 {day.isoformat()}）：\n")
    for notice in notices:
        write_stdout(f"  {display_path(files[notice.unit])}：{'、'.join(notice.reasons)}\n")
