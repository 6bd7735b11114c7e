"""The data every report renders: the ledger read, each target's result, and :class:`Report`.

Commands and outputs share these, so ``targets``, ``report``, ``measure N``,
``export`` and the HTML 通报 all compute completion the same way. A
:class:`Report` holds everything any 通报 shows (groupings, changes, who has
not reported, 需关注, rankings, 考评): the renderers in :mod:`zygj.output` only
lay it out, so the terminal, web and Word 通报 cannot disagree about a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.core.diagnostics import checked
from zygj.core.plan import Plan
from zygj.core.progress import Ledger, Record
from zygj.load.ledger import default_progress_paths, load_progress_files
from zygj.rules.periods import assessed_year
from zygj.rules.scoring import GroupSummary, Result, evaluate_all, group_by, summarize

if TYPE_CHECKING:
    from zygj.rules.assessment import UnitScore

#: How a report may group its targets (``--by``).
GROUPINGS = ("section", "unit", "measure", "reporter")

Progress = Sequence[Path] | Path | None


def read_ledger(plan: Plan, option: Progress) -> Ledger | None:
    """The progress files asked for (or ./progress.yaml), merged and checked; None when none."""
    options = [option] if isinstance(option, Path) else option
    paths = default_progress_paths(options)
    return checked(*load_progress_files(plan, paths)) if paths else None


def results_for(
    plan: Plan, progress: Progress, as_of: dt.date, since: dt.date | None = None
) -> tuple[list[Result], Ledger | None]:
    """Every target instance's result as of a date, and the ledger they came from."""
    ledger = read_ledger(plan, progress)
    return evaluate_all(plan, ledger.records if ledger else [], as_of, since), ledger


@dataclass(frozen=True)
class Change:
    """One target between the last 通报 (``before``) and now."""

    now: Result
    before: Result
    transition: str | None  # 新完成, 新逾期, 转为滞后

    @property
    def delta(self) -> float | None:
        if self.now.actual is None:
            return None
        return self.now.actual - (self.before.actual or 0.0)

    @property
    def changed(self) -> bool:
        return (
            self.transition is not None
            or self.now.actual != self.before.actual
            or self.now.status != self.before.status
            or bool(self.now.reported)
        )


#: What a target may have become since the last 通报.
TRANSITIONS = ("新完成", "新逾期", "转为滞后")


def transition_of(before: Result, now: Result) -> str | None:
    done = ("done", "done_late")
    if now.status in done and before.status not in done:
        return "新完成"
    if now.status == "overdue" and before.status != "overdue":
        return "新逾期"
    if now.behind and not before.behind:
        return "转为滞后"
    return None


@dataclass(frozen=True)
class ReporterRank:
    """One unit in the 通报's ranking."""

    unit: str
    expected: int  # target instances it is expected to report on
    received: int  # of those, how many it reported on in the period
    records: int  # its records in the period
    owned: int
    done: int  # owned instances done (on time or late)
    overdue: int
    behind: int

    @property
    def rate(self) -> float:
        return self.received / self.expected if self.expected else 1.0


def rank_reporters(
    plan: Plan, results: Sequence[Result], ledger: Ledger | None, since: dt.date | None, as_of: dt.date
) -> list[ReporterRank]:
    """Every expected reporter, best first: reporting rate, then fewest overdue and behind,
    then most done; ties by name."""
    counts: dict[str, int] = {}
    for record in ledger.records if ledger else []:
        if record.date <= as_of and (since is None or record.date > since):
            counts[record.unit] = counts.get(record.unit, 0) + 1
    ranks = []
    for unit in [u.name for u in plan.units_file.units]:
        mine = [r for r in results if unit in r.expected]
        if not mine:
            continue
        owned = [r for r in results if r.instance.owner == unit]
        ranks.append(ReporterRank(
            unit, len(mine), sum(1 for r in mine if unit in r.reported), counts.get(unit, 0),
            len(owned), sum(1 for r in owned if r.status in ("done", "done_late")),
            sum(1 for r in owned if r.status == "overdue"), sum(1 for r in owned if r.behind),
        ))  # fmt: skip
    ranks.sort(key=lambda k: (-k.rate, k.overdue, k.behind, -k.done, k.unit))
    return ranks


