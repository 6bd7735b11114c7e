"""The CSV progress file: reading its rows (and where each cell stands), appending records."""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Sequence
from itertools import compress, islice, repeat
from operator import itemgetter
from pathlib import Path
from sys import intern
from typing import Any

from zygj.core.diagnostics import Diagnostic, ZygjError, describe_loc
from zygj.files.reading import decode_text_guess, read_bytes
from zygj.load.progress.cells import FIELDS, ColumnParser, Columns
from zygj.load.progress.columns import (
    CSV_COLUMNS,
    EVIDENCE_HEADER,
    FIELD_HEADERS,
    FORM_INPUT_FIELDS,
    RawRecords,
    header_field,
    iso_date_text,
    ledger_text,
    map_header,
)


class CsvLocator:
    """Maps ('records', i, field) to the CSV row's line and the field's column."""

    def __init__(
        self,
        path: str,
        lines: list[int],
        columns: dict[str, int],
        names: dict[str, str] | None = None,
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
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    if "," not in first_line and ("，" in first_line or "\t" in first_line or ";" in first_line):
        separator = "全角逗号“，”" if "，" in first_line else "制表符或分号"
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    1,
                    1,
                    f"CSV 表头用{separator}分隔：请用英文半角逗号“,”分隔各列"
                    f"（表头应为 {','.join(CSV_COLUMNS)}）",
                )
            ]
        )
    # The header alone is read from its line (not a copy of the whole text), unless a
    # quoted cell may run on past it.
    head = text if end < 0 or '"' in first_line else text[: end + 1]
    reader = csv.reader(io.StringIO(head, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ZygjError([Diagnostic(shown, 1, 1, "CSV 文件是空的（没有表头）")]) from None
    except csv.Error as exc:
        raise ZygjError([_csv_problem(shown, 1, reader.line_num, exc)]) from None
    columns, found = map_header(header)
    problems = [
        Diagnostic(shown, 1, 1 if index is None else index + 1, message) for index, message in found
    ]
    if problems:
        raise ZygjError(problems)
    width = len(header)
    names = {field: header[index].strip() for field, index in columns.items()}
    # A 佐证材料 column (rare) is read row by row: the typed columns hold the record's fields only.
    plain = _plain_rows(text, width, columns) if "evidence" not in columns else None
    if plain is not None:
        typed, lines = plain
        return RawRecords(None, CsvLocator(shown, lines, columns, names), typed)
    # Not plain (quotes, odd rows, a cell the parser leaves to Pydantic): row by row.
    _check_row_budget(shown, text)
    if head is not text:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        next(reader)  # the header, read above
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
                Diagnostic(
                    shown,
                    reader.line_num,
                    1,
                    "这一行用全角逗号“，”分隔：请改用英文半角逗号“,”分隔各列",
                )
            )
            continue
        if len(cells) > width and "".join(cells[width:]).strip():
            problems.append(
                Diagnostic(
                    shown,
                    reader.line_num,
                    width + 1,
                    f"这一行有 {len(cells)} 列，比表头的 {width} 列多：内容中含逗号时，"
                    "请把整格用英文双引号括起来（Excel 另存为 CSV 会自动这样做）",
                )
            )
            continue
        row: dict[str, Any] = {}
        for field, index in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if cell != "":
                # Interned: a ledger repeats the same targets, units and dates on
                # every line, and 10^6 rows would otherwise hold 10^6 copies of each.
                if field == "date":
                    cell = iso_date_text(cell)
                elif field in ("unit", "note", "evidence"):
                    cell = ledger_text(cell)  # written neutralised (append_csv): read as typed
                row[field] = intern(cell)
        if not any(field in row for field in FORM_INPUT_FIELDS):
            continue
        rows.append(row)
        lines.append(reader.line_num)
    if problems:
        raise ZygjError(problems)
    return RawRecords(rows, CsvLocator(shown, lines, columns, names))


#: Lines a CSV file read row by row may have (one with quotes, or a cell not in the plain
#: form): that path reads some 40,000 rows a second (a 63 MB file took 25 s); the plain
#: path reads 10^6 rows in about 5 s and has only the 64 MB bound.
MAX_ROW_BY_ROW_LINES = 200_000


def _check_row_budget(shown: str, text: str) -> None:
    lines = text.count("\n")
    if lines > MAX_ROW_BY_ROW_LINES:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    f"CSV 文件有 {lines} 行，且含英文引号或不是常规写法的格子（须逐行读取，上限 {MAX_ROW_BY_ROW_LINES} 行）："
                    "请去掉说明中的逗号、引号和换行后另存，或分成几个文件",
                )
            ]
        )


