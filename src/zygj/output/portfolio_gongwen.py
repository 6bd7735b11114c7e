"""The portfolio 通报 as a 公文 (.docx): one 通报 over every plan of a workspace.

The one-plan 通报's layout (:mod:`zygj.output.gongwen`: GB/T 9704 版头, title, 主送, body,
附件说明, 署名 and date kept together, 附注, numbered 附件, 版记), the workspace's ``office:``
block, and the portfolio's figures: 总体 per plan, each unit across plans, 需关注 plan by
plan, 未报送 once per unit. The office's own paragraphs (``--text``) follow each part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from zygj.output.cycle_close import chinese_date, numbered
from zygj.output.portfolio_report import (
    ATTENTION_HEADERS,
    SILENT_HEADERS,
    UNIT_HEADERS,
    attention_grid,
    silent_grid,
    units_grid,
)
from zygj.output.progress_report import SUMMARY_HEADERS
from zygj.output.texts import percent_text

if TYPE_CHECKING:
    from zygj.core.models import Office
    from zygj.output.gongwen import GongwenOptions
    from zygj.rules.completion import GroupSummary
    from zygj.rules.portfolio import Portfolio

BODY_PARTS = ("总体情况", "存在问题", "下一步工作要求")


def _figures(s: GroupSummary) -> str:
    return (
        f"目标 {s.total} 项，已完成 {s.done + s.done_late} 项（其中逾期完成 {s.done_late} 项），"
        f"逾期 {s.overdue} 项，滞后 {s.behind} 项，完成度 {percent_text(s.completion)}"
    )


def narrative(portfolio: Portfolio, numbers: Mapping[str, int]) -> dict[str, list[str]]:
    """Each part's sentences, every figure the portfolio's."""
    from zygj.output.cycle_close import plan_name

    see = {key: f"（见附件{n}）" for key, n in numbers.items()}
    overall = [
        f"截至{chinese_date(portfolio.as_of)}，纳入督查的 {len(portfolio.plans)} 个方案共有"
        f"{_figures(portfolio.total)}{see['plans']}。"
    ]
    for p in portfolio.plans:
        number = p.member.plan.measures_file.document.number
        overall.append(
            f"{plan_name(p.member.plan)}{f'（{number}）' if number else ''}：{_figures(p.report.overall)}。"
        )
    problems = []
    lagging = [u for u in portfolio.units if u.total.overdue or u.total.behind]
    total = portfolio.total
    if lagging:
        named = "、".join(
            f"{u.unit}（{'、'.join(w for w in (f'逾期 {u.total.overdue} 项' if u.total.overdue else '', f'滞后 {u.total.behind} 项' if u.total.behind else '') if w)}）"
            for u in lagging
        )
        problems.append(
            f"逾期未完成 {total.overdue} 项、进度滞后 {total.behind} 项{see['attention']}，"
            f"涉及 {len(lagging)} 个责任单位：{named}。"
        )
    elif total.overdue or total.behind:
        problems.append(
            f"逾期未完成 {total.overdue} 项、进度滞后 {total.behind} 项{see['attention']}，均未明确责任单位。"
        )
    else:
        problems.append("没有逾期或滞后的目标。")
    period = f"{chinese_date(portfolio.since)}以来" if portfolio.since else "截至目前"
    if portfolio.silent:
        problems.append(
            f"{period}，{len(portfolio.silent)} 个单位有应报送而未报送进展的目标{see['missing']}："
            f"{'、'.join(s.unit for s in portfolio.silent)}。"
        )
    else:
        problems.append(f"{period}，各应报单位均已报送。")
    asks = []
    if lagging:
        asks.append(
            f"请{'、'.join(u.unit for u in lagging)}对照附件{numbers['attention']}所列目标，"
            "逐项明确措施和完成时限，抓紧推进。"
        )
    if portfolio.silent:
        asks.append("请未报送单位抓紧补报进展情况。")
    asks.append("各单位要按时报送各方案的进展数据，确保数据真实准确。")
    return {"总体情况": overall, "存在问题": problems, "下一步工作要求": asks}


def portfolio_docx(
    portfolio: Portfolio,
    office: Office,
    issuer: str,
    addressees: str | None,
    options: GongwenOptions,
) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from zygj.core.numerals import to_chinese
    from zygj.output import gongwen as g

    written: dt.date = options.written or portfolio.as_of
    document = g.new_document()
    if office.style == "bulletin":
        g.masthead_bulletin(
            document,
            office.mark or "督查通报",
            numbered(office.number or "第{n}期", written.year, options.number),
            office.name,
            written,
        )
    else:
        g.masthead_file(
            document,
            office.mark or f"{issuer}文件",
            numbered(office.number or "〔{year}〕{n}号", written.year, options.number),
        )
    g.title(
        document, f"关于{portfolio.name}落实情况的通报", f"（截至{chinese_date(portfolio.as_of)}）"
    )
    if addressees:
        g.addressee(document, addressees)
    plans_rows = [[p.member.title, *_cells(p.report.overall)] for p in portfolio.plans]
    plans_rows.append(["合计", *_cells(portfolio.total)])
    units, attention, silent = (
        units_grid(portfolio),
        attention_grid(portfolio),
        silent_grid(portfolio),
    )
    attachments: dict[
        str, tuple[str, Sequence[str], list[list[str]], tuple[int, ...], tuple[int, ...]]
    ] = {
        "plans": (
            "各方案目标完成情况",
            ["方案", *SUMMARY_HEADERS],
            plans_rows,
            (0,),
            tuple(range(1, 9)),
        ),
        "units": (
            "各单位负责的目标（跨方案）",
            UNIT_HEADERS,
            units.rows,
            (0, 7),
            (1, 2, 3, 4, 5, 6),
        ),
    }
    if attention.rows:
        attachments["attention"] = (
            "逾期和滞后的目标",
            ATTENTION_HEADERS,
            attention.rows,
            (4, 7),
            (6,),
        )
    if silent.rows:
        attachments["missing"] = ("未报送进展的单位", SILENT_HEADERS, silent.rows, (0, 2), (1,))
    numbers = {key: index for index, key in enumerate(attachments, start=1)}
    sentences = narrative(portfolio, numbers)
    for index, part in enumerate(BODY_PARTS, start=1):
        g.heading(document, 1, f"{to_chinese(index)}、{part}")
        for text in [*sentences[part], *options.text.get(part, ())]:
            g.body(document, text)
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    for index, (name, *_rest) in enumerate(attachments.values(), start=1):
        paragraph = document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.left_indent = Pt(g.BODY_PT * 5)
        layout.first_line_indent = Pt(-g.BODY_PT * 3)
        layout.keep_with_next = True
        paragraph.add_run(("附件：" if index == 1 else "\u3000\u3000\u3000") + f"{index}．{name}")
    g.signature(document, issuer, written)
    if office.public:
        g.note(document, office.public)
    contact = "；".join(
        t
        for t in (
            office.contact and f"联系人：{office.contact}",
            office.phone and f"联系电话：{office.phone}",
        )
        if t
    )
    if contact:
        g.note(document, contact)
    for index, (name, headers, rows, wrap, numeric) in enumerate(attachments.values(), start=1):
        label = document.add_paragraph()
        label.paragraph_format.page_break_before = True
        label.paragraph_format.keep_with_next = True
        g._run(label, f"附件{index}", g.HEADING1_FONT)
        document.add_paragraph().paragraph_format.keep_with_next = True
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.keep_with_next = True
        title.paragraph_format.line_spacing = Pt(g.LINE_PT * 1.2)
        g._run(title, name, g.TITLE_FONT, g.TITLE_PT)
        document.add_paragraph().paragraph_format.keep_with_next = True
        g.table(document, None, list(headers), rows, wrap, numeric)
    g.colophon(document, office.copy_to, office.name, written)
    return g.document_bytes(document)


def _cells(s: GroupSummary) -> list[str]:
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
