"""The cycle's commands over a workspace (``-w``): forms, collect, the portfolio 通报, 催办, 考评.

Each command module hands over to a function here when a workspace is in use, so one-plan
use runs exactly the code it ran before. Every plan reads its own ledger (workspace.yaml's
``ledger:``, by default ``<plan folder>/progress.csv``); ``--progress`` is for one plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.cli.console import write_stdout
from zygj.core.diagnostics import Diagnostic, UsageError, ZygjError, display_path

if TYPE_CHECKING:
    from enum import StrEnum

    from zygj.core.models import Office
    from zygj.core.progress import Ledger
    from zygj.core.receipts import Receipt
    from zygj.core.workspace import Workspace
    from zygj.rules.portfolio import Member


def members_of(workspace: Workspace) -> list[Member]:
    from zygj.rules.portfolio import Member

    return [
        Member(
            key,
            workspace.titles[key],
            workspace.weights[key],
            plan,
            {
                name: workspace.shared_name(key, name)
                for name in [
                    *(u.name for u in plan.units_file.units),
                    *(g.name for g in plan.units_file.groups),
                ]
            },
        )
        for key, plan in workspace.plans.items()
    ]


def no_progress_option(progress: list[Path] | None) -> None:
    if progress:
        raise UsageError(
            "使用工作区时，各方案读取自己的台账（workspace.yaml 的 ledger），不能用 --progress；"
            "单看一个方案的其他进度文件，请用 --plan 该方案文件夹"
        )


def read_ledgers(workspace: Workspace, members: list[Member]) -> dict[str, Ledger | None]:
    """Each plan's ledger (None: it has none yet); every problem of every ledger at once."""
    from zygj.load.ledger import load_progress_files

    problems: list[Diagnostic] = []
    found: dict[str, Ledger | None] = {}
    for m in members:
        path = workspace.ledgers[m.key]
        if not path.exists():
            found[m.key] = None
            continue
        ledger, wrong = load_progress_files(m.plan, [path])
        problems += wrong
        found[m.key] = ledger
    if problems:
        raise ZygjError(problems)
    return found


def office_of(workspace: Workspace) -> Office:
    """The workspace's ``office:``, else the first plan's (or one made from its document)."""
    from zygj.output.cycle_close import office_of as plan_office

    return workspace.office or plan_office(next(iter(workspace.plans.values())))


def choose_plan(workspace: Workspace, key: str) -> Member:
    workspace.plan(key)  # an unknown key: a usage error naming the keys
    return next(m for m in members_of(workspace) if m.key == key)


# ------------------------------------------------------------------ report


