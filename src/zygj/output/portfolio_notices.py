"""One 催办通知 per unit for a whole workspace: what it owes in every plan, as Markdown or .docx.

Each plan's part is the one-plan notice's lists (:func:`zygj.output.cycle_close.notice_parts`:
临近截止, 已逾期, 未报送, with 负责/配合 and the unit's own figure), under a heading naming the
plan; the office (督办编号, 报送时限, 联系人, 署名) is the workspace's ``office:`` block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from zygj.core.models import Office
from zygj.core.numerals import to_chinese
from zygj.output.cycle_close import (
    DEFAULT_REMINDER_NUMBER,
    NOTICE_HEADERS,
    NoticeSheet,
    chinese_date,
    notice_parts,
    numbered,
    unit_title,
)
from zygj.output.listings import Grid

if TYPE_CHECKING:
    from zygj.rules.portfolio import Member, PortfolioNotice


def portfolio_sheets(
    members: Sequence[Member],
    office: Office,
    notices: Sequence[PortfolioNotice],
    written: dt.date,
    due: dt.date | None,
    first: int | None,
) -> list[NoticeSheet]:
    """Each notice's 督办编号 (from ``first``, in the notices' order), dates and addressee (the
    unit's formal name in the first plan that declares one)."""
    by_key = {m.key: m for m in members}
    pattern = office.reminder_number or DEFAULT_REMINDER_NUMBER
    due_day = due if due is not None else written + dt.timedelta(days=office.reply_days)
    sheets = []
    for index, notice in enumerate(notices):
        names = [unit_title(by_key[key].plan, notice.unit) for key in notice.parts]
        formal = next((n for n in names if n != notice.unit), notice.unit)
        sheets.append(
            NoticeSheet(
                numbered(pattern, written.year, None if first is None else first + index),
                written,
                due_day,
                formal,
            )
        )
    return sheets


def notice_title(workspace: str) -> str:
    return f"关于抓紧推进{workspace}相关目标任务的催办通知"


def opening(
    workspace: str, members: Sequence[Member], notice: PortfolioNotice, as_of: dt.date, within: int
) -> str:
    by_key = {m.key: m for m in members}
    plans = "、".join(_plan_reference(by_key[k]) for k in notice.parts)
    soon = any(n.due_soon for n in notice.parts.values())
    return (
        f"根据{plans}分工，截至{chinese_date(as_of)}，你单位有以下事项需要办理："
        f"{'、'.join(notice.reasons)}。请对照清单抓紧推进，按时报送进展情况。"
        + (f"（临近截止指 {within} 日内到期的目标。）" if soon else "")
    )


def _plan_reference(member: Member) -> str:
    """《方案标题》（文号）, as a one-plan notice names its plan."""
    from zygj.output.cycle_close import plan_name

    number = member.plan.measures_file.document.number
    return plan_name(member.plan) + (f"（{number}）" if number else "")


def due_line(office: Office, sheet: NoticeSheet) -> str:
    return (
        f"请于{chinese_date(sheet.due)}前将办理情况和进展数据书面报送{office.name}（加盖单位公章）。"
        "清单按方案分列；表中“角色”为“负责”的是你单位负责的目标，为“配合”的是你单位配合填报的目标；"
        "“本单位填报”是你单位自己报送的最新数字。"
    )


def contact(office: Office) -> str | None:
    parts = [
        text
        for text in (
            office.contact and f"联系人：{office.contact}",
            office.phone and f"联系电话：{office.phone}",
        )
        if text
    ]
    return "；".join(parts) if parts else None


def plan_parts(
    members: Sequence[Member], notice: PortfolioNotice, since: dt.date | None
) -> list[tuple[str, list[tuple[str, list[list[str]]]]]]:
    """Per plan: its heading, and the one-plan notice's lists for it."""
    by_key = {m.key: m for m in members}
    return [
        (
            f"{by_key[key].title}（{by_key[key].plan.document_name}）",
            notice_parts(by_key[key].plan, part, since),
        )
        for key, part in notice.parts.items()
    ]


def portfolio_notice_markdown(
    workspace: str,
    members: Sequence[Member],
    office: Office,
    notice: PortfolioNotice,
    as_of: dt.date,
    within: int,
    since: dt.date | None,
    sheet: NoticeSheet,
) -> str:
    from zygj.output.escaping import markdown_text as inert
    from zygj.output.listings import grid_to_text

    lines = [f"# {inert(notice_title(workspace))}", "", f"督办编号：{inert(sheet.number)}", ""]
    lines += [f"{inert(sheet.addressee)}：", ""]
    lines += [inert(opening(workspace, members, notice, as_of, within)), ""]
    lines += [inert(due_line(office, sheet)), ""]
    for index, (plan_heading, parts) in enumerate(plan_parts(members, notice, since), start=1):
        lines += [f"## {to_chinese(index)}、{inert(plan_heading)}", ""]
        for number, (heading, rows) in enumerate(parts, start=1):
            lines += [f"### （{to_chinese(number)}）{inert(heading)}", ""]
            lines.append(grid_to_text(Grid(NOTICE_HEADERS, rows), markdown=True))
    said = contact(office)
    if said:
        lines += [inert(said), ""]
    lines += [inert(office.issuer or office.name), "", chinese_date(sheet.written), ""]
    return "\n".join(lines)


def portfolio_notice_docx(
    workspace: str,
    members: Sequence[Member],
    office: Office,
    notice: PortfolioNotice,
    as_of: dt.date,
    within: int,
    since: dt.date | None,
    sheet: NoticeSheet,
) -> bytes:
    """The same notice as a 公文 (the one-plan notice's layout: GB/T 9704, 署名 and date together)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from zygj.output.gongwen import (
        NOTICE_DOCX_COLUMNS,
        addressee,
        body,
        document_bytes,
        heading,
        new_document,
        signature,
        table,
        title,
    )

    document = new_document()
    title(document, notice_title(workspace))
    number = document.paragraphs[-1]  # the blank line after the title carries the number
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run(f"督办编号：{sheet.number}")
    document.add_paragraph()
    addressee(document, sheet.addressee)
    body(document, opening(workspace, members, notice, as_of, within))
    body(document, due_line(office, sheet))
    headers = [NOTICE_HEADERS[i] for i in NOTICE_DOCX_COLUMNS]
    wrap = (headers.index("目标"),)
    for index, (plan_heading, parts) in enumerate(plan_parts(members, notice, since), start=1):
        heading(document, 1, f"{to_chinese(index)}、{plan_heading}")
        for number_in_plan, (text, rows) in enumerate(parts, start=1):
            heading(document, 2, f"（{to_chinese(number_in_plan)}）{text}")
            rows = [[row[0].replace("（", "\n（", 1), *row[1:]] for row in rows]
            rows = [[row[i] for i in NOTICE_DOCX_COLUMNS] for row in rows]
            table(document, None, headers, rows, wrap, numeric=(0, 2, 4, 5, 6, 7))
            document.add_paragraph()
    said = contact(office)
    if said:
        body(document, said + "。")
    signature(document, office.issuer or office.name, sheet.written)
    return document_bytes(document)
