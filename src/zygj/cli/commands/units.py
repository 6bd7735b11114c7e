"""`units`: what each unit leads, answers for and cooperates on."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from typing import TYPE_CHECKING, Annotated

import typer

from zygj.cli.app import (
    TABLE,
    FormatOption,
    PlanOption,
    WideOption,
    WorkspaceOption,
    app,
    as_of_date,
    open_plan,
    open_workspace,
    options_for,
    reports_errors,
    show,
)
from zygj.cli.console import write_stdout
from zygj.output.formats import FORMATS
from zygj.output.plan_listings import (
    matrix_text,
    units_grid,
    units_json,
)
from zygj.rules.query import (
    unit_loads,
)

if TYPE_CHECKING:
    pass


@app.command("units")
@reports_errors
def units_command(
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix", help="输出 单位 × 措施 责任矩阵（牵 = 牵头，责 = 责任，配 = 配合）。"
        ),
    ] = False,
    fmt: FormatOption = TABLE,
    wide: WideOption = False,
    plan_dir: PlanOption = None,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """列出全部单位及其牵头、参与的措施数；--matrix 输出责任矩阵。"""
    workspace = open_workspace(workspace_dir, plan_dir)
    if workspace is not None:
        from zygj.cli import workspace_views

        return workspace_views.units(workspace, matrix, fmt, wide)
    plan = open_plan(plan_dir)
    loads = unit_loads(plan)
    if matrix:
        chosen = FORMATS[fmt.value]
        write_stdout(matrix_text(plan, loads, chosen, options_for(chosen, wide)))
        return
    show(fmt, units_grid(loads, as_of_date(None)), units_json(loads), wide)
