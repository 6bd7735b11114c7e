"""The receipts file (签收记录): read with located errors, appended as text.

It sits beside the ledger and is named after it: ``progress-2020q2.yaml`` →
``progress-2020q2.签收.tsv``. A ``.tsv`` suffix is one no progress reader takes, so a
folder read with ``--progress`` never mistakes it for a progress file. It is UTF-8
text, one tab-separated line per receipt under a fixed header::

    received	unit	period_end	form
    2020-07-06	市教育体育局	2020-06-30	填报表/填报表-市教育体育局.xlsx

Append-only: ``collect`` adds lines and never changes one; a unit's first line for a
period is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from zygj.core.diagnostics import Diagnostic, ZygjError, display_path
from zygj.core.plan import Plan
from zygj.core.receipts import Receipt, period_end_of
from zygj.core.units import suggestion_text
from zygj.files.reading import decode_utf8, read_bytes

HEADER = ("received", "unit", "period_end", "form")
SUFFIX = ".签收.tsv"


def receipts_path(ledger: Path) -> Path:
    """The receipts file beside a ledger."""
    return ledger.with_name(ledger.stem + SUFFIX)


def read_receipts(plan: Plan, path: Path) -> list[Receipt]:
    """Every receipt in the file, checked; a problem anywhere is a located error (all listed)."""
    shown = display_path(path)
    return parse_receipts(plan, read_bytes(path, shown), shown)


def parse_receipts(plan: Plan, raw: bytes, shown: str) -> list[Receipt]:
    """The receipts in a file's bytes (``shown``: its name in messages)."""
    text = decode_utf8(raw, shown)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems: list[Diagnostic] = []
    if not lines or lines[0].rstrip("\r").split("\t") != list(HEADER):
        raise ZygjError(
            [Diagnostic(shown, 1, 1, f"签收记录的第一行应为表头“{'<Tab>'.join(HEADER)}”")]
        )
    kind = _form_period(plan)
    receipts: list[Receipt] = []
    for number, raw_line in enumerate(lines[1:], start=2):
        line = raw_line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            problems.append(
                Diagnostic(
                    shown,
                    number,
                    None,
                    f"应有 {len(HEADER)} 列（以 Tab 分隔），实际为 {len(cells)} 列",
                )
            )
            continue
        received_text, unit_text, end_text, form = cells
        received = _day(received_text, shown, number, 1, "签收日期", problems)
        end = _day(end_text, shown, number, 3, "填报周期截止日", problems)
        unit = plan.registry.reporter(unit_text.strip())
        if unit is None:
            hint = suggestion_text(plan.registry.suggest(unit_text.strip()))
            problems.append(
                Diagnostic(shown, number, 2, f"单位“{unit_text}”未在 units.yaml 中声明{hint}")
            )
        if end is not None and period_end_of(kind, end) != end:
            problems.append(
                Diagnostic(
                    shown,
                    number,
                    3,
                    f"{end.isoformat()} 不是填报周期（{_KIND_WORDS[kind]}）的最后一天",
                )
            )
            end = None
        if received is None or end is None or unit is None:
            continue
        receipts.append(Receipt(received, unit, end, form, shown, number))
    if problems:
        raise ZygjError(problems)
    return receipts


_KIND_WORDS = {"month": "月", "quarter": "季度", "year": "年"}


def _form_period(plan: Plan) -> str:
    scoring = plan.targets_file.scoring
    return scoring.form_period if scoring is not None else "quarter"


def _day(
    text: str, shown: str, line: int, column: int, what: str, problems: list[Diagnostic]
) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(Diagnostic(shown, line, column, f"{what}应为 YYYY-MM-DD，实际为“{text}”"))
        return None


def receipts_beside(plan: Plan, paths: Sequence[Path]) -> tuple[list[Receipt], list[str]] | None:
    """The receipts beside the progress files given (files, not folders of forms), and the
    receipts files read; None when none of them has one."""
    found: list[Receipt] = []
    files: list[str] = []
    for path in paths:
        beside = receipts_path(path)
        if path.is_dir() or not beside.is_file():
            continue
        found += read_receipts(plan, beside)
        files.append(display_path(beside))
    return (found, files) if files else None


def appended(raw: bytes | None, receipts: Iterable[Receipt]) -> bytes:
    """The file's bytes with ``receipts`` added at the end (the header first in a new file)."""
    text = raw.decode("utf-8-sig") if raw else "\t".join(HEADER) + "\n"
    if not text.endswith("\n"):
        text += "\n"
    for r in receipts:
        form = " ".join(
            r.form.replace("\t", " ").splitlines()
        )  # one line, four cells whatever its name
        text += f"{r.received.isoformat()}\t{r.unit}\t{r.period_end.isoformat()}\t{form}\n"
    return text.encode("utf-8")
