"""佐证材料: stored by ``collect``, checked by ``validate``, listed by ``zygj evidence``.

``collect`` reads every file a form's records name (relative to the form's folder,
:mod:`zygj.files.evidence`), and rewrites each record's cell as ``原名（sha256:…）``
entries; the files go to the ledger's store under their hash, with the ledger, all or
nothing. A file whose name leaves the form's folder, is missing, is a link or is too
large refuses the whole collection, located at the record's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zygj.core.diagnostics import Diagnostic, ZygjError, display_path
from zygj.core.evidence import Evidence, evidence_cell, parse_evidence
from zygj.core.progress import Ledger, Record
from zygj.files.evidence import (
    EvidenceProblem,
    file_digest,
    read_evidence,
    store_of,
    stored_problem,
)


def _where(record: Record, message: str) -> Diagnostic:
    sheet = f"工作表“{record.sheet}”第 {record.line} 行：" if record.sheet else ""
    return Diagnostic(
        record.path,
        record.line or None,
        None,
        f"{sheet}目标 {record.target}（{record.unit}）的{message}",
    )


def with_stored_evidence(
    ledger_path: Path, files: Sequence[Path], ledgers: list[Ledger]
) -> tuple[list[Ledger], dict[str, tuple[Path, bytes]]]:
    """The forms' records with their evidence hashed, and each file to store by its hash.

    ZygjError with every problem: a missing, escaping, linked or oversized file; a hashed
    entry (a re-collected 台账) whose stored copy is absent or altered; a store file that
    exists with other content (it is never overwritten)."""
    folders = {display_path(f): f.parent for f in files}
    store = store_of(ledger_path)
    problems: list[Diagnostic] = []
    stored: dict[str, tuple[Path, bytes]] = {}
    out: list[Ledger] = []
    for ledger in ledgers:
        records = []
        for record in ledger.records:
            if record.evidence is None:
                records.append(record)
                continue
            items: list[Evidence] = []
            for item in parse_evidence(record.evidence):
                if item.digest is not None:  # already stored (a 台账 collected again)
                    why = stored_problem(store, item)
                    if why is not None:
                        problems.append(_where(record, why))
                    items.append(item)
                    continue
                folder = folders.get(record.path, Path(record.path).parent)
                try:
                    data, digest = read_evidence(folder, item.name)
                except EvidenceProblem as exc:
                    problems.append(_where(record, str(exc)))
                    continue
                hashed = Evidence(Path(item.name.replace("\\", "/")).name, digest)
                items.append(hashed)
                stored.setdefault(digest, (store / hashed.stored_name, data))
            records.append(record._replace(evidence=evidence_cell(items) or None))
        out.append(Ledger(records, ledger.sources))
    if store.is_symlink() or (store.exists() and not store.is_dir()):
        problems.append(
            Diagnostic(
                display_path(store),
                None,
                None,
                "佐证库应为台账旁的文件夹，这里却是符号链接或文件：拒绝写入",
            )
        )
    else:
        for digest, (path, _data) in list(stored.items()):
            if path.exists() or path.is_symlink():
                if path.is_symlink() or not path.is_file() or file_digest(path) != digest:
                    problems.append(
                        Diagnostic(
                            display_path(path),
                            None,
                            None,
                            "佐证库中已有同名文件而内容与其名称（sha256）不符：它已被改动，"
                            "zygj 不覆盖它；请从备份恢复后重试",
                        )
                    )
                del stored[digest]  # already there, unchanged: nothing to write
    if problems:
        raise ZygjError(problems)
    return out, stored


def evidence_conflict(record: Record, earlier: Record) -> Diagnostic:
    """The same record sent again with other 佐证材料: refused, so that neither set is lost."""
    return _where(
        record,
        f"记录与 {earlier.source} 的相同，佐证材料却不同：补充的佐证请用新的日期另报一条记录",
    )


def entry_problem(record: Record, item: Evidence) -> str | None:
    """What is wrong with one entry: a ledger's (hashed) must be in the store with its hash;
    a form's (a file name) must be a file beside the form that ``collect`` would take."""
    if item.digest is not None:
        return stored_problem(store_of(Path(record.path)), item)
    try:
        read_evidence(Path(record.path).parent, item.name)
    except EvidenceProblem as exc:
        return str(exc)
    return None


def evidence_problems(records: Sequence[Record]) -> list[Diagnostic]:
    """Every evidence entry (``validate``): a ledger's stored with the hash the record names,
    a form's present beside the form."""
    problems = []
    for record in records:
        if record.evidence is None:
            continue
        for item in parse_evidence(record.evidence):
            why = entry_problem(record, item)
            if why is not None:
                problems.append(_where(record, why))
    return problems


@dataclass(frozen=True)
class EvidenceRow:
    """One file of a target's 佐证材料 (``zygj evidence``)."""

    record: Record
    item: Evidence
    stored: Path | None
    problem: str | None


def evidence_rows(
    records: Sequence[Record], target: str, unit: str | None = None
) -> list[EvidenceRow]:
    rows = []
    for record in records:
        if (
            record.target != target
            or record.evidence is None
            or (unit is not None and record.unit != unit)
        ):
            continue
        store = store_of(Path(record.path))
        for item in parse_evidence(record.evidence):
            path = store / item.stored_name if item.digest else Path(record.path).parent / item.name
            rows.append(EvidenceRow(record, item, path, entry_problem(record, item)))
    return rows