#: Rows parsed at a time by the plain paths: a chunk's cells are let go once typed,
#: and their memory reused.
CHUNK_ROWS = 2000
#: The csv module's limit on one cell (131,072 characters): a longer line is read by it.
_FIELD_LIMIT = csv.field_size_limit()


def _plain_rows(text: str, width: int, columns: dict[str, int]) -> tuple[Columns, list[int]] | None:
    """Every filled row typed (as columns), and its line, when the file is plain; else None.

    Plain: no quotes, no NUL and no lone carriage return, so that a row is a line
    and a cell is what lies between two commas; every cell in the form
    :mod:`zygj.load.progress.cells` accepts. When every row is as wide as the
    header, the lines are cut into cells by ``str.split`` (a tenth of the csv
    module's time); with blank lines or short rows, by the csv module, still
    column by column. Anything else is read row by row and validated by
    Pydantic, with the messages that path gives.
    """
    if '"' in text or "\x00" in text or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    getters = {field: itemgetter(index) for field, index in columns.items()}
    typed = _Typed()
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    rows = text.split("\n")
    if rows[-1] == "":
        rows.pop()
    del rows[0]  # the header, already read
    if not rows:
        return typed.columns, typed.lines
    if set(map(str.count, rows, repeat(","))) == {width - 1} and max(map(len, rows)) < _FIELD_LIMIT:
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            cells = ",".join(chunk).split(",")
            numbers = range(start + 2, start + 2 + len(chunk))
            if not typed.add(
                {field: cells[index::width] for field, index in columns.items()}, numbers
            ):
                return None
        return typed.columns, typed.lines
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        next(reader)  # the header, already read
        first = 2
        while block := list(islice(reader, CHUNK_ROWS)):
            lines: Sequence[int] = range(first, first + len(block))
            first += len(block)
            widths = set(map(len, block))
            if not widths <= {width, 0}:
                return None
            if 0 in widths:  # blank lines
                lines = [n for n, cells in zip(lines, block, strict=True) if cells]
                block = [cells for cells in block if cells]
            if not typed.add(
                {field: list(map(get, block)) for field, get in getters.items()}, lines
            ):
                return None
    except csv.Error:
        return None
    return typed.columns, typed.lines


class _Typed:
    """The plain paths' typed columns and lines, a chunk of rows at a time."""

    def __init__(self) -> None:
        self.parser = ColumnParser()
        self.columns: Columns = tuple([] for _ in FIELDS)
        self.lines: list[int] = []

    def add(self, cells: dict[str, list[str]], lines: Sequence[int]) -> bool:
        """Type a chunk's cells (each field's, as written); False when one is not plain."""
        typed = self.parser.typed(cells, len(lines))
        if typed is None:
            return False
        # A row with no figure, status or note is a form's row not filled in yet: skipped.
        value, status, note = typed[3:6]
        if None in value:  # not every row has a figure: which have a status or a note?
            filled = list(map(operator.is_not, value, repeat(None)))
            filled = list(map(operator.or_, filled, map(operator.is_not, status, repeat(None))))
            filled = list(map(operator.or_, filled, map(operator.is_not, note, repeat(None))))
            if not all(filled):
                lines = list(compress(lines, filled))
                typed = tuple(list(compress(column, filled)) for column in typed)
        for column, more in zip(self.columns, typed, strict=True):
            column += more
        self.lines += lines
        return True


def _csv_problem(shown: str, start: int, line: int, exc: csv.Error) -> Diagnostic:
    """A csv module error as a located message (``start``: the row's first line)."""
    text = str(exc)
    if "field larger" in text:
        return Diagnostic(
            shown,
            start,
            None,
            "这一行的某一格内容过长（超过 13 万字）：多半是英文双引号没有闭合，"
            "后面的行都被并进了这一格",
        )
    if "end of data" in text:
        return Diagnostic(
            shown, start, None, "英文双引号没有闭合：从这一行起直到文件末尾都在引号之内"
        )
    if "expected after" in text:
        return Diagnostic(
            shown,
            max(line, 1),
            None,
            '英文双引号只能括住整格：引号闭合后应紧跟逗号；格内的引号请写成两个（""）',
        )
    return Diagnostic(shown, max(line, 1), None, f"CSV 格式错误（{text}）")


