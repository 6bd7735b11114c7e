"""`zygj collect` over a workspace: every row of every form to its plan's own ledger, all or nothing.

A workspace form (:mod:`zygj.output.portfolio_forms`) has one sheet per plan, named after the
plan: each sheet's rows are checked against that plan exactly as a one-plan form's are (known
target, declared unit, the form's unit), then merged into that plan's ledger exactly as
one-plan ``collect`` merges (an exact duplicate counts once, a different figure for the same
target, unit, date and year is a conflict naming both places); the 佐证材料 a row names are
hashed into the evidence store beside that plan's ledger, as one-plan ``collect`` stores them. A sheet named after no plan of
the workspace, a file that is not a workspace form, any problem in any form or ledger → nothing
is written to any ledger. Collecting the same forms again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zygj.core.diagnostics import Diagnostic, UsageError, ZygjError, display_path
from zygj.core.evidence import parse_evidence
from zygj.core.progress import Ledger, Record
from zygj.load.ledger import (
    checked_ledger,
    conflict_diagnostic,
    expand_sources,
    load_progress,
    record_key,
)
from zygj.load.progress.xlsx import read_xlsx_sheets
from zygj.rules.collect import LEDGER_SUFFIXES, UnitTally, _appended, _check_reads_back
from zygj.rules.evidence import evidence_conflict, with_stored_evidence
from zygj.rules.obligations import obligations, period_containing
from zygj.rules.portfolio import Member, unit_order

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class PlanCollected:
    """What one plan's ledger gets."""

    key: str
    ledger: str  # as shown
    path: Path
    new: list[Record]
    data: bytes | None  # the ledger's new bytes (None: nothing to add)
    silent: list[str]  # units asked in the period that reported on nothing asked (who owes what)
    since: dt.date | None = None
    as_of: dt.date | None = None
    #: 佐证材料 to add to the plan's evidence store: (path in the store, bytes), written with the ledger.
    evidence: list[tuple[Path, bytes]] = field(default_factory=list)
    #: Every record of the forms' sheets of this plan (签收 needs all, not only the new ones).
    read: list[Record] = field(default_factory=list)


@dataclass
class WorkspaceCollected:
    forms: list[str]
    plans: list[PlanCollected]
    tallies: list[UnitTally] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(len(p.new) for p in self.plans)

    @property
    def silent(self) -> dict[str, list[str]]:
        """Each silent unit (office order) → the plans (keys) it owes a report in."""
        found: dict[str, list[str]] = {}
        for p in self.plans:
            for unit in p.silent:
                found.setdefault(unit, []).append(p.key)
        return found


