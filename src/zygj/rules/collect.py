"""`zygj collect`: filled forms merged into one ledger, all or nothing.

Every form is read and checked against the plan; every record is compared with
the ledger and with the other forms. An exact duplicate (same target, unit,
date, year, value and status) counts once; the same target, unit, date and year
with a different value or status is a conflict naming both places. Any problem
→ nothing is written. The new records are appended to the ledger (YAML or CSV)
as text: what is already there is kept byte for byte.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from zygj.core.diagnostics import Diagnostic, UsageError, ZygjError, display_path
from zygj.core.evidence import parse_evidence
from zygj.core.plan import Plan
from zygj.core.progress import Ledger, Record
from zygj.load.ledger import conflict_diagnostic, expand_sources, load_progress, record_key
from zygj.load.progress.csv import append_csv
from zygj.load.progress.yaml import append_yaml
from zygj.rules.evidence import evidence_conflict, with_stored_evidence
from zygj.rules.obligations import obligations, period_containing

LEDGER_SUFFIXES = (".yaml", ".yml", ".csv")
#: A form whose records name this many unknown targets is for another plan: refused whole.
FOREIGN_FORM_SHOWN = 3


@dataclass
class UnitTally:
    """What one unit sent: forms, records read, new to the ledger, duplicates."""

    unit: str
    forms: set[str] = field(default_factory=set)
    read: int = 0
    new: int = 0
    duplicates: int = 0


@dataclass
class Collected:
    ledger: str
    forms: list[str]
    new: list[Record]
    tallies: list[UnitTally]
    silent: list[str]  # units asked in the period that reported on nothing asked (who owes what)
    data: bytes | None  # the ledger's new bytes (None: nothing to add)
    since: dt.date | None = None  # the period the silent units were asked about: (since, as_of]
    as_of: dt.date | None = None
    read: list[Record] = field(
        default_factory=list
    )  # every record of the forms (签收 needs all, not only new)
    #: 佐证材料 to add to the evidence store: (path in the store, bytes), written with the ledger.
    evidence: list[tuple[Path, bytes]] = field(default_factory=list)


def collect(
    plan: Plan,
    forms: list[Path],
    ledger_path: Path,
    raw: bytes | None,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
) -> Collected:
    """Merge the forms into the ledger whose current bytes are ``raw`` (None: no ledger yet).

    未报送 (``silent``) is who owes what in (``since``, ``as_of``] over the ledger and
    the forms together; by default the reporting period (the scheme's ``form_period``,
    a quarter) that holds the latest date in the forms.
    """
    shown_ledger = display_path(ledger_path)
    if ledger_path.suffix.lower() not in LEDGER_SUFFIXES:
        raise UsageError("汇总台账应为 .yaml 或 .csv 文件", shown_ledger)
    files = [f for f in expand_sources(forms) if f.resolve() != ledger_path.resolve()]
    if not files:
        raise UsageError("没有要汇总的填报表（汇总台账本身不算）")
    problems: list[Diagnostic] = []
    existing: Ledger | None = None
    if raw is not None:
        existing, found = load_progress(plan, ledger_path)
        problems += found
    form_ledgers: list[Ledger] = []
    for file in files:
        ledger, found = load_progress(plan, file, forms=True)
        problems += _foreign_form(plan, display_path(file), found)
        if ledger is not None:
            form_ledgers.append(ledger)
    if problems:
        raise ZygjError(problems)

    form_ledgers, stored = with_stored_evidence(ledger_path, files, form_ledgers)

    known: dict[tuple[object, ...], Record] = {}
    for record in existing.records if existing else []:
        known.setdefault(record_key(record), record)
    tallies: dict[str, UnitTally] = {}
    new: list[Record] = []
    for ledger in form_ledgers:
        for record in ledger.records:
            tally = tallies.setdefault(record.unit, UnitTally(record.unit))
            tally.forms.add(ledger.sources_text)
            tally.read += 1
            key = record_key(record)
            earlier = known.get(key)
            if earlier is None:
                known[key] = record
                new.append(record)
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
    order = {name: i for i, name in enumerate(u.name for u in plan.units_file.units)}
    ordered = sorted(tallies.values(), key=lambda t: order.get(t.unit, len(order)))
    every = [*(existing.records if existing else []), *new]
    if as_of is None:
        from zygj.rules.assessment import scheme_of

        latest = max((r.date for lg in form_ledgers for r in lg.records), default=None)
        if latest is not None:
            start, as_of = period_containing(latest, scheme_of(plan).form_period)
            since = start if since is None else since
    silent = obligations(plan, every, as_of, since).silent if as_of is not None else []
    data = _appended(ledger_path, shown_ledger, raw, new) if new else None
    if data is not None:
        _check_reads_back(plan, ledger_path, data, [*(existing.records if existing else []), *new])
    read = [r for lg in form_ledgers for r in lg.records]
    # Only the files the new records name are written; a file already in the store is kept.
    named = {item.digest for r in new for item in parse_evidence(r.evidence)}
    files_out = [(path, content) for digest, (path, content) in stored.items() if digest in named]
    return Collected(
        shown_ledger,
        [lg.sources_text for lg in form_ledgers],
        new,
        ordered,
        silent,
        data,
        since,
        as_of,
        read=read,
        evidence=files_out,
    )


def _check_reads_back(plan: Plan, path: Path, data: bytes, expected: list[Record]) -> None:
    """The new ledger, read back from a scratch copy, holds the old records and the new
    ones, every field as it was (an added column, a neutralised formula read back too)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / f"ledger{path.suffix.lower()}"
        scratch.write_bytes(data)
        ledger, problems = load_progress(plan, scratch)
    if ledger is None or list(map(_content, ledger.records)) != list(map(_content, expected)):
        detail = f"（{problems[0].message}）" if problems else ""
        raise ZygjError(
            [
                Diagnostic(
                    display_path(path),
                    None,
                    None,
                    f"追加后的台账读不回全部记录{detail}：台账未改动（这是 zygj 的缺陷，请报告）",
                )
            ]
        )


def _content(record: Record) -> tuple[object, ...]:
    return (
        record.target,
        record.date,
        record.unit,
        record.value,
        record.status,
        record.note,
        record.year,
        record.evidence,
    )


def _foreign_form(plan: Plan, shown: str, found: list[Diagnostic]) -> list[Diagnostic]:
    """A form whose every problem is an unknown target is for another plan: one message."""
    unknown = [d for d in found if "不存在（zygj targets 可列出全部目标）" in d.message]
    if len(unknown) < FOREIGN_FORM_SHOWN or len(unknown) != len(found):
        return found
    ids = []
    for d in unknown:
        start = d.message.find("目标“") + 3
        ids.append(d.message[start : d.message.find("”", start)])
    shown_ids = "、".join(dict.fromkeys(ids[:FOREIGN_FORM_SHOWN]))
    number = plan.measures_file.document.number
    return [
        Diagnostic(
            shown,
            None,
            None,
            f"这份填报表不是本方案（{number}）的：{len(ids)} 行的目标编号不存在，如 {shown_ids}；"
            "整份未汇总",
        )
    ]


def _fields(record: Record) -> dict[str, object]:
    return {
        "target": record.target,
        "date": record.date,
        "unit": record.unit,
        "value": record.value,
        "status": record.status,
        "note": record.note,
        "year": record.year,
        "evidence": record.evidence,
    }


def _appended(path: Path, shown: str, raw: bytes | None, records: list[Record]) -> bytes:
    rows = [_fields(r) for r in records]
    if path.suffix.lower() == ".csv":
        return append_csv(shown, raw, rows)
    return append_yaml(shown, raw, rows)
