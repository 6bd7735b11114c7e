"""The data every report renders: the ledger read, each target's result, the group summaries.

Commands and outputs share these, so ``targets``, ``report``, ``measure N``,
``export`` and the HTML 通报 all compute completion the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zygj.core.diagnostics import checked
from zygj.core.plan import Plan
from zygj.load.ledger import Ledger, default_progress_paths, load_progress_files
from zygj.rules.scoring import GroupSummary, Result, evaluate_all, group_by, summarize

CHINA = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has had no DST since 1991

#: How a report may group its targets, with the heading each grouping gets.
GROUPINGS = {"section": "部分", "unit": "牵头单位", "measure": "措施"}


def today() -> dt.date:
    """Today in Beijing: deadlines are Chinese calendar days wherever zygj runs."""
    return dt.datetime.now(CHINA).date()


Progress = Sequence[Path] | Path | None


def read_ledger(plan: Plan, option: Progress) -> Ledger | None:
    """The progress files asked for (or ./progress.yaml), merged and checked; None when none."""
    options = [option] if isinstance(option, Path) else option
    paths = default_progress_paths(options)
    return checked(*load_progress_files(plan, paths)) if paths else None


def results_for(
    plan: Plan, progress: Progress, as_of: dt.date
) -> tuple[list[Result], Ledger | None]:
    """Every target instance's result as of a date, and the ledger they came from."""
    ledger = read_ledger(plan, progress)
    return evaluate_all(plan, ledger.records if ledger else [], as_of), ledger


@dataclass
class Report:
    """A completion report: the overall summary and one list of summaries per grouping."""

    as_of: dt.date
    results: list[Result]
    ledger: Ledger | None
    overall: GroupSummary
    groups: dict[str, list[GroupSummary]] = field(default_factory=dict)

    @property
    def attention(self) -> list[Result]:
        """What a 通报 lists under 需关注: overdue or behind."""
        return [r for r in self.results if r.status == "overdue" or r.behind]


def build_report(
    plan: Plan, progress: Progress, as_of: dt.date, groupings: list[str]
) -> Report:
    results, ledger = results_for(plan, progress, as_of)
    return Report(
        as_of, results, ledger, summarize("all", "全部", results),
        {by: group_by(plan, results, by) for by in groupings},
    )  # fmt: skip
