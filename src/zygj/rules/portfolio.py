"""The office's portfolio: one 通报, one 催办 per unit and one 考评 over every plan of a workspace.

Each plan is computed on its own, exactly as one-plan use computes it (its own ledger,
its own :class:`~zygj.rules.report.Report`, its own notices and scores), so a workspace
never says a number about a plan that the plan alone would not. What is added here is
only how the plans are put side by side:

* 总体 per plan, and the sum over all plans (every target instance of every plan counts once);
* each unit across plans: the targets it owns in each plan, and in total;
* 未报送 once per unit: every plan it owes a report in, with the targets of each;
* 催办: one notice per unit, listing what it owes in every plan;
* 考评: a unit's score is the weighted mean of its scores in the plans that assess it,
  with the plans' weights from workspace.yaml (normalised over those plans).

Pure: plans, ledgers and dates in, data out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zygj.core.plan import Plan
from zygj.core.progress import Ledger
from zygj.rules.assessment import UnitScore, assess
from zygj.rules.completion import GroupSummary, Result, summarize
from zygj.rules.forms import FormRow
from zygj.rules.reminders import DEFAULT_WITHIN, Notice, build_notices
from zygj.rules.report import Report, report_of


@dataclass(frozen=True)
class Member:
    """One plan of the workspace: its short name (key), title in tables, 考评 weight."""

    key: str
    title: str
    weight: float
    plan: Plan
    #: A unit's name in this plan → its name in the workspace (the shared registry's spelling);
    #: a name not here is the same in both.
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, local: str) -> str:
        return self.names.get(local, local)

    def local(self, name: str) -> str | None:
        """How this plan names the workspace's unit ``name`` (None: not one of its units)."""
        for own, shared in self.names.items():
            if shared == name:
                return own
        # Never through an alias: another plan's unit may be spelled like one of this plan's aliases.
        units = self.plan.units_file
        declared = any(u.name == name for u in units.units) or any(
            g.name == name for g in units.groups
        )
        return name if name not in self.names and declared else None


@dataclass(frozen=True)
class PlanReport:
    member: Member
    report: Report


@dataclass(frozen=True)
class UnitAcross:
    """One unit's own targets (it is their 责任单位) in each plan and in total."""

    unit: str
    parts: dict[str, GroupSummary]  # plan key → the unit's targets in that plan
    total: GroupSummary


@dataclass(frozen=True)
class SilentUnit:
    """A unit that owes reports: per plan (key), the targets it sent nothing on."""

    unit: str
    owed: dict[str, list[Result]]

    @property
    def count(self) -> int:
        return sum(len(results) for results in self.owed.values())


@dataclass
class Portfolio:
    """Everything the portfolio 通报 shows, computed once (every format renders these)."""

    name: str
    as_of: dt.date
    since: dt.date | None
    plans: list[PlanReport]
    total: GroupSummary
    units: list[UnitAcross] = field(default_factory=list)
    silent: list[SilentUnit] = field(default_factory=list)
    #: Overdue or behind, plan by plan (overdue first within a plan): (plan key, result).
    attention: list[tuple[str, Result]] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(len(p.report.ledger.records) for p in self.plans if p.report.ledger is not None)


def unit_order(members: Sequence[Member]) -> list[str]:
    """Every unit once, as the office lists them: plan by plan, each in its units.yaml order."""
    return list(dict.fromkeys(m.name(u.name) for m in members for u in m.plan.units_file.units))


def build_portfolio(
    name: str,
    members: Sequence[Member],
    ledgers: dict[str, Ledger | None],
    as_of: dt.date,
    since: dt.date | None = None,
    groupings: Sequence[str] = (),
) -> Portfolio:
    """Each plan's report over its own ledger, and the portfolio put together from them."""
    plans = [
        PlanReport(m, report_of(m.plan, ledgers.get(m.key), as_of, list(groupings), since))
        for m in members
    ]
    every = [r for p in plans for r in p.report.results]
    portfolio = Portfolio(name, as_of, since, plans, summarize("all", "全部", every))
    order = unit_order(members)
    owned: dict[str, dict[str, list[Result]]] = {}
    for p in plans:
        for result in p.report.results:
            owner = result.instance.owner
            if owner is not None:
                owned.setdefault(p.member.name(owner), {}).setdefault(p.member.key, []).append(
                    result
                )
    last = len(order)
    for unit in sorted(owned, key=lambda u: order.index(u) if u in order else last):
        parts = {key: summarize(key, key, results) for key, results in owned[unit].items()}
        portfolio.units.append(
            UnitAcross(
                unit, parts, summarize(unit, unit, [r for rs in owned[unit].values() for r in rs])
            )
        )
    silent: dict[str, dict[str, list[Result]]] = {}
    for p in plans:
        for unit in p.report.missing_units:
            owed = [r for r in p.report.missing if unit in r.missing]
            silent.setdefault(p.member.name(unit), {})[p.member.key] = owed
    portfolio.silent = [
        SilentUnit(u, silent[u])
        for u in sorted(silent, key=lambda u: order.index(u) if u in order else last)
    ]
    portfolio.attention = [
        (p.member.key, r) for p in plans for r in p.report.attention_overdue_first
    ]
    return portfolio


# ------------------------------------------------------------------- 催办


