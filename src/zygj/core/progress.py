"""The progress domain: a validated record and the ledger of all of them. No I/O here.

How each kind of progress file is read and written lives in :mod:`zygj.load.progress`;
how the records are checked against the plan, in :mod:`zygj.load.ledger`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from zygj.core.models import Status


class Record(NamedTuple):
    """A validated record, its unit resolved to the canonical name.

    A named tuple, not a frozen dataclass: as immutable, and built five times
    faster, which a 10^5-record ledger notices (0.1 s of a 0.4 s report).
    """

    target: str
    date: Any  # datetime.date; Any keeps the dataclass cheap to build for 10^5 rows
    unit: str
    value: float | None
    status: Status | None
    note: str | None
    line: int
    seq: int
    year: int | None = None
    #: The file the record came from, and its sheet for a workbook.
    path: str = ""
    sheet: str | None = None
    #: 佐证材料 as written: file names on a form, "名称（sha256:…）" entries in a ledger
    #: (:mod:`zygj.core.evidence`). None for the usual record without any.
    evidence: str | None = None

    @property
    def source(self) -> str:
        """Where the record stands, for messages and JSON: "file:line" or "file:sheet:row"."""
        place = [
            self.path,
            *([self.sheet] if self.sheet else []),
            *([str(self.line)] if self.line else []),
        ]
        return ":".join(place)

    @property
    def period_year(self) -> int:
        """The year the figure is for: its 年度 when given, else its date's year."""
        return self.year if self.year is not None else int(self.date.year)


@dataclass
class Ledger:
    """Every record of the progress files read, and those files in order."""

    records: list[Record]
    #: Every file read, in order (one for a single progress file), as shown in messages.
    sources: list[str] = field(default_factory=list)

    @property
    def sources_text(self) -> str:
        """The files read, joined with "、" (what ``--format json`` calls ``progress``)."""
        return "、".join(self.sources)
