"""核查 and 销号: the office's decision on a unit's reported completion. No I/O here.

Decisions live in their own append-only file beside the ledger
(:mod:`zygj.load.verification`); how they change a target's status is
:mod:`zygj.rules.verification`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal, NamedTuple

from zygj.core.models import CONFIG, Day, NameStr, Spec, StrictStr

DecisionWord = Literal["accept", "return"]
#: What each decision is called in messages and in the file's comment.
DECISION_LABELS: dict[str, str] = {"accept": "销号", "return": "退回"}
#: A target's 核查 state (``review`` in ``--format json``): 待补佐证, 待核查, 已销号, 退回.
REVIEW_LABELS: dict[str, str] = {
    "needs_evidence": "待补佐证",
    "pending": "待核查",
    "accepted": "已销号",
    "returned": "退回",
}
#: The verification file beside a ledger ``台账.yaml`` is ``台账.核查.yaml``.
VERIFICATION_SUFFIX = ".核查.yaml"


@dataclass(frozen=True, kw_only=True)
class DecisionEntry:
    """One decision as written in the verification file (validated by Pydantic)."""

    __pydantic_config__ = CONFIG

    target: Annotated[NameStr, Spec(description='目标编号，如 "1.1"')]
    unit: Annotated[NameStr, Spec(description="被核查的填报单位")]
    decision: Annotated[DecisionWord, Spec(description="accept 销号 / return 退回")]
    date: Annotated[Day, Spec(description="核查日期")]
    year: Annotated[int | None, Spec(description="年度目标的年份")] = None
    reason: Annotated[StrictStr | None, Spec(description="退回的理由（退回时必填）")] = None

    def __post_init__(self) -> None:
        if self.decision == "return" and not (self.reason or "").strip():
            raise ValueError("退回（return）须写明理由 reason")


class Decision(NamedTuple):
    """A checked decision: the unit resolved to its canonical name, where it stands."""

    target: str
    year: int | None
    unit: str
    decision: DecisionWord
    date: dt.date
    reason: str | None
    path: str
    line: int

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"
