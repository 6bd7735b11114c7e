"""The Excel progress file: a filled form (.xlsx/.xlsm) or an exported 台账's 进度记录 sheet.

Returns the raw records and a :class:`SheetLocator`; the ledger checks them
against the plan. Every problem is located by sheet, row and column.

Reading only: the fill-in form and the 台账 workbook that zygj writes are outputs
(:mod:`zygj.output.forms`, :mod:`zygj.output.workbook`); they name their columns
and the records sheet from :mod:`zygj.load.progress.columns`, so they read back here.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zygj.core.diagnostics import Diagnostic, ZygjError
from zygj.core.numbers import exact_number_text
from zygj.files.reading import read_bytes
from zygj.load.progress.columns import (
    FORM_INPUT_FIELDS,
    RECORDS_SHEET,
    RawRecords,
    header_field,
    iso_date_text,
    map_header,
)

if TYPE_CHECKING:  # imported where a workbook is read: 5 ms a command that reads none pays
    import zipfile
    from xml.etree import ElementTree as ET

_HEADER_SEARCH_ROWS = 10
#: The XML inside an .xlsx, uncompressed: openpyxl reads about 2 MB of it a second, and a
#: 100,000-row form is about 15 MB; far beyond, the file is refused before it starts.
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
#: Office files compress XML about 10:1; far more is a "zip bomb", not a form.
MAX_RATIO = 200
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+)(?::([A-Za-z]+[0-9]+))?\""
)
_CELL = re.compile(r"^([A-Za-z]+)([0-9]+)$")


def _checked_archive(raw: bytes, shown: str) -> zipfile.ZipFile:
    """The workbook as a zip archive, refused when it would expand beyond the bounds."""
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(raw))
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ZygjError(
                [
                    Diagnostic(
                        shown,
                        None,
                        None,
                        f"工作簿中的 {info.filename} 解压后是压缩时的 {info.file_size // max(info.compress_size, 1)} 倍，"
                        "不像是正常的表格（疑似“压缩炸弹”），拒绝读取",
                    )
                ]
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    f"工作簿解压后过大（{total / 1024 / 1024:.0f} MB，上限 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB）："
                    "请删去多余的工作表、空行和格式，或把记录另存为 CSV 后重试",
                )
            ]
        )
    return archive


#: A merged range: its text (A1:B3), first row, last row, first column, last column.
Merged = tuple[str, int, int, int, int]


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[Merged]:
    """Merged ranges of a sheet as (text, first row, last row, first column, last column)."""
    import zipfile

    try:
        xml = archive.read(sheet_path.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    found = []
    for match in _MERGE.finditer(xml):
        first = match.group(1).decode()
        last = (match.group(2) or match.group(1)).decode()
        (c1, r1), (c2, r2) = _cell_ref(first), _cell_ref(last)
        found.append((first if first == last else f"{first}:{last}", r1, r2, c1, c2))
    return found


def _cell_ref(text: str) -> tuple[int, int]:
    match = _CELL.match(text)
    if match is None:
        return (0, 0)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(match.group(2))


def _refuse_merged_records(
    shown: str, sheet: str, merged: list[tuple[str, int, int, int, int]], records: RawRecords
) -> None:
    """A merged cell over record rows shows one value for several rows but holds it in one."""
    locator = records.locator
    assert isinstance(locator, SheetLocator)
    rows = set(locator._rows)
    columns = {c for c, _ in locator._columns.values()}
    problems = []
    for text, r1, r2, c1, c2 in merged:
        if (
            r2 > r1
            and any(r in rows for r in range(r1, r2 + 1))
            and any(c1 <= c <= c2 for c in columns)
        ):
            problems.append(
                _problem(
                    shown,
                    sheet,
                    r1,
                    c1,
                    f" 起的 {text} 是合并单元格：合并后只有第一行有值，其余各行会被当作空白"
                    "（如单位变成默认的责任单位）。请取消合并，并在每一行填写完整",
                )
            )
    if problems:
        raise ZygjError(problems)


def _refuse_other_record_sheets(
    shown: str, others: list[tuple[str, list[tuple[Any, ...]]]]
) -> None:
    """Records on a sheet zygj does not read would be silently left out: refused.

    ``others``: each other sheet's title and its first rows' values.
    """
    for title, rows in others:
        for index, values in enumerate(rows[:_HEADER_SEARCH_ROWS]):
            names = {header_field(v) for v in values}
            if {"target", "date"} <= names:
                if any(any(v not in (None, "") for v in later) for later in rows[index + 1 :]):
                    raise ZygjError(
                        [
                            Diagnostic(
                                shown,
                                None,
                                None,
                                f"工作表“{title}”也有进度记录（第 {index + 1} 行是表头），"
                                "但 zygj 只读取一个工作表（名为“进度记录”的，否则第一个）："
                                "请把记录合并到第一个工作表，或把该工作表命名为“进度记录”",
                            )
                        ]
                    )
                break


class SheetLocator:
    """Maps ('records', i, field) to the sheet's row and the field's column."""

    def __init__(self, path: str, sheet: str, rows: list[int], columns: dict[str, tuple[int, str]]):
        self.path = path
        self.sheet = sheet
        self._rows = rows
        #: Each record's row, for the ledger.
        self.record_lines = rows
        self._columns = columns

    def position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(self._rows):
            column = self._columns.get(str(loc[2])) if len(loc) >= 3 else None
            return (self._rows[loc[1]], column[0] if column else None)
        return (None, None)

    key_position = position

    def describe(self, loc: Sequence[int | str]) -> str:
        """('records', 3, 'value') → 工作表“目标”第 5 行“填报值”列（G5）."""
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(self._rows):
            row = self._rows[loc[1]]
            where = f"工作表“{self.sheet}”第 {row} 行"
            column = self._columns.get(str(loc[2])) if len(loc) >= 3 else None
            if column is not None:
                where += f"“{column[1]}”列（{column_letter(column[0])}{row}）"
            return where
        return f"工作表“{self.sheet}”"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (openpyxl's own helper would import all of openpyxl)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _problem(path: str, sheet: str, row: int, column: int | None, message: str) -> Diagnostic:
    where = f"工作表“{sheet}”第 {row} 行"
    if column is not None:
        where += f"第 {column} 列（{column_letter(column)}{row}）"
    return Diagnostic(path, row, column, f"{where}{message}")


def _cell_value(field: str, value: object, number_format: str | None) -> object:
    """A cell as the progress model expects it (text, number, date)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if field == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = value if isinstance(value, str) else exact_number_text(value)  # type: ignore[arg-type]
        return iso_date_text(text)
    if field == "value":
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            # 65% typed into Excel is stored as 0.65; zygj counts percent as 65.
            if number_format and "%" in number_format:
                return round(float(value) * 100, 9)  # 0.57 * 100 is 56.99999999999999
            return value
        if isinstance(value, str) and value.endswith(("%", "％")):
            return value[:-1].strip()
        return value if isinstance(value, str) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return exact_number_text(value)
    return str(value)


