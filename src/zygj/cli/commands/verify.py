"""`verify`: the office's 核查 decision on a unit's report — 销号 or 退回 with a reason."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from typing import Annotated

import typer

from zygj.cli.app import (
    DEFAULT_PROGRESS,
    LedgerOption,
    PlanOption,
    app,
    open_plan,
    parse_date,
    reports_errors,
)
from zygj.cli.console import write_stdout
from zygj.core.diagnostics import UsageError


@app.command("verify")
@reports_errors
def verify_command(
    target: Annotated[
        str, typer.Argument(help="目标编号，如 1.1。", show_default=False, metavar="TARGET")
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", help="被核查的填报单位；默认目标的责任单位。", show_default=False
        ),
    ] = None,
    accept: Annotated[bool, typer.Option("--accept", help="核查通过，销号。")] = False,
    send_back: Annotated[
        bool, typer.Option("--return", help="退回：须用 --reason 写明理由。")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="退回的理由（写入核查记录，并出现在催办通知中）。"),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="年度目标的年份。", show_default=False)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="核查日期 YYYY-MM-DD，默认今天（北京时间）。", show_default=False
        ),
    ] = None,
    progress: LedgerOption = DEFAULT_PROGRESS,
    plan_dir: PlanOption = None,
) -> None:
    """核查某单位报的完成情况：销号（--accept）或退回（--return --reason），追加到台账旁的核查记录。"""
    from zygj.core.clock import today
    from zygj.core.diagnostics import Diagnostic, ZygjError, display_path
    from zygj.core.verification import DECISION_LABELS
    from zygj.files.atomic import atomic_write, check_writable, locked
    from zygj.files.reading import decode_utf8, read_bytes
    from zygj.load.ledger import load_checked_progress
    from zygj.load.verification import appended, parse_decisions, read_decisions, verification_path

    if accept == send_back:
        raise UsageError("请用 --accept（销号）或 --return（退回）给出核查结论，二者选一")
    if send_back and not (reason or "").strip():
        raise UsageError("退回（--return）须用 --reason 写明理由，理由会出现在该单位的催办通知中")
    plan = open_plan(plan_dir)
    found = next((t for t in plan.targets if t.id == target.strip()), None)
    if found is None:  # a wrong decision, like a wrong record of progress add: exit 1
        raise ZygjError(
            [
                Diagnostic(
                    "zygj verify",
                    None,
                    None,
                    f"核查记录未改动：新核查结论的 target 目标“{target}”不存在（zygj targets 可列出全部目标）",
                )
            ]
        )
    if unit is None:
        unit = plan.owner_of(found)
        if unit is None:
            raise UsageError(f"目标 {found.id} 没有责任单位：请用 --unit 指明核查的是哪个单位")
    shown_ledger = display_path(progress)
    if not progress.exists():
        raise UsageError("汇总台账不存在：核查记录写在台账旁，请用 -p 指明台账", shown_ledger)
    ledger = load_checked_progress(plan, progress)
    day = parse_date(date, "--date") if date else today()
    fields: dict[str, object] = {
        "target": found.id,
        "unit": plan.registry.reporter(unit) or unit,
        "year": year,
        "decision": "accept" if accept else "return",
        "reason": reason.strip() if reason else None,
        "date": day,
    }
    path = verification_path(progress)
    shown = display_path(path)
    check_writable(path)
    with locked(path):
        raw = read_bytes(path, shown) if path.exists() else None
        before, problems = read_decisions(plan, progress, ledger.records) if raw else ([], [])
        if problems:
            raise ZygjError(problems)
        data = appended(raw, shown, fields)
        after, problems = parse_decisions(plan, decode_utf8(data, shown), shown, ledger.records)
        if problems:  # the new decision itself: refused, the file unchanged
            # About the new decision, given on the command line: no line of the file to point to.
            raise ZygjError(
                [Diagnostic("zygj verify", None, None, _new_decision(p.message)) for p in problems]
            )
        if after[:-1] != before or len(after) != len(before) + 1:
            raise ZygjError(
                [
                    Diagnostic(
                        shown,
                        None,
                        None,
                        "核查记录的 decisions 不是文件的最后一项，新结论无法接在末尾：文件未改动；"
                        "请把 decisions: 列表移到文件末尾",
                    )
                ]
            )
        atomic_write(path, data)
    decided = after[-1]
    why = f"（理由：{decided.reason}）" if decided.reason else ""
    label = found.id if year is None else f"{found.id}（{year}年）"
    write_stdout(
        f"已记录到 {shown}：目标 {label}，{decided.unit}，{DECISION_LABELS[decided.decision]}{why}\n"
    )


def _new_decision(message: str) -> str:
    """ "第 3 条核查结论的 unit …" about the decision being added reads "新核查结论的 unit …"."""
    import re

    return "核查记录未改动：" + re.sub(r"^第 \d+ 条核查结论的 ", "新核查结论的 ", message)
