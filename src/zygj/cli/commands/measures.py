"""`measures`, `measure`: who does what, measure by measure."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from zygj.cli.app import (
    TABLE,
    AsOfOption,
    FormatOption,
    PlanOption,
    ProgressOption,
    WideOption,
    WorkspaceOption,
    app,
    as_of_date,
    open_plan,
    open_workspace,
    reports_errors,
    show,
)
from zygj.cli.console import write_stdout
from zygj.cli.tab_complete import complete_unit
from zygj.core.diagnostics import UsageError
from zygj.output.formats import FORMATS
from zygj.output.listings import Grid
from zygj.output.plan_listings import (
    measure_grid,
    measure_json,
    measures_grid,
)
from zygj.rules.query import (
    MeasureRow,
    Role,
    find_measures,
    parse_section,
    resolve_unit,
    unit_load,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from zygj.rules.completion import Result


class RoleChoice(StrEnum):
    lead = "lead"
    responsible = "responsible"
    cooperating = "cooperating"


@app.command("measures")
@reports_errors
def measures_command(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只列出该单位参与的措施（规范名称或简称均可）。",
            autocompletion=complete_unit,
        ),
    ] = None,
    role: Annotated[
        RoleChoice | None,
        typer.Option(
            "--role",
            help="与 --unit 同用：lead 只看牵头，responsible 只看责任，cooperating 只看配合。",
        ),
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            "-s",
            help="只列出某一部分（含其下级部分）：部分序号 1…、原文编号如（三），或完整编号如 二、（一）。",
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="只列出正文包含该文字的措施。")
    ] = None,
    include_general: Annotated[
        bool,
        typer.Option(
            "--include-general",
            help="与 --unit 同用：也列出不点名单位、面向全体的措施（如“组织实施”类措施），角色为“全体”。",
        ),
    ] = False,
    full: Annotated[bool, typer.Option("--full", help="表格中显示措施全文，而不是摘要。")] = False,
    fmt: FormatOption = TABLE,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """列出工作措施：某单位牵头或参与了哪些措施、以什么角色。"""
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:
        from zygj.cli import workspace_views

        rest = (include_general, full, fmt)
        return workspace_views.measures(
            workspace, unit, role.value if role else None, section, search, *rest
        )
    plan = open_plan(plan_dir)
    chosen = resolve_unit(plan, unit) if unit is not None else None
    section_no = parse_section(plan, section) if section is not None else None
    wanted: Role | None = role.value if role is not None else None
    rows = find_measures(plan, chosen, wanted, section_no, search, include_general)
    with_role = chosen is not None
    load = unit_load(plan, chosen) if chosen is not None else None
    # A spreadsheet cell holds the whole text.
    grid = measures_grid(
        plan, rows, load, full or FORMATS[fmt.value].single_table, as_of_date(None)
    )
    show(fmt, grid, [measure_json(plan, row, with_role) for row in rows])


def _measure_number(value: str) -> str:
    """N, or KEY:N in a workspace; anything else is refused as Click refuses a bad integer."""
    try:
        int(value.rpartition(":")[2])
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a valid int.") from None
    return value


@app.command("measure")
@reports_errors
def measure_command(
    ctx: typer.Context,
    written: Annotated[
        str,
        typer.Argument(
            help="措施序号，如 17；工作区中几个方案都有该序号时写作 方案简称:序号，如 gongjiang:17。",
            show_default=False,
            metavar="N",
            callback=_measure_number,
        ),
    ],
    as_of: AsOfOption = None,
    progress: ProgressOption = None,
    fmt: FormatOption = TABLE,
    wide: WideOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """显示一项措施的全部内容：所属部分、原文、单位、勘误，以及它的目标和完成状态。"""
    from zygj.output.progress_report import result_json, results_grid
    from zygj.rules.report import results_for

    workspace = open_workspace(workspace_dir, plan_dir)
    key: str | None = None
    if workspace is not None:
        from zygj.cli import workspace_views

        key, no, ledger = workspace_views.find_measure(workspace, written, progress)
        plan, progress = workspace.plans[key], ledger
    else:
        if ":" in written:  # as before workspaces: N is an integer
            raise typer.BadParameter(f"{written!r} is not a valid int.", ctx=ctx, param_hint="'N'")
        no = int(written)
        plan = open_plan(plan_dir)
    measure = plan.measure(no)
    if measure is None:
        raise UsageError(f"没有第 {no} 项措施（本方案共 {len(plan.measures)} 项）")
    section = plan.section(measure.section)
    assert section is not None  # guaranteed by the checks
    row = MeasureRow(measure, section)
    day = as_of_date(as_of)
    results = []
    if any(target.measure == no for target in plan.targets):  # no progress file read for nothing
        results = [
            r for r in results_for(plan, progress, day)[0] if r.instance.target.measure == no
        ]
    data = measure_json(plan, row, with_role=False)
    data["as_of"] = day.isoformat()
    data["targets"] = [result_json(r) for r in results]
    if workspace is not None and key is not None:
        data["plan"] = key
    chosen = FORMATS[fmt.value]
    if chosen.name == "json":
        show(fmt, Grid([]), data, wide)
        return
    grid = measure_grid(plan, measure)
    if workspace is not None and key is not None:
        grid.title = f"{key}（{workspace.titles[key]}） {grid.title}"
    show(fmt, grid, data, wide)
    if chosen.single_table:
        return  # one table per CSV file
    write_stdout("\n")
    targets = results_grid(results, chosen.coloured)
    targets.title = f"本项措施的目标（截至 {day.isoformat()}）：{len(results)} 项"
    if not results:
        targets.caption = "本项措施没有可考核的目标"
    else:
        targets.caption = parts_lines(results)
    show(fmt, targets, data, wide)


def parts_lines(results: "Sequence[Result]") -> str | None:
    """Each unit's own latest report where several units report on a target: the 分项 a clerk
    checks (which of them decide, which are shown only), as in JSON's ``parts``."""
    from zygj.core.models import STATUS_WORDS
    from zygj.output.texts import number_text

    words: dict[str, str] = {key: word for key, word in STATUS_WORDS.items()}
    lines = []
    for result in results:
        if len(result.parts) < 2:
            continue
        shown = []
        for part in result.parts:
            said = [
                w
                for w in (
                    number_text(part.value) if part.value is not None else None,
                    words.get(part.status or ""),
                )
                if w
            ]
            shown.append(
                f"{part.unit} {'、'.join(said) or '—'}（{part.date.isoformat()}"
                f"{'' if part.counted else '，仅作参考'}）"
            )
        lines.append(f"{result.instance.label} 各单位填报：" + "；".join(shown))
    return "\n".join(lines) or None