def read_xlsx(path: Path, shown: str) -> RawRecords:
    """Records of a filled form (.xlsx/.xlsm): sheet 进度记录 when present, else the first.

    The header row (within the first rows) names the columns, as in a CSV
    progress file; the form's information columns (目标名称, 指标, 截止日期, 职责)
    are ignored. A row whose 填报值, 日期, 状态 and 说明 are all blank is not
    filled in yet and is skipped. Problems are located as ``file:row:column``.

    A plain workbook (as zygj, Excel and WPS write a form) is read straight from
    its XML (:func:`_plain_sheets`); any other, by openpyxl, which reads every
    kind there is but costs a tenth of a second to import and ~10 ms a form.
    """
    raw = read_bytes(path, shown)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # WPS/Excel extensions openpyxl does not keep
            archive = _checked_archive(raw, shown)
            read = None
            plain = _plain_sheets(archive)
            if plain is not None:
                try:
                    read = _read_sheets(shown, plain, archive)
                except ZygjError:
                    raise
                except (
                    Exception
                ):  # not plain after all, or damaged: openpyxl reads it, or says why not
                    read = None
            sheet = read or _read_with_openpyxl(shown, raw, archive)
            if sheet.declared is None:
                sheet.declared = _declared_by_title(archive)
    except ZygjError:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    "无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏、已加密，或是旧的 .xls 格式，"
                    f"请在 Excel 或 WPS 中“另存为”.xlsx 后重试（{type(exc).__name__}）",
                )
            ]
        ) from None
    records = _records_from_grid(shown, sheet)
    _refuse_merged_records(shown, sheet.title, sheet.merged, records)
    return records


