"""Targets and completion reports as people and scripts read them.

The results listing (``targets``, ``measure N``, the 需关注 list of ``report``)
and the group summaries are declared once here and rendered in every format;
the JSON structures are the documented interface for scripts (README, JSON 接口).
Every function returns text; the figures come from :class:`zygj.rules.report.Report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zygj.core.plan import UNASSIGNED, Plan
from zygj.output.listings import Grid, Listing, RenderOptions, markup_escape
from zygj.output.texts import (
    GROUPING_LABELS,
    LIGHT_LABELS,
    bar,
    deadline_text,
    figure_text,
    number_text,
    percent_text,
    status_text,
    target_title,
)

if TYPE_CHECKING:
    from zygj.core.progress import Ledger
    from zygj.rules.completion import GroupSummary, Result
    from zygj.rules.report import Change, Report

RESULT_HEADERS = ["灯", "编号", "状态", "目标", "指标", "截止日期", "实际", "完成度", "责任单位"]
SUMMARY_HEADERS = ["目标数", "已完成", "其中逾期完成", "推进中", "未启动", "逾期", "滞后", "完成度"]
#: What a narrow terminal leaves out first: 灯、编号、状态、目标、实际、完成度 always stay.
RESULT_GIVE_WAY = ("截止日期", "指标", "责任单位")
#: The group's name, 逾期, 滞后 and 完成度 always stay; "" is the bar.
SUMMARY_GIVE_WAY = ("其中逾期完成", "未启动", "推进中", "", "已完成", "目标数")


def result_json(result: Result) -> dict[str, Any]:
    shown = _result_json(result)
    if result.review is not None:  # 核查 (docs/json.md): only where the plan or the ledger uses it
        shown["review"] = result.review
        shown["review_note"] = result.review_note
    return shown


def _result_json(result: Result) -> dict[str, Any]:
    instance = result.instance
    target = instance.target
    return {
        "id": target.id,
        "measure": target.measure,
        "title": target.title,
        "op": target.op,
        "value": target.value
        if target.op in ("ge", "gt", "approx", "growth", "relative")
        else None,
        "min": target.min if target.op == "range" else None,
        "max": target.max if target.op == "range" else None,
        "unit_of_measure": target.unit_of_measure,
        "deadline": instance.deadline.isoformat(),
        "year": instance.year,
        "annual": target.annual,
        "soft": target.soft,
        "owner": instance.owner,
        "actual": result.actual,
        "completion": None if result.completion is None else round(result.completion, 4),
        "elapsed": round(result.elapsed, 4),
        "status": result.status,
        "behind": result.behind,
        "light": result.light,
        "met_on": result.met_on.isoformat() if result.met_on else None,
        "last_report": result.last_report.isoformat() if result.last_report else None,
        "combine": result.combine,
        "figure": target.figure,
        "expected_reporters": list(result.expected),
        "missing_reporters": list(result.missing),
        "asked_reporters": list(result.asked),
        "pace": result.pace,
        "parts": [
            {
                "unit": p.unit,
                "date": p.date.isoformat(),
                "value": p.value,
                "status": p.status,
                "counted": p.counted,
            }
            for p in result.parts
        ],
        "uncounted": [
            {
                "unit": r.unit,
                "date": r.date.isoformat(),
                "value": r.value,
                "status": r.status,
                "source": r.source,
            }
            for r in result.uncounted
        ],
    }


def _light_cell(result: Result, coloured: bool) -> str:
    if coloured:
        # The light names are rich colour names too.
        return f"[{result.light}]●[/{result.light}]{LIGHT_LABELS[result.light][0]}"
    return LIGHT_LABELS[result.light]


def results_grid(results: Sequence[Result], coloured: bool) -> Grid:
    """The results listing: one row per target instance (coloured lights for the terminal table)."""
    grid = Grid(list(RESULT_HEADERS), numeric=[6, 7], wrap=[3], give_way=RESULT_GIVE_WAY)
    grid.markup = coloured
    # Every cell but the light is text of the plan ("个[/]" as a unit of measure): escaped
    # where the cells carry markup, so none of it reaches rich's markup parser.
    shown = markup_escape if coloured else str
    for result in results:
        instance = result.instance
        target = instance.target
        cells = [
            instance.label,
            status_text(result),
            target_title(target),
            figure_text(target),
            deadline_text(instance.deadline),
            number_text(result.actual),
            percent_text(result.completion),
            instance.owner or UNASSIGNED,
        ]
        grid.rows.append([_light_cell(result, coloured), *(shown(c) for c in cells)])
    return grid


def summary_json(summary: GroupSummary) -> dict[str, Any]:
    return {
        "key": summary.key,
        "label": summary.label,
        "total": summary.total,
        "done": summary.done,
        "done_total": summary.done + summary.done_late,
        "done_late": summary.done_late,
        "in_progress": summary.in_progress,
        "not_started": summary.not_started,
        "overdue": summary.overdue,
        "soft_missed": summary.soft_missed,
        "behind": summary.behind,
        "in_progress_behind": summary.in_progress_behind,
        "not_started_behind": summary.not_started_behind,
        "completion": round(summary.completion, 4),
        "done_share": round(summary.done_share, 4),
    }


def _summary_cells(s: GroupSummary) -> list[str]:
    """目标数, 已完成, 逾期完成, 推进中, 未启动, 逾期, 滞后, 完成度 of one group."""
    counts = (
        s.total,
        s.done + s.done_late,
        s.done_late,
        s.in_progress,
        s.not_started,
        s.overdue,
        s.behind,
    )
    return [*map(str, counts), percent_text(s.completion)]


def summary_grid(by: str, summaries: Sequence[GroupSummary], coloured: bool) -> Grid:
    grid = Grid(
        [GROUPING_LABELS[by], *SUMMARY_HEADERS, ""],
        numeric=[1, 2, 3, 4, 5, 6, 7, 8],
        give_way=SUMMARY_GIVE_WAY,
    )
    grid.markup = coloured
    for s in summaries:
        shown_bar = bar(s.completion)
        if grid.markup:
            shown_bar = f"[{s.light}]{shown_bar}[/{s.light}]"
        label = markup_escape(s.label) if grid.markup else s.label
        grid.rows.append([label, *_summary_cells(s), shown_bar])
    return grid


def report_csv_grid(report: Report) -> Grid:
    """One CSV table (a spreadsheet holds one): the overall row, then every group."""
    grid = Grid(["汇总方式", "名称", *SUMMARY_HEADERS])
    rows: list[tuple[str, GroupSummary]] = [("总体", report.overall)]
    for grouping, summaries in report.groups.items():
        rows += [(GROUPING_LABELS[grouping], s) for s in summaries]
    for by_label, s in rows:
        grid.rows.append([by_label, s.label, *_summary_cells(s)])
    return grid


def source_text(ledger: Ledger | None) -> str:
    if ledger is None:
        return "尚无进度文件"
    if len(ledger.sources) > 1:
        return f"进度文件 {len(ledger.sources)} 个（{len(ledger.records)} 条记录）"
    return f"进度文件 {ledger.sources_text}（{len(ledger.records)} 条记录）"


def records_text(ledger: Ledger | None) -> str:
    """What the figures rest on, without the office's file names (for pages that go out)."""
    if ledger is None or not ledger.records:
        return "尚无进度记录"
    return f"据 {len(ledger.records)} 条进度记录"