@dataclass
class Report:
    """Everything any output of a completion report shows, computed once.

    The terminal table, Markdown, CSV, JSON, the HTML 通报 and the .docx 通报 only
    render these fields, so they cannot disagree about a number.
    """

    plan: Plan
    as_of: dt.date
    results: list[Result]
    ledger: Ledger | None
    overall: GroupSummary
    #: The summaries of each grouping asked for (``--by``), in the order asked.
    groups: dict[str, list[GroupSummary]] = field(default_factory=dict)
    #: Every part's summary (the .docx 通报 always shows them, whatever ``--by``).
    sections: list[GroupSummary] = field(default_factory=list)
    since: dt.date | None = None
    previous: list[Result] | None = None
    previous_overall: GroupSummary | None = None
    previous_groups: dict[str, list[GroupSummary]] = field(default_factory=dict)
    #: With ``since``: every target then and now, in the order of ``results``.
    compared: list[Change] = field(default_factory=list)
    #: The targets that changed since the last 通报 (empty without ``since``).
    changes: list[Change] = field(default_factory=list)
    #: Targets with expected reporters that sent nothing in the period.
    missing: list[Result] = field(default_factory=list)
    #: The units behind ``missing``, by name.
    missing_units: list[str] = field(default_factory=list)
    #: What a 通报 lists under 需关注: overdue or behind, in plan order.
    attention: list[Result] = field(default_factory=list)
    ranking: list[ReporterRank] = field(default_factory=list)
    by_reporter: bool = False
    #: The year the 考评 ranking is for (in January, the year whose backfills are coming in).
    score_year: int = 0

    @property
    def attention_overdue_first(self) -> list[Result]:
        """需关注 as the 通报 pages list it: overdue first, then behind, each in plan order."""
        return sorted(self.attention, key=lambda r: r.status != "overdue")

    @property
    def transitions(self) -> dict[str, int]:
        """How many targets 新完成, 新逾期, 转为滞后 since the last 通报."""
        return {word: sum(1 for c in self.changes if c.transition == word) for word in TRANSITIONS}

    @cached_property
    def scores(self) -> list[UnitScore]:
        """The year's 考评 (the 通报 pages show it): computed when first asked for."""
        from zygj.rules.assessment import assess

        records = self.ledger.records if self.ledger else []
        return assess(self.plan, self.results, records, self.score_year, self.as_of)

    @property
    def uncounted(self) -> list[tuple[Result, Record]]:
        """未计入: records from units that are not among their target's reporters."""
        return [(r, record) for r in self.results for record in r.uncounted]


def build_report(
    plan: Plan,
    progress: Progress,
    as_of: dt.date,
    groupings: list[str],
    since: dt.date | None = None,
) -> Report:
    """The report as of a date; with ``since``, also as of the last 通报 and what changed."""
    ledger = read_ledger(plan, progress)
    records = ledger.records if ledger else []
    results = evaluate_all(plan, records, as_of, since)
    by_reporter = "reporter" in groupings
    groupings = [g for g in groupings if g != "reporter"]
    groups = {by: group_by(plan, results, by) for by in groupings}
    missing = [r for r in results if r.missing]
    report = Report(
        plan=plan, as_of=as_of, results=results, ledger=ledger,
        overall=summarize("all", "全部", results), groups=groups,
        sections=groups["section"] if "section" in groups else group_by(plan, results, "section"),
        since=since, missing=missing, missing_units=sorted({unit for r in missing for unit in r.missing}),
        attention=[r for r in results if r.status == "overdue" or r.behind],
        ranking=rank_reporters(plan, results, ledger, since, as_of), by_reporter=by_reporter,
        score_year=assessed_year(plan, as_of),
    )  # fmt: skip
    if since is not None:
        previous = evaluate_all(plan, records, since)
        report.previous = previous
        report.previous_overall = summarize("all", "全部", previous)
        report.previous_groups = {by: group_by(plan, previous, by) for by in groupings}
        pairs = zip(results, previous, strict=True)
        report.compared = [Change(now, before, transition_of(before, now)) for now, before in pairs]
        report.changes = [c for c in report.compared if c.changed]
    return report