#: A sheet's cells that hold something: row → column → (value, number format), both 1-based.
#: Sparse: a form with one cell per row in column XFD costs one cell a row, not 16,384.
Grid = dict[int, dict[int, tuple[object, "str | None"]]]


class FormulaWithoutResult:
    """A formula cell whose file holds no computed value (written by a program, never
    opened in Excel): reading it as blank would drop the row, so it is refused by place."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


class Sheet:
    """The records sheet as read: its cells, its hidden rows, the unit the form declares."""

    def __init__(self, title: str, grid: Grid, hidden: set[int], merged: list[Merged]) -> None:
        self.title = title
        self.grid = grid
        self.hidden = hidden
        self.merged = merged
        #: (unit, where the form says so) for a unit's fill-in form; None for a ledger.
        self.declared: tuple[str, str] | None = None


def _first_rows(grid: Grid, count: int) -> list[tuple[object, ...]]:
    """The values of rows 1..count, each in column order (blank cells left out)."""
    return [
        tuple(value for _, (value, _f) in sorted(grid.get(r, {}).items()))
        for r in range(1, count + 1)
    ]


def _hidden_sheet(shown: str, sheet: str) -> ZygjError:
    return ZygjError(
        [
            Diagnostic(
                shown,
                None,
                None,
                f"要读取的工作表“{sheet}”是隐藏的：其中的内容看不见，可能是旧数据。"
                "请在 Excel 或 WPS 中取消隐藏并核对，或删除它后重试",
            )
        ]
    )


def _read_with_openpyxl(shown: str, raw: bytes, archive: zipfile.ZipFile) -> Sheet:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    sheets = workbook.worksheets
    if not sheets:
        raise ZygjError([Diagnostic(shown, None, None, "工作簿中没有工作表")])
    ws = next((w for w in sheets if w.title == RECORDS_SHEET), sheets[0])
    title = ws.title
    if getattr(ws, "sheet_state", "visible") != "visible":
        raise _hidden_sheet(shown, title)
    grids = {w.title: _openpyxl_grid(workbook, w) for w in sheets}
    grid, hidden = grids[title]
    if title != RECORDS_SHEET:
        _refuse_other_record_sheets(
            shown,
            [
                (w.title, _first_rows(grids[w.title][0], _HEADER_SEARCH_ROWS + 5))
                for w in sheets
                if w is not ws
            ],
        )
    part = getattr(ws, "_worksheet_path", "")
    for (r, c), formula in _formulas_without_result(archive, part).items():
        grid.setdefault(r, {})[c] = (FormulaWithoutResult(formula), None)
    sheet = Sheet(title, grid, hidden, _merged_ranges(archive, part))
    guide = grids.get(GUIDE_SHEET)
    sheet.declared = _declared(grid) or (_declared_by_guide(guide[0]) if guide else None)
    workbook.close()
    return sheet


def _openpyxl_grid(workbook: Any, ws: Any) -> tuple[Grid, set[int]]:
    """A read-only sheet's cells that hold something, and its hidden rows.

    openpyxl's own iter_rows pads every row to the widest one (16,384 cells a row when one
    cell sits in column XFD); its row parser gives each row's cells as they are.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    grid: Grid = {}
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for index, row in parser.parse():
            cells: dict[int, tuple[object, str | None]] = {
                c["column"]: (c["value"], ReadOnlyCell(ws, **c).number_format)
                for c in row
                if c["value"] is not None
            }
            if cells:
                grid[index] = cells
        hidden = {
            int(r)
            for r, attrs in parser.row_dimensions.items()
            if attrs.get("hidden") in ("1", "true")
        }
    return grid, hidden


