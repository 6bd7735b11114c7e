"""A strict parser of record cells: the plain forms, typed, without Pydantic.

A progress file is nearly always written the plain way: a target id as text,
an ISO date, a decimal figure, a status word. This parser accepts exactly those
forms and types them as :class:`zygj.core.models.ProgressRecord` would; anything
else, it does not guess: :data:`INVALID`, and the caller validates the whole file
with Pydantic, which says what is wrong and where. So every message about a bad
cell stays the one Pydantic's validation gives, and the usual file (10^5 rows
read in a fraction of a second) never pays for it.

A CSV column is parsed once per distinct text (a ledger repeats the same
targets, units, dates and figures on many rows), then every cell is looked up in C.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from zygj.core.models import CONTROL_CHARACTERS, DECIMAL, MAX_FIGURE, NAME_REFUSED, STATUS_ALIASES
from zygj.load.progress.columns import iso_date_text, ledger_text

#: A record's fields in the order of :data:`Row`.
FIELDS: Final = ("target", "date", "unit", "value", "status", "note", "year")
#: (target, date, unit, value, status, note, year), typed.
Row = tuple[str, dt.date, "str | None", "float | None", "str | None", "str | None", "int | None"]
#: Records as columns: one list per field of :data:`FIELDS`, all of the same length.
Columns = tuple[list[Any], ...]


class _Invalid:
    """Not a plain cell: Pydantic is to judge it (and say where and why)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIELD_SET = frozenset(FIELDS)


# ----------------------------------------------------------------- one value


def text(value: object) -> object:
    """Text with no control character; anything else (a number, a date) is not plain."""
    if type(value) is str and CONTROL_CHARACTERS.search(value) is None:
        return value
    return INVALID


def optional_text(value: object) -> object:
    return None if value is None else text(value)


def name(value: object) -> object:
    """A target id or a unit: text without invisible characters either (issue 22)."""
    if type(value) is str and NAME_REFUSED.search(value) is None:
        return value
    return INVALID


def optional_name(value: object) -> object:
    return None if value is None else name(value)


def day(value: object) -> object:
    """A date, or its ISO text YYYY-MM-DD (a real date); a datetime or other text is not plain."""
    if type(value) is dt.date:
        return value
    if type(value) is str and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return INVALID
    return INVALID


def figure(value: object) -> object:
    """A figure from -10^15 to 10^15: a number, or its decimal text (65% and 65％ read as 65).

    A negative figure is read here and refused against the plan (ledger.resolve_records):
    only a growth or relative target may go below zero.
    """
    if value is None:
        return None
    if type(value) is int:
        if not -MAX_FIGURE <= value <= MAX_FIGURE:
            return INVALID
        number = float(value)
    elif type(value) is float:
        number = value
    elif type(value) is str:
        stripped = value.strip()
        if stripped.endswith(("%", "％")):  # a spreadsheet's percentage, as the ledger reads it
            value = stripped[:-1].strip()
        elif stripped != value:
            return INVALID
        if DECIMAL.match(value) is None:
            return INVALID
        number = float(value)
    else:
        return INVALID
    # NaN fails both comparisons; infinity fails one.
    if not -MAX_FIGURE <= number <= MAX_FIGURE:
        return INVALID
    return number


def status(value: object) -> object:
    """not_started / in_progress / done or 未启动 / 推进中 / 已完成; blank is no status."""
    if value is None:
        return None
    if type(value) is not str:
        return INVALID
    key = value.strip()
    if key == "":
        return None
    return STATUS_ALIASES.get(key, INVALID)


def year(value: object) -> object:
    """A year as a whole number, or its digits (no sign, no leading zero)."""
    if value is None:
        return None
    if type(value) is int:
        return value
    if (
        type(value) is str
        and value.isascii()
        and value.isdigit()
        and value[0] != "0"
        and len(value) < 10
    ):
        return int(value)
    return INVALID


PARSERS: Final[Mapping[str, Callable[[object], object]]] = {
    "target": name,
    "date": day,
    "unit": optional_name,
    "value": figure,
    "status": status,
    "note": optional_text,
    "year": year,
}


# ------------------------------------------------------------------- records


def parse_records(items: Sequence[Any]) -> list[Row] | None:
    """Every record typed, or None when one is not in the plain form (or not a mapping).

    ``items`` are records as a YAML file or a workbook gives them: a mapping of
    field names to values. A missing target or date, or a field that does not
    exist, is not plain.
    """
    rows: list[Row] = []
    parsers = [PARSERS[field] for field in FIELDS]
    for item in items:
        if type(item) is not dict or not item.keys() <= _FIELD_SET:
            return None
        if "target" not in item or "date" not in item:
            return None
        row = tuple(parse(item.get(field)) for field, parse in zip(FIELDS, parsers, strict=True))
        if INVALID in row:
            return None
        rows.append(row)  # type: ignore[arg-type]
    return rows


class ColumnParser:
    """A CSV file's columns typed, chunk after chunk, each distinct text parsed once."""

    def __init__(self) -> None:
        self._known: dict[str, dict[str, object]] = {field: {} for field in FIELDS}

    def typed(self, cells: Mapping[str, Sequence[str]], count: int) -> Columns | None:
        """``count`` rows typed as columns (in the order of :data:`FIELDS`), or None
        when a cell is not in the plain form.

        ``cells`` holds each field's cells as written: a cell is stripped, and a
        blank one is no value (as the row-by-row reader leaves it out).
        """
        typed: list[list[Any]] = []
        for field in FIELDS:
            texts = cells.get(field)
            if texts is None:
                if field in ("target", "date"):
                    return None
                typed.append([None] * count)
                continue
            if field not in ("target", "date") and texts.count("") == len(texts):
                typed.append([None] * len(texts))  # a column left blank (status, note, year): in C
                continue
            parse = _CSV_PARSERS[field]
            known = self._known[field]
            for written in set(texts).difference(known):
                value = parse(written.strip())
                if value is INVALID:
                    return None
                known[written] = value
            typed.append(list(map(known.__getitem__, texts)))
        return tuple(typed)


def columns_of(rows: Sequence[Row]) -> Columns:
    """Rows as columns (one list per field of :data:`FIELDS`)."""
    if not rows:
        return tuple([] for _ in FIELDS)
    return tuple(map(list, zip(*rows, strict=True)))


def _required(parse: Callable[[object], object]) -> Callable[[object], object]:
    return lambda cell: INVALID if cell == "" else parse(cell)


def _blank_is_none(parse: Callable[[object], object]) -> Callable[[object], object]:
    return lambda cell: None if cell == "" else parse(cell)


#: A CSV cell is text: blank is no value; a date may be written 2020/12/31 or 2020年12月31日.
_CSV_PARSERS: Final[Mapping[str, Callable[[object], object]]] = {
    "target": _required(name),
    "date": _required(lambda cell: day(iso_date_text(cell)) if type(cell) is str else INVALID),
    **{field: _blank_is_none(PARSERS[field]) for field in ("value", "status", "year")},
    # Text written neutralised (a leading ' before a formula: zygj.load.progress.csv.append_csv)
    # reads as typed.
    "unit": _blank_is_none(
        lambda cell: optional_name(ledger_text(cell)) if type(cell) is str else INVALID
    ),
    "note": _blank_is_none(
        lambda cell: optional_text(ledger_text(cell)) if type(cell) is str else INVALID
    ),
}
