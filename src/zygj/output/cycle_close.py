"""The words of the cycle's last steps: 催办通知 and 考评 tables, as text, grids and JSON.

The .docx layouts (:mod:`zygj.output.gongwen`) take their tables and sentences
from here, so a notice in Markdown and in Word say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zygj.core.numerals import to_chinese
from zygj.core.plan import Plan
from zygj.output.listings import Grid
from zygj.output.progress_report import result_json
from zygj.output.score_table import SCORE_HEADERS, score_cells
from zygj.output.texts import (
    STATUS_LABELS,
    figure_text,
    number_text,
    percent_text,
    short_title,
    status_text,
    target_title,
)

if TYPE_CHECKING:
    from zygj.core.models import Office
    from zygj.rules.assessment import UnitScore
    from zygj.rules.completion import Result
    from zygj.rules.reminders import Item, Notice

NOTICE_HEADERS = [
    "编号",
    "目标",
    "所属措施",
    "角色",
    "指标",
    "截止日期",
    "本单位填报",
    "实际",
    "完成度",
    "状态",
]
#: 负责: the unit owns the target; 配合: it reports its own part of another unit's target.
ROLE_WORDS = {"owner": "负责", "partner": "配合"}


def chinese_date(day: dt.date) -> str:
    """2020年6月30日: 成文日期 and dates in prose, in Arabic numerals (GB/T 9704 §7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"


def plan_name(plan: Plan) -> str:
    """《方案标题》 (with the 文号 when there is one)."""
    document = plan.measures_file.document
    return f"《{document.plan_title or document.title}》"


def measure_label(plan: Plan, result: Result) -> str:
    measure = plan.measure(result.instance.target.measure)
    if measure is None:
        return f"第 {result.instance.target.measure} 项"
    return f"第 {measure.no} 项：{short_title(measure.text, 20)}"


def notice_rows(plan: Plan, items: Sequence[Item]) -> list[list[str]]:
    return [
        [
            i.result.instance.label,
            target_title(i.result.instance.target),
            measure_label(plan, i.result),
            ROLE_WORDS[i.role],
            figure_text(i.result.instance.target),
            i.result.instance.deadline.isoformat(),
            number_text(i.own_value) or "—",
            number_text(i.result.actual) or "—",
            percent_text(i.result.completion),
            status_text(i.result),
        ]
        for i in items
    ]


def notice_title(plan: Plan) -> str:
    return f"关于抓紧推进{plan_name(plan)}相关目标任务的催办通知"


# ----------------------------------------------------------- the office's settings

#: The 督办编号 when the plan's ``office.reminder_number`` does not say.
DEFAULT_REMINDER_NUMBER = "督办〔{year}〕{n}号"
#: What stands for a number not given (--number): room for the clerk to write it in.
BLANK_NUMBER = "\u3000\u3000"


def office_of(plan: Plan) -> Office:
    """The plan's ``office`` block, or one built from ``document`` (issuer as the office)."""
    from zygj.core.models import Office

    office = plan.measures_file.office
    return office if office is not None else Office(name=plan.measures_file.document.issuer)


def issuer_of(plan: Plan) -> str:
    """The 署名 of the office's 通报 and 催办通知."""
    return office_of(plan).issuer or plan.measures_file.document.issuer


def numbered(pattern: str, year: int, n: int | None) -> str:
    """A 发文字号, 期号 or 督办编号 from its pattern: {year}, and {n} or a blank to fill in."""
    return pattern.replace("{year}", str(year)).replace(
        "{n}", BLANK_NUMBER if n is None else str(n)
    )


def unit_title(plan: Plan, unit: str) -> str:
    """How a 公文 addresses a unit: its ``formal_name`` (乐至县人民政府), else its name."""
    known = plan.registry.get(unit)
    return (known.formal_name or known.name) if known is not None else unit


def contact_line(plan: Plan) -> str | None:
    """联系人：张三；联系电话：… (office.contact and office.phone; else document.contact)."""
    office = office_of(plan)
    parts = []
    if office.contact:
        parts.append(f"联系人：{office.contact}")
    if office.phone:
        parts.append(f"联系电话：{office.phone}")
    if parts:
        return "；".join(parts)
    contact = plan.measures_file.document.contact
    return f"联系方式：{contact}" if contact else None


def due_date(plan: Plan, written: dt.date, due: dt.date | None) -> dt.date:
    """报送时限: --due, else the office's ``reply_days`` after the 成文日期."""
    return due if due is not None else written + dt.timedelta(days=office_of(plan).reply_days)


@dataclass(frozen=True)
class NoticeSheet:
    """What a 催办通知 says beyond the notice's items: its number, dates and addressee."""

    number: str  # 督办编号
    written: dt.date  # 成文日期
    due: dt.date  # 报送时限
    addressee: str


def notice_sheets(
    plan: Plan, notices: Sequence[Notice], written: dt.date, due: dt.date | None, first: int | None
) -> list[NoticeSheet]:
    """Each notice's 督办编号 (numbered from ``first`` in the notices' order), dates and addressee."""
    pattern = office_of(plan).reminder_number or DEFAULT_REMINDER_NUMBER
    return [
        NoticeSheet(
            numbered(pattern, written.year, None if first is None else first + index),
            written,
            due_date(plan, written, due),
            unit_title(plan, notice.unit),
        )
        for index, notice in enumerate(notices)
    ]


def notice_opening(plan: Plan, notice: Notice, as_of: dt.date, within: int) -> str:
    document = plan.measures_file.document
    number = f"（{document.number}）" if document.number else ""
    return (
        f"根据{plan_name(plan)}{number}分工，截至{chinese_date(as_of)}，"
        f"你单位有以下事项需要办理：{'、'.join(notice.reasons)}。"
        f"请对照清单抓紧推进，按时报送进展情况。"
        + (f"（临近截止指 {within} 日内到期的目标。）" if notice.due_soon else "")
    )


def notice_due_line(plan: Plan, sheet: NoticeSheet) -> str:
    """报送时限: where and by when the unit answers."""
    return (
        f"请于{chinese_date(sheet.due)}前将办理情况和进展数据书面报送{office_of(plan).name}"
        "（加盖单位公章）。表中“角色”为“负责”的是你单位负责的目标，为“配合”的是你单位配合填报的目标；"
        "“本单位填报”是你单位自己报送的最新数字。"
    )


def notice_parts(
    plan: Plan, notice: Notice, since: dt.date | None
) -> list[tuple[str, list[list[str]]]]:
    """The notice's lists, each with its heading: due soon, overdue, forms not returned."""
    parts: list[tuple[str, list[list[str]]]] = []
    if notice.due_soon:
        parts.append(("临近截止的目标", notice_rows(plan, notice.due_soon)))
    if notice.overdue:
        parts.append(("已逾期未完成的目标", notice_rows(plan, notice.overdue)))
    if notice.missing and since is not None:
        parts.append(
            (f"{chinese_date(since)}以后未报送进展的目标", notice_rows(plan, notice.missing))
        )
    if (
        notice.returned
    ):  # 核查退回: the office's reason beside the target's title (a column that wraps)
        rows = notice_rows(plan, notice.returned)
        for row, item in zip(rows, notice.returned, strict=True):
            row[1] += f"（退回理由：{item.result.review_note}）"
        parts.append(("核查退回、需补充后重新报送的目标", rows))
    return parts


def notice_markdown(
    plan: Plan,
    notice: Notice,
    as_of: dt.date,
    within: int,
    since: dt.date | None,
    sheet: NoticeSheet | None = None,
) -> str:
    from zygj.output.escaping import markdown_text as inert
    from zygj.output.listings import grid_to_text

    if sheet is None:
        sheet = notice_sheets(plan, [notice], as_of, None, None)[0]
    lines = [f"# {inert(notice_title(plan))}", "", f"督办编号：{inert(sheet.number)}", ""]
    lines += [f"{inert(sheet.addressee)}：", ""]
    lines += [inert(notice_opening(plan, notice, as_of, within)), ""]
    lines += [inert(notice_due_line(plan, sheet)), ""]
    for index, (heading, rows) in enumerate(notice_parts(plan, notice, since), start=1):
        lines += [f"## {to_chinese(index)}、{inert(heading)}", ""]
        lines.append(grid_to_text(Grid(NOTICE_HEADERS, rows), markdown=True))
    contact = contact_line(plan)
    if contact:
        lines += [inert(contact), ""]
    lines += [inert(issuer_of(plan)), "", chinese_date(sheet.written), ""]
    return "\n".join(lines)


def notice_json(notice: Notice, file: str | None) -> dict[str, Any]:
    return {
        "unit": notice.unit,
        "file": file,
        "reasons": notice.reasons,
        "due_soon": [_item_json(i) for i in notice.due_soon],
        "overdue": [_item_json(i) for i in notice.overdue],
        "missing_forms": [i.result.instance.key for i in notice.missing],
        "missing": [_item_json(i) for i in notice.missing],
        **({"returned": [_item_json(i) for i in notice.returned]} if notice.returned else {}),
    }


def _item_json(item: Item) -> dict[str, Any]:
    """A notice's item: the target as `report --format json` has it, plus the unit's role and figure."""
    return {**result_json(item.result), "role": item.role, "own_value": item.own_value}


# ----------------------------------------------------------------------- scores


def score_grid(scores: Sequence[UnitScore], caption: str | None = None) -> Grid:
    return Grid(
        SCORE_HEADERS,
        [score_cells(s) for s in scores],
        numeric=(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        caption=caption,
    )


def score_json(s: UnitScore) -> dict[str, Any]:
    return {
        "rank": s.rank,
        "unit": s.unit,
        "score": s.score,
        "base": s.base,
        "deduction": s.deduction,
        "missed_forms": s.missed_forms,
        "targets": len(s.contributions),
        "counts": {status: s.count(status) for status in STATUS_LABELS},
        "contributions": [
            {
                "target": c.result.instance.key,
                "role": c.role,
                "status": c.result.status,
                "completion": c.result.completion,
                "weight": c.weight,
                "share": round(c.share, 4),
                "credit": round(c.credit, 4),
            }
            for c in s.contributions
        ],
    }


EXPLAIN_HEADERS = ["编号", "目标", "角色", "状态", "完成度", "权重", "得分比例", "计分"]


def explain_grid(s: UnitScore, scale: float) -> Grid:
    """Each target's contribution to one unit's score, and the sum that makes it."""
    total = s.total_weight
    rows = [
        [
            c.result.instance.label,
            target_title(c.result.instance.target),
            "负责" if c.role == "owner" else "配合",
            status_text(c.result),
            percent_text(c.result.completion),
            number_text(c.weight),
            f"{c.share:.2f}",
            f"{scale * c.credit / total:.2f}" if total else "0.00",
        ]
        for c in s.contributions
    ]
    base = (
        f"合计 {s.base:.2f} = {number_text(scale)} × Σ(权重 × 得分比例) ÷ Σ权重 {number_text(total)}"
        if s.contributions
        else "没有计分的目标，只计少报扣分"  # asked to report only: charged for its silence alone
    )
    caption = f"{base}；少报 {s.missed_forms} 份扣 {number_text(s.deduction)} 分；得分 {s.score:.2f}，第 {s.rank} 名"
    return Grid(
        EXPLAIN_HEADERS,
        rows,
        title=f"{s.unit} 考评得分明细",
        wrap=(1,),
        numeric=(4, 5, 6, 7),
        caption=caption,
    )