def _formulas_without_result(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """(row, column) → formula of each cell with a formula and no saved value."""
    from xml.etree import ElementTree as ET

    found: dict[tuple[int, int], str] = {}
    try:
        xml = archive.read(part.lstrip("/"))
    except (KeyError, OSError):
        return found
    if b"<f" not in xml and b":f" not in xml:
        return found
    for _, element in ET.iterparse(io.BytesIO(xml)):
        if element.tag == f"{_MAIN}c":
            formula = element.find(f"{_MAIN}f")
            if formula is not None and _never_computed(element):
                column, row = _cell_ref(element.get("r") or "")
                found[(row, column)] = formula.text or ""
            element.clear()
    return found


def _never_computed(cell: ET.Element) -> bool:
    """A formula cell's saved result is missing: no <v>, or an empty one on a cell that is not
    text (Excel saves a formula whose result is "" as t="str" with an empty <v>)."""
    saved = cell.find(f"{_MAIN}v")
    return saved is None or (not saved.text and cell.get("t") != "str")


def _read_sheets(shown: str, plain: _PlainBook, archive: zipfile.ZipFile) -> Sheet:
    """The records sheet of a plain workbook, checked as :func:`_read_with_openpyxl` checks it."""
    sheets = plain.sheets
    if not sheets:
        raise ZygjError([Diagnostic(shown, None, None, "工作簿中没有工作表")])
    title, state, sheet_path = next((s for s in sheets if s[0] == RECORDS_SHEET), sheets[0])
    if state != "visible":
        raise _hidden_sheet(shown, title)
    if title != RECORDS_SHEET:
        others = []
        for other, _, other_path in sheets:
            if other_path != sheet_path:
                others.append(
                    (
                        other,
                        _first_rows(plain.grid(archive, other_path)[0], _HEADER_SEARCH_ROWS + 5),
                    )
                )
        _refuse_other_record_sheets(shown, others)
    grid, hidden = plain.grid(archive, sheet_path)
    sheet = Sheet(title, grid, hidden, _merged_ranges(archive, sheet_path))
    guide = next((part for name, _, part in sheets if name == GUIDE_SHEET), None)
    sheet.declared = _declared(grid) or (
        _declared_by_guide(plain.grid(archive, guide)[0]) if guide else None
    )
    return sheet


# ------------------------------------------------------- the unit a form declares

#: The fill-in form's guide sheet (zygj.output.forms), whose row 填报单位 names the unit.
GUIDE_SHEET = "填报说明"
#: “填报单位（盖章）：市财政局    填报截至：…” (the row above the form's table), “…进度填报表：市财政局”.
_DECLARING = re.compile(r"(?:进度填报表|填报单位(?:（盖章）)?)\s*[：:]\s*(\S+(?: \S+)*)")
#: The workbook's title: “…落实进度填报表（市财政局）” (or “…进度填报表：市财政局”).
_TITLE = re.compile(r"进度填报表\s*(?:[：:]\s*(\S.*?)|（(.+)）)\s*$")


def _declared(grid: Grid) -> tuple[str, str] | None:
    """The unit a title cell above the table names (“…进度填报表：市财政局”, “填报单位：…”)."""
    header = _header_row(grid)
    for r in range(1, (header or 1)):
        for _, (value, _f) in sorted(grid.get(r, {}).items()):
            if isinstance(value, str) and (found := _DECLARING.search(value)):
                return found.group(1), "表格上方标题中的填报单位"
    return None


def _declared_by_guide(grid: Grid) -> tuple[str, str] | None:
    """The unit the guide sheet's row 填报单位 names."""
    for r in sorted(grid)[:40]:
        cells = grid[r]
        if (
            cells.get(1, (None,))[0] == "填报单位"
            and isinstance(value := cells.get(2, (None,))[0], str)
            and value.strip()
        ):
            return value.strip(), "填报说明中的填报单位"
    return None


def _declared_by_title(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """The unit the workbook's title (its document properties) names: “…进度填报表：市财政局”."""
    try:
        xml = archive.read("docProps/core.xml")
    except (KeyError, OSError):
        return None
    found = re.search(rb"<dc:title>([^<]*)</dc:title>", xml)
    if found is None:
        return None
    import html

    title = html.unescape(found.group(1).decode("utf-8", "replace"))
    match = _TITLE.search(title)
    return (match.group(1) or match.group(2), "工作簿标题中的填报单位") if match else None


# ------------------------------------------------------- a plain workbook's XML

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Number formats a plain workbook's cells may have (openpyxl's names of the built-in ones).
_BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
                    14: "mm-dd-yy", 49: "@"}  # fmt: skip
