"""The CSV progress file: reading its rows (and where each cell stands), appending records."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from itertools import compress, islice
from operator import itemgetter
from pathlib import Path
from sys import intern
from typing import Any

from zygj.core.diagnostics import Diagnostic, ZygjError, describe_loc
from zygj.files.reading import decode_text_guess, read_bytes
from zygj.load.progress.cells import ColumnParser, Columns
from zygj.load.progress.columns import (
    CSV_COLUMNS,
    FORM_INPUT_FIELDS,
    RawRecords,
    header_field,
    iso_date_text,
    map_header,
)


class CsvLocator:
    """Maps ('records', i, field) to the CSV row's line and the field's column."""

    def __init__(
        self, path: str, lines: list[int], columns: dict[str, int], names: dict[str, str] | None = None
    ) -> None:
        self.path = path
        self._lines = lines
        #: Each record's line, for the ledger (a record per row).
        self.record_lines = lines
        self._columns = columns
        #: Each field's header as the file writes it (填报值 for value …).
        self._names = names or {}

    def position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(self._lines):
            line = self._lines[loc[1]]
            column = self._columns.get(str(loc[2])) if len(loc) >= 3 else None
            return (line, column + 1 if column is not None else 1)
        return (1, 1)

    key_position = position

    def describe(self, loc: Sequence[int | str]) -> str:
        if len(loc) >= 3 and isinstance(loc[1], int):
            return f"第 {self._lines[loc[1]]} 行的 {self._names.get(str(loc[2]), loc[2])}"
        return describe_loc(loc)


def read_csv(path: Path, shown: str) -> RawRecords:
    """Rows of a CSV progress file (UTF-8, GBK or UTF-16, as Excel and WPS save it)."""
    text = decode_text_guess(read_bytes(path), shown)
    first_line = text.split("\n", 1)[0]
    if "," not in first_line and ("，" in first_line or "\t" in first_line or ";" in first_line):
        separator = "全角逗号“，”" if "，" in first_line else "制表符或分号"
        raise ZygjError(
            [
                Diagnostic(
                    shown, 1, 1,
                    f"CSV 表头用{separator}分隔：请用英文半角逗号“,”分隔各列"
                    f"（表头应为 {','.join(CSV_COLUMNS)}）",
                )
            ]
        )  # fmt: skip
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ZygjError([Diagnostic(shown, 1, 1, "CSV 文件是空的（没有表头）")]) from None
    except csv.Error as exc:
        raise ZygjError([_csv_problem(shown, 1, reader.line_num, exc)]) from None
    columns, found = map_header(header)
    problems = [Diagnostic(shown, 1, 1 if index is None else index + 1, message) for index, message in found]
    if problems:
        raise ZygjError(problems)
    width = len(header)
    names = {field: header[index].strip() for field, index in columns.items()}
    plain = _plain_rows(text, width, columns)
    if plain is not None:
        typed, lines = plain
        return RawRecords(None, CsvLocator(shown, lines, columns, names), typed)
    # Not plain (quotes, odd rows, a cell the parser leaves to Pydantic): row by row.
    rows: list[dict[str, Any]] = []
    lines = []
    cells_iter = iter(reader)
    while True:
        row_start = reader.line_num + 1
        try:
            cells = next(cells_iter)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_problem(shown, row_start, reader.line_num, exc))
            break
        if not "".join(cells).strip():
            continue
        if len(cells) < width and any("，" in cell for cell in cells):
            problems.append(
                Diagnostic(shown, reader.line_num, 1,
                           "这一行用全角逗号“，”分隔：请改用英文半角逗号“,”分隔各列")
            )  # fmt: skip
            continue
        if len(cells) > width and "".join(cells[width:]).strip():
            problems.append(
                Diagnostic(shown, reader.line_num, width + 1,
                           f"这一行有 {len(cells)} 列，比表头的 {width} 列多：内容中含逗号时，"
                           "请把整格用英文双引号括起来（Excel 另存为 CSV 会自动这样做）")
            )  # fmt: skip
            continue
        row: dict[str, Any] = {}
        for field, index in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if cell != "":
                # Interned: a ledger repeats the same targets, units and dates on
                # every line, and 10^6 rows would otherwise hold 10^6 copies of each.
                row[field] = intern(iso_date_text(cell) if field == "date" else cell)
        if not any(field in row for field in FORM_INPUT_FIELDS):
            continue
        rows.append(row)
        lines.append(reader.line_num)
    if problems:
        raise ZygjError(problems)
    return RawRecords(rows, CsvLocator(shown, lines, columns, names))


#: Rows parsed at a time by the plain path: the cells of one chunk are let go once typed.
CHUNK_ROWS = 1000


def _plain_rows(text: str, width: int, columns: dict[str, int]) -> tuple[Columns, list[int]] | None:
    """Every filled row typed (as columns), and its line, when the file is plain; else None.

    Plain: no quotes and no lone carriage return, so that row *k* stands on line
    *k* + 2; every row as wide as the header (or a blank line); every cell in the
    form :mod:`zygj.load.progress.cells` accepts. Anything else is read row by
    row and validated by Pydantic, with the messages that path gives.
    """
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parser = ColumnParser()
    getters = {field: itemgetter(index) for field, index in columns.items()}
    inputs = [field for field in FORM_INPUT_FIELDS if field in columns]
    lines: list[int] = []
    try:
        next(reader)  # the header, already read
        first = 2
        # Small chunks: a chunk's cells are let go once typed, and their memory reused.
        while chunk := list(islice(reader, CHUNK_ROWS)):
            numbers: Sequence[int] = range(first, first + len(chunk))
            first += len(chunk)
            widths = set(map(len, chunk))
            if not widths <= {width, 0}:
                return None
            if 0 in widths:  # blank lines
                numbers = [n for n, cells in zip(numbers, chunk, strict=True) if cells]
                chunk = [cells for cells in chunk if cells]
            cells = {field: list(map(str.strip, map(get, chunk))) for field, get in getters.items()}
            filled = list(map(any, zip(*(cells[field] for field in inputs), strict=True))) if inputs else []
            if not inputs or not all(filled):  # a form's rows not filled in yet: skipped
                numbers = list(compress(numbers, filled))
                cells = {field: list(compress(column, filled)) for field, column in cells.items()}
            if not parser.add(cells, len(numbers)):
                return None
            lines += numbers
    except csv.Error:
        return None
    return parser.columns, lines


def _csv_problem(shown: str, start: int, line: int, exc: csv.Error) -> Diagnostic:
    """A csv module error as a located message (``start``: the row's first line)."""
    text = str(exc)
    if "field larger" in text:
        return Diagnostic(shown, start, None,
                          "这一行的某一格内容过长（超过 13 万字）：多半是英文双引号没有闭合，"
                          "后面的行都被并进了这一格")  # fmt: skip
    if "end of data" in text:
        return Diagnostic(shown, start, None,
                          "英文双引号没有闭合：从这一行起直到文件末尾都在引号之内")  # fmt: skip
    if "expected after" in text:
        return Diagnostic(shown, max(line, 1), None,
                          "英文双引号只能括住整格：引号闭合后应紧跟逗号；格内的引号请写成两个（\"\"）")  # fmt: skip
    return Diagnostic(shown, max(line, 1), None, f"CSV 格式错误（{text}）")


# ----------------------------------------------------------------------- write


def append_csv(shown: str, raw: bytes | None, rows: Sequence[dict[str, object]]) -> bytes:
    """The CSV ledger whose bytes are ``raw`` (None: none yet) with ``rows`` appended.

    What is there is kept byte for byte; the new rows follow its header, encoding
    (UTF-8 or GBK) and line endings. A new ledger is UTF-8 with a BOM (Excel opens it).
    """
    columns = [*CSV_COLUMNS, "year"]
    if raw is None or not raw.strip():
        prefix, encoding, newline = "\ufeff", "utf-8", "\r\n"
        header = columns
        text = ""
    else:
        text = decode_text_guess(raw, shown)
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
        prefix = ""
        newline = "\r\n" if "\r\n" in text else "\n"
        header = next(csv.reader(io.StringIO(text)))
    fields = [header_field(name.strip().lstrip("\ufeff")) for name in header]
    if any(r.get("year") is not None for r in rows) and "year" not in fields:
        raise ZygjError([Diagnostic(shown, 1, None, "台账没有“年度”（year）列，无法写入带年度的记录：请在表头加一列 year")])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not text:
        writer.writerow(header)
    for values in rows:
        writer.writerow([_csv_cell(values.get(f) if f else None) for f in fields])
    body = buffer.getvalue()
    if text and not text.endswith(("\n", "\r")):
        body = newline + body
    return (raw or b"") + (prefix + body).encode(encoding)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