def collect_workspace(
    members: Sequence[Member],
    ledgers: dict[str, Path],
    raws: dict[str, bytes | None],
    forms: list[Path],
    sheets: dict[str, str],
    as_of: dt.date | None = None,
    since: dt.date | None = None,
) -> WorkspaceCollected:
    """Merge the forms into each plan's ledger (``ledgers``: key → path; ``raws``: key → its bytes
    now, None when it does not exist yet). ``sheets``: key → the name of the plan's sheet.

    未报送 per plan is who owes what in (``since``, ``as_of``] over its ledger and the forms,
    by default the plan's reporting period that holds the latest date in any form.
    """
    by_key = {m.key: m for m in members}
    for key, path in ledgers.items():
        if path.suffix.lower() not in LEDGER_SUFFIXES:
            raise UsageError(f"方案 {key} 的台账应为 .yaml 或 .csv 文件", display_path(path))
    own = {path.resolve() for path in ledgers.values()}
    files = [f for f in expand_sources(forms) if f.resolve() not in own]
    if not files:
        raise UsageError("没有要汇总的填报表（各方案的台账本身不算）")
    plan_of_sheet = {name: key for key, name in sheets.items()}
    known_names = "、".join(sheets.values())
    problems: list[Diagnostic] = []
    existing: dict[str, Ledger | None] = {}
    for m in members:
        if raws.get(m.key) is not None:
            ledger, found = load_progress(m.plan, ledgers[m.key])
            existing[m.key] = ledger
            problems += found
        else:
            existing[m.key] = None
    read: list[tuple[str, Ledger]] = []  # (plan key, a sheet's records)
    shown_forms: list[str] = []
    for file in files:
        shown = display_path(file)
        if file.suffix.lower() not in WORKBOOK_SUFFIXES:
            problems.append(
                Diagnostic(
                    shown,
                    None,
                    None,
                    "不是工作区的填报表：工作区汇总只读 zygj progress template -w 生成的 .xlsx 填报表"
                    "（每个方案一个工作表）；单个方案的进度文件请用 zygj collect --plan 该方案文件夹 汇总",
                )
            )
            continue
        shown_forms.append(shown)
        for title, sheet in read_xlsx_sheets(file, shown):
            plan_key = plan_of_sheet.get(title)
            if plan_key is None:
                problems.append(
                    Diagnostic(
                        shown,
                        None,
                        None,
                        f"工作表“{title}”不是本工作区任何方案的工作表（应为 {known_names} 之一）："
                        "整份未汇总；请用 zygj progress template -w 重新生成填报表",
                    )
                )
                continue
            if isinstance(sheet, list):
                problems += sheet
                continue
            try:
                read.append(
                    (plan_key, checked_ledger(by_key[plan_key].plan, sheet, unit_required=True))
                )
            except ZygjError as exc:
                problems += exc.diagnostics
    if problems:
        raise ZygjError(problems)
    # 佐证材料: each plan's files hashed into the store beside its own ledger, as one-plan collect does.
    hashed: list[tuple[str, Ledger]] = []
    stores: dict[str, dict[str, tuple[Path, bytes]]] = {}
    for m in members:
        mine = [lg for key, lg in read if key == m.key]
        if any(r.evidence for lg in mine for r in lg.records):
            try:
                mine, stores[m.key] = with_stored_evidence(ledgers[m.key], files, mine)
            except ZygjError as exc:
                problems += exc.diagnostics
        hashed += [(m.key, lg) for lg in mine]
    if problems:
        raise ZygjError(problems)
    read = hashed

    tallies: dict[str, UnitTally] = {}
    new: dict[str, list[Record]] = {m.key: [] for m in members}
    for m in members:
        known: dict[tuple[object, ...], Record] = {}
        for record in existing[m.key].records if existing[m.key] is not None else []:  # type: ignore[union-attr]
            known.setdefault(record_key(record), record)
        for key, ledger in read:
            if key != m.key:
                continue
            for record in ledger.records:
                name = m.name(record.unit)
                tally = tallies.setdefault(name, UnitTally(name))
                tally.forms.add(ledger.sources_text)
                tally.read += 1
                earlier = known.get(record_key(record))
                if earlier is None:
                    known[record_key(record)] = record
                    new[m.key].append(record)
                    tally.new += 1
                elif (earlier.value, earlier.status) == (record.value, record.status):
                    if earlier.evidence == record.evidence or record.evidence is None:
                        tally.duplicates += 1
                    else:
                        problems.append(evidence_conflict(record, earlier))
                else:
                    problems.append(conflict_diagnostic(record, earlier))
    if problems:
        raise ZygjError(problems)
    latest = max((r.date for _, lg in read for r in lg.records), default=None)
    plans: list[PlanCollected] = []
    for m in members:
        before = existing[m.key]
        every = [*(before.records if before else []), *new[m.key]]
        day, start = as_of, since
        if day is None and latest is not None:
            from zygj.rules.assessment import scheme_of

            first, day = period_containing(latest, scheme_of(m.plan).form_period)
            start = first if start is None else start
        silent = (
            [m.name(u) for u in obligations(m.plan, every, day, start).silent]
            if day is not None
            else []
        )
        path = ledgers[m.key]
        shown = display_path(path)
        data = _appended(path, shown, raws.get(m.key), new[m.key]) if new[m.key] else None
        if data is not None:
            _check_reads_back(m.plan, path, data, every)
        # Only the files the new records name are written; a file already in the store is kept.
        named = {item.digest for r in new[m.key] for item in parse_evidence(r.evidence)}
        files_out = [
            (p, content)
            for digest, (p, content) in stores.get(m.key, {}).items()
            if digest in named
        ]
        plans.append(
            PlanCollected(
                m.key,
                shown,
                path,
                new[m.key],
                data,
                silent,
                start,
                day,
                files_out,
                [r for key, lg in read if key == m.key for r in lg.records],
            )
        )
    order = unit_order(members)
    last = len(order)
    ordered = sorted(
        tallies.values(), key=lambda t: order.index(t.unit) if t.unit in order else last
    )
    return WorkspaceCollected(shown_forms, plans, ordered)