_DATE_FORMATS = frozenset({"mm-dd-yy", "yyyy-mm-dd", "yyyy/m/d", "yyyy/mm/dd"})
_PLAIN_FORMATS = frozenset(_BUILTIN_FORMATS.values()) | _DATE_FORMATS
#: Excel's day 0 (its day 60 is the 29 February 1900 that never was: later days only).
_EPOCH = dt.datetime(1899, 12, 30)


class _NotPlain(Exception):
    """Something :class:`_PlainBook` does not read the way openpyxl does: openpyxl reads it."""


def _part(folder: str, target: str) -> str:
    return (
        target.lstrip("/")
        if target.startswith("/")
        else posixpath.normpath(posixpath.join(folder, target))
    )


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, the target part's name)."""
    from xml.etree import ElementTree as ET

    folder, name = posixpath.split(part)
    root = ET.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    return {
        str(r.get("Id")): (str(r.get("Type")), _part(folder, str(r.get("Target"))))
        for r in root.iter(f"{_PACKAGE}Relationship")
        if r.get("TargetMode") != "External"
    }


class _PlainBook:
    """A workbook read straight from its XML: sheets, shared strings, number formats.

    Only what openpyxl (read-only, data_only) reads the same way: worksheets (no
    chart sheet), plain shared strings (no rich text), the number formats of
    :data:`_PLAIN_FORMATS`, Excel's 1900 dates, cells with their row and column
    written. Anything else: :class:`_NotPlain`.
    """

    def __init__(
        self, sheets: list[tuple[str, str, str]], strings: list[str], formats: list[str | None]
    ):
        #: (title, state, part) of each worksheet, in the workbook's order.
        self.sheets = sheets
        self._strings = strings
        self._formats = formats

    def grid(self, archive: zipfile.ZipFile, part: str) -> tuple[Grid, set[int]]:
        """The cells that hold something (a formula without a saved value too), and the hidden rows."""
        from xml.etree import ElementTree as ET

        root = ET.fromstring(archive.read(part))
        data = root.find(f"{_MAIN}sheetData")
        grid: Grid = {}
        hidden: set[int] = set()
        last = 0
        for row in [] if data is None else data.iterfind(f"{_MAIN}row"):
            number = int(row.get("r") or 0)
            if number <= last:
                raise _NotPlain
            last = number
            if row.get("hidden") in ("1", "true"):
                hidden.add(number)
            cells: dict[int, tuple[object, str | None]] = {}
            previous = 0
            for cell in row.iterfind(f"{_MAIN}c"):
                column, cell_row = _cell_ref(cell.get("r") or "")
                if cell_row != number or column <= previous:
                    raise _NotPlain
                previous = column
                value = self._value(cell)
                if (
                    value[0] is None
                    and _never_computed(cell)
                    and (formula := cell.find(f"{_MAIN}f")) is not None
                ):
                    value = (FormulaWithoutResult(formula.text or ""), None)
                if value[0] is not None:
                    cells[column] = value
            if cells:
                grid[number] = cells
        return grid, hidden

    def _value(self, cell: ET.Element) -> tuple[object, str | None]:
        style = int(cell.get("s") or 0)
        if style < len(self._formats):
            number_format = self._formats[style]
        elif style == 0:
            number_format = "General"
        else:
            raise _NotPlain
        if number_format is None:
            raise _NotPlain
        kind = cell.get("t") or "n"
        if kind == "inlineStr":
            inline = cell.find(f"{_MAIN}is")
            if inline is None:
                return None, number_format
            return _plain_text(inline), number_format
        text = cell.findtext(f"{_MAIN}v") or None
        if text is None:
            return None, number_format
        if kind == "n":
            number: int | float = float(text) if any(c in text for c in ".Ee") else int(text)
            if number_format in _DATE_FORMATS:
                return _excel_date(number), number_format
            return number, number_format
        if kind == "s":
            return self._strings[int(text)], number_format
        if kind == "b":
            return bool(int(text)), number_format
        if kind in ("str", "e"):
            return text, number_format
        raise _NotPlain


