"""`score`: the 考评 of each unit."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zygj.cli.app import (
    TABLE,
    AsOfOption,
    FormatOption,
    PlanKeyOption,
    PlanOption,
    ProgressOption,
    WorkspaceOption,
    app,
    as_of_date,
    open_plan,
    open_workspace,
    reports_errors,
    show,
)
from zygj.cli.bounds import check_year
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_unit
from zygj.core.diagnostics import UsageError
from zygj.rules.query import resolve_unit

if TYPE_CHECKING:
    import datetime as dt

    from zygj.core.plan import Plan
    from zygj.core.progress import Record
    from zygj.output.listings import Grid


@app.command("score")
@reports_errors
def score_command(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="考评年度：计入当年到期的目标，截至该年度的考评日（默认次年 1 月 31 日，即补报截止日；"
            "可与 --as-of 同用）。",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="列出该单位每个目标的计分明细。",
            show_default=False,
            autocompletion=complete_unit,
        ),
    ] = None,
    fmt: FormatOption = TABLE,
    progress: ProgressOption = None,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
    plan_key: PlanKeyOption = None,
) -> None:
    """考评：各单位按 targets.yaml 的 scoring 办法计分并排名（--explain 查看计分明细）。"""
    from zygj.output.cycle_close import explain_grid, score_grid, score_json
    from zygj.rules.assessment import assess, scheme_of
    from zygj.rules.periods import assessed_year, assessment_date, plan_years
    from zygj.rules.report import results_for

    if year is not None:
        check_year(year, "--year")
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:  # one 考评 across plans, weighted: cli/portfolio.py
        from zygj.cli import portfolio

        portfolio.no_progress_option(progress)
        portfolio.score(
            workspace,
            plan_key,
            year,
            as_of_date(as_of) if as_of is not None else None,
            explain,
            fmt,
        )
        return
    if plan_key is not None:
        raise UsageError("--plan-key 只用于工作区（--workspace）")
    plan = open_plan(plan_dir)
    if year is None:
        day = as_of_date(as_of)
        year = assessed_year(plan, day)
    else:
        day = as_of_date(as_of) if as_of is not None else assessment_date(plan, year)
    years = plan_years(plan)
    if year not in years:
        period = plan.measures_file.period
        raise UsageError(
            f"{year} 年不在方案期内（{period.start.isoformat()} 至 {period.end.isoformat()}），没有可考评的目标："
            f"请用 --year 指定 {years[0]}—{years[-1]} 年中的一年"
        )
    results, ledger = results_for(plan, progress, day)
    scores = assess(plan, results, ledger.records if ledger else [], year, day)
    scheme = scheme_of(plan)
    if explain is not None:
        name = resolve_unit(plan, explain).name
        found = next((s for s in scores if s.unit == name), None)
        if found is None:
            raise UsageError(f"{name} 在 {year} 年没有计分的目标")
        show(fmt, explain_grid(found, scheme.scale), score_json(found))
        return
    caption = (
        f"{year} 年度考评（截至 {day.isoformat()}）："
        + ("按 targets.yaml 的 scoring 办法" if plan.targets_file.scoring else "按默认办法")
        + "；zygj score --explain 单位 可查看计分明细"
    )
    data = {
        "year": year,
        "as_of": day.isoformat(),
        "scheme": "plan" if plan.targets_file.scoring else "default",
        "units": [score_json(s) for s in scores],
    }
    _show_timeliness(
        fmt,
        plan,
        progress,
        ledger.records if ledger else [],
        day,
        year,
        data,
        score_grid(scores, caption),
    )


def _show_timeliness(
    fmt: "StrEnum",
    plan: "Plan",
    progress: "list[Path] | None",
    records: "list[Record]",
    day: "dt.date",
    year: int,
    data: "dict[str, Any]",
    grid: "Grid",
) -> None:
    """The 考评 table, then the year's 报送及时率 when a receipts file sits beside the ledger
    (JSON: its ``timeliness``; CSV holds one table, so the score table alone)."""
    from zygj.output.timeliness import timeliness_grid, timeliness_json, timeliness_title
    from zygj.rules.timeliness import timeliness_beside

    found = timeliness_beside(plan, progress, records, day, within=year)
    if found is None or not found.periods:
        show(fmt, grid, data)
        return
    data["timeliness"] = timeliness_json(found)
    show(fmt, grid, data)
    if fmt.value not in ("json", "csv", "tsv"):
        table = timeliness_grid(found)
        table.title = timeliness_title(found)
        write_stdout("\n")
        show(fmt, table, None)
