"""`history`: one target's whole trail (留痕) in date order."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from typing import Annotated

import typer

from zygj.cli.app import (
    TABLE,
    AsOfOption,
    FormatOption,
    PlanOption,
    ProgressOption,
    WideOption,
    app,
    as_of_date,
    open_plan,
    reports_errors,
    show,
)
from zygj.cli.tab_complete import complete_target, complete_unit


@app.command("history")
@reports_errors
def history_command(
    target: Annotated[
        str,
        typer.Argument(
            help="目标编号，如 5.1。",
            show_default=False,
            metavar="TARGET",
            autocompletion=complete_target,
        ),
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只列该单位的记录、核查和签收（状态变化是整个目标的，照列）。",
            show_default=False,
            autocompletion=complete_unit,
        ),
    ] = None,
    as_of: AsOfOption = None,
    progress: ProgressOption = None,
    fmt: FormatOption = TABLE,
    wide: WideOption = False,
    plan_dir: PlanOption = None,
) -> None:
    """一个目标的全部留痕：每条填报记录及其来源和佐证材料、核查（销号、退回）、签收、状态变化，按日期排列。"""
    from zygj.output.history import history_grid, history_json
    from zygj.rules.history import find_target, trail
    from zygj.rules.query import resolve_unit
    from zygj.rules.report import read_ledger
    from zygj.rules.timeliness import receipts_of
    from zygj.rules.verification import ledger_decisions

    plan = open_plan(plan_dir)
    found = find_target(plan, target)
    name = resolve_unit(plan, unit).name if unit is not None else None
    day = as_of_date(as_of)
    ledger = read_ledger(plan, progress)
    records = ledger.records if ledger else []
    decisions = ledger_decisions(plan, ledger)
    result = trail(plan, found, records, day, receipts_of(plan, progress), name, decisions)
    show(fmt, history_grid(result), history_json(result), wide)
