"""The portfolio 通报 (every plan of a workspace) as text, JSON and a web page.

The figures are :class:`zygj.rules.portfolio.Portfolio`'s, each plan's computed as one-plan
use computes it; here they are only laid out. Sections: 总体 per plan (and 合计), each
unit's own targets across plans, 需关注 plan by plan, 未报送 once per unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zygj.core.plan import UNASSIGNED
from zygj.output.listings import Grid, Listing, RenderOptions, markup_escape
from zygj.output.progress_report import (
    SUMMARY_GIVE_WAY,
    SUMMARY_HEADERS,
    result_json,
    summary_json,
    titled_sections,
)
from zygj.output.texts import bar, deadline_text, percent_text, status_text, target_title

if TYPE_CHECKING:
    from zygj.rules.completion import GroupSummary
    from zygj.rules.portfolio import Portfolio, PortfolioNotice, PortfolioScore
    from zygj.rules.portfolio_collect import WorkspaceCollected

UNIT_HEADERS = ["单位", "方案数", "目标数", "已完成", "逾期", "滞后", "完成度", "涉及方案"]
ATTENTION_HEADERS = ["方案", "灯", "编号", "状态", "目标", "截止日期", "完成度", "责任单位"]
SILENT_HEADERS = ["单位", "未报送目标", "各方案"]


def _titles(portfolio: Portfolio) -> dict[str, str]:
    return {p.member.key: p.member.title for p in portfolio.plans}


def _summary_cells(s: GroupSummary) -> list[str]:
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


def figures_text(s: GroupSummary) -> str:
    return (
        f"{s.total} 个目标，已完成 {s.done + s.done_late}（其中逾期完成 {s.done_late}），逾期 {s.overdue}，"
        + (f"未达到力争目标 {s.soft_missed}，" if s.soft_missed else "")
        + f"滞后 {s.behind}，完成度 {percent_text(s.completion)}"
    )


def plans_grid(portfolio: Portfolio, coloured: bool = False) -> Grid:
    """总体 per plan, then 合计 (every target instance of every plan once)."""
    grid = Grid(
        ["方案", *SUMMARY_HEADERS, ""], numeric=[1, 2, 3, 4, 5, 6, 7, 8], give_way=SUMMARY_GIVE_WAY
    )
    grid.markup = coloured
    rows = [(p.member.title, p.report.overall) for p in portfolio.plans] + [
        ("合计", portfolio.total)
    ]
    for label, s in rows:
        shown_bar = f"[{s.light}]{bar(s.completion)}[/{s.light}]" if coloured else bar(s.completion)
        grid.rows.append(
            [markup_escape(label) if coloured else label, *_summary_cells(s), shown_bar]
        )
    return grid


def units_grid(portfolio: Portfolio) -> Grid:
    """Each unit's own targets (it is the 责任单位) across plans."""
    titles = _titles(portfolio)
    grid = Grid(
        list(UNIT_HEADERS), numeric=[1, 2, 3, 4, 5, 6], wrap=[7], give_way=("涉及方案", "方案数")
    )
    for u in portfolio.units:
        t = u.total
        grid.rows.append(
            [
                u.unit,
                str(len(u.parts)),
                str(t.total),
                str(t.done + t.done_late),
                str(t.overdue),
                str(t.behind),
                percent_text(t.completion),
                "、".join(f"{titles[k]} {s.total}" for k, s in u.parts.items()),
            ]
        )
    return grid


def attention_grid(portfolio: Portfolio) -> Grid:
    titles = _titles(portfolio)
    grid = Grid(list(ATTENTION_HEADERS), numeric=[6], wrap=[4], give_way=("截止日期", "责任单位"))
    for key, r in portfolio.attention:
        grid.rows.append(
            [
                titles[key],
                "红灯" if r.light == "red" else "黄灯" if r.light == "yellow" else "绿灯",
                r.instance.label,
                status_text(r),
                target_title(r.instance.target),
                deadline_text(r.instance.deadline),
                percent_text(r.completion),
                r.instance.owner or UNASSIGNED,
            ]
        )
    return grid


def silent_grid(portfolio: Portfolio) -> Grid:
    """未报送, once per unit: how many targets it sent nothing on, and in which plans."""
    titles = _titles(portfolio)
    grid = Grid(list(SILENT_HEADERS), numeric=[1], wrap=[2])
    for s in portfolio.silent:
        grid.rows.append(
            [
                s.unit,
                str(s.count),
                "、".join(f"{titles[k]} {len(rs)} 项" for k, rs in s.owed.items()),
            ]
        )
    return grid


