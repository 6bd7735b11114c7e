"""The 考评 ranking's columns, shared by the terminal table, the HTML 通报 and the .docx 通报."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zygj.output.texts import number_text

if TYPE_CHECKING:
    from zygj.rules.assessment import UnitScore

SCORE_HEADERS = [
    "名次", "单位", "得分", "目标数", "按时完成", "逾期完成", "推进中", "未启动", "逾期", "未达力争", "少报", "扣分",
]  # fmt: skip


def score_cells(s: UnitScore) -> list[str]:
    return [
        str(s.rank),
        s.unit,
        f"{s.score:.2f}",
        str(len(s.contributions)),
        str(s.count("done")),
        str(s.count("done_late")),
        str(s.count("in_progress")),
        str(s.count("not_started")),
        str(s.count("overdue")),
        str(s.count("soft_missed")),
        str(s.missed_forms),
        number_text(s.deduction),
    ]
