"""The words and number formats every output shares: terminal, CSV, HTML, the 台账, forms.

One home for each wording, so the 通报 on screen, on paper and in a spreadsheet
say the same thing: a target's figure (≥3个), its title (with 力争), a status
(with 滞后), a percentage, a number. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from zygj.core.models import STATUS_WORDS, Measure, Target

# Shown with the other formats here; its home is core, where loading messages use it too.
from zygj.core.numbers import number_text as number_text

if TYPE_CHECKING:
    from zygj.rules.completion import Result

STATUS_LABELS: dict[str, str] = {
    "done": STATUS_WORDS["done"],
    "done_late": "逾期完成",
    "in_progress": STATUS_WORDS["in_progress"],
    "not_started": STATUS_WORDS["not_started"],
    "overdue": "逾期",
    "soft_missed": "未达到力争目标",
}
LIGHT_LABELS: dict[str, str] = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
ROLE_LABELS: dict[str, str] = {
    "lead": "牵头", "responsible": "责任", "cooperating": "配合", "general": "全体",
}  # fmt: skip
SOFT_MARK = "（力争）"
BEHIND_MARK = "（滞后）"
UNITS_SEPARATOR = "、"


def percent_text(share: float | None) -> str:
    """A share (0.57) as a percentage (57%); no share is a dash."""
    return "—" if share is None else f"{share * 100:.0f}%"


def figure_text(target: Target) -> str:
    """What a target asks for: ≥3个, >1000人, 1—2个, 约40%, 定性."""
    unit = target.unit_of_measure or ""
    if target.op == "ge":
        return f"≥{number_text(target.value)}{unit}"
    if target.op == "gt":
        return f">{number_text(target.value)}{unit}"
    if target.op == "range":
        return f"{number_text(target.min)}—{number_text(target.max)}{unit}"
    if target.op == "approx":
        return f"约{number_text(target.value)}{unit}"
    if target.op == "growth":
        band = (
            f"左右（不低于{number_text((target.value or 0) - target.band)}{unit or '%'}）"
            if target.band
            else ""
        )
        return f"增长{number_text(target.value)}{unit or '%'}{band}"
    if target.op == "relative":
        more = f"+{number_text(target.value)}" if target.value else ""
        return f"不低于目标{target.reference}{more}" + (
            f"（可低{number_text(target.band)}）" if target.band else ""
        )
    return "定性"


def target_title(target: Target) -> str:
    """A target's title; a 力争 target says so."""
    return target.title + (SOFT_MARK if target.soft else "")


def status_text(result: Result) -> str:
    """已完成, 推进中（滞后）…"""
    text = STATUS_LABELS[result.status]
    if result.review is not None:  # 核查: 已完成（待核查）, 推进中（退回，滞后）
        from zygj.core.verification import REVIEW_LABELS

        return f"{text}（{REVIEW_LABELS[result.review]}{'，滞后' if result.behind else ''}）"
    return text + BEHIND_MARK if result.behind else text


def units_text(names: Sequence[str]) -> str:
    return UNITS_SEPARATOR.join(names)


def bar(share: float, width: int = 20) -> str:
    """A text progress bar: █ for the share done, ░ for the rest."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def short_title(text: str, limit: int = 28) -> str:
    """The first clause of a measure: enough to recognise it in a list."""
    # The first mark that ends a clause, whichever it is (a "。" before any "，" ends it).
    ends = [i for i in (text.find(stop) for stop in ("，", "。", "；", "：")) if 0 < i <= limit]
    if ends:
        return text[: min(ends)]
    return text[:limit] + "…" if len(text) > limit else text


def role_units_text(measure: Measure, role: str) -> str:
    """A measure's units of one role; the last list named gets “等” when the document's
    list ends with 等 (``units_open``)."""
    names: list[str] = getattr(measure, role)
    text = units_text(names)
    if measure.units_open and names:
        roles = [r for r in ("lead", "responsible", "cooperating") if getattr(measure, r)]
        if roles[-1] == role:
            text += "等"
    return text


def deadline_text(day: dt.date) -> str:
    """A deadline as shown: the date, or 长期 for an ongoing task (长期坚持, never due)."""
    from zygj.core.deadlines import ONGOING

    return "长期" if day == ONGOING else day.isoformat()


#: The heading of each way a report groups its targets (``--by``).
GROUPING_LABELS = {"section": "部分", "unit": "牵头单位", "measure": "措施", "reporter": "填报单位"}
