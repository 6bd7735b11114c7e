"""`validate`: is the plan (and any progress file) sound — what CI runs on a plan."""

# No `from __future__ import annotations`: Typer reads every command's signature at each
# run, and annotations evaluated once at import are much cheaper than strings compiled then.

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zygj.cli.app import (
    PlanOption,
    WorkspaceOption,
    app,
    open_workspace,
    reports_errors,
)
from zygj.cli.console import print_diagnostics, write_stdout
from zygj.core.diagnostics import Diagnostic, display_path, error_count, exit_code_for
from zygj.core.plan import Plan
from zygj.load.plan import MEASURES_FILE, TARGETS_FILE, UNITS_FILE, load_plan, resolve_plan_dir

if TYPE_CHECKING:
    pass


class DiagnosticFormat(StrEnum):
    text = "text"
    github = "github"


@app.command("validate")
@reports_errors
def validate_command(
    plan_dir: PlanOption = None,
    progress: Annotated[
        list[Path] | None,
        typer.Option(
            "--progress", "-p", help="同时校验这些进度文件或文件夹（YAML、CSV、xlsx），可重复给出。"
        ),
    ] = None,
    fmt: Annotated[
        DiagnosticFormat,
        typer.Option(
            "--format", "-f", help="问题的输出格式：text（path:line:col）或 github（注释）。"
        ),
    ] = DiagnosticFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="提醒（warning）也按错误处理，退出码为 1。")
    ] = False,
    workspace_dir: WorkspaceOption = None,
) -> None:
    """校验方案文件（及进度文件），报告全部问题；有问题时退出码为 1。"""
    if plan_dir is not None and workspace_dir is not None:
        open_workspace(workspace_dir, plan_dir)  # the usage error
    from zygj.load.workspace import resolve_workspace_dir

    root = resolve_workspace_dir(workspace_dir) if plan_dir is None else None
    if root is not None:
        from zygj.cli import workspace_views

        return workspace_views.validate(root, fmt.value, strict, progress)
    folder = resolve_plan_dir(plan_dir)
    plan, problems = load_plan(folder)
    checked = [UNITS_FILE, MEASURES_FILE] + (
        [TARGETS_FILE] if (folder / TARGETS_FILE).exists() else []
    )
    progress_problems: list[Diagnostic] = []
    if plan is not None and progress and not exit_code_for(problems):
        progress_problems = _progress_problems(plan, progress)
        problems += progress_problems
    if strict:
        import dataclasses

        problems = [dataclasses.replace(p, severity="error") for p in problems]
    print_diagnostics(problems, style=fmt.value)
    where = display_path(folder)
    code = exit_code_for(problems)
    if code:
        errors = error_count(problems)
        write_stdout(f"已检查方案文件夹 {where}（{'、'.join(checked)}）：发现 {errors} 个问题\n")
        raise typer.Exit(code)
    counts = f"{len(plan.units_file.units)} 个单位、{len(plan.measures)} 项措施" if plan else ""
    if plan is not None and plan.targets:
        counts += f"、{len(plan.targets)} 个目标"
    extra = f"；进度文件 {'、'.join(display_path(p) for p in progress)} 无误" if progress else ""
    warned = sum(1 for p in progress_problems if p.severity == "warning")
    if warned:
        extra += f"（另有 {warned} 个提醒，见上）"
    write_stdout(f"已检查方案文件夹 {where}（{'、'.join(checked)}）：{counts}，未发现问题{extra}\n")
    if plan is not None and plan.report_due is not None:
        from zygj.core.plan import report_due_description

        due = plan.measures_file.document.report_due
        write_stdout(f"报送时限：{due}（读作{report_due_description(plan.report_due)}）\n")


def _progress_problems(plan: Plan, progress: list[Path]) -> list[Diagnostic]:
    from zygj.load.ledger import load_progress_files, progress_warnings
    from zygj.rules.uncounted import uncounted_warnings

    ledger, problems = load_progress_files(plan, progress)
    if ledger is None:
        return problems
    from zygj.rules.verification import review_problems  # 佐证材料 and 核查记录 beside the ledger

    return (
        review_problems(plan, ledger)
        + progress_warnings(plan, ledger)
        + uncounted_warnings(plan, ledger.records)
    )