def report_heading(plan: Plan) -> str:
    """The name a report goes by: the 文号, else the plan's title."""
    return plan.document_name


def report_json(report: Report) -> dict[str, Any]:
    plan = report.plan
    ledger = report.ledger
    data: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "document": plan.document_name,
        "progress": ledger.sources_text if ledger else None,
        "progress_files": list(ledger.sources) if ledger else [],
        "records": len(ledger.records) if ledger else 0,
        "overall": summary_json(report.overall),
    }
    for grouping, summaries in report.groups.items():
        data[f"by_{grouping}"] = [summary_json(s) for s in summaries]
    data["targets"] = [result_json(r) for r in report.results]
    if any(r.review is not None for r in report.results):  # 核查: how many targets in each state
        states = ("needs_evidence", "pending", "accepted", "returned")
        data["review"] = {
            state: sum(1 for r in report.results if r.review == state) for state in states
        }
    data["since"] = report.since.isoformat() if report.since else None
    if report.previous is not None:
        data["previous_overall"] = (
            summary_json(report.previous_overall) if report.previous_overall else None
        )
        for grouping, summaries in report.previous_groups.items():
            for entry, earlier in zip(data[f"by_{grouping}"], summaries, strict=True):
                entry["previous"] = summary_json(earlier)
        for entry, change in zip(data["targets"], report.compared, strict=True):
            entry.update(comparison_json(change))
    if report.by_reporter:
        from zygj.output.cycle_report import ranking_json

        data["by_reporter"] = ranking_json(report)
    if report.timeliness is not None:  # only where 签收 is kept: other outputs stay as they were
        from zygj.output.timeliness import timeliness_json

        data["timeliness"] = timeliness_json(report.timeliness)
    return data


def comparison_json(change: Change) -> dict[str, Any]:
    """A target's ``previous``, ``transition`` and ``reported_units`` (with --since)."""
    from zygj.output.cycle_report import previous_json

    return {
        "previous": previous_json(change.before),
        "transition": change.transition,
        "reported_units": list(change.now.reported),
    }


