"""The data every report renders: the ledger read, each target's result, and :class:`Report`.

Commands and outputs share these, so ``targets``, ``report``, ``measure N``,
``export`` and the HTML 通报 all compute completion the same way. A
:class:`Report` holds everything any 通报 shows (groupings, changes, who has
not reported, 需关注, rankings, 考评): the renderers in :mod:`zygj.output` only
lay it out, so the terminal, web and Word 通报 cannot disagree about a number.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from zygj.core.diagnostics import checked
from zygj.core.plan import Plan
from zygj.core.progress import Ledger, Record
from zygj.load.ledger import default_progress_paths, load_progress_files
from zygj.rules.completion import (
    DATE_OF,
    UNIT_OF,
    GroupSummary,
    Result,
    evaluate_all,
    group_by,
    group_records,
    summarize,
)
from zygj.rules.obligations import DONE, Obligations, obligations, with_obligations
from zygj.rules.periods import assessed_year
from zygj.rules.verification import ledger_decisions, reviewed

if TYPE_CHECKING:
    from zygj.rules.assessment import UnitScore
    from zygj.rules.history import Curve, QuarterState
    from zygj.rules.timeliness import Timeliness

#: False: no progress file at all (a workspace plan whose ledger does not exist yet),
#: where None means the default ./progress.yaml when it exists.
Progress = Sequence[Path] | Path | Literal[False] | None


def read_ledger(plan: Plan, option: Progress) -> Ledger | None:
    """The progress files asked for (or ./progress.yaml), merged and checked; None when none."""
    if option is False:
        return None
    options = [option] if isinstance(option, Path) else option
    paths = default_progress_paths(options)
    return checked(*load_progress_files(plan, paths)) if paths else None


def results_for(
    plan: Plan, progress: Progress, as_of: dt.date, since: dt.date | None = None
) -> tuple[list[Result], Ledger | None]:
    """Every target instance's result as of a date, and the ledger they came from.

    ``missing`` and ``asked`` say who owes what in (since, as_of]
    (:func:`zygj.rules.obligations.obligations`).
    """
    ledger = read_ledger(plan, progress)
    records = ledger.records if ledger else []
    grouped = group_records(records)
    results = evaluate_all(plan, records, as_of, since, grouped)
    results = reviewed(
        plan, results, records, ledger_decisions(plan, ledger), as_of
    )  # 核查, before who owes what
    return with_obligations(
        results, obligations(plan, records, as_of, since, results, grouped=grouped)
    ), ledger


@dataclass(frozen=True)
class Change:
    """One target between the last 通报 (``before``) and now."""

    now: Result
    before: Result
    transition: str | None  # 新完成, 退回未完成, 新逾期, 转为滞后

    @property
    def delta(self) -> float | None:
        if self.now.actual is None:
            return None
        return self.now.actual - (self.before.actual or 0.0)

    @property
    def changed(self) -> bool:
        """A changed figure or status (滞后 included); a same-value re-report is no change."""
        return self.now.actual != self.before.actual or (self.now.status, self.now.behind) != (
            self.before.status,
            self.before.behind,
        )


#: Unmet after the deadline (新逾期 counts both).
PAST_DUE = ("overdue", "soft_missed")

#: The status transitions a 通报 counts, in the order its sentences name them.
TRANSITIONS = ("新完成", "退回未完成", "新逾期", "转为滞后")


def transition_of(before: Result, now: Result) -> str | None:
    """How a target moved between two 通报: at most one transition, the first that applies."""
    if now.status in DONE and before.status not in DONE:
        return "新完成"
    if before.status in DONE and now.status not in DONE:
        return "退回未完成"  # falling back from 已完成 is its own transition
    if now.status in PAST_DUE and before.status not in PAST_DUE:
        return "新逾期"  # past the deadline unmet: 逾期, or 未达到力争目标 for a 力争 target
    if now.behind and not before.behind:
        return "转为滞后"
    return None


@dataclass(frozen=True)
class ReporterRank:
    """One unit in the 通报's ranking."""

    unit: str
    expected: int  # target instances it is asked about in the period (who owes what)
    received: int  # of those, how many it reported on in the period
    records: int  # its records in the period
    owned: int
    done: int  # owned instances done (on time or late)
    overdue: int
    behind: int

    @property
    def rate(self) -> float:
        """已报 ÷ 应报; a unit asked nothing in the period owes nothing: 100%."""
        return self.received / self.expected if self.expected else 1.0