def silent_title(portfolio: Portfolio) -> str:
    period = f"自 {portfolio.since.isoformat()} 起" if portfolio.since else "截至目前"
    return f"未报送（{period}）：{len(portfolio.silent)} 个单位"


def sections(portfolio: Portfolio, coloured: bool = False) -> list[tuple[str, str, Grid]]:
    total = portfolio.total
    found = [
        ("plans", "按方案", plans_grid(portfolio, coloured)),
        ("units", "各单位负责的目标（跨方案）", units_grid(portfolio)),
        (
            "attention",
            f"需关注：逾期 {total.overdue} 项，滞后 {total.behind} 项",
            attention_grid(portfolio),
        ),
        ("missing", silent_title(portfolio), silent_grid(portfolio)),
    ]
    return [s for s in found if s[2].rows]


def heading(portfolio: Portfolio) -> str:
    return f"{portfolio.name} 完成情况"


def source_text(portfolio: Portfolio) -> str:
    return f"{len(portfolio.plans)} 个方案，{portfolio.records} 条进度记录"


def portfolio_text(
    portfolio: Portfolio,
    options: RenderOptions,
    listing: Listing,
    coloured: bool = False,
    markdown: bool = False,
) -> str:
    """The 通报 as titled tables drawn by ``listing`` (terminal table, plain text or Markdown)."""
    day = portfolio.as_of.isoformat()
    figures = f"总体：{figures_text(portfolio.total)} {bar(portfolio.total.completion)}"
    if markdown:
        from zygj.output.escaping import markdown_text

        parts = [
            f"# {markdown_text(heading(portfolio))}（截至 {day}）\n\n{source_text(portfolio)}\n\n{figures}\n\n"
        ]
    else:
        parts = [f"{heading(portfolio)}（截至 {day}，{source_text(portfolio)}）\n{figures}\n\n"]
    found = [(title, grid) for _, title, grid in sections(portfolio, coloured)]
    return "".join(parts) + titled_sections(found, options, listing, markdown)


def portfolio_csv_grid(portfolio: Portfolio) -> Grid:
    """One table (a spreadsheet holds one): each plan's 总体, then 合计."""
    grid = Grid(["方案", "简称", *SUMMARY_HEADERS])
    for p in portfolio.plans:
        grid.rows.append([p.member.title, p.member.key, *_summary_cells(p.report.overall)])
    grid.rows.append(["合计", "", *_summary_cells(portfolio.total)])
    return grid


def portfolio_json(portfolio: Portfolio) -> dict[str, Any]:
    """The workspace report's JSON (docs/json.md, 工作区): each plan's figures as in one-plan JSON."""
    return {
        "workspace": portfolio.name,
        "as_of": portfolio.as_of.isoformat(),
        "since": portfolio.since.isoformat() if portfolio.since else None,
        "records": portfolio.records,
        "total": summary_json(portfolio.total),
        "plans": [
            {
                "key": p.member.key,
                "title": p.member.title,
                "weight": p.member.weight,
                "document": p.member.plan.document_name,
                "records": len(p.report.ledger.records) if p.report.ledger else 0,
                "overall": summary_json(p.report.overall),
            }
            for p in portfolio.plans
        ],
        "units": [
            {
                "unit": u.unit,
                "total": summary_json(u.total),
                "plans": {k: summary_json(s) for k, s in u.parts.items()},
            }
            for u in portfolio.units
        ],
        "attention": [{"plan": key, **result_json(r)} for key, r in portfolio.attention],
        "missing": [
            {
                "unit": s.unit,
                "count": s.count,
                "plans": {k: [r.instance.key for r in rs] for k, rs in s.owed.items()},
            }
            for s in portfolio.silent
        ],
    }


def portfolio_sentence(portfolio: Portfolio, fmt: str, shown: str) -> str:
    total = portfolio.total
    return (
        f"已写入 {shown}（{fmt}，截至 {portfolio.as_of.isoformat()}：{len(portfolio.plans)} 个方案，"
        f"{total.total} 个目标，逾期 {total.overdue}，滞后 {total.behind}）\n"
    )


