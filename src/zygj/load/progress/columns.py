"""What every progress format shares: the columns people write and what a reader returns.

CSV files, filled-in forms and exported 台账 sheets name their columns in Chinese
or English; one table maps them to the record's fields, so that a form made by
``zygj progress template`` reads back under the same names, and one function
(:func:`map_header`) reads a header row with the same messages for CSV and Excel.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zygj.core.diagnostics import Locator

#: The fields of a progress record, in the order a CSV file lists them.
CSV_COLUMNS = ("target", "date", "unit", "value", "status", "note")
#: Column headers people type in a spreadsheet, mapped to the file's field names.
HEADER_ALIASES = {
    "target": "target", "目标": "target", "目标编号": "target", "编号": "target",
    "date": "date", "日期": "date",
    "unit": "unit", "单位": "unit", "填报单位": "unit",
    "value": "value", "填报值": "value", "数值": "value", "累计值": "value",
    "status": "status", "状态": "status",
    "note": "note", "说明": "note", "备注": "note",
    "year": "year", "年度": "year",
    "evidence": "evidence", "佐证材料": "evidence", "佐证": "evidence",
}  # fmt: skip
#: The 佐证材料 column's header on a form and in the 台账 (:mod:`zygj.core.evidence`).
EVIDENCE_HEADER = "佐证材料"
#: Columns of a fill-in form (zygj progress template) that only inform whoever fills it: ignored.
FORM_INFO_HEADERS = frozenset({"目标名称", "指标", "截止日期", "职责", "填报口径"})
#: A row with none of these filled in is a form row not reported yet: skipped (the form
#: comes with 日期 and 年度 filled in beforehand).
FORM_INPUT_FIELDS = ("value", "status", "note")
REQUIRED_COLUMNS = ("target", "date")
#: Each field's name in messages: the form's Chinese header (the English one is accepted too).
FIELD_HEADERS = {
    "target": "目标编号", "date": "日期", "unit": "单位", "value": "填报值",
    "status": "状态", "note": "说明", "year": "年度",
}  # fmt: skip
#: The sheet of an exported 台账 that holds the records; read back before any other.
RECORDS_SHEET = "进度记录"

_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def iso_date_text(text: str) -> str:
    """2020/12/31, 2020.12.31, 2020年12月31日 → 2020-12-31; anything else unchanged.

    Excel and WPS re-save CSV dates in the local format; an impossible date
    stays as typed so that validation reports it where it stands.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text  # already YYYY-MM-DD (the usual case): validation checks the rest
    match = _TEXT_DATE.match(text)
    if match is None:
        return text
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return text


def header_field(name: object) -> str | None:
    """The field a header cell names (目标编号, Date …), or None."""
    return None if name is None else HEADER_ALIASES.get(str(name).strip().lower())


def map_header(names: Sequence[object]) -> tuple[dict[str, int], list[tuple[int | None, str]]]:
    """Each field's 0-based column in a header row, and every problem with the row.

    A problem is (column or None for the row, message); each reader adds where the
    row stands (``file:1:3`` for CSV, the sheet and cell for a workbook). Blank
    cells and the form's information columns are skipped.
    """
    columns: dict[str, int] = {}
    problems: list[tuple[int | None, str]] = []
    for index, value in enumerate(names):
        name = "" if value is None else str(value).strip()
        if name == "" or name in FORM_INFO_HEADERS:
            continue
        field = HEADER_ALIASES.get(name.lower())
        if field is None:
            problems.append((index, f"表头“{name}”不是可识别的列（可用：{_KNOWN_HEADERS}）"))
        elif field in columns:
            problems.append((index, f"表头中“{name}”列重复"))
        else:
            columns[field] = index
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            problems.append((None, f"表头缺少必需的“{FIELD_HEADERS[required]}”（{required}）列"))
    return columns, problems


_KNOWN_HEADERS = "、".join(FIELD_HEADERS.values()) + "，或英文 " + "、".join(FIELD_HEADERS)


def ledger_text(cell: str) -> str:
    """A CSV ledger's text cell as typed: one leading ``'`` before a formula start or ``'`` dropped."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@'\t\r":
        return cell[1:]
    return cell


@dataclass
class RawRecords:
    """What a reader returns: the records as read (plain values) and where they stand."""

    records: Any
    locator: Locator
    #: The records already typed, as columns (:data:`zygj.load.progress.cells.Columns`): a plain CSV file.
    typed: tuple[list[Any], ...] | None = None
    #: (unit, where the form says so): the unit a fill-in form is for (its 填报说明, its title);
    #: a blank 单位 cell is that unit's, another unit is refused. None: a ledger, or not known.
    declared_unit: tuple[str, str] | None = None
    #: Record index → the number a 目标编号 cell held (a spreadsheet stores 1.10 as 1.1).
    numeric_targets: dict[int, float] = field(default_factory=dict)
