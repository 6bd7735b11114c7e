"""The progress file (YAML or CSV): reading it, locating its mistakes, resolving units.

A record is one unit's cumulative figure for one target as of a date. Reading
checks every record against the plan (target known, unit declared, a figure
where the target needs one) and reports *all* problems located by line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from zygj.diagnostics import Diagnostic, UsageError, ZygjError
from zygj.models import ProgressFile, ProgressRecord, Status, Target
from zygj.plan import Plan
from zygj.registry import suggestion_text
from zygj.sources import YamlDocument, decode_text_guess, display_path, load_yaml, read_bytes
from zygj.validation import adapter, describe_loc, located_errors

DEFAULT_PROGRESS = Path("progress.yaml")

CSV_COLUMNS = ("target", "date", "unit", "value", "status", "note")
#: Column headers people type in a spreadsheet, mapped to the file's field names.
CSV_HEADER_ALIASES = {
    "target": "target", "目标": "target", "目标编号": "target", "编号": "target",
    "date": "date", "日期": "date",
    "unit": "unit", "单位": "unit", "填报单位": "unit",
    "value": "value", "填报值": "value", "数值": "value", "累计值": "value",
    "status": "status", "状态": "status",
    "note": "note", "说明": "note", "备注": "note",
}  # fmt: skip
#: Columns of a fill-in form (zygj progress template) that only inform whoever fills it: ignored.
FORM_INFO_HEADERS = frozenset({"目标名称", "指标", "截止日期", "职责"})
#: A row with none of these filled in is a form row not reported yet: skipped.
FORM_INPUT_FIELDS = ("value", "status", "date", "note")
_REQUIRED_COLUMNS = ("target", "date")


_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def iso_date_text(text: str) -> str:
    """2020/12/31, 2020.12.31, 2020年12月31日 → 2020-12-31; anything else unchanged.

    Excel and WPS re-save CSV dates in the local format; an impossible date
    stays as typed so that validation reports it where it stands.
    """
    match = _TEXT_DATE.match(text)
    if match is None:
        return text
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return text


@cache
def _records_adapter() -> TypeAdapter[list[ProgressRecord]]:
    """Built on first use: a query that reads no progress file pays nothing for it."""
    return TypeAdapter(list[ProgressRecord])


@dataclass(frozen=True)
class Record:
    """A validated record, its unit resolved to the canonical name."""

    target: str
    date: Any  # datetime.date; Any keeps the dataclass cheap to build for 10^5 rows
    unit: str
    value: float | None
    status: Status | None
    note: str | None
    line: int
    seq: int


@dataclass
class Ledger:
    path: str
    records: list[Record]


def default_progress_path(option: Path | None) -> Path | None:
    """--progress, else ./progress.yaml when it exists, else no progress at all."""
    if option is not None:
        return option
    return DEFAULT_PROGRESS if DEFAULT_PROGRESS.is_file() else None


# --------------------------------------------------------------------- locators


class _CsvLocator:
    """Maps ('records', i, field) to the CSV row's line and the field's column."""

    def __init__(self, path: str, lines: list[int], columns: dict[str, int]) -> None:
        self.path = path
        self._lines = lines
        self._columns = columns

    def position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(self._lines):
            line = self._lines[loc[1]]
            column = self._columns.get(str(loc[2])) if len(loc) >= 3 else None
            return (line, column + 1 if column is not None else 1)
        return (1, 1)

    key_position = position


def _describe_csv(lines: list[int]) -> Any:
    def describe(loc: Sequence[int | str]) -> str:
        if len(loc) >= 3 and isinstance(loc[1], int):
            return f"第 {lines[loc[1]]} 行的 {loc[2]}"
        return describe_loc(loc)

    return describe


# ---------------------------------------------------------------------- reading


def _read_csv(path: Path, shown: str) -> tuple[list[dict[str, Any]], _CsvLocator, Any]:
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
    columns: dict[str, int] = {}
    problems: list[Diagnostic] = []
    for index, name in enumerate(header):
        if name.strip() in FORM_INFO_HEADERS:
            continue
        field = CSV_HEADER_ALIASES.get(name.strip().lower())
        if field is None:
            if name.strip():
                problems.append(
                    Diagnostic(shown, 1, index + 1,
                               f"表头“{name}”不是可识别的列（应为 {','.join(CSV_COLUMNS)}）")
                )  # fmt: skip
            continue
        if field in columns:
            problems.append(Diagnostic(shown, 1, index + 1, f"表头中“{name}”列重复"))
        columns[field] = index
    for required in _REQUIRED_COLUMNS:
        if required not in columns:
            problems.append(Diagnostic(shown, 1, 1, f"表头缺少必需的列 {required}"))
    if problems:
        raise ZygjError(problems)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    width = len(header)
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
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < width and any("，" in cell for cell in cells):
            problems.append(
                Diagnostic(shown, reader.line_num, 1,
                           "这一行用全角逗号“，”分隔：请改用英文半角逗号“,”分隔各列")
            )  # fmt: skip
            continue
        if any(cell.strip() for cell in cells[width:]):
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
                row[field] = iso_date_text(cell) if field == "date" else cell
        if not any(field in row for field in FORM_INPUT_FIELDS):
            continue
        rows.append(row)
        lines.append(reader.line_num)
    if problems:
        raise ZygjError(problems)
    locator = _CsvLocator(shown, lines, columns)
    return rows, locator, _describe_csv(lines)


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


def load_progress(plan: Plan, path: Path) -> Ledger:
    """Read a YAML or CSV progress file and check every record against the plan."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise UsageError("这是一个文件夹，不是进度文件", shown)
    if suffix == ".csv":
        raw_records, locator, describe = _read_csv(path, shown)
    elif suffix in (".yaml", ".yml"):
        return ledger_from_yaml(plan, load_yaml(path, shown))
    elif suffix in (".xlsx", ".xlsm"):
        from zygj.spreadsheet import read_filled_form

        return read_filled_form(plan, path)
    else:
        raise UsageError(f"不支持的进度文件类型“{path.suffix}”：请用 .yaml、.csv 或 .xlsx", shown)
    return checked_ledger(plan, raw_records, locator, describe)


