"""The workspace side of `measures`, `units`, `targets` and `validate` (``-w``).

Each command asks :func:`zygj.cli.app.open_workspace` first and, with a workspace,
hands its options to the function here; without one it runs exactly as before.
Not a command module: the command modules import it, it imports none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from zygj.cli.app import as_of_date, show, since_date
from zygj.cli.console import print_diagnostics, write_stdout
from zygj.core.diagnostics import Diagnostic, UsageError, display_path, error_count, exit_code_for
from zygj.core.workspace import Workspace
from zygj.output.formats import FORMATS
from zygj.output.listings import Grid, json_text


def needs_one_plan(workspace: Workspace, what: str) -> UsageError:
    """A command about one plan, run where a workspace is selected: which plan, and its ledger."""
    key, plan = next(iter(workspace.plans.items()))
    return UsageError(
        f"{what}：在工作区中请用 --plan 指定方案文件夹，如 --plan {display_path(plan.folder)}"
        f" --progress {display_path(workspace.ledgers[key])}"
    )


def _one_plan_only(workspace: Workspace, option: str) -> UsageError:
    first = next(iter(workspace.plans.values()))
    return UsageError(
        f"{option} 只用于一个方案（各方案的编号不同）：请用 --plan 指定方案文件夹，如 --plan {display_path(first.folder)}"
    )


def _write(
    fmt: StrEnum,
    parts: Sequence[tuple[str, Grid]],
    data: Any,
    wide: bool,
    lead: str | None = None,
    empty: str | None = None,
) -> None:
    """Plan by plan: one table each (a spreadsheet: one table with a 方案 column)."""
    from zygj.output.workspace_listings import stacked

    chosen = FORMATS[fmt.value]
    if chosen.name == "json":
        write_stdout(json_text(data))
        return
    if chosen.single_table:
        show(fmt, stacked(parts), data, wide)
        return
    if lead is not None:
        write_stdout(f"**{lead}**\n\n" if chosen.name == "markdown" else f"{lead}\n\n")
    if not parts and empty is not None:
        write_stdout(f"{empty}\n")
    for index, (_, grid) in enumerate(parts):
        if index:
            write_stdout("\n")
        show(fmt, grid, data, wide)


def find_measure(
    workspace: Workspace, written: str, progress: list[Path] | None
) -> tuple[str, int, Any]:
    """`measure KEY:N` or `measure N` (N in one plan only): the plan, N and its ledger to read."""
    from zygj.rules.workspace import plan_progress

    if progress:
        raise UsageError(
            "工作区中每个方案读取自己的进度台账（workspace.yaml 中各方案的 ledger），不用 --progress："
            "只看某个进度文件请用 --plan 指定方案"
        )
    key, colon, number = written.strip().rpartition(":")
    no = int(number)
    if colon:
        plan = workspace.plan(key.strip())
        if plan.measure(no) is None:
            raise UsageError(
                f"方案 {key.strip()} 没有第 {no} 项措施（该方案共 {len(plan.measures)} 项）"
            )
        return key.strip(), no, plan_progress(workspace, key.strip())
    having = [k for k, plan in workspace.plans.items() if plan.measure(no) is not None]
    if len(having) > 1:
        choices = "、".join(f"{k}:{no}" for k in having)
        raise UsageError(f"第 {no} 项措施在 {len(having)} 个方案中都有：请写明方案，如 {choices}")
    if not having:
        raise UsageError(f"工作区的各方案中都没有第 {no} 项措施")
    return having[0], no, plan_progress(workspace, having[0])


def ledger_for(
    workspace: Workspace, written: str, progress: Path, default: Path
) -> tuple[str, str, Path]:
    """`progress add KEY:ID` in a workspace: the plan, the target's own id and the plan's ledger."""
    if progress != default:
        raise UsageError(
            "工作区中每条记录写入它所属方案的进度台账（workspace.yaml 中各方案的 ledger），不用 --progress："
            "要写别的文件请用 --plan 指定方案"
        )
    key, target = workspace.find_target(written)
    ledger = workspace.ledgers[key]
    if ledger.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            f"方案 {key} 的进度台账 {display_path(ledger)} 不是 YAML 文件，progress add 只能追加到 YAML 台账："
            f"用 zygj collect 汇总填报表，或在 workspace.yaml 中为该方案写 ledger: …/progress.yaml"
        )
    return key, target.id, ledger


def measures(
    workspace: Workspace,
    unit: str | None,
    role: str | None,
    section: str | None,
    search: str | None,
    include_general: bool,
    full: bool,
    fmt: StrEnum,
) -> None:
    from zygj.output.workspace_listings import measures_grids, measures_json, unit_total_line
    from zygj.rules.query import Role
    from zygj.rules.workspace import measures_by_plan

    if section is not None:
        raise _one_plan_only(workspace, "--section")
    name = workspace.resolve_unit(unit) if unit is not None else None
    wanted: Role | None = role  # type: ignore[assignment]  # a RoleChoice value
    parts = measures_by_plan(workspace, name, wanted, search, include_general)
    filtered = name is not None or search is not None
    shown = [p for p in parts if p.rows] if filtered else parts
    day = as_of_date(None)
    grids = measures_grids(workspace, shown, full or FORMATS[fmt.value].single_table, day)
    lead = unit_total_line(name, parts) if name is not None else None
    _write(fmt, grids, measures_json(workspace, parts, name), False, lead, "没有符合条件的措施")


def units(workspace: Workspace, matrix: bool, fmt: StrEnum, wide: bool) -> None:
    from zygj.output.workspace_listings import units_grid, units_json
    from zygj.rules.workspace import unit_loads_across

    if matrix:
        raise _one_plan_only(workspace, "--matrix")
    loads = unit_loads_across(workspace)
    show(fmt, units_grid(workspace, loads, as_of_date(None)), units_json(workspace, loads), wide)


def targets(
    workspace: Workspace,
    *,
    overdue: bool,
    due_within: int | None,
    status: str | None,
    unit: str | None,
    owned_only: bool,
    measure: int | None,
    as_of: str | None,
    since: str | None,
    progress: list[Path] | None,
    fmt: StrEnum,
    wide: bool,
) -> None:
    from zygj.output.progress_report import comparison_json, result_json, results_grid
    from zygj.output.workspace_listings import plan_heading, qualify_labels
    from zygj.rules.report import build_report
    from zygj.rules.target_filters import TargetFilter, horizon_of, select_results
    from zygj.rules.workspace import plan_progress

    if measure is not None:
        raise _one_plan_only(workspace, "--measure")
    if progress:
        raise UsageError(
            "工作区中每个方案读取自己的进度台账（workspace.yaml 中各方案的 ledger，默认为方案文件夹中的 progress.csv），"
            "不用 --progress：只看某个进度文件请用 --plan 指定方案"
        )
    day = as_of_date(as_of)
    since_day = since_date(since, day)
    name = workspace.resolve_unit(unit) if unit is not None else None
    coloured = FORMATS[fmt.value].coloured
    filtered = any((overdue, due_within is not None, status is not None, name is not None))
    parts: list[tuple[str, Grid]] = []
    plans: list[dict[str, Any]] = []
    total = 0
    for key in workspace.plans:
        owner = workspace.local_name(key, name) if name is not None else None
        ledger = plan_progress(workspace, key)
        entry: dict[str, Any] = {
            "key": key,
            "title": workspace.titles[key],
            "ledger": display_path(ledger[0]) if ledger else None,
            "targets": [],
        }
        plans.append(entry)
        if name is not None and owner is None:
            continue  # the plan does not name the unit (and is not read)
        plan = workspace.plans[key]
        report = build_report(plan, ledger, day, [], since_day)
        wanted = TargetFilter(
            day, overdue, due_within, horizon_of(day, due_within), status, owner, owned_only
        )
        chosen = select_results(plan, report.results, wanted)
        total += len(chosen)
        rows = []
        compared = {id(change.now): change for change in report.compared}
        for result in chosen:
            row = result_json(result)
            row["qualified_id"] = workspace.qualified(key, result.instance.target.id)
            if since_day is not None:
                row.update(comparison_json(compared[id(result)]))
            rows.append(row)
        entry["targets"] = rows
        if filtered and not chosen:
            continue
        grid = results_grid(chosen, coloured)
        qualify_labels(workspace, key, grid, chosen)
        grid.title = f"{plan_heading(workspace, key)}：{len(chosen)} 项"
        if not chosen:
            grid.caption = "没有目标"
        elif not ledger:
            shown = display_path(workspace.ledgers[key])
            grid.caption = f"（还没有进度台账 {shown}：目前均按未填报计）"
        if since_day is not None:
            grid.headers.append("状态变化")
            for cells, result in zip(grid.rows, chosen, strict=True):
                cells.append(compared[id(result)].transition or "")
        parts.append((key, grid))
    lead = f"目标完成情况（截至 {day.isoformat()}）：{len(workspace.plans)} 个方案共 {total} 项"
    if since_day is not None:
        lead += f"（与 {since_day.isoformat()} 相比）"
    data = {"workspace": workspace.name, "as_of": day.isoformat(), "plans": plans}
    _write(fmt, parts, data, wide, lead, "没有符合条件的目标")


def validate(root: Path, fmt: str, strict: bool, progress: list[Path] | None) -> None:
    """Every plan, the shared registry and every plan's ledger, in one pass."""
    from zygj.load.workspace import load_workspace, workspace_files

    if progress:
        raise UsageError(
            "工作区中每个方案的进度台账都会校验（workspace.yaml 中各方案的 ledger），不用 --progress："
            "只校验某个进度文件请用 --plan 指定方案"
        )
    workspace, problems = load_workspace(root)
    ledgers: list[str] = []
    if workspace is not None and not exit_code_for(problems):
        problems += _ledger_problems(workspace, ledgers)
    if strict:
        import dataclasses

        problems = [dataclasses.replace(p, severity="error") for p in problems]
    print_diagnostics(problems, style=fmt)
    shown = display_path(root)
    where = (
        f"工作区 {'当前文件夹' if shown == '.' else shown}（{'、'.join(workspace_files(root))}）"
    )
    code = exit_code_for(problems)
    if code or workspace is None:
        write_stdout(f"已检查{where}及其方案：发现 {error_count(problems)} 个问题\n")
        raise typer.Exit(code or 1)
    plans = workspace.plans.values()
    measures = sum(len(p.measures) for p in plans)
    targets = sum(len(p.targets) for p in plans)
    counts = f"{len(workspace.plans)} 个方案（{'、'.join(workspace.plans)}）、{len(workspace.registry.units)} 个单位、{measures} 项措施、{targets} 个目标"
    extra = f"；进度台账 {'、'.join(ledgers)} 无误" if ledgers else ""
    warned = sum(1 for p in problems if p.severity == "warning")
    if warned:
        extra += f"（另有 {warned} 个提醒，见上）"
    write_stdout(f"已检查{where}：{counts}，未发现问题{extra}\n")


def _ledger_problems(workspace: Workspace, checked: list[str]) -> list[Diagnostic]:
    from zygj.load.ledger import load_progress_files, progress_warnings
    from zygj.rules.uncounted import uncounted_warnings

    problems: list[Diagnostic] = []
    for key, plan in workspace.plans.items():
        ledger_path = workspace.ledgers[key]
        if not ledger_path.exists():
            continue
        checked.append(display_path(ledger_path))
        ledger, found = load_progress_files(plan, [ledger_path])
        problems += found
        if ledger is not None:
            problems += progress_warnings(plan, ledger) + uncounted_warnings(plan, ledger.records)
    return problems
