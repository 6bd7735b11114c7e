"""The HTML 通报's history charts, hand-written inline SVG (no script, no library).

* each target's figure over time (:func:`curve_svg`): the combined figure as a step
  line (a reported figure holds until the next report), the 序时进度 line from 0 at
  the window's start to the target at its deadline (dashed; a target compared with
  its own level has no 序时进度 and gets a flat target line), and the report's day;
* the whole plan by quarter (:func:`quarters_svg`): the completion at each quarter's
  end as a bar, with the targets done.

Every size is in viewBox units and every text carries its own ``style`` (the page's
``svg text`` rule would otherwise set 14 px), so a chart scales to the column it sits
in and stays legible from 390 px to print. Nothing here computes a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from zygj.output.escaping import html_text as esc
from zygj.output.texts import number_text, percent_text, status_text, target_title

if TYPE_CHECKING:
    from zygj.rules.history import Curve, QuarterState

ACTUAL = "#1e88e5"
PACE = "#757575"
GOAL = "#2e7d32"
W, H = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 14, 16, 34


def _label(
    x: float, y: float, text: str, anchor: str = "middle", colour: str = "#424242", size: float = 11
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'style="font-size:{size:g}px;fill:{colour}">{esc(text)}</text>'
    )


def curve_svg(curve: Curve, as_of: dt.date) -> str:
    instance = curve.instance
    start, end = instance.window_start, max(instance.deadline, curve.points[-1].day)
    span = max((end - start).days, 1)
    top = max(curve.goal, *(p.actual for p in curve.points)) * 1.12 or 1.0

    def x(day: dt.date) -> float:
        return LEFT + (W - LEFT - RIGHT) * min(max((day - start).days / span, 0.0), 1.0)

    def y(value: float) -> float:
        return H - BOTTOM - (H - TOP - BOTTOM) * value / top

    base = y(0)
    parts = [
        f'<line x1="{LEFT}" y1="{base:.1f}" x2="{W - RIGHT}" y2="{base:.1f}" stroke="#9e9e9e"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base:.1f}" stroke="#9e9e9e"/>',
        _label(LEFT - 4, base + 4, "0", "end"),
        _label(LEFT - 4, y(curve.goal) + 4, number_text(curve.goal), "end", GOAL),
        _label(LEFT, H - BOTTOM + 16, start.isoformat(), "start"),
        _label(W - RIGHT, H - BOTTOM + 16, instance.deadline.isoformat(), "end"),
    ]
    if curve.paced:  # 序时进度: 0 at the window's start, the target at the deadline
        parts.append(
            f'<line x1="{x(start):.1f}" y1="{base:.1f}" x2="{x(instance.deadline):.1f}" '
            f'y2="{y(curve.goal):.1f}" stroke="{PACE}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{y(curve.goal):.1f}" x2="{W - RIGHT}" y2="{y(curve.goal):.1f}" '
        f'stroke="{GOAL}" stroke-width="1" stroke-dasharray="2 3"/>'
    )
    if start <= as_of <= end:
        parts.append(
            f'<line x1="{x(as_of):.1f}" y1="{TOP}" x2="{x(as_of):.1f}" y2="{base:.1f}" '
            'stroke="#c62828" stroke-width="1"/>'
        )
        # Near either edge the label hangs inward, so "截至 12-31" is never cut off.
        anchor = "end" if x(as_of) > W - 40 else "start" if x(as_of) < LEFT + 40 else "middle"
        parts.append(
            _label(x(as_of), TOP - 4, f"截至 {as_of.strftime('%m-%d')}", anchor, "#c62828")
        )
    # The figure holds from one report to the next: a step line, then on to the report's day.
    steps: list[str] = []
    for i, point in enumerate(curve.points):
        if i:
            steps.append(f"{x(point.day):.1f},{y(curve.points[i - 1].actual):.1f}")
        steps.append(f"{x(point.day):.1f},{y(point.actual):.1f}")
    last = curve.points[-1]
    if as_of > last.day:
        steps.append(f"{x(min(as_of, end)):.1f},{y(last.actual):.1f}")
    parts.append(
        f'<polyline points="{" ".join(steps)}" fill="none" stroke="{ACTUAL}" stroke-width="2.5"/>'
    )
    for point in curve.points:
        parts.append(
            f'<circle cx="{x(point.day):.1f}" cy="{y(point.actual):.1f}" r="3.5" fill="{ACTUAL}">'
            f"<title>{point.day.isoformat()}：{esc(number_text(point.actual))}</title></circle>"
        )
    near_edge = x(last.day) > W - 80  # the label goes left of the last dot, not off the chart
    parts.append(
        _label(
            x(last.day) + (-6 if near_edge else 6),
            y(last.actual) - 6,
            number_text(last.actual),
            "end" if near_edge else "start",
            ACTUAL,
        )
    )
    label = f"{instance.label} 实际数与序时进度"
    return (
        f'<svg class="trend" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(label)}" '
        f'style="width:100%;height:auto;display:block">{"".join(parts)}</svg>'
    )


def curve_figure(curve: Curve, as_of: dt.date) -> str:
    instance = curve.instance
    caption = f"{instance.label} {target_title(instance.target)}（{status_text(curve.status)}）"
    return (
        f'<figure style="flex:1 1 300px;max-width:440px;margin:0;break-inside:avoid">'
        f'<figcaption style="font-size:13px;font-weight:bold">{esc(caption)}</figcaption>'
        f"{curve_svg(curve, as_of)}</figure>"
    )


def quarters_svg(quarters: Sequence[QuarterState]) -> str:
    # 46 units a quarter and 12.5-unit labels: eight quarters (two years) still read at 11 px
    # on a 390 px phone, where the chart is drawn at 0.85 of its size.
    step, size = 46, 12.5
    width = max(W, LEFT + step * len(quarters) + RIGHT)
    height = 200
    base = height - 40

    def y(share: float) -> float:
        return base - (base - 24) * share

    parts = [f'<line x1="{LEFT}" y1="{base}" x2="{width - RIGHT}" y2="{base}" stroke="#9e9e9e"/>']
    for tick in (0.0, 0.5, 1.0):
        parts.append(_label(LEFT - 4, y(tick) + 4, percent_text(tick), "end", size=size))
        if tick:
            parts.append(
                f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{width - RIGHT}" y2="{y(tick):.1f}" '
                'stroke="#eeeeee"/>'
            )
    for i, q in enumerate(quarters):
        left = LEFT + step * i + 7
        parts.append(
            f'<rect x="{left}" y="{y(q.completion):.1f}" width="{step - 14}" '
            f'height="{base - y(q.completion):.1f}" fill="{ACTUAL}">'
            f"<title>{q.label}：完成度 {percent_text(q.completion)}，已完成 {q.done}/{q.total}</title></rect>"
        )
        middle = left + (step - 14) / 2
        parts.append(_label(middle, y(q.completion) - 4, percent_text(q.completion), size=size))
        parts.append(_label(middle, base + 15, q.label, size=size))
        parts.append(_label(middle, base + 30, f"{q.done}/{q.total}", "middle", GOAL, size))
    return (
        f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" aria-label="按季度的完成情况" '
        f'style="width:100%;max-width:{width * 1.3:.0f}px;height:auto;display:block">{"".join(parts)}</svg>'
    )


def history_section(
    curves: Sequence[Curve], quarters: Sequence[QuarterState], as_of: dt.date
) -> str:
    """The 通报's 进度曲线 section: the plan by quarter, then each target's figure over time."""
    legend = (
        '<p class="legend" style="font-size:13px">'
        f'<span><i class="swatch" style="background:{ACTUAL}"></i>实际数（各单位填报合计，保持到下次填报）</span>'
        f'<span><i class="swatch" style="background:{PACE}"></i>序时进度（虚线）</span>'
        f'<span><i class="swatch" style="background:{GOAL}"></i>目标值（点线）</span></p>'
    )
    figures = "".join(curve_figure(c, as_of) for c in curves)
    body = (
        '<section id="by-quarter"><h2>按季度的完成情况</h2>'
        "<p>每个季度末（本季度为截至日）全方案的完成度；柱下为已完成目标数/目标总数。</p>"
        f"{quarters_svg(quarters)}</section>"
        f'<section id="trends"><h2>各目标进度曲线（{len(curves)} 项有填报数字的目标）</h2>{legend}'
        f'<div style="display:flex;flex-wrap:wrap;gap:16px">{figures}</div></section>'
    )
    return body
