"""考评: each unit's score on its own targets, by the scheme in targets.yaml's ``scoring:``.

The rule (written out with examples in docs/rules.md, 考评的计分规则):

* the targets scored are the instances whose deadline falls in the year Y,
  judged as of the year's assessment date (``--year Y``: by default the last day of
  Y's backfill window, 31 January of Y + 1, see :mod:`zygj.rules.periods`; ``--year Y
  --as-of D``: as of D; ``--as-of D`` alone: the year D assesses, as of D);
* a unit is scored on the targets it owns, and also on those its measures
  share with it when the scheme says ``partners: true``. Every unit asked to report
  in one of the year's ended periods is listed too, whatever its role: one with no
  scored target is listed with its 少报 deduction alone, score = −missed_form × forms
  (0 when it missed none);
* each target's credit is a share of its weight (default 1): ``done`` when met
  on time, ``done_late`` when met late, ``overdue`` when overdue, and
  ``soft_missed`` for a 力争 target not met by its deadline, and
  ``in_progress`` × completion otherwise (a qualitative target not yet met
  has completion 0);
* score = scale × Σ(weight × credit) ÷ Σ weight − missed_form × forms not
  returned in the year, never below 0 for a unit with scored targets, rounded to 2
  decimals. For each period
  of the year (a quarter by default, the scheme's ``form_period``) that has
  ended by the as-of date, a unit asked about anything in it (who owes what,
  :mod:`zygj.rules.obligations`) that reported on none of it missed one form;
* ranks: highest score first; equal scores share a rank (1, 1, 3).

Pure: results and records in, scores out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zygj.core.models import Scoring
from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.rules.completion import Result
from zygj.rules.obligations import obligations
from zygj.rules.query import target_role
from zygj.rules.reporters import reporters_of

#: The scheme of a plan without ``scoring:`` (the model's defaults).
DEFAULT_SCORING = Scoring()


def scheme_of(plan: Plan) -> Scoring:
    return plan.targets_file.scoring or DEFAULT_SCORING


@dataclass(frozen=True)
class Contribution:
    """One target's part in a unit's score."""

    result: Result
    role: str  # "owner" or "partner"
    weight: float
    share: float  # credit as a share of the weight, 0–1

    @property
    def credit(self) -> float:
        return self.weight * self.share


@dataclass(frozen=True)
class UnitScore:
    unit: str
    rank: int
    score: float
    base: float  # before the deduction for missed forms
    deduction: float
    missed_forms: int
    contributions: tuple[Contribution, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.contributions if c.result.status == status)

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.contributions)


def credit_share(scheme: Scoring, result: Result) -> float:
    """The share of a target's weight it earns under the scheme."""
    if scheme.verified_only and result.review == "pending":
        return 0.0  # 已完成 but not yet 销号: counts only once the office has verified it
    if result.status == "done":
        return scheme.done
    if result.status == "done_late":
        return scheme.done_late
    if result.status == "overdue":
        return scheme.overdue
    if result.status == "soft_missed":
        return scheme.soft_missed
    return scheme.in_progress * (result.completion or 0.0)


def in_scope(result: Result, year: int, as_of: dt.date) -> bool:
    instance = result.instance
    return instance.deadline.year == year and instance.window_start <= as_of


def periods(form_period: str, year: int, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The reporting periods of ``year`` that have ended by ``as_of``: one form each."""
    months = {"month": 1, "quarter": 3, "year": 12}[form_period]
    found = []
    for first in range(1, 13, months):
        start = dt.date(year, first, 1)
        last = first + months - 1
        end = dt.date(year + (last == 12), 1 if last == 12 else last + 1, 1) - dt.timedelta(days=1)
        if end <= as_of:
            found.append((start, end))
    return found


def missed_forms(
    plan: Plan,
    results: Sequence[Result],
    records: Iterable[Record],
    spans: Sequence[tuple[dt.date, dt.date]],
    asked: list[str] | None = None,
) -> dict[str, int]:
    """Per unit, the periods it was asked about something and reported on none of it (少报).

    Who is asked what in each period is :func:`zygj.rules.obligations.obligations`, the
    same as the 通报's 未报送 and ``collect``'s: the period (start − 1 day, end], each
    target instance as of the period's end. ``results`` is unused: every instance counts,
    as a form lists every one. ``asked``, when given, receives every unit asked about
    something in one of the periods (in order of first appearance).
    """
    del results
    ledger = list(records)
    missed: dict[str, int] = defaultdict(int)
    for start, end in spans:
        owed = obligations(plan, ledger, end, start - dt.timedelta(days=1))
        if asked is not None:
            asked.extend(u for u in owed.units if u not in asked)
        for unit in owed.silent:
            missed[unit] += 1
    return dict(missed)


def assess(
    plan: Plan, results: Sequence[Result], records: Iterable[Record], year: int, as_of: dt.date
) -> list[UnitScore]:
    """Every unit with a target in the year or asked to report in it, scored and ranked."""
    scheme = scheme_of(plan)
    scoped = [r for r in results if in_scope(r, year, as_of)]
    parts: dict[str, list[Contribution]] = defaultdict(list)
    for result in scoped:
        target = result.instance.target
        weight = scheme.weights.get(target.id, 1.0)
        share = credit_share(scheme, result)
        units = reporters_of(plan, target) if scheme.partners else []
        owner = result.instance.owner
        if owner is not None and owner not in units:
            units.insert(0, owner)
        for unit in units:
            role = target_role(plan, target, unit) or "partner"
            parts[unit].append(Contribution(result, role, weight, share))
    asked: list[str] = []
    missed = missed_forms(plan, scoped, records, periods(scheme.form_period, year, as_of), asked)
    # A unit asked to report is charged for its silence whatever its role: one with no scored
    # target of its own is listed with its deduction alone (0 when it missed nothing), below
    # every unit scored on results, never above them for owning nothing.
    for unit in asked:
        parts.setdefault(unit, [])
    scores: list[tuple[str, float, float, float, int, tuple[Contribution, ...]]] = []
    for unit, contributions in parts.items():
        total = sum(c.weight for c in contributions)
        deduction = scheme.missed_form * missed.get(unit, 0)
        if contributions:
            base = scheme.scale * sum(c.credit for c in contributions) / total if total else 0.0
            score = round(max(0.0, base - deduction), 2)
        else:
            base, score = 0.0, round(-deduction, 2)
        scores.append(
            (unit, score, round(base, 2), deduction, missed.get(unit, 0), tuple(contributions))
        )
    order = {u.name: i for i, u in enumerate(plan.units_file.units)}
    scores.sort(key=lambda s: (-s[1], order.get(s[0], len(order))))
    ranked: list[UnitScore] = []
    for index, (unit, score, base, deduction, count, parts_of_unit) in enumerate(scores):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else index + 1
        ranked.append(UnitScore(unit, rank, score, base, deduction, count, parts_of_unit))
    return ranked