def _plain_text(element: ET.Element) -> str:
    """The text of an <si> or <is> holding one <t> (rich text and phonetics are not plain)."""
    children = list(element)
    if len(children) != 1 or children[0].tag != f"{_MAIN}t":
        raise _NotPlain
    return children[0].text or ""


def _excel_date(serial: float) -> dt.datetime:
    """openpyxl's reading of a date cell's serial number, for the days after 1 March 1900."""
    if not 61 <= serial < 2958466:  # up to 9999-12-31
        raise _NotPlain
    day, fraction = divmod(serial, 1)
    return _EPOCH + dt.timedelta(days=day) + dt.timedelta(milliseconds=round(fraction * 86_400_000))


def _plain_sheets(archive: zipfile.ZipFile) -> _PlainBook | None:
    """The workbook's sheets, shared strings and number formats, or None when it is not plain."""
    import zipfile
    from xml.etree import ElementTree as ET

    try:
        if "[Content_Types].xml" not in archive.namelist():
            return None
        top = _relations(archive, "")
        book_part = next(
            (t for kind, t in top.values() if kind == f"{_RELATION}/officeDocument"), None
        )
        if book_part is None:
            return None
        book = ET.fromstring(archive.read(book_part))
        properties = book.find(f"{_MAIN}workbookPr")
        if book.tag != f"{_MAIN}workbook" or (
            properties is not None and properties.get("date1904") in ("1", "true")
        ):
            return None
        relations = _relations(archive, book_part)
        sheets = []
        for element in book.iter(f"{_MAIN}sheet"):
            kind, part = relations[str(element.get(f"{{{_RELATION}}}id"))]
            if kind != f"{_RELATION}/worksheet":
                return None
            sheets.append((str(element.get("name")), element.get("state") or "visible", part))
        parts = {kind.rpartition("/")[2]: part for kind, part in relations.values()}
        strings = []
        if "sharedStrings" in parts:
            root = ET.fromstring(archive.read(parts["sharedStrings"]))
            strings = [_plain_text(si) for si in root.iterfind(f"{_MAIN}si")]
        formats: list[str | None] = []
        if "styles" in parts:
            root = ET.fromstring(archive.read(parts["styles"]))
            custom = {
                int(f.get("numFmtId") or -1): f.get("formatCode")
                for f in root.iter(f"{_MAIN}numFmt")
            }
            for xf in root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"):
                code = int(xf.get("numFmtId") or 0)
                name = _BUILTIN_FORMATS.get(code) if code < 164 else custom.get(code)
                formats.append(name if name in _PLAIN_FORMATS else None)
        return _PlainBook(sheets, strings, formats)
    except (KeyError, ValueError, ET.ParseError, _NotPlain, zipfile.BadZipFile, OSError):
        return None


def _header_row(grid: Grid) -> int | None:
    for r in range(1, _HEADER_SEARCH_ROWS + 1):
        if "target" in {header_field(v) for v, _ in grid.get(r, {}).values()}:
            return r
    return None