def report_text(
    report: Report,
    options: RenderOptions,
    listing: Listing,
    coloured: bool = False,
    markdown: bool = False,
) -> str:
    """The report as sections of tables drawn by ``listing`` (the terminal table, plain or
    Markdown): a title and the overall figures, then each grouping, 需关注 and the cycle's sections."""
    overall = report.overall
    day = report.as_of.isoformat()
    number = report_heading(report.plan)
    figures = (
        f"总体：{overall.total} 个目标，已完成 {overall.done + overall.done_late}"
        f"（其中逾期完成 {overall.done_late}），逾期 {overall.overdue}，"
        + (f"未达到力争目标 {overall.soft_missed}，" if overall.soft_missed else "")
        + f"滞后 {overall.behind}，"
        f"完成度 {percent_text(overall.completion)} {bar(overall.completion)}"
    )
    source = source_text(report.ledger)
    if markdown:
        from zygj.output.escaping import markdown_text

        parts = [
            f"# {markdown_text(number)} 完成情况（截至 {day}）\n\n{markdown_text(source)}\n\n{figures}\n\n"
        ]
    else:
        parts = [f"{number} 完成情况（截至 {day}，{source}）\n{figures}\n\n"]
    sections: list[tuple[str, Grid]] = []
    for grouping, summaries in report.groups.items():
        sections.append(
            (f"按{GROUPING_LABELS[grouping]}", summary_grid(grouping, summaries, coloured))
        )
    if report.attention:
        title = f"需关注：逾期 {overall.overdue} 项，滞后 {overall.behind} 项"
        sections.append((title, results_grid(report.attention, coloured)))
    from zygj.output.cycle_report import cycle_sections

    blocks: dict[int, str] = {}
    for key, title, grid in cycle_sections(report):
        if not grid.rows:
            continue
        if key == "missing" and not markdown:
            # A screen shows who owes how much, one entry per unit, not ~160 lines of
            # unit names per target; the per-target table is in the html, docx and json.
            from zygj.output.cycle_report import missing_units_text

            blocks[len(sections)] = (
                f"{title}，涉及 {len(report.missing_units)} 个单位\n\n"
                + missing_units_text(report, options.width)
            )
        sections.append((title, grid))
    return "".join(parts) + titled_sections(sections, options, listing, markdown, blocks)


def titled_sections(
    sections: Sequence[tuple[str, Grid]],
    options: RenderOptions,
    listing: Listing,
    markdown: bool,
    blocks: dict[int, str] | None = None,
) -> str:
    """The 通报's sections one after another, each titled (a Markdown heading, else the table's
    own title) and drawn by ``listing``; ``blocks`` (by index) replace a section's table with text."""
    parts: list[str] = []
    for index, (title, grid) in enumerate(sections):
        if blocks and index in blocks:
            parts.append(blocks[index])
        else:
            if markdown:
                from zygj.output.escaping import markdown_text

                parts.append(f"## {markdown_text(title)}\n\n")
            else:
                grid.title = title
            parts.append(listing(grid, None, options))
        if index < len(sections) - 1:
            parts.append("\n")
    return "".join(parts)


def html_page(report: Report) -> str:
    from zygj.output.cycle_report import cycle_sections
    from zygj.output.html_report import Chart, grid_section, render_report
    from zygj.output.score_table import SCORE_HEADERS, score_cells

    document = report.plan.measures_file.document
    empty = {
        "changes": "本期没有变化。",
        "missing": "应报送的单位都已报送。",
        "reporter-ranking": "没有填报单位。",
        "uncounted": "",
        "timeliness": "",
    }
    extra = []
    for key, title, grid in cycle_sections(report):
        if key == "review":  # its 佐证材料 are links into the evidence store
            from zygj.output.review_report import review_section

            extra.append(review_section(report, title))
            continue
        # The page goes out with the 通报: where a record sits in the office's own files
        # (未计入's 位置) is for the clerk's terminal, not for the units reading it.
        keep = [i for i, header in enumerate(grid.headers) if header != "位置"]
        section = grid_section(
            key,
            title,
            [grid.headers[i] for i in keep],
            [[row[i] for i in keep] for row in grid.rows],
            empty[key],
            numeric=[n for n, i in enumerate(keep) if i in grid.numeric],
        )
        if key == "timeliness" and grid.caption:  # what 迟报 10-20, — and 按时* mean
            from zygj.output.escaping import html_text

            section = (
                section.removesuffix("</section>")
                + f'<p class="meta">{html_text(grid.caption)}</p></section>'
            )
        extra.append(section)
    if report.curves is not None:  # --charts
        from zygj.output.svg_charts import history_section

        extra.append(history_section(report.curves, report.quarters, report.as_of))
    return render_report(
        number=report_heading(report.plan),
        title=document.plan_title or document.title,
        as_of=report.as_of,
        source=records_text(report.ledger),
        issuer=document.issuer,
        overall=report.overall,
        charts=[Chart(f"按{GROUPING_LABELS[g]}", s) for g, s in report.groups.items()],
        attention=report.attention_overdue_first,
        ranking=(
            f"{report.score_year} 年度考评排名",
            SCORE_HEADERS,
            [score_cells(s) for s in report.scores],
        ),
        extra_sections=extra,
    )


def report_sentence(report: Report, fmt: str, shown: str) -> str:
    """What `report -o` says once the file is written."""
    overall = report.overall
    return (
        f"已写入 {shown}（{fmt}，截至 {report.as_of.isoformat()}：{overall.total} 个目标，"
        f"逾期 {overall.overdue}，滞后 {overall.behind}）\n"
    )