def ledger_from_yaml(plan: Plan, document: YamlDocument) -> Ledger:
    """Records of a parsed YAML progress file, checked against the plan."""
    data = document.data
    if not isinstance(data, dict) or "records" not in data:
        raise ZygjError(
            [Diagnostic(document.path, 1, 1, "进度文件应以 records: 开头，下面每条记录以“- ”开头")]
        )
    try:
        adapter(ProgressFile).validate_python({k: v for k, v in data.items() if k != "records"})
    except ValidationError as exc:
        raise ZygjError(located_errors(exc, document)) from None
    return checked_ledger(plan, data["records"] or [], document, describe_loc)


def checked_ledger(plan: Plan, raw_records: Any, locator: Any, describe: Any) -> Ledger:
    if not isinstance(raw_records, list):
        line, col = locator.position(("records",))
        raise ZygjError(
            [Diagnostic(locator.path, line, col, "records 应为列表（每条记录以“- ”开头）")]
        )
    try:
        parsed = _records_adapter().validate_python(raw_records)
    except ValidationError as exc:
        raise ZygjError(located_errors(exc, locator, ("records",), describe)) from None
    records, problems = resolve_records(plan, parsed, locator, describe)
    if problems:
        raise ZygjError(problems)
    return Ledger(locator.path, records)


def resolve_records(
    plan: Plan, parsed: Sequence[ProgressRecord], locator: Any, describe: Any = describe_loc
) -> tuple[list[Record], list[Diagnostic]]:
    """Check records against the plan: known target, declared unit, figure present."""
    targets: dict[str, Target] = {t.id: t for t in plan.targets}
    registry = plan.registry
    owners = {t.id: plan.owner_of(t) for t in plan.targets}
    unit_cache: dict[str, str | None] = {}
    problems: list[Diagnostic] = []
    records: list[Record] = []

    def problem(i: int, field: str, message: str) -> None:
        line, col = locator.position(("records", i, field))
        problems.append(Diagnostic(locator.path, line, col, f"{describe(('records', i, field))}{message}"))

    for i, record in enumerate(parsed):
        target = targets.get(record.target)
        if target is None:
            close = [t for t in targets if t.split(".")[0] == record.target.split(".")[0]]
            hint = f"；第 {record.target.split('.')[0]} 项措施的目标有 {'、'.join(close)}" if close else ""
            problem(i, "target", f" 目标“{record.target}”不存在（zygj targets 可列出全部目标）{hint}")
            continue
        if record.unit is None:
            unit_name = owners[target.id]
            if unit_name is None:
                problem(i, "unit", " 缺少填报单位（该目标没有默认的责任单位）")
                continue
        else:
            if record.unit not in unit_cache:
                unit = registry.get(record.unit)
                unit_cache[record.unit] = unit.name if unit else None
            resolved = unit_cache[record.unit]
            if resolved is None:
                problem(
                    i, "unit",
                    f" 单位“{record.unit}”未在 units.yaml 中声明"
                    + suggestion_text(registry.suggest(record.unit)),
                )  # fmt: skip
                continue
            unit_name = resolved
        if target.op != "qualitative" and record.value is None and record.status is None:
            problem(i, "value", f" 缺少填报值：目标 {target.id} 是数量目标，需要累计数")
            continue
        if target.is_percent and record.value is not None and record.value > 100:
            problem(i, "value", f" 应为 0—100 之间的百分数（65 表示 65％），实际为 {record.value:g}")
            continue
        line, _ = locator.position(("records", i))
        records.append(
            Record(record.target, record.date, unit_name, record.value, record.status,
                   record.note, line or 0, i)
        )  # fmt: skip
    return records, problems