def _records_from_grid(shown: str, sheet: Sheet) -> RawRecords:
    grid, title = sheet.grid, sheet.title
    header_row = _header_row(grid)
    if header_row is None:
        raise ZygjError(
            [
                _problem(
                    shown,
                    title,
                    1,
                    None,
                    f" 没有找到表头行：前 {_HEADER_SEARCH_ROWS} 行中应有一行含“目标编号”“日期”等列名"
                    "（可用 zygj progress template 生成填报表）",
                )
            ]
        )
    header_cells = grid[header_row]
    header: list[object] = [None] * max(header_cells)
    for c, (value, _) in header_cells.items():
        header[c - 1] = value
    found, found_problems = map_header(header)
    problems = [
        _problem(shown, title, header_row, None if index is None else index + 1, " " + message)
        for index, message in found_problems
    ]
    columns = {field: (index + 1, str(header[index]).strip()) for field, index in found.items()}
    if problems:
        raise ZygjError(problems)
    raw_records: list[dict[str, Any]] = []
    rows: list[int] = []
    numeric_targets: dict[int, float] = {}
    target_column = columns["target"][0]
    for r in sorted(k for k in grid if k > header_row):
        cells = grid[r]
        record: dict[str, Any] = {}
        for field, (c, _) in columns.items():
            if c in cells:
                value, number_format = cells[c]
                if isinstance(value, FormulaWithoutResult):
                    problems.append(
                        _problem(
                            shown,
                            title,
                            r,
                            c,
                            f"是公式（={value.formula}），文件中却没有保存它的计算结果"
                            "（不是 Excel 或 WPS 保存的文件常这样）：请在 Excel 或 WPS 中打开、保存后重试，"
                            "或直接填写数字",
                        )
                    )
                    continue
                converted = _cell_value(field, value, number_format)
                if converted is not None:
                    record[field] = converted
        if not any(field in record for field in FORM_INPUT_FIELDS):
            continue  # blank, or a form row not filled in yet
        if r in sheet.hidden:
            problems.append(
                Diagnostic(
                    shown,
                    r,
                    None,
                    f"工作表“{title}”第 {r} 行是隐藏的行，却填有记录：看不见的行可能是旧数据或草稿。"
                    "请在 Excel 或 WPS 中取消隐藏（或取消筛选）并核对，不要的行请删除",
                )
            )
            continue
        number = cells.get(target_column, (None,))[0]
        if isinstance(number, int | float) and not isinstance(number, bool):
            numeric_targets[len(raw_records)] = float(number)
        raw_records.append(record)
        rows.append(r)
    if problems:
        raise ZygjError(problems)
    return RawRecords(
        raw_records,
        SheetLocator(shown, title, rows, columns),
        declared_unit=sheet.declared,
        numeric_targets=numeric_targets,
    )


def read_xlsx_sheets(path: Path, shown: str) -> list[tuple[str, RawRecords | list[Diagnostic]]]:
    """Every sheet of a workspace form (one sheet per plan) but its guide: each sheet's title
    and its records, or the problems that keep them from being read (located like
    :func:`read_xlsx`'s). Sheets with nothing on them are left out."""
    from openpyxl import load_workbook

    raw = read_bytes(path, shown)
    found: list[tuple[str, RawRecords | list[Diagnostic]]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # WPS/Excel extensions openpyxl does not keep
            archive = _checked_archive(raw, shown)
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            grids = {w.title: _openpyxl_grid(workbook, w) for w in workbook.worksheets}
            guide = grids.get(GUIDE_SHEET)
            declared = (_declared_by_guide(guide[0]) if guide else None) or _declared_by_title(
                archive
            )
            for ws in workbook.worksheets:
                grid, hidden = grids[ws.title]
                if ws.title == GUIDE_SHEET or not grid:
                    continue
                if getattr(ws, "sheet_state", "visible") != "visible":
                    found.append((ws.title, _hidden_sheet(shown, ws.title).diagnostics))
                    continue
                part = getattr(ws, "_worksheet_path", "")
                for (r, c), formula in _formulas_without_result(archive, part).items():
                    grid.setdefault(r, {})[c] = (FormulaWithoutResult(formula), None)
                sheet = Sheet(ws.title, grid, hidden, _merged_ranges(archive, part))
                sheet.declared = _declared(grid) or declared
                try:
                    records = _records_from_grid(shown, sheet)
                    _refuse_merged_records(shown, sheet.title, sheet.merged, records)
                except ZygjError as exc:
                    found.append((ws.title, exc.diagnostics))
                    continue
                found.append((ws.title, records))
            workbook.close()
    except ZygjError:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    "无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏、已加密，或是旧的 .xls 格式，"
                    f"请在 Excel 或 WPS 中“另存为”.xlsx 后重试（{type(exc).__name__}）",
                )
            ]
        ) from None
    return found