@dataclass(frozen=True)
class PortfolioNotice:
    """One unit's 催办通知 over every plan it owes something in (plan key → that plan's notice)."""

    unit: str
    parts: dict[str, Notice]

    @property
    def reasons(self) -> list[str]:
        """临近截止 2 项、逾期 1 项、未报送进展 3 项, summed over the plans."""
        soon = sum(len(n.due_soon) for n in self.parts.values())
        late = sum(len(n.overdue) for n in self.parts.values())
        silent = sum(len(n.missing) for n in self.parts.values())
        words = [(soon, "临近截止"), (late, "逾期"), (silent, "未报送进展")]
        return [f"{word} {count} 项" for count, word in words if count]


def portfolio_notices(
    members: Sequence[Member],
    ledgers: dict[str, Ledger | None],
    as_of: dt.date,
    within: int = DEFAULT_WITHIN,
    since: dt.date | None = None,
    unit: str | None = None,
) -> list[PortfolioNotice]:
    """Each plan's notices (the one-plan rule), gathered into one per unit, in the office's unit order."""
    by_unit: dict[str, dict[str, Notice]] = {}
    for m in members:
        ledger = ledgers.get(m.key)
        report = report_of(m.plan, ledger, as_of, [])
        records = ledger.records if ledger else []
        local = m.local(unit) if unit is not None else None
        if unit is not None and local is None:
            continue
        for notice in build_notices(m.plan, report.results, records, as_of, within, since, local):
            by_unit.setdefault(m.name(notice.unit), {})[m.key] = notice
    order = unit_order(members)
    last = len(order)
    return [
        PortfolioNotice(u, by_unit[u])
        for u in sorted(by_unit, key=lambda u: order.index(u) if u in order else last)
    ]


# ------------------------------------------------------------------- 考评


@dataclass(frozen=True)
class PlanShare:
    """One plan's part in a unit's portfolio score."""

    key: str
    weight: float  # the plan's weight as written in workspace.yaml
    share: float  # the weight normalised over the plans that assess the unit (sums to 1)
    score: UnitScore  # the unit's score in that plan alone (the one-plan 考评)
    year: int

    @property
    def points(self) -> float:
        return self.share * self.score.score


@dataclass(frozen=True)
class PortfolioScore:
    unit: str
    rank: int
    score: float
    shares: tuple[PlanShare, ...]


def portfolio_scores(
    members: Sequence[Member],
    ledgers: dict[str, Ledger | None],
    year: int | None,
    as_of: dt.date | None,
) -> tuple[list[PortfolioScore], dict[str, tuple[int, dt.date]]]:
    """Every unit assessed in some plan, with the weighted mean of its plan scores, ranked.

    Each plan is assessed as ``zygj score`` assesses it alone: ``year`` (None: the year
    each plan assesses on ``as_of``) as of ``as_of`` (None: that year's assessment date in
    the plan). A plan whose period does not touch ``year`` assesses nobody. A unit's score
    is Σ(weight × plan score) ÷ Σ weight over the plans that assess it, rounded to 2
    decimals; equal scores share a rank. Also returns, per plan key, the (year, date) used.
    """
    from zygj.rules.periods import assessed_year, assessment_date, plan_years

    per_unit: dict[str, list[tuple[Member, UnitScore, int]]] = {}
    used: dict[str, tuple[int, dt.date]] = {}
    for m in members:
        if year is None:
            assert as_of is not None
            plan_year, day = assessed_year(m.plan, as_of), as_of
        else:
            plan_year = year
            day = as_of if as_of is not None else assessment_date(m.plan, year)
        if plan_year not in plan_years(m.plan):
            continue
        used[m.key] = (plan_year, day)
        ledger = ledgers.get(m.key)
        report = report_of(m.plan, ledger, day, [])
        for score in assess(
            m.plan, report.results, ledger.records if ledger else [], plan_year, day
        ):
            per_unit.setdefault(m.name(score.unit), []).append((m, score, plan_year))
    order = unit_order(members)
    last = len(order)
    scored: list[tuple[str, float, tuple[PlanShare, ...]]] = []
    for unit, entries in per_unit.items():
        weights = sum(m.weight for m, _, _ in entries)
        shares = tuple(
            PlanShare(m.key, m.weight, m.weight / weights if weights else 1 / len(entries), s, y)
            for m, s, y in entries
        )
        scored.append((unit, round(sum(s.points for s in shares), 2), shares))
    scored.sort(key=lambda s: (-s[1], order.index(s[0]) if s[0] in order else last))
    ranked: list[PortfolioScore] = []
    for index, (unit, points, shares) in enumerate(scored):
        rank = ranked[-1].rank if ranked and ranked[-1].score == points else index + 1
        ranked.append(PortfolioScore(unit, rank, points, shares))
    return ranked, used


# ------------------------------------------------------------------- 填报表


def unit_forms(
    members: Sequence[Member], unit: str, owned_only: bool, as_of: dt.date | None
) -> list[tuple[Member, list[FormRow]]]:
    """What a unit reports on in each plan (the one-plan form's rows), the plans it has none in left out."""
    from zygj.rules.forms import form_rows
    from zygj.rules.obligations import open_years

    found = []
    for m in members:
        local = m.local(unit)
        if local is None:
            continue
        rows = form_rows(m.plan, local, owned_only, open_years(m.plan, as_of) if as_of else None)
        if rows:
            found.append((m, rows))
    return found