def rank_reporters(
    plan: Plan,
    results: Sequence[Result],
    ledger: Ledger | None,
    since: dt.date | None,
    as_of: dt.date,
    owed: Obligations | None = None,
    grouped: Mapping[str, Sequence[Record]] | None = None,
) -> list[ReporterRank]:
    """Every reporter of some target, best first: reporting rate, then fewest overdue and
    behind, then most done; ties in the plan's unit order (units.yaml). ``grouped``:
    :func:`group_records` of the ledger's records, when the caller has it."""
    records = ledger.records if ledger else []
    if grouped is None:
        grouped = group_records(records)
    if owed is None:
        owed = obligations(plan, records, as_of, since, results, grouped=grouped)
    # Each unit's records in the period: a slice of each target's (sorted by date), counted in C.
    counts: Counter[str] = Counter()
    for mine in grouped.values():
        first = 0 if since is None else bisect_right(mine, since, key=DATE_OF)
        counts.update(map(UNIT_OF, mine[first : bisect_right(mine, as_of, key=DATE_OF)]))
    asked: dict[str, int] = {}
    received: dict[str, int] = {}
    for item in owed.items:
        asked[item.unit] = asked.get(item.unit, 0) + 1
        received[item.unit] = received.get(item.unit, 0) + item.reported
    reporters = {unit for r in results for unit in r.expected}
    owners: dict[str | None, list[Result]] = defaultdict(list)
    for result in results:
        owners[result.instance.owner].append(result)
    ranks = []
    for unit in [u.name for u in plan.units_file.units]:
        if unit not in reporters:
            continue
        owned = owners.get(unit, [])
        ranks.append(
            ReporterRank(
                unit,
                asked.get(unit, 0),
                received.get(unit, 0),
                counts.get(unit, 0),
                len(owned),
                sum(1 for r in owned if r.status in DONE),
                sum(1 for r in owned if r.status == "overdue"),
                sum(1 for r in owned if r.behind),
            )
        )
    # A stable sort over units.yaml order: equal units keep the plan's order, never code point.
    ranks.sort(key=lambda k: (-k.rate, k.overdue, k.behind, -k.done))
    return ranks


@dataclass(frozen=True)
class LaggingUnit:
    """A 牵头单位 (the owner of targets) with targets overdue or behind: the 通报's 存在问题."""

    unit: str
    overdue: int
    behind: int  # not overdue, behind the 序时进度

    @property
    def total(self) -> int:
        return self.overdue + self.behind


