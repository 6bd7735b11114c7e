"""The words of the cycle's last steps: 催办通知 and 考评 tables, as text, grids and JSON.

The .docx layouts (:mod:`zygj.output.gongwen`) take their tables and sentences
from here, so a notice in Markdown and in Word say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    from zygj.rules.assessment import UnitScore
    from zygj.rules.reminders import Item, Notice
    from zygj.rules.scoring import Result

NOTICE_HEADERS = ["编号", "目标", "所属措施", "角色", "指标", "截止日期", "本单位填报", "实际", "完成度", "状态"]
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


def notice_opening(plan: Plan, notice: Notice, as_of: dt.date, within: int) -> str:
    document = plan.measures_file.document
    return (
        f"根据{plan_name(plan)}（{document.number}）分工，截至{chinese_date(as_of)}，"
        f"你单位有以下事项需要办理：{'、'.join(notice.reasons)}。"
        f"请对照清单抓紧推进，按时报送进展情况。"
        + (f"（临近截止指 {within} 日内到期的目标。）" if notice.due_soon else "")
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
    return parts


def contact_line(plan: Plan) -> str | None:
    contact = plan.measures_file.document.contact
    return f"联系方式：{contact}" if contact else None


def notice_markdown(
    plan: Plan, notice: Notice, as_of: dt.date, within: int, since: dt.date | None
) -> str:
    from zygj.output.escaping import markdown_text as inert
    from zygj.output.listings import grid_to_text

    lines = [f"# {inert(notice_title(plan))}", "", f"{inert(notice.unit)}：", ""]
    lines += [inert(notice_opening(plan, notice, as_of, within)), ""]
    for index, (heading, rows) in enumerate(notice_parts(plan, notice, since), start=1):
        lines += [f"## {'一二三四'[index - 1]}、{inert(heading)}", ""]
        lines.append(grid_to_text(Grid(NOTICE_HEADERS, rows), markdown=True))
    contact = contact_line(plan)
    if contact:
        lines += [inert(contact), ""]
    lines += [inert(plan.measures_file.document.issuer), "", chinese_date(as_of), ""]
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
    }


def _item_json(item: Item) -> dict[str, Any]:
    """A notice's item: the target as `report --format json` has it, plus the unit's role and figure."""
    return {**result_json(item.result), "role": item.role, "own_value": item.own_value}


# ----------------------------------------------------------------------- scores

def score_grid(scores: Sequence[UnitScore], caption: str | None = None) -> Grid:
    return Grid(
        SCORE_HEADERS, [score_cells(s) for s in scores],
        numeric=(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), caption=caption,
    )  # fmt: skip


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
            c.result.instance.label, target_title(c.result.instance.target),
            "负责" if c.role == "owner" else "配合", status_text(c.result),
            percent_text(c.result.completion), number_text(c.weight), f"{c.share:.2f}",
            f"{scale * c.credit / total:.2f}" if total else "0.00",
        ]
        for c in s.contributions
    ]  # fmt: skip
    base = (
        f"合计 {s.base:.2f} = {number_text(scale)} × Σ(权重 × 得分比例) ÷ Σ权重 {number_text(total)}"
        if s.contributions
        else "没有计分的目标，只计少报扣分"  # asked to report only: charged for its silence alone
    )
    caption = f"{base}；少报 {s.missed_forms} 份扣 {number_text(s.deduction)} 分；得分 {s.score:.2f}，第 {s.rank} 名"
    return Grid(EXPLAIN_HEADERS, rows, title=f"{s.unit} 考评得分明细", wide=(1,),
                numeric=(4, 5, 6, 7), caption=caption)  # fmt: skip
