"""The filters of `targets` (--overdue, --due-within, --status, --unit, --measure). Pure.

One plan or each plan of a workspace: the same results are kept either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from zygj.core.plan import Plan
from zygj.rules.completion import Result
from zygj.rules.reporters import reporter_role


@dataclass(frozen=True)
class TargetFilter:
    """What `targets` was asked for; None / False: no such filter."""

    day: dt.date
    overdue: bool = False
    due_within: int | None = None
    #: The last day a --due-within target may fall due.
    horizon: dt.date = dt.date.max
    #: A status (done, overdue, …) or "behind" (滞后).
    status: str | None = None
    #: The unit's name in this plan.
    owner: str | None = None
    owned_only: bool = False
    measure: int | None = None


def select_results(plan: Plan, results: Sequence[Result], wanted: TargetFilter) -> list[Result]:
    """The results every filter given keeps, in order."""
    chosen = []
    for result in results:
        instance = result.instance
        if wanted.overdue and result.status != "overdue":
            continue
        if wanted.due_within is not None and not (
            result.status in ("in_progress", "not_started")
            and wanted.day <= instance.deadline <= wanted.horizon
        ):
            continue
        if wanted.status is not None:
            if wanted.status == "behind":
                if not result.behind:
                    continue
            elif result.status != wanted.status:
                continue
        if wanted.owner is not None:
            standing = reporter_role(plan, instance.target, wanted.owner)
            if standing is None or (wanted.owned_only and standing != "owner"):
                continue
        if wanted.measure is not None and instance.target.measure != wanted.measure:
            continue
        chosen.append(result)
    return chosen


def horizon_of(day: dt.date, due_within: int | None) -> dt.date:
    """The last day a `--due-within N` target may fall due (dt.date.max: no limit)."""
    if due_within is not None and day < dt.date.max - dt.timedelta(days=due_within):
        return day + dt.timedelta(days=due_within)
    return dt.date.max
