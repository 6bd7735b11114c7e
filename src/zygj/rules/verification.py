"""核查 and 销号 applied to the results: a pure step after :func:`zygj.rules.completion.evaluate`.

The rules (docs/verification.md):

* A target the plan marks ``evidence_required`` (per target, or in ``defaults``) that is
  已完成 with no 佐证材料 on any of its records is 待补佐证 (``needs_evidence``): not
  done, back to 推进中 (逾期 after its deadline).
* Where the ledger has a verification file (or the plan's ``scoring.verified_only``), a
  completed target is 待核查 (``pending``) until the office decides. A decision stands
  until the unit reports again on the target after it (then it is 待核查 again):
  一 退回 (``returned``): not done, back to 推进中 (逾期 after its deadline), with the reason;
  一 销号 (``accepted``): done and closed.
  When several units' decisions stand, a 退回 outweighs a 销号.
* Nothing changes for a plan and ledger that use neither: every output stays as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from zygj.core.diagnostics import Diagnostic, ZygjError
from zygj.core.plan import Plan
from zygj.core.progress import Ledger, Record
from zygj.core.verification import VERIFICATION_SUFFIX, Decision
from zygj.rules.completion import InstanceStatus, Result, judge

DONE = ("done", "done_late")


def evidence_required(plan: Plan, result: Result) -> bool:
    target = result.instance.target
    if target.evidence_required is not None:
        return target.evidence_required
    return plan.targets_file.defaults.evidence_required


def standing(
    decisions: Sequence[Decision], records: Sequence[Record], as_of: dt.date
) -> dict[tuple[str, int | None], list[Decision]]:
    """The decisions that stand on ``as_of``, by instance (target, year): each unit's latest
    decision dated on or before it, unless the unit reported on the instance after it."""
    latest_report: dict[tuple[str, int | None, str], dt.date] = {}
    for record in records:
        if record.date <= as_of:
            key = (record.target, record.year, record.unit)
            latest_report[key] = max(latest_report.get(key, record.date), record.date)
    latest: dict[tuple[str, int | None, str], Decision] = {}
    for decision in decisions:  # file order: a later decision replaces an earlier one
        if decision.date <= as_of:
            latest[(decision.target, decision.year, decision.unit)] = decision
    stands: dict[tuple[str, int | None], list[Decision]] = defaultdict(list)
    for (target, year, unit), decision in latest.items():
        reported = latest_report.get((target, year, unit))
        if reported is None or reported <= decision.date:
            stands[(target, year)].append(decision)
    return stands


def _years_known(plan: Plan, records: Sequence[Record]) -> list[Record]:
    """Records with the year of their instance filled in (annual targets), so they match decisions."""
    annual = {t.id for t in plan.targets if t.annual}
    return [
        r._replace(year=r.period_year) if r.target in annual else r._replace(year=None)
        for r in records
    ]


def reviewed(
    plan: Plan,
    results: Sequence[Result],
    records: Sequence[Record],
    decisions: Sequence[Decision] | None,
    as_of: dt.date,
) -> list[Result]:
    """The results with 核查 applied. ``decisions`` None: the ledger has no verification file."""
    verifying = decisions is not None or (
        plan.targets_file.scoring is not None and plan.targets_file.scoring.verified_only
    )
    needs_evidence = plan.targets_file.defaults.evidence_required or any(
        t.evidence_required for t in plan.targets
    )
    if not verifying and not needs_evidence:
        return list(results)
    keyed = _years_known(plan, records)
    with_evidence = {(r.target, r.year) for r in keyed if r.evidence and r.date <= as_of}
    stands = standing(decisions or [], keyed, as_of)
    out = []
    for result in results:
        instance = result.instance
        key = (instance.target.id, instance.year)
        if result.status not in DONE:
            out.append(result)
            continue
        if evidence_required(plan, result) and key not in with_evidence:
            out.append(_undone(plan, result, as_of, "needs_evidence", None))
            continue
        if not verifying:
            out.append(result)
            continue
        decided = stands.get(key, [])
        returned = [d for d in decided if d.decision == "return"]
        if returned:
            last = returned[-1]
            # The date as prose writes it: an ISO date in a narrow 催办 cell breaks mid-figure.
            when = f"{last.date.year}年{last.date.month}月{last.date.day}日"
            undone = _undone(plan, result, as_of, "returned", f"{last.reason}（{when}退回）")
            out.append(replace(undone, review_unit=last.unit))
        elif decided:
            out.append(replace(result, review="accepted"))
        else:
            out.append(replace(result, review="pending"))
    return out


def _undone(plan: Plan, result: Result, as_of: dt.date, review: str, note: str | None) -> Result:
    """A completion that does not count (yet): 推进中 before the deadline, 逾期 after."""
    instance = result.instance
    status: InstanceStatus = "in_progress"
    if as_of > instance.deadline:
        status = "soft_missed" if instance.target.soft else "overdue"
    light, behind = judge(
        plan, instance, status, result.completion, result.elapsed, result.pace, as_of
    )
    return replace(
        result,
        status=status,
        met_on=None,
        light=light,
        behind=behind,
        review=review,
        review_note=note,
    )


def ledger_decisions(plan: Plan, ledger: Ledger | None) -> list[Decision] | None:
    """The decisions of the verification files beside the ledger's files; None when there is
    none. ZygjError with every problem (located), like a progress file's."""
    if ledger is None:
        return None
    found: list[Decision] | None = None
    problems: list[Diagnostic] = []
    for source in ledger.sources:
        path = Path(source)
        beside = path.with_name(
            path.stem + VERIFICATION_SUFFIX
        )  # load.verification's verification_path
        if not (beside.exists() or beside.is_symlink()):
            continue
        # Imported only when there is a file: a report without one never loads the YAML parser.
        from zygj.load.verification import read_decisions

        decisions, wrong = read_decisions(plan, path, ledger.records)
        found = [*(found or []), *decisions]
        problems += wrong
    if problems:
        raise ZygjError(problems)
    return found


def review_problems(plan: Plan, ledger: Ledger) -> list[Diagnostic]:
    """What ``validate`` checks beside a ledger: every 佐证材料 stored with its hash, and the
    verification file's every decision (each problem located)."""
    from zygj.rules.evidence import evidence_problems

    problems = evidence_problems(ledger.records)
    try:
        ledger_decisions(plan, ledger)
    except ZygjError as exc:
        problems += exc.diagnostics
    return problems