def report(
    workspace: Workspace,
    plan_key: str | None,
    groupings: list[str],
    as_of: dt.date,
    since: dt.date | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
    wide: bool,
    docx: tuple[dt.date | None, int | None, Path | None],
) -> None:
    """The portfolio 通报 (every plan), or one plan's own 通报 with ``--plan-key``."""
    from zygj.cli.app import options_for
    from zygj.files.atomic import atomic_write
    from zygj.output.formats import choose

    chosen = choose(fmt, output)
    members = members_of(workspace)
    if plan_key is not None:
        member = choose_plan(workspace, plan_key)
        ledgers = read_ledgers(workspace, [member])
        from zygj.output.progress_report import report_sentence
        from zygj.rules.report import report_of

        one = report_of(member.plan, ledgers[member.key], as_of, groupings, since)
        ledger = ledgers[member.key]
        if (
            ledger is not None
        ):  # 签收 beside the plan's ledger, as `report --plan … -p 台账` reads it
            from zygj.rules.timeliness import timeliness_beside

            one.timeliness = timeliness_beside(
                member.plan, [workspace.ledgers[member.key]], ledger.records, as_of
            )
        rendered: str | bytes
        if chosen.name == "docx":
            from zygj.load.office_text import read_office_text
            from zygj.output.gongwen import GongwenOptions, gongwen_report

            written, number, text = docx
            rendered = gongwen_report(
                one,
                GongwenOptions(written, number, read_office_text(text) if text is not None else {}),
            )
        else:
            rendered = chosen.render(one, options_for(chosen, wide, to_file=output is not None))
        sentence = (
            report_sentence(one, chosen.name, display_path(output)) if output is not None else ""
        )
    else:
        from zygj.output import portfolio_report as out
        from zygj.rules.portfolio import build_portfolio

        portfolio = build_portfolio(
            workspace.name, members, read_ledgers(workspace, members), as_of, since, groupings
        )
        options = options_for(chosen, wide, to_file=output is not None)
        if chosen.name == "docx":
            from zygj.load.office_text import read_office_text
            from zygj.output.gongwen import GongwenOptions
            from zygj.output.portfolio_gongwen import portfolio_docx

            office = office_of(workspace)
            first = next(iter(workspace.plans.values())).measures_file.document
            written, number, text = docx
            texts = read_office_text(text) if text is not None else {}
            rendered = portfolio_docx(
                portfolio,
                office,
                office.issuer or first.issuer,
                office.addressees,
                GongwenOptions(written, number, texts),
            )
        elif chosen.name == "json":
            from zygj.output.listings import json_text

            rendered = json_text(out.portfolio_json(portfolio))
        elif chosen.name == "html":
            rendered = out.portfolio_html(
                portfolio, office_of(workspace).issuer or office_of(workspace).name
            )
        elif chosen.single_table:
            assert chosen.listing is not None
            rendered = chosen.listing(out.portfolio_csv_grid(portfolio), None, options)
        else:
            assert chosen.listing is not None
            rendered = out.portfolio_text(
                portfolio, options, chosen.listing, chosen.coloured, chosen.name == "markdown"
            )
        sentence = (
            out.portfolio_sentence(portfolio, chosen.name, display_path(output))
            if output is not None
            else ""
        )
    if output is None:
        assert isinstance(rendered, str)
        write_stdout(rendered)
        return
    atomic_write(output, rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
    write_stdout(sentence)


# ------------------------------------------------------------------ forms


def templates(
    workspace: Workspace,
    unit: str | None,
    all_units: bool,
    output: Path | None,
    day: dt.date | None,
    owned_only: bool,
    due: dt.date | None,
    force: bool,
) -> None:
    """One .xlsx form per unit, a sheet per plan it reports in (``--all``: every such unit)."""
    from zygj.cli.app import check_output
    from zygj.files.atomic import atomic_write_all, new_folder
    from zygj.files.names import unit_files
    from zygj.output.portfolio_forms import workspace_form
    from zygj.output.workbook import workbook_bytes
    from zygj.rules.portfolio import unit_forms, unit_order

    members = members_of(workspace)
    if not all_units:
        if unit is None:
            raise UsageError("请用 --unit 指定填报单位，或用 --all 为全部单位生成填报表")
        name = workspace.resolve_unit(unit)
        parts = unit_forms(members, name, owned_only, day)
        if not parts:
            raise UsageError(f"{name} 在工作区的各方案中都没有需要填报的目标")
        path = (
            output
            if output is not None
            else unit_files(Path(), [name], "填报表-{}.xlsx", "请用 -o 另起一个较短的文件名")[name]
        )
        shown = check_output(path, force, (".xlsx",))
        atomic_write_all(
            [(path, workbook_bytes(workspace_form(workspace.name, members, parts, name, day, due)))]
        )
        count = sum(len({r.target.id for r in rows}) for _, rows in parts)
        write_stdout(
            f"已生成 {shown}：{name} 在 {len(parts)} 个方案中的 {count} 个目标（每个方案一个工作表）\n"
            f"收回后汇总：zygj collect {shown}\n"
        )
        return
    if unit is not None:
        raise UsageError("--all 与 --unit 不能同时使用")
    if output is None:
        raise UsageError("--all 需要用 -o 指定存放填报表的文件夹")
    shown = display_path(output)
    if output.exists() and not output.is_dir():
        raise UsageError("--all 的 -o 应为文件夹", shown)
    parts_of = {name: unit_forms(members, name, owned_only, day) for name in unit_order(members)}
    idle = [name for name, parts in parts_of.items() if not parts]
    paths = unit_files(
        output,
        [name for name, parts in parts_of.items() if parts],
        "填报表-{}.xlsx",
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成并用 -o 另起文件名",
    )
    for path in paths.values():
        check_output(path, force, (".xlsx",))
    forms = [
        (
            path,
            workbook_bytes(workspace_form(workspace.name, members, parts_of[name], name, day, due)),
        )
        for name, path in paths.items()
    ]
    with new_folder(output):
        atomic_write_all(forms)
    write_stdout(
        f"已在 {shown} 生成 {len(forms)} 份填报表（每个填报单位一份，每个方案一个工作表）\n"
    )
    if idle:
        write_stdout(
            f"没有需要填报的目标、未生成填报表的单位（{len(idle)} 个）：{'、'.join(idle)}\n"
        )
    write_stdout(f"收回后汇总：zygj collect {shown}（各方案的记录分别记入各自的台账）\n")


# ------------------------------------------------------------------ collect


def collect(
    workspace: Workspace,
    forms: list[Path],
    output: Path | None,
    fmt: StrEnum,
    as_of: dt.date | None,
    since: dt.date | None,
    strict: bool,
    received: str | None = None,
) -> None:
    """Every form's rows to their plan's ledger, each unit's form signed for (签收) beside each
    plan's ledger; all ledgers, evidence and receipts written together or none."""
    import contextlib

    from zygj.cli.app import show
    from zygj.cli.signing import receipts_for, received_day
    from zygj.files.atomic import atomic_write_all, locked, new_folder
    from zygj.files.reading import read_bytes
    from zygj.output.portfolio_forms import sheet_titles
    from zygj.output.portfolio_report import collected_grid, collected_json, collected_text
    from zygj.output.timeliness import receipts_json
    from zygj.rules.portfolio_collect import collect_workspace

    if output is not None:
        raise UsageError(
            "使用工作区时不用 -o：各方案的记录分别记入各自的台账（workspace.yaml 的 ledger）"
        )
    members = members_of(workspace)
    ledgers = {m.key: workspace.ledgers[m.key] for m in members}
    day_received = received_day(received)
    with contextlib.ExitStack() as stack:
        # Every ledger locked, in one order (no two collects can deadlock), before any is read.
        for path in sorted(ledgers.values(), key=lambda p: str(p.resolve())):
            path.parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(locked(path))
        raws = {
            key: read_bytes(path, display_path(path)) if path.exists() else None
            for key, path in ledgers.items()
        }
        result = collect_workspace(
            members, ledgers, raws, forms, sheet_titles(members), as_of, since
        )
        _uncounted(members, result, strict)
        ledgers_out = [(p.path, p.data) for p in result.plans if p.data is not None]
        signed: dict[str, list[Receipt]] = {}
        for member, plan_result in zip(members, result.plans, strict=True):
            signed[member.key], receipts_file = receipts_for(
                member.plan, plan_result.path, plan_result.read, day_received
            )
            if receipts_file is not None:
                ledgers_out.append(receipts_file)
        evidence_out = [f for p in result.plans if p.data is not None for f in p.evidence]
        for (
            plan
        ) in result.plans:  # each evidence store made for this run, removed again if it fails
            if plan.data is not None and plan.evidence:
                stack.enter_context(new_folder(plan.evidence[0][0].parent))
        atomic_write_all(
            [*evidence_out, *ledgers_out]
        )  # 佐证材料 first, the ledgers last, together
    data = collected_json(result)
    for entry in data["plans"]:
        entry["receipts"] = receipts_json(signed[entry["plan"]])
    show(fmt, collected_grid(result), data)
    if fmt.value != "json":
        write_stdout(collected_text(result, {m.key: m.title for m in members}))


def _uncounted(members: list[Member], result: object, strict: bool) -> None:
    """Warnings for new records from units that do not report on their target (``--strict``: refused)."""
    import dataclasses

    from zygj.cli.console import print_diagnostics
    from zygj.rules.portfolio_collect import WorkspaceCollected
    from zygj.rules.uncounted import uncounted_warnings

    assert isinstance(result, WorkspaceCollected)
    by_key = {m.key: m for m in members}
    warnings = [w for p in result.plans for w in uncounted_warnings(by_key[p.key].plan, p.new)]
    if strict and warnings:
        raise ZygjError([dataclasses.replace(w, severity="error") for w in warnings])
    print_diagnostics(warnings)


# ------------------------------------------------------------------ 催办


def remind(
    workspace: Workspace,
    output: Path | None,
    day: dt.date,
    within: int,
    since: dt.date | None,
    unit: str | None,
    fmt: str,
    due: dt.date | None,
    written: dt.date | None,
    number: int | None,
    force: bool,
) -> None:
    """One notice per unit over every plan it owes something in."""
    from zygj.cli.app import notice_files
    from zygj.files.atomic import atomic_write_all, new_folder
    from zygj.output.formats import FORMATS
    from zygj.output.listings import json_text
    from zygj.output.portfolio_notices import (
        portfolio_notice_docx,
        portfolio_notice_markdown,
        portfolio_sheets,
    )
    from zygj.output.portfolio_report import notice_json, notice_summary
    from zygj.rules.portfolio import portfolio_notices

    members = members_of(workspace)
    name = workspace.resolve_unit(unit) if unit else None
    if output is None and fmt != "json":
        raise UsageError("请用 -o 给出写入催办通知的文件夹（或用 --format json 输出清单）")
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError("-o 应为文件夹，这是一个文件", display_path(output))
    notices = portfolio_notices(members, read_ledgers(workspace, members), day, within, since, name)
    suffix = FORMATS["markdown" if fmt == "markdown" else "docx"].suffixes[0]
    files: dict[str, Path] = {}
    if output is not None:
        files = notice_files(output, [n.unit for n in notices], suffix, force)
    titles = {m.key: m.title for m in members}
    if fmt == "json":
        write_stdout(
            json_text(
                {
                    "workspace": workspace.name,
                    "as_of": day.isoformat(),
                    "within": within,
                    "since": since.isoformat() if since else None,
                    "notices": [
                        notice_json(n, display_path(files[n.unit]) if n.unit in files else None)
                        for n in notices
                    ],
                }
            )
        )
        if output is None:
            return
    signed = written or day
    if due is not None and due < signed:
        raise UsageError(f"--due {due.isoformat()} 早于成文日期 {signed.isoformat()}")
    office = office_of(workspace)
    sheets = portfolio_sheets(members, office, notices, signed, due, number)
    pages: list[tuple[Path, bytes]] = []
    for notice, sheet in zip(notices, sheets, strict=True):
        if fmt == "markdown":
            data = portfolio_notice_markdown(
                workspace.name, members, office, notice, day, within, since, sheet
            ).encode()
        else:
            data = portfolio_notice_docx(
                workspace.name, members, office, notice, day, within, since, sheet
            )
        pages.append((files[notice.unit], data))
    if output is not None:
        with new_folder(output):
            atomic_write_all(pages)
    if fmt == "json":
        return
    if not notices:
        who = f"{name} " if name else ""
        write_stdout(f"截至 {day.isoformat()}，{who}没有需要催办的事项，未生成文件\n")
        return
    write_stdout(
        f"已生成 {len(notices)} 份催办通知（截至 {day.isoformat()}，每个单位一份，含其在各方案的事项）：\n"
    )
    for notice in notices:
        write_stdout(f"  {display_path(files[notice.unit])}：{notice_summary(notice, titles)}\n")


# ------------------------------------------------------------------ 考评


def score(
    workspace: Workspace,
    plan_key: str | None,
    year: int | None,
    as_of: dt.date | None,
    explain: str | None,
    fmt: StrEnum,
) -> None:
    """One 考评 across plans (each plan weighted as workspace.yaml says); ``--explain``: each plan's share."""
    from zygj.cli.app import show
    from zygj.output.portfolio_report import explain_grid, score_json, scores_grid
    from zygj.rules.portfolio import portfolio_scores

    members = members_of(workspace)
    if plan_key is not None:
        members = [choose_plan(workspace, plan_key)]
    if year is None and as_of is None:
        from zygj.core.clock import today

        as_of = today()
    scores, used = portfolio_scores(members, read_ledgers(workspace, members), year, as_of)
    if not used:
        raise UsageError(f"{year} 年不在工作区任何方案的方案期内，没有可考评的目标")
    titles = {m.key: m.title for m in members}
    found = None
    if explain is not None:
        name = workspace.resolve_unit(explain)
        found = next((s for s in scores if s.unit == name), None)
        if found is None:
            raise UsageError(f"{name} 在所考评的年度没有计分的目标，也没有应报送的事项")
    if plan_key is not None:  # one plan: its own 考评, as `zygj score --plan` shows it
        from zygj.output import cycle_close
        from zygj.rules.assessment import scheme_of

        plan = members[0].plan
        if found is not None:
            own = found.shares[0].score
            show(
                fmt,
                cycle_close.explain_grid(own, scheme_of(plan).scale),
                cycle_close.score_json(own),
            )
            return
        plan_year, day = used[members[0].key]
        caption = f"{plan_year} 年度考评（截至 {day.isoformat()}）：{titles[members[0].key]}（{plan.document_name}）"
        own_scores = [s.shares[0].score for s in scores]
        show(
            fmt,
            cycle_close.score_grid(own_scores, caption),
            {
                "year": plan_year,
                "as_of": day.isoformat(),
                "scheme": "plan" if plan.targets_file.scoring else "default",
                "units": [cycle_close.score_json(s) for s in own_scores],
            },
        )
        return
    if found is not None:
        show(fmt, explain_grid(found, titles), score_json(found))
        return
    years = sorted({y for y, _ in used.values()})
    dates = sorted({d for _, d in used.values()})
    when = (
        "、".join(str(y) for y in years)
        + " 年度考评（截至 "
        + "、".join(d.isoformat() for d in dates)
        + "）"
    )
    weights = "，".join(f"{titles[k]} {workspace.weights[k]:g}" for k in used)
    caption = (
        f"{when}：{len(used)} 个方案加权（权重：{weights}），各方案按其 scoring 办法计分；"
        "zygj score --explain 单位 可查看各方案所占的分数"
    )
    show(
        fmt,
        scores_grid(scores, titles, caption),
        {
            "workspace": workspace.name,
            "plans": [
                {"plan": k, "year": y, "as_of": d.isoformat(), "weight": workspace.weights[k]}
                for k, (y, d) in used.items()
            ],
            "units": [score_json(s) for s in scores],
        },
    )
