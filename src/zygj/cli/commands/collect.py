"""`collect`: filled-in forms gathered into the ledger, all or nothing."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zygj.cli.app import (
    TABLE,
    FormatOption,
    PlanOption,
    WorkspaceOption,
    app,
    open_plan,
    open_workspace,
    parse_date,
    reports_errors,
    show,
    since_date,
)
from zygj.cli.console import write_stdout
from zygj.cli.signing import receipts_for, received_day
from zygj.core.diagnostics import display_path

if TYPE_CHECKING:
    from zygj.core.plan import Plan
    from zygj.core.progress import Record


@app.command("collect")
@reports_errors
def collect_command(
    forms: Annotated[
        list[Path],
        typer.Argument(
            help="填好的填报表（.xlsx、.csv、.yaml）或存放它们的文件夹。",
            show_default=False,
            metavar="FORM…",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="汇总台账（.yaml 或 .csv）：不存在时新建，存在时只追加新记录；"
            "使用工作区时不用给出（各方案记入各自的台账）。",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = TABLE,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="“未报送”所指期间的最后一天 YYYY-MM-DD；默认为填报表中最晚日期所在填报周期（默认季度）的最后一天。",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="上次通报的日期 YYYY-MM-DD：“未报送”指该日之后（不含当天）应报而未报送；默认为该填报周期开始的前一天。",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="提醒（如非填报单位的记录）也按错误处理：不写入台账，退出码为 1。"
        ),
    ] = False,
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            help="签收日期 YYYY-MM-DD：本次汇总的填报表收到的日期（记入台账旁的签收记录，"
            "用于报送及时率）；默认今天。",
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """汇总各单位填好的填报表到一个台账：全部无误才写入；重复的记录只计一次，相互矛盾的记录报错。"""
    from zygj.files.atomic import atomic_write_all, locked
    from zygj.files.reading import read_bytes
    from zygj.output.cycle_report import collected_grid, collected_json, silent_text
    from zygj.output.timeliness import receipts_json
    from zygj.rules.collect import collect

    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # each plan's rows to its own ledger: cli/portfolio.py
        from zygj.cli import portfolio

        day = parse_date(as_of, "--as-of") if as_of else None
        since_day = (
            since_date(since, day)
            if since and day
            else (parse_date(since, "--since") if since else None)
        )
        portfolio.collect(workspace, forms, output, fmt, day, since_day, strict, received)
        return
    if output is None:
        from zygj.core.diagnostics import UsageError

        raise UsageError("请用 -o 给出汇总台账（.yaml 或 .csv），如 -o progress.yaml")
    plan = open_plan(plan_dir)
    shown = display_path(output)
    if output.is_dir():
        from zygj.core.diagnostics import UsageError

        raise UsageError("-o 应为汇总台账文件（.yaml 或 .csv），不是文件夹", shown)
    with locked(output):
        raw = read_bytes(output, shown) if output.exists() else None
        day = parse_date(as_of, "--as-of") if as_of else None
        since_day = (
            since_date(since, day)
            if since and day
            else (parse_date(since, "--since") if since else None)
        )
        result = collect(plan, forms, output, raw, day, since_day)
        _warn_uncounted(plan, result.new, strict)
        signed, receipts_file = receipts_for(plan, output, result.read, received_day(received))
        files = [(output, result.data)] if result.data is not None else []
        extra = [receipts_file] if receipts_file else []
        if result.data is not None and result.evidence:  # 佐证材料 first, the ledger last, together
            from zygj.files.atomic import new_folder

            with new_folder(result.evidence[0][0].parent):
                atomic_write_all([*result.evidence, *files, *extra])
        else:
            atomic_write_all(files + extra)
    data = collected_json(result)
    data["receipts"] = receipts_json(signed)
    show(fmt, collected_grid(result), data)
    if fmt.value != "json":  # a script reads the JSON alone
        added = f"新增 {len(result.new)} 条记录" if result.new else "没有新记录，台账未改动"
        write_stdout(silent_text(result))
        write_stdout(f"已汇总 {len(result.forms)} 份填报表到 {result.ledger}：{added}\n")


def _warn_uncounted(plan: "Plan", new: "list[Record]", strict: bool) -> None:
    """Warn about new records from units that do not report on their target; ``--strict``
    refuses them before anything is written."""
    import dataclasses

    from zygj.cli.console import print_diagnostics
    from zygj.core.diagnostics import ZygjError
    from zygj.rules.uncounted import uncounted_warnings

    warnings = uncounted_warnings(plan, new)
    if strict and warnings:
        raise ZygjError([dataclasses.replace(w, severity="error") for w in warnings])
    print_diagnostics(warnings)