# ----------------------------------------------------------------------- write


def append_csv(shown: str, raw: bytes | None, rows: Sequence[dict[str, object]]) -> bytes:
    """The CSV ledger whose bytes are ``raw`` (None: none yet) with ``rows`` appended.

    What is there is kept byte for byte; the new rows follow its header, encoding
    (UTF-8, GBK or UTF-16) and line endings. A new ledger is UTF-8 with a BOM (Excel opens it).
    A field a new row fills that the ledger has no column for (a clerk's 状态, 说明, 单位,
    年度) gets its column: appended to the header, and an empty cell at the end of every
    existing row (:func:`_with_columns`); nothing typed is dropped.
    """
    if raw is None or not raw.strip():
        prefix, encoding, newline = "\ufeff", "utf-8", "\r\n"
        header = [*CSV_COLUMNS, "year"]
        if any(r.get("evidence") is not None for r in rows):  # 佐证材料 only where there is some
            header.append("evidence")
        text, bom = "", b""
    else:
        text = decode_text_guess(raw, shown)
        bom, encoding = _encoding_of(raw)
        prefix = ""
        newline = "\r\n" if "\r\n" in text else "\n"
        header = next(csv.reader(io.StringIO(text)))
    fields = [header_field(name.strip().lstrip("\ufeff")) for name in header]
    missing = [f for f in _WRITTEN if f not in fields and any(r.get(f) is not None for r in rows)]
    if missing and text:
        text = _with_columns(shown, raw or b"", text, bom, encoding, missing)
        fields += missing
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not text:
        writer.writerow(header)
    for values in rows:
        writer.writerow([ledger_cell(_csv_cell(values.get(f) if f else None)) for f in fields])
    body = buffer.getvalue()
    if text and not text.endswith(("\n", "\r")):
        body = newline + body
    if missing:
        return bom + (text + body).encode(encoding)
    return (raw or b"") + (prefix + body).encode(encoding)


#: The fields a collected record may fill, in the order added columns take.
_WRITTEN = ("unit", "value", "status", "note", "year", "evidence")


def _encoding_of(raw: bytes) -> tuple[bytes, str]:
    """The byte order mark and the encoding that :func:`decode_text_guess` read ``raw`` with."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw.decode("utf-16")
            return raw[:2], "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
        except UnicodeDecodeError:
            pass
    try:
        raw.decode("utf-8")
        return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""), "utf-8"
    except UnicodeDecodeError:
        return b"", "gb18030"


def _with_columns(
    shown: str, raw: bytes, text: str, bom: bytes, encoding: str, added: list[str]
) -> str:
    """The ledger's text with ``added`` columns: named in the header, an empty cell at the
    end of every record row (blank lines stay blank; a cell spanning lines keeps them).

    Refused, naming the columns, when the text would not be written back as the very
    bytes it was read from (so every existing row stays byte for byte as it was), or
    when its rows cannot be told apart.
    """
    headers = {**FIELD_HEADERS, "evidence": EVIDENCE_HEADER}
    names = "、".join(f"“{headers[f]}”（{f}）" for f in added)
    if bom + text.encode(encoding) != raw:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    1,
                    None,
                    f"台账没有{names}列，而它的编码无法原样写回，不能安全地加上这些列："
                    "请在表头加上这些列（各行留空）后重试",
                )
            ]
        )
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    ends: list[int] = []  # the 0-based physical line where each record row ends
    try:
        for cells in reader:
            if cells:
                ends.append(reader.line_num - 1)
    except csv.Error:
        ends = []
    if not ends or ends[0] != 0:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    1,
                    None,
                    f"台账没有{names}列，其表头跨了几行，不能安全地加上这些列："
                    "请在表头加上这些列（各行留空）后重试",
                )
            ]
        )
    for number in ends:
        line = lines[number]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        more = "," + ",".join(added) if number == 0 else "," * len(added)
        lines[number] = body + more + ending
    return "".join(lines)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def ledger_cell(text: str) -> str:
    """A CSV ledger's cell, neutralised as the 台账 neutralises one (``'`` before a formula),
    so that Excel or WPS opening the ledger runs nothing; :func:`ledger_text` undoes it.

    Text the reader would undo (``'`` then a formula start or another ``'``) gets one
    ``'`` more, so every text reads back exactly as it was written.
    """
    if text.startswith(_FORMULA_STARTS) and not (text[0] in "+-" and _is_number(text)):
        return "'" + text
    if ledger_text(text) != text:
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