def lagging_owners(plan: Plan, results: Sequence[Result]) -> list[LaggingUnit]:
    """The owners of overdue or behind targets, in the plan's unit order (units.yaml)."""
    overdue: dict[str, int] = {}
    behind: dict[str, int] = {}
    for r in results:
        owner = r.instance.owner
        if not owner:
            continue
        if r.status == "overdue":
            overdue[owner] = overdue.get(owner, 0) + 1
        elif r.behind:
            behind[owner] = behind.get(owner, 0) + 1
    named = set(overdue) | set(behind)
    order = [u.name for u in plan.units_file.units]
    # An owner outside units.yaml (a group) follows the plan's units, in first-seen order.
    seen = list(dict.fromkeys(r.instance.owner for r in results if r.instance.owner in named))
    ordered = [u for u in order if u in named] + [u for u in seen if u not in order]
    return [LaggingUnit(u, overdue.get(u, 0), behind.get(u, 0)) for u in ordered]


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
    #: Targets with units asked in the period that sent nothing (who owes what).
    missing: list[Result] = field(default_factory=list)
    #: The units behind ``missing``, in units.yaml order.
    missing_units: list[str] = field(default_factory=list)
    #: What a 通报 lists under 需关注: overdue or behind, in plan order.
    attention: list[Result] = field(default_factory=list)
    ranking: list[ReporterRank] = field(default_factory=list)
    by_reporter: bool = False
    #: The year the 考评 ranking is for (in January, the year whose backfills are coming in).
    score_year: int = 0
    #: Who was asked what in the period, and who reported (the 未报送 and the ranking).
    obligations: Obligations | None = None
    #: The 牵头单位 with overdue or behind targets, with their counts, in units.yaml order.
    lagging: list[LaggingUnit] = field(default_factory=list)
    #: The plan's units by position in units.yaml: the office's order for any list of units.
    unit_rank: dict[str, int] = field(default_factory=dict)
    #: 签收 and 报送及时率, when a receipts file sits beside the ledger (None: none does).
    timeliness: Timeliness | None = None
    #: With ``charts``: each numeric target's figure over time, and the plan at each quarter's end.
    curves: list[Curve] | None = None
    quarters: list[QuarterState] = field(default_factory=list)

    def in_office_order(self, units: Sequence[str]) -> list[str]:
        """Units as the office lists them (units.yaml order; others after, as given)."""
        last = len(self.unit_rank)
        return sorted(units, key=lambda u: self.unit_rank.get(u, last))

    @property
    def best_section(self) -> GroupSummary | None:
        """The part with the highest completion (the first such in plan order)."""
        return max(self.sections, key=lambda s: s.completion) if self.sections else None

    @property
    def finished_sections(self) -> list[GroupSummary]:
        """The parts whose every target is done (on time or late), in plan order."""
        return [s for s in self.sections if s.total and s.done + s.done_late == s.total]

    @property
    def done_total(self) -> int:
        """Targets done, on time or late."""
        return self.overall.done + self.overall.done_late

    @property
    def attention_overdue_first(self) -> list[Result]:
        """需关注 as the 通报 pages list it: overdue first, then behind, each in plan order."""
        return sorted(self.attention, key=lambda r: r.status != "overdue")

    @property
    def transitions(self) -> dict[str, int]:
        """How many changed targets made each transition (every word of TRANSITIONS, 0 too)."""
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
    charts: bool = False,
) -> Report:
    """The report as of a date; with ``since``, also as of the last 通报 and what changed;
    with ``charts``, each target's figure over time and the plan by quarter."""
    report = report_of(plan, read_ledger(plan, progress), as_of, groupings, since, charts)
    if progress is not False:  # False: no ledger at all (a workspace plan without one yet)
        from zygj.rules.timeliness import timeliness_beside

        report.timeliness = timeliness_beside(
            plan, progress, report.ledger.records if report.ledger else [], as_of
        )
    return report


def report_of(
    plan: Plan,
    ledger: Ledger | None,
    as_of: dt.date,
    groupings: list[str],
    since: dt.date | None = None,
    charts: bool = False,
) -> Report:
    """:func:`build_report` over a ledger already read (a workspace reads each plan's own);
    签收 (read beside the progress files named) is :func:`build_report`'s."""
    records = ledger.records if ledger else []
    grouped = group_records(records)  # once, for every evaluation below
    decisions = ledger_decisions(plan, ledger)  # 核查: applied to both dates, before who owes what
    results = reviewed(
        plan, evaluate_all(plan, records, as_of, since, grouped), records, decisions, as_of
    )
    previous = (
        reviewed(
            plan, evaluate_all(plan, records, since, grouped=grouped), records, decisions, since
        )
        if since is not None
        else None
    )
    owed = obligations(plan, records, as_of, since, results, previous, grouped)
    results = with_obligations(results, owed)
    by_reporter = "reporter" in groupings
    groupings = [g for g in groupings if g != "reporter"]
    groups = {by: group_by(plan, results, by) for by in groupings}
    missing = [r for r in results if r.missing]
    report = Report(
        plan=plan,
        as_of=as_of,
        results=results,
        ledger=ledger,
        overall=summarize("all", "全部", results),
        groups=groups,
        sections=groups["section"] if "section" in groups else group_by(plan, results, "section"),
        since=since,
        missing=missing,
        missing_units=[u for u in owed.units if any(u in r.missing for r in missing)],
        attention=[r for r in results if r.status == "overdue" or r.behind],
        ranking=rank_reporters(plan, results, ledger, since, as_of, owed, grouped),
        by_reporter=by_reporter,
        score_year=assessed_year(plan, as_of),
        obligations=owed,
        lagging=lagging_owners(plan, results),
        unit_rank={u.name: i for i, u in enumerate(plan.units_file.units)},
    )
    if charts:
        from zygj.rules.history import by_quarter, curves

        report.curves = curves(plan, records, as_of, results)
        report.quarters = by_quarter(plan, records, as_of)
    if previous is not None:
        report.previous = previous
        report.previous_overall = summarize("all", "全部", previous)
        report.previous_groups = {by: group_by(plan, previous, by) for by in groupings}
        pairs = zip(results, previous, strict=True)
        report.compared = [Change(now, before, transition_of(before, now)) for now, before in pairs]
        report.changes = [c for c in report.compared if c.changed]
    return report
