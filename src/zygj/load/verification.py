"""The verification file beside a ledger: read with positions, checked, appended to.

``台账.yaml`` has its decisions in ``台账.核查.yaml``::

    decisions:
      - target: "1.1"
        unit: "市人力资源社会保障局"
        decision: "return"
        reason: "佐证材料缺培训名单"
        date: 2021-01-05

Append-only like the ledger: ``zygj verify`` adds one decision at the end and keeps
every byte before it; a change of mind is a new decision. Every decision is checked
against the plan and the ledger, all problems reported, located by line: an unknown
target, an undeclared unit, a decision on a record that is not in the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zygj.core.diagnostics import Diagnostic, display_path
from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.core.units import suggestion_text
from zygj.core.verification import VERIFICATION_SUFFIX, Decision, DecisionEntry
from zygj.files.reading import decode_utf8, read_bytes
from zygj.load.progress.yaml import record_block
from zygj.load.yaml_doc import MAX_YAML_BYTES, YamlDocument, parse_yaml

NEW_FILE_HEADER = (
    "# zygj 核查记录：督查室对各单位所报完成情况的核查结论，只追加、不改写。\n"
    "# 字段：target、unit、decision（accept 销号 / return 退回）、date、year（年度目标）、reason（退回理由）。\n"
    "decisions:\n"
)


def verification_path(ledger: Path) -> Path:
    """``台账.yaml`` → ``台账.核查.yaml`` beside it."""
    return ledger.with_name(ledger.stem + VERIFICATION_SUFFIX)


def parse_decisions(
    plan: Plan, text: str, shown: str, records: Sequence[Record]
) -> tuple[list[Decision], list[Diagnostic]]:
    """The decisions of a verification file's text, and every problem with them."""
    if not text.strip():
        return [], []
    document = parse_yaml(text, shown)
    data = document.data
    if (
        not isinstance(data, dict)
        or set(data) != {"decisions"}
        or not isinstance(data["decisions"], list | None)
    ):
        return [], [Diagnostic(shown, 1, 1, "核查记录应以 decisions: 开头，下面每条结论以“- ”开头")]
    items: list[Any] = data["decisions"] or []
    from zygj.load.pydantic_errors import validate_list

    parsed, problems = validate_list(DecisionEntry, items, document, "decisions")
    if parsed is None:
        return [], problems
    return _checked(plan, parsed, document, records)


def _checked(
    plan: Plan, entries: list[DecisionEntry], document: YamlDocument, records: Sequence[Record]
) -> tuple[list[Decision], list[Diagnostic]]:
    targets = {t.id: t for t in plan.targets}
    reported: dict[
        tuple[str, str, int | None], dt.date
    ] = {}  # (target, unit, year) → first record's date
    for record in records:
        year = (
            record.period_year
            if targets.get(record.target) and targets[record.target].annual
            else None
        )
        key = (record.target, record.unit, year)
        reported[key] = min(reported.get(key, record.date), record.date)
    decisions: list[Decision] = []
    problems: list[Diagnostic] = []
    for i, entry in enumerate(entries):
        line = document.position(("decisions", i))[0] or 0

        def problem(field: str, message: str, i: int = i) -> None:
            problems.append(
                document.diagnostic(
                    ("decisions", i, field), f"第 {i + 1} 条核查结论的 {field} {message}"
                )
            )

        target = targets.get(entry.target)
        if target is None:
            problem("target", f"目标“{entry.target}”不存在（zygj targets 可列出全部目标）")
            continue
        unit = plan.registry.reporter(entry.unit)
        if unit is None:
            problem(
                "unit",
                f"单位“{entry.unit}”未在 units.yaml 中声明"
                + suggestion_text(plan.registry.suggest(entry.unit)),
            )
            continue
        if target.annual and entry.year is None:
            years = "、".join(str(y) for y in plan.years_of(target))
            problem("year", f"缺失：目标 {target.id} 是年度目标，请写明核查的是哪一年（{years}）")
            continue
        if target.annual and entry.year not in plan.years_of(target):
            years = "、".join(str(y) for y in plan.years_of(target))
            problem("year", f"{entry.year} 不在目标 {target.id} 的考核年度（{years}）之内")
            continue
        if not target.annual and entry.year is not None:
            problem("year", f"多余：目标 {target.id} 不是年度目标")
            continue
        first = reported.get((target.id, unit, entry.year))
        if first is None or first > entry.date:
            which = f"目标 {target.id}" + (
                f"（{entry.year} 年度）" if entry.year is not None else " "
            )
            when = f"在 {entry.date.isoformat()} 及以前" if first is not None else ""
            problem("target", f"“{target.id}”：台账中没有{unit}{when}对{which}的记录，无从核查")
            continue
        decisions.append(
            Decision(
                target.id,
                entry.year,
                unit,
                entry.decision,
                entry.date,
                (entry.reason or "").strip() or None,
                document.path,
                line,
            )
        )
    return decisions, problems


def read_decisions(
    plan: Plan, ledger: Path, records: Sequence[Record]
) -> tuple[list[Decision], list[Diagnostic]]:
    """The decisions beside a ledger (none when it has no verification file)."""
    path = verification_path(ledger)
    if not path.exists() and not path.is_symlink():
        return [], []
    shown = display_path(path)
    raw = read_bytes(path, shown)
    if len(raw) > MAX_YAML_BYTES:  # a file of decisions typed one by one is never this large
        return [], [
            Diagnostic(
                shown,
                None,
                None,
                f"核查记录过大（{len(raw) / 1024 / 1024:.1f} MB），"
                f"上限 {MAX_YAML_BYTES // 1024 // 1024} MB：不像是 zygj verify 写的文件",
            )
        ]
    return parse_decisions(plan, decode_utf8(raw, shown), shown, records)


def appended(raw: bytes | None, shown: str, fields: dict[str, object]) -> bytes:
    """The verification file with one decision added at the end; every earlier byte kept."""
    text = decode_utf8(raw, shown) if raw is not None else ""
    if not text.strip():
        text = NEW_FILE_HEADER
    newline = "\r\n" if "\r\n" in text else "\n"
    if not text.endswith(("\n", "\r")):
        text += newline
    out = text + record_block(fields, 2, newline)
    prefix = b"\xef\xbb\xbf" if raw is not None and raw.startswith(b"\xef\xbb\xbf") else b""
    return prefix + out.encode("utf-8")