def portfolio_html(portfolio: Portfolio, issuer: str | None = None) -> str:
    """The 通报 as one self-contained page, in the one-plan page's style (phone layout too)."""
    import dataclasses

    from zygj.output.escaping import html_text as esc
    from zygj.output.html_report import (
        _CSS,
        Chart,
        _cards,
        bar_chart,
        grid_section,
        phone_bars,
        status_bar,
    )

    plans = [dataclasses.replace(p.report.overall, label=p.member.title) for p in portfolio.plans]
    units = [dataclasses.replace(u.total, label=u.unit) for u in portfolio.units]
    charts = [Chart("各方案完成情况", plans), Chart("各单位完成度（负责的目标，跨方案）", units)]
    body = [
        f'<section id="overall"><h2>总体情况</h2>{_cards(portfolio.total)}{status_bar(portfolio.total)}</section>'
    ]
    for index, chart in enumerate(charts, start=1):
        inner = (
            bar_chart(chart, f"chart-{index}") + phone_bars(chart)
            if chart.summaries
            else '<p class="empty">没有目标。</p>'
        )
        body.append(f'<section class="group"><h2>{esc(chart.title)}</h2>{inner}</section>')
    empty = {"plans": "", "units": "没有单位负责的目标。", "attention": "没有逾期或滞后的目标。",
             "missing": "应报送的单位都已报送。"}  # fmt: skip
    shown = {key: (title, grid) for key, title, grid in sections(portfolio)}
    for key in ("plans", "units", "attention", "missing"):
        if key == "plans":
            continue  # the chart above and the cards say it
        title, grid = shown.get(key, (_empty_title(portfolio, key), Grid([])))
        body.append(
            grid_section(
                key, title, grid.headers, grid.rows, empty[key], numeric=list(grid.numeric)
            )
        )
    body.append(_plans_table(portfolio))
    day = portfolio.as_of.isoformat()
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="zygj">
<title>{esc(heading(portfolio))}（截至 {day}）</title>
<style>{_CSS}</style>
</head>
<body>
<header>
{f'<p class="issuer">{esc(issuer)}</p>' if issuer else ""}
<h1>{esc(heading(portfolio))}</h1>
<p class="meta">截至 {day} · {esc(source_text(portfolio))}</p>
</header>
<main>
{"".join(body)}
</main>
<footer>各方案的数字与单独通报该方案时相同；合计把各方案的目标放在一起计算。完成度：有数值的目标按实际数与目标数之比计
（达标计 100%），定性目标完成计 100%、未完成计 0，分组完成度为组内各目标的平均值。由 zygj 生成。</footer>
</body>
</html>
"""


def _empty_title(portfolio: Portfolio, key: str) -> str:
    total = portfolio.total
    return {
        "units": "各单位负责的目标（跨方案）",
        "attention": f"需关注：逾期 {total.overdue} 项，滞后 {total.behind} 项",
        "missing": silent_title(portfolio),
    }[key]


def _plans_table(portfolio: Portfolio) -> str:
    """The plans with their documents: what each short title in the tables stands for."""
    from zygj.output.html_report import grid_section

    rows = [
        [p.member.title, p.member.plan.document_name, figures_text(p.report.overall)]
        for p in portfolio.plans
    ]
    return grid_section("plan-list", "各方案", ["方案", "文件", "完成情况"], rows, "")


# ------------------------------------------------------------------ 催办、考评


def notice_summary(notice: PortfolioNotice, titles: dict[str, str]) -> str:
    """临近截止 2 项、逾期 1 项（资阳工匠 3 项、促进就业 1 项）."""
    plans = "、".join(
        f"{titles[k]} {len(n.due_soon) + len(n.overdue) + len(n.missing)} 项"
        for k, n in notice.parts.items()
    )
    return f"{'、'.join(notice.reasons)}（{plans}）"


SCORE_HEADERS = ["名次", "单位", "得分", "方案数", "各方案得分"]


def scores_grid(scores: Sequence[PortfolioScore], titles: dict[str, str], caption: str) -> Grid:
    grid = Grid(list(SCORE_HEADERS), numeric=[0, 2, 3], wrap=[4], caption=caption)
    for s in scores:
        grid.rows.append(
            [
                str(s.rank),
                s.unit,
                f"{s.score:.2f}",
                str(len(s.shares)),
                "、".join(f"{titles[p.key]} {p.score.score:.2f}" for p in s.shares),
            ]
        )
    return grid


EXPLAIN_HEADERS = ["方案", "考评年度", "权重", "占比", "本方案得分", "本方案名次", "计入"]


def explain_grid(s: PortfolioScore, titles: dict[str, str]) -> Grid:
    rows = [
        [
            titles[p.key],
            str(p.year),
            f"{p.weight:g}",
            f"{p.share:.2f}",
            f"{p.score.score:.2f}",
            str(p.score.rank),
            f"{p.points:.2f}",
        ]
        for p in s.shares
    ]
    caption = (
        f"得分 {s.score:.2f} = Σ(占比 × 本方案得分)，占比 = 权重 ÷ 参加考评的各方案权重之和 "
        f"{sum(p.weight for p in s.shares):g}；第 {s.rank} 名（zygj score -w 工作区 --plan-key 方案 --explain 单位 可查看该方案的计分明细）"
    )
    return Grid(
        EXPLAIN_HEADERS,
        rows,
        title=f"{s.unit} 考评得分（跨方案）",
        numeric=(1, 2, 3, 4, 5, 6),
        caption=caption,
    )


def score_json(s: PortfolioScore) -> dict[str, Any]:
    from zygj.output.cycle_close import score_json as plan_score_json

    return {
        "rank": s.rank,
        "unit": s.unit,
        "score": s.score,
        "plans": [
            {
                "plan": p.key,
                "year": p.year,
                "weight": p.weight,
                "share": round(p.share, 4),
                "points": round(p.points, 4),
                "plan_score": plan_score_json(p.score),
            }
            for p in s.shares
        ],
    }


def notice_json(notice: PortfolioNotice, file: str | None) -> dict[str, Any]:
    """A unit's notice: the one-plan notice's JSON for each plan it owes something in."""
    from zygj.output.cycle_close import notice_json as plan_notice_json

    return {
        "unit": notice.unit,
        "file": file,
        "reasons": notice.reasons,
        "plans": {key: plan_notice_json(part, None) for key, part in notice.parts.items()},
    }


# ------------------------------------------------------------------ collect

COLLECT_HEADERS = ["单位", "填报表", "读取", "新增", "重复"]


def collected_grid(result: WorkspaceCollected) -> Grid:
    grid = Grid(list(COLLECT_HEADERS), numeric=[1, 2, 3, 4])
    for t in result.tallies:
        grid.rows.append([t.unit, str(len(t.forms)), str(t.read), str(t.new), str(t.duplicates)])
    grid.title = f"汇总填报表：{len(result.forms)} 份，{len(result.tallies)} 个单位"
    return grid


def collected_json(result: WorkspaceCollected) -> dict[str, Any]:
    return {
        "forms": result.forms,
        "new": result.new,
        "plans": [
            {
                "plan": p.key,
                "ledger": p.ledger,
                "new": len(p.new),
                "silent": p.silent,
                "since": p.since.isoformat() if p.since else None,
                "as_of": p.as_of.isoformat() if p.as_of else None,
            }
            for p in result.plans
        ],
        "units": [
            {
                "unit": t.unit,
                "forms": sorted(t.forms),
                "read": t.read,
                "new": t.new,
                "duplicates": t.duplicates,
            }
            for t in result.tallies
        ],
        "silent": [{"unit": unit, "plans": keys} for unit, keys in result.silent.items()],
    }


def collected_text(result: WorkspaceCollected, titles: dict[str, str]) -> str:
    """未报送 once per unit (with its plans), then what each ledger got."""
    lines = []
    silent = result.silent
    periods = {(p.since, p.as_of) for p in result.plans if p.as_of is not None}
    period = ""
    if len(periods) == 1:
        start, end = periods.pop()
        period = f"，{start.isoformat() if start else '开始'} 至 {end.isoformat() if end else ''}"
    if silent:
        # Each unit once; units owing in the same plans together, the plans named before them.
        by_plans: dict[tuple[str, ...], list[str]] = {}
        for unit, keys in silent.items():
            by_plans.setdefault(tuple(keys), []).append(unit)
        named = "；".join(
            f"{'、'.join(titles[k] for k in keys)}：{'、'.join(units)}"
            for keys, units in by_plans.items()
        )
        lines.append(f"未报送（{len(silent)} 个单位{period}）：{named}")
    else:
        lines.append(f"应报送的单位都已报送{f'（{period[1:]}）' if period else ''}")
    for p in result.plans:
        added = f"新增 {len(p.new)} 条记录" if p.new else "没有新记录，台账未改动"
        lines.append(f"{titles[p.key]}：{p.ledger} {added}")
    lines.append(f"已汇总 {len(result.forms)} 份填报表：新增 {result.new} 条记录")
    return "\n".join(lines) + "\n"
