"""The completion report as one self-contained web page, to circulate with a 通报.

Everything is inline: CSS in a ``<style>`` element, charts as inline SVG, no
script, no web font, no link to anything outside the file, so the page opens
the same way offline, in a mail attachment, or printed. Every piece of text
that comes from the plan or the progress file goes through
:func:`zygj.output.escaping.html_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zygj.core.plan import UNASSIGNED
from zygj.output.escaping import html_text as esc
from zygj.output.texts import (
    LIGHT_LABELS,
    STATUS_LABELS,
    deadline_text,
    figure_text,
    number_text,
    percent_text,
    status_text,
    target_title,
)

if TYPE_CHECKING:
    from zygj.rules.completion import GroupSummary, Result

#: Fill colours, shared by the bars, the dots and the legend.
LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
STATUS_COLOURS = {
    "done": "#2e7d32",
    "done_late": "#9ccc65",
    "in_progress": "#1e88e5",
    "not_started": "#bdbdbd",
    "overdue": "#c62828",
    "soft_missed": "#f9a825",
}
TRACK_COLOUR = "#eceff1"

FONT_STACK = (
    '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", '
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)

_CSS = """
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 40px; font-family: FONTS; color: #212121;
       background: #fff; font-size: 14px; line-height: 1.6; }
header { border-bottom: 3px solid #c62828; padding-bottom: 8px; margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-left: 8px; border-left: 4px solid #1e88e5; }
.subtitle { margin: 0; color: #424242; }
.meta { margin: 4px 0 0; color: #616161; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
.card { flex: 1 1 120px; border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 12px; }
.card .figure { display: block; font-size: 26px; font-weight: bold; line-height: 1.3; }
.card .label { color: #616161; font-size: 13px; }
.card.red .figure { color: #c62828; } .card.green .figure { color: #2e7d32; }
.card.yellow .figure { color: #e65100; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart.status { width: 100%; height: 26px; }
svg text { font-family: FONTS; font-size: 14px; fill: #212121; }
svg text.small { font-size: 12px; fill: #616161; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 4px 0; font-size: 13px; color: #424242; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
          margin-right: 4px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #e0e0e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
tr.overdue td { background: #fff5f5; }
svg.dot { vertical-align: -1px; margin-right: 4px; }
.empty { color: #616161; }
footer { margin-top: 28px; color: #757575; font-size: 12px; border-top: 1px solid #e0e0e0;
         padding-top: 8px; }
.table-box { overflow-x: auto; }
td.title { min-width: 10em; }
.issuer { margin: 0 0 4px; color: #c62828; font-weight: bold; letter-spacing: 0.1em; }
.meta { overflow-wrap: anywhere; }
.phone-bars { display: none; }
.phone-bar { margin: 0 0 10px; }
.phone-bar .name { display: flex; justify-content: space-between; gap: 8px; }
.phone-bar .track { display: block; height: 14px; border-radius: 3px; background: TRACK; }
.phone-bar .fill { display: block; height: 14px; border-radius: 3px; }
.phone-bar .counts { display: block; font-size: 12px; color: #616161; }
/* Phones (通报 are read in WeChat): no sideways panning of the page. The SVG
   charts would shrink their labels to a few pixels, so the same bars are shown
   as stacked rows of ordinary text. A table row becomes a card of "header value"
   lines, so every column (责任单位 included) is on screen without swiping. */
@media screen and (max-width: 640px) {
  body { padding: 12px 12px 24px; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid #e0e0e0; border-radius: 6px; margin: 0 0 8px; padding: 4px 0; }
  th, td { border: none; }
  td, td.num, td.nowrap { display: flex; gap: 8px; padding: 1px 10px; text-align: left;
                          white-space: normal; overflow-wrap: anywhere; }
  td::before { content: attr(data-label); flex: 0 0 5em; color: #616161; }
  td:empty { display: none; }  /* no 实际 yet: no line saying nothing */
  /* 需关注's light, 编号 and 状态 head the card on one line, without their labels. */
  #attention tr { display: flex; flex-wrap: wrap; }
  #attention td:nth-child(-n+3) { width: auto; padding-right: 0; font-weight: bold; }
  #attention td:nth-child(-n+3)::before { content: none; }
  td.title { min-width: 0; }
  /* 考评排名: 名次, 单位 and 得分 head the card, the counts follow three to a line (a card of
     a dozen one-figure lines per unit made the ranking the longest part of the page). */
  #ranking tr { display: grid; grid-template-columns: 2em repeat(3, minmax(0, 1fr)); column-gap: 6px; }
  #ranking td { width: auto; padding: 1px 4px; }
  #ranking td::before { flex: none; }
  #ranking td:nth-child(-n+3) { font-weight: bold; }
  #ranking td:nth-child(-n+2)::before { content: none; }
  #ranking td:nth-child(2) { grid-column: 2 / 4; }
  #ranking td:nth-child(3n+4) { grid-column-start: 2; }
  /* A workspace's 各单位负责的目标: the unit heads the card, its counts three to a line. */
  #units tr { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); column-gap: 6px; }
  #units td { width: auto; padding: 1px 4px; }
  #units td::before { flex: none; }
  #units td:first-child { grid-column: 1 / -1; font-weight: bold; }
  #units td:first-child::before { content: none; }
  #units td:last-child { grid-column: 1 / -1; }
  h1 { font-size: 20px; }
  svg.chart:not(.status) { display: none; }
  .phone-bars { display: block; }
  .card { flex: 1 1 40%; }
  .card .figure { font-size: 22px; }
}
@page { size: A4 landscape; margin: 12mm; }
@media print {
  .table-box { overflow: visible; }
  body { padding: 0; }
  h2 { break-after: avoid; }
  tr, svg.chart { break-inside: avoid; }
}
""".replace("FONTS", FONT_STACK).replace("TRACK", TRACK_COLOUR)


@dataclass(frozen=True)
class Chart:
    """One bar chart: a heading and the summaries it draws, in order."""

    title: str
    summaries: Sequence[GroupSummary]


def text_width(text: str, size: int = 14) -> int:
    """Rough rendered width in px: CJK and full-width characters are one em."""
    from rich.cells import cell_len

    return (cell_len(text) * size + 1) // 2


# ------------------------------------------------------------------ SVG pieces


def bar_chart(chart: Chart, chart_id: str) -> str:
    """Horizontal completion bars: label, bar (coloured by the group's light), figures."""
    row_height, bar_height, track = 30, 18, 360
    label_width = max([text_width(s.label) for s in chart.summaries] + [60]) + 16
    counts_x = label_width + track + 56
    width = counts_x + 300
    height = row_height * len(chart.summaries) + 8
    parts = [
        f'<svg class="chart" id="{esc(chart_id)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(chart.title)}">'
    ]
    for index, s in enumerate(chart.summaries):
        top = 4 + index * row_height
        middle = top + row_height // 2 + 5
        bar_top = top + (row_height - bar_height) // 2
        filled = round(track * max(0.0, min(1.0, s.completion)), 1)
        light = s.light
        counts = (
            f"{s.total} 个目标 · 已完成 {s.done + s.done_late} · 逾期 {s.overdue} · 滞后 {s.behind}"
        )
        parts.append(
            f'<g class="row" data-key="{esc(s.key)}">'
            f"<title>{esc(s.label)}：完成度 {percent_text(s.completion)}，{esc(counts)}</title>"
            f'<text x="{label_width - 10}" y="{middle}" text-anchor="end">{esc(s.label)}</text>'
            f'<rect class="track" x="{label_width}" y="{bar_top}" width="{track}" '
            f'height="{bar_height}" rx="3" fill="{TRACK_COLOUR}"/>'
            f'<rect class="bar {light}" x="{label_width}" y="{bar_top}" width="{filled}" '
            f'height="{bar_height}" rx="3" fill="{LIGHT_COLOURS[light]}"/>'
            f'<text x="{label_width + track + 8}" y="{middle}">{percent_text(s.completion)}</text>'
            f'<text class="small" x="{counts_x}" y="{middle}">{esc(counts)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def phone_bars(chart: Chart) -> str:
    """The same bars as plain HTML, shown instead of the SVG on a phone's narrow screen."""
    rows = []
    for s in chart.summaries:
        counts = (
            f"{s.total} 个目标 · 已完成 {s.done + s.done_late} · 逾期 {s.overdue} · 滞后 {s.behind}"
        )
        filled = round(100 * max(0.0, min(1.0, s.completion)), 1)
        rows.append(
            f'<div class="phone-bar" data-key="{esc(s.key)}">'
            f'<span class="name"><span>{esc(s.label)}</span>'
            f"<span>{percent_text(s.completion)}</span></span>"
            f'<span class="track"><span class="fill {s.light}" '
            f'style="width:{filled}%;background:{LIGHT_COLOURS[s.light]}"></span></span>'
            f'<span class="counts">{esc(counts)}</span></div>'
        )
    return f'<div class="phone-bars">{"".join(rows)}</div>'


def status_bar(overall: GroupSummary) -> str:
    """One stacked bar: how many targets are in each status."""
    width, height = 900, 26
    counts = [
        ("done", overall.done),
        ("done_late", overall.done_late),
        ("in_progress", overall.in_progress),
        ("not_started", overall.not_started),
        ("overdue", overall.overdue),
        ("soft_missed", overall.soft_missed),
    ]
    # A plan without 力争 targets never sees 未达到力争目标: no empty legend entry for it.
    counts = [(status, count) for status, count in counts if count or status != "soft_missed"]
    parts = [
        f'<svg class="chart status" id="status-bar" width="100%" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="各状态目标数">'
    ]
    x = 0.0
    for status, count in counts:
        if not count or not overall.total:
            continue
        w = width * count / overall.total
        parts.append(
            f'<rect class="segment {status}" x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
            f'fill="{STATUS_COLOURS[status]}"><title>{STATUS_LABELS[status]} {count}</title></rect>'
        )
        x += w
    parts.append("</svg>")
    legend = "".join(
        f'<span><i class="swatch" style="background:{STATUS_COLOURS[status]}"></i>'
        f"{STATUS_LABELS[status]} {count}</span>"
        for status, count in counts
    )
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def dot(light: str) -> str:
    label = LIGHT_LABELS[light]
    return (
        f'<svg class="dot" width="12" height="12" viewBox="0 0 12 12" role="img" '
        f'aria-label="{label}"><circle cx="6" cy="6" r="6" fill="{LIGHT_COLOURS[light]}"/></svg>'
        f"{label[0]}"
    )


# ------------------------------------------------------------------ the page


def _cards(overall: GroupSummary) -> str:
    done = overall.done + overall.done_late
    cards = [
        ("", str(overall.total), "目标（含每年目标的各年度）"),
        ("green", str(done), f"已完成（其中逾期完成 {overall.done_late}）"),
        ("", str(overall.in_progress), "推进中"),
        ("", str(overall.not_started), "未启动"),
        ("red" if overall.overdue else "", str(overall.overdue), "逾期未完成"),
        # Only a plan with 力争 targets has them; with it the cards still add up to the total.
        *([("yellow", str(overall.soft_missed), "未达到力争目标")] if overall.soft_missed else []),
        (
            "yellow" if overall.behind else "",
            str(overall.behind),
            f"滞后于序时进度（推进中 {overall.in_progress_behind}、未启动 {overall.not_started_behind}）",
        ),
        ("", percent_text(overall.completion), "总体完成度"),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card {kind}"><span class="figure">{figure}</span>'
            f'<span class="label">{label}</span></div>'
            for kind, figure, label in cards
        )
        + "</div>"
    )


def _attention_table(rows: Sequence[Result]) -> str:
    if not rows:
        return '<p class="empty" id="attention-empty">没有逾期或滞后的目标。</p>'
    headers = ("灯", "编号", "状态", "目标", "指标", "截止日期", "实际", "完成度", "责任单位")
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for result in rows:
        instance = result.instance
        target = instance.target
        cells = (
            ("nowrap", dot(result.light)),
            ("nowrap", esc(instance.label)),
            ("nowrap", esc(status_text(result))),
            ("title", esc(target_title(target))),
            ("nowrap", esc(figure_text(target))),
            ("nowrap", deadline_text(instance.deadline)),
            ("num", esc(number_text(result.actual))),
            ("num", percent_text(result.completion)),
            ("", esc(instance.owner or UNASSIGNED)),
        )
        body.append(
            f'<tr class="{result.status}{" behind" if result.behind else ""}" '
            f'data-light="{result.light}">'
            + "".join(
                _cell(kind, header, cell)
                for (kind, cell), header in zip(cells, headers, strict=True)
            )
            + "</tr>"
        )
    return (
        f'<div class="table-box"><table id="attention"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _cell(kind: str, header: str, html: str) -> str:
    """One table cell; ``data-label`` is its column's header, shown beside it on a phone."""
    cls = f' class="{kind}"' if kind else ""
    return f'<td{cls} data-label="{esc(header)}">{html}</td>'


def _ranking_section(ranking: tuple[str, Sequence[str], Sequence[Sequence[str]]] | None) -> str:
    """考评排名 (zygj score), the same columns as the terminal table and the .docx 通报."""
    if ranking is None:
        return ""
    title, headers, rows = ranking
    if not rows:
        return ""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            _cell("nowrap" if i == 1 else "num", header, esc(cell))
            for i, (header, cell) in enumerate(zip(headers, row, strict=True))
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<section id="ranking"><h2>{esc(title)}</h2>'
        f'<div class="table-box"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</div></section>"
    )


def grid_section(
    section_id: str,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    empty: str,
    numeric: Sequence[int] = (),
) -> str:
    """A plain section of the 通报 (本期变化, 未报送, ranking): a heading and a table, in a box
    of its own that scrolls sideways on a narrow desktop window, never the page."""
    if not rows:
        body = f'<p class="empty">{esc(empty)}</p>'
    else:
        head = "".join(f"<th>{esc(h)}</th>" for h in headers)
        lines = "".join(
            "<tr>"
            + "".join(
                _cell("num" if i in numeric else "", header, esc(cell))
                for i, (header, cell) in enumerate(zip(headers, row, strict=True))
            )
            + "</tr>"
            for row in rows
        )
        body = (
            f'<div class="table-box"><table id="{section_id}-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{lines}</tbody></table></div>"
        )
    return f'<section id="{section_id}"><h2>{esc(title)}</h2>{body}</section>'


def render_report(
    *,
    number: str,
    title: str | None,
    as_of: dt.date,
    source: str,
    issuer: str | None = None,
    overall: GroupSummary,
    charts: Sequence[Chart],
    attention: Sequence[Result],  # overdue first
    ranking: tuple[str, Sequence[str], Sequence[Sequence[str]]] | None = None,
    extra_sections: Sequence[str] = (),
) -> str:
    """The whole page as text (UTF-8 when written); ``ranking``: the 考评 table (title, headers, rows);
    ``extra_sections`` (本期变化, 未报送, 填报单位排名) follow it."""
    rows, overdue, behind = attention, overall.overdue, overall.behind
    heading = f"{number} 完成情况"
    sections = []
    for index, chart in enumerate(charts, start=1):
        if chart.summaries:
            body = bar_chart(chart, f"chart-{index}") + phone_bars(chart)
        else:
            body = '<p class="empty">没有目标。</p>'
        sections.append(f'<section class="group"><h2>{esc(chart.title)}</h2>{body}</section>')
    legend = (
        '<div class="legend">'
        + "".join(
            f'<span><i class="swatch" style="background:{LIGHT_COLOURS[light]}"></i>{text}</span>'
            for light, text in (
                ("green", "无逾期、无滞后"),
                ("yellow", "有滞后目标"),
                ("red", "有逾期目标"),
            )
        )
        + "</div>"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="zygj">
<title>{esc(heading)}（截至 {as_of.isoformat()}）</title>
<style>{_CSS}</style>
</head>
<body>
<header>
{f'<p class="issuer">{esc(issuer)}</p>' if issuer else ""}
<h1>{esc(heading)}</h1>
{f'<p class="subtitle">{esc(title)}</p>' if title else ""}
<p class="meta">截至 {as_of.isoformat()} · {esc(source)}</p>
</header>
<main>
<section id="overall"><h2>总体情况</h2>{_cards(overall)}{status_bar(overall)}</section>
{"".join(sections)}
<section id="bars-legend">{legend}</section>
<section><h2>需关注：逾期 {overdue} 项，滞后 {behind} 项</h2>{_attention_table(rows)}</section>
{_ranking_section(ranking)}
{"".join(extra_sections)}
</main>
<footer>完成度：有数值的目标按实际数与目标数之比计（达标计 100%），定性目标完成计 100%、未完成计 0，
分组完成度为组内各目标的平均值。滞后：推进中且完成度低于时间进度（序时进度），或尚未启动且按完成度 0 计已不是绿灯。
灯：绿灯为已完成或进度正常，黄灯为逾期完成或稍有滞后，红灯为逾期或明显滞后。由 zygj 生成。</footer>
</body>
</html>
"""
