"""Spreadsheets for people who work in Excel and WPS.

* :func:`ledger_workbook`: the 台账 workbook (measures, targets with their lights,
  progress records, the unit × measure matrix), ready to print.
* :func:`form_rows`, :func:`form_workbook`, :func:`form_csv`: a unit's fill-in form.
* :func:`read_filled_form`: a filled form (or an exported 台账's 进度记录 sheet)
  read back into a :class:`~zygj.progress.Ledger`, every problem located by
  sheet, row and column.

Every cell of text goes through :func:`zygj.safety.spreadsheet_safe`, so text
that looks like a formula (``=HYPERLINK(…)``) stays text. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcwidth

from zygj.completion import LIGHT_LABELS, STATUS_LABELS, Result
from zygj.diagnostics import Diagnostic, ZygjError
from zygj.models import Target
from zygj.plan import Plan
from zygj.progress import (
    CSV_HEADER_ALIASES,
    FORM_INFO_HEADERS,
    FORM_INPUT_FIELDS,
    Ledger,
    checked_ledger,
    iso_date_text,
)
from zygj.query import target_role
from zygj.render import Grid, grid_to_csv
from zygj.safety import spreadsheet_safe
from zygj.sources import display_path, read_bytes

#: The sheet of an exported 台账 that holds the records; read back before any other.
RECORDS_SHEET = "进度记录"
#: The fill-in form's sheet.
FORM_SHEET = "目标"
FORM_HEADERS = [
    "目标编号",
    "目标名称",
    "指标",
    "截止日期",
    "职责",
    "单位",
    "填报值",
    "日期",
    "状态",
    "说明",
]
FORM_STATUS_WORDS = ("未启动", "推进中", "已完成")
ROLE_OWNER = "负责"
ROLE_PARTNER = "配合"

#: Excel's built-in Good / Neutral / Bad colours: readable on screen and in print.
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
LIGHT_FONTS = {"green": "006100", "yellow": "9C5700", "red": "9C0006"}
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_DATE_FORMAT = "yyyy-mm-dd"
#: Height of one line of 11-point text, in points (CJK glyphs need a little more).
_LINE_HEIGHT = 15.0

Figure = Callable[[Target], str]


# ------------------------------------------------------------------ sheet writer


def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character counts 2 (wcwidth)."""
    if text.isascii() and "\n" not in text:
        return len(text)
    widest = 0
    for line in text.split("\n"):
        widest = max(widest, sum(max(wcwidth(ch), 0) for ch in line))
    return widest


@dataclass(frozen=True)
class Column:
    header: str
    #: Widest the column may grow (in Excel's character units); longer text wraps.
    max_width: int = 30
    wrap: bool = False
    number_format: str | None = None
    width: float | None = None


def _cell_text(value: object, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and number_format and "%" in number_format:
        return f"{value * 100:.0f}%"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_table(
    ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[object]],
    *, title: str, freeze: str = "A2", repeat_columns: str | None = None,
) -> None:  # fmt: skip
    """A header row and rows: text made formula-safe, widths fitted, ready to print."""
    ws.append([column.header for column in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [float(display_width(column.header)) for column in columns]
    for row in rows:
        ws.append([spreadsheet_safe(value) for value in row])
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(_cell_text(value, columns[i].number_format)))
    for i, column in enumerate(columns):
        width = column.width if column.width is not None else min(widths[i] + 2, column.max_width)
        widths[i] = max(width, 4.0)
        ws.column_dimensions[get_column_letter(i + 1)].width = widths[i]
    wraps = [column.wrap or widths[i] >= column.max_width for i, column in enumerate(columns)]
    names = [_body_style(ws, wraps[i], column.number_format) for i, column in enumerate(columns)]
    for r, row in enumerate(ws.iter_rows(min_row=2), start=2):
        lines = 1
        for i, cell in enumerate(row):
            cell.style = names[i]  # one named style per kind of column: fast for 10^5 rows
            if wraps[i] and cell.value is not None:
                text = _cell_text(cell.value, columns[i].number_format)
                needed = sum(
                    max(1, math.ceil(display_width(part) / max(widths[i] - 1, 1)))
                    for part in text.split("\n")
                )
                lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[r].height = lines * _LINE_HEIGHT
    ws.freeze_panes = freeze
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    print_setup(ws, title, repeat_columns)


def _body_style(ws: Worksheet, wrap: bool, number_format: str | None) -> str:
    """The named style of a body cell (bordered, top-aligned), registered once per workbook."""
    name = f"zygj {'wrap' if wrap else 'cell'} {number_format or 'General'}"
    workbook = ws.parent
    assert workbook is not None  # a sheet made by Workbook.create_sheet
    if name not in workbook.named_styles:
        workbook.add_named_style(
            NamedStyle(
                name, border=_BORDER, number_format=number_format or "General",
                alignment=Alignment(wrap_text=wrap or None, vertical="top"),
            )
        )  # fmt: skip
    return name


def print_setup(ws: Worksheet, title: str, repeat_columns: str | None = None) -> None:
    """A4 landscape, fitted to the page width, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    if repeat_columns:
        ws.print_title_cols = repeat_columns
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    header, footer = ws.oddHeader, ws.oddFooter
    if header is not None and footer is not None:
        header.center.text = title.replace("&", "&&")  # & starts a header code
        footer.center.text = "第 &P 页，共 &N 页"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------- 台账 export


def _units_text(names: Sequence[str]) -> str:
    return "、".join(names)


def ledger_workbook(
    plan: Plan, results: Sequence[Result], ledger: Ledger | None, as_of: dt.date, figure: Figure
) -> Workbook:
    """The 台账: 工作措施, 目标 (lights as fills), 进度记录 and 责任矩阵."""
    document = plan.measures_file.document.number
    day = as_of.isoformat()
    workbook = Workbook()
    workbook.properties.title = f"{document} 台账（截至 {day}）"
    workbook.properties.creator = "zygj"

    ws = workbook.active
    assert ws is not None
    ws.title = "工作措施"
    sections = {s.no: s for s in plan.sections}
    measure_rows: list[list[object]] = []
    for measure in plan.measures:
        section = sections.get(measure.section)
        responsible = measure.responsible if not measure.is_general else measure.addressees
        measure_rows.append([
            measure.no, f"{section.label}{section.title}" if section else str(measure.section),
            measure.text, _units_text(measure.lead), _units_text(responsible),
        ])  # fmt: skip
    write_table(
        ws,
        [Column("序号", width=6), Column("部分", max_width=24, wrap=True),
         Column("工作措施", width=70, wrap=True), Column("牵头单位", max_width=24, wrap=True),
         Column("责任单位", max_width=40, wrap=True)],
        measure_rows, title=f"{document} 工作措施",
    )  # fmt: skip

    ws = workbook.create_sheet("目标")
    target_rows: list[list[object]] = []
    for result in results:
        instance = result.instance
        target = instance.target
        target_rows.append([
            instance.label, target.title + ("（力争）" if target.soft else ""), figure(target),
            instance.deadline, instance.owner or "", result.actual, result.completion,
            STATUS_LABELS[result.status] + ("（滞后）" if result.behind else ""),
            LIGHT_LABELS[result.light],
        ])  # fmt: skip
    write_table(
        ws,
        [Column("编号", width=14), Column("目标", max_width=40), Column("指标", max_width=16),
         Column("截止日期", width=12, number_format=_DATE_FORMAT),
         Column("责任单位", max_width=24), Column("实际", max_width=12, number_format="General"),
         Column("完成度", width=9, number_format="0%"), Column("状态", max_width=16),
         Column("灯", width=7)],
        target_rows, title=f"{document} 目标完成情况（截至 {day}）",
    )  # fmt: skip
    for r, result in enumerate(results, start=2):
        light = ws.cell(row=r, column=9)
        light.fill = PatternFill("solid", fgColor=LIGHT_FILLS[result.light])
        light.font = Font(bold=True, color=LIGHT_FONTS[result.light])
        light.alignment = Alignment(horizontal="center", vertical="top")

    ws = workbook.create_sheet(RECORDS_SHEET)
    records = ledger.records if ledger else []
    write_table(
        ws,
        [Column("目标编号", width=10), Column("日期", width=12, number_format=_DATE_FORMAT),
         Column("单位", max_width=24), Column("填报值", max_width=12),
         Column("状态", width=9), Column("说明", max_width=50, wrap=True)],
        [[r.target, r.date, r.unit, r.value, STATUS_LABELS[r.status] if r.status else None, r.note]
         for r in records],
        title=f"{document} 进度记录" + (f"（{ledger.path}）" if ledger else ""),
    )  # fmt: skip

    ws = workbook.create_sheet("责任矩阵")
    matrix_rows: list[list[object]] = []
    for unit in plan.units_file.units:
        cells: list[object] = [unit.name]
        lead = shared = 0
        for measure in plan.measures:
            if unit.name in measure.lead:
                cells.append("牵")
                lead += 1
            elif unit.name in measure.responsible:
                cells.append("责")
                shared += 1
            else:
                cells.append(None)
        matrix_rows.append([*cells, lead, shared])
    write_table(
        ws,
        [Column("单位", max_width=30), *(Column(str(m.no), width=4.5) for m in plan.measures),
         Column("牵头", width=6), Column("责任", width=6)],
        matrix_rows, title=f"{document} 责任矩阵（牵＝牵头单位，责＝责任单位）",
        freeze="B2", repeat_columns="A:A",
    )  # fmt: skip
    for row in ws.iter_rows(min_row=1, min_col=2, max_col=len(plan.measures) + 1):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="top")
    return workbook


# --------------------------------------------------------------- fill-in forms


@dataclass(frozen=True)
class FormRow:
    target: Target
    role: str
    deadline: dt.date | str


def form_rows(plan: Plan, unit_name: str, owned_only: bool, year: int | None) -> list[FormRow]:
    """The targets a unit reports on, in plan order.

    Its own targets (owner = the unit) come with role 负责. Unless ``owned_only``,
    the targets of measures where it is a lead or responsible unit come too, with
    role 配合: those units report their own share, which zygj adds to the owner's.
    Annual targets show the deadline of ``year`` (and are left out when the plan
    does not assess that year), or every assessed year when ``year`` is None.
    """
    years = plan.measures_file.period.annual_years
    rows: list[FormRow] = []
    for target in sorted(plan.targets, key=lambda t: t.measure_order):
        standing = target_role(plan, target, unit_name)
        if standing == "owner":
            role = ROLE_OWNER
        elif standing == "partner" and not owned_only:
            role = ROLE_PARTNER
        else:
            continue
        deadline: dt.date | str
        if not target.annual:
            assert target.deadline is not None
            deadline = target.deadline
        elif year is None:
            deadline = f"每年 12 月 31 日（{'、'.join(str(y) for y in years)} 年）"
        elif year in years:
            deadline = dt.date(year, 12, 31)
        else:
            continue
        rows.append(FormRow(target, role, deadline))
    return rows


def _form_cells(row: FormRow, unit_name: str, figure: Figure) -> list[object]:
    target = row.target
    title = target.title + ("（力争）" if target.soft else "")
    return [target.id, title, figure(target), row.deadline, row.role, unit_name,
            None, None, None, None]  # fmt: skip


def form_csv(rows: Sequence[FormRow], unit_name: str, figure: Figure) -> str:
    """The form as CSV (UTF-8 with BOM, so Excel and WPS show the Chinese)."""
    grid = Grid(list(FORM_HEADERS))
    for row in rows:
        cells = _form_cells(row, unit_name, figure)
        grid.rows.append([c.isoformat() if isinstance(c, dt.date) else "" if c is None else str(c)
                          for c in cells])  # fmt: skip
    return grid_to_csv(grid)


def form_workbook(
    plan: Plan, rows: Sequence[FormRow], unit_name: str, figure: Figure, as_of: dt.date | None
) -> Workbook:
    """The form as a workbook: sheet 目标 to fill in, sheet 填报说明 to read."""
    document = plan.measures_file.document.number
    workbook = Workbook()
    workbook.properties.title = f"{document} 进度填报表：{unit_name}"
    workbook.properties.creator = "zygj"
    ws = workbook.active
    assert ws is not None
    ws.title = FORM_SHEET
    write_table(
        ws,
        [Column("目标编号", width=10, number_format="@"), Column("目标名称", max_width=36),
         Column("指标", max_width=16), Column("截止日期", max_width=30, number_format=_DATE_FORMAT),
         Column("职责", width=7), Column("单位", max_width=24), Column("填报值", width=10),
         Column("日期", width=12, number_format=_DATE_FORMAT), Column("状态", width=10),
         Column("说明", width=40, wrap=True)],
        [_form_cells(row, unit_name, figure) for row in rows],
        title=f"{document} 进度填报表：{unit_name}",
    )  # fmt: skip
    last = len(rows) + 1
    for r in range(2, last + 1):
        for c in range(7, 11):
            ws.cell(row=r, column=c).fill = _INPUT_FILL
    status = DataValidation(
        type="list", formula1='"' + ",".join(FORM_STATUS_WORDS) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="状态", error="请从下拉列表中选择：未启动、推进中、已完成",
        showInputMessage=True, promptTitle="状态", prompt="未启动 / 推进中 / 已完成",
    )  # fmt: skip
    value = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle="填报值", error="填报值应为不小于 0 的数字（截至该日的累计数）",
        showInputMessage=True, promptTitle="填报值", prompt="截至该日的累计数；百分比目标填 65 表示 65%",
    )  # fmt: skip
    day = DataValidation(
        type="date", operator="greaterThan", formula1="1", allow_blank=True,
        showErrorMessage=True, errorTitle="日期", error="请填写日期，如 2020-12-31",
    )  # fmt: skip
    for validation, column in ((value, "G"), (day, "H"), (status, "I")):
        validation.add(f"{column}2:{column}{max(last, 2)}")
        ws.add_data_validation(validation)

    guide = workbook.create_sheet("填报说明")
    lines = [
        ["项目", "说明"],
        ["文件", document],
        ["填报单位", unit_name],
        ["填报截至", as_of.isoformat() if as_of else "（按各目标的截止日期）"],
        ["填写哪里", "只填工作表“目标”中黄色的四列：填报值、日期、状态、说明；其余列请勿改动"],
        ["填报值", "截至“日期”的累计数，不是本期新增数；百分比目标填 65 表示 65%；定性目标可不填"],
        ["日期", "填报值对应的日期，如 2020-12-31"],
        ["状态", "从下拉列表选择：未启动、推进中、已完成（定性目标以最新状态为准）"],
        ["职责", "负责：本单位是该目标的责任单位；配合：本单位参与该措施，只填本单位完成的部分，"
                 "zygj 会与其他单位的数字相加（百分比目标以最新填报为准）"],
        ["未填的行", "填报值、日期、状态、说明都空着的行视为尚未填报，读取时跳过"],
        ["读取", "zygj report --progress 本文件.xlsx（也可用 zygj targets --progress 本文件.xlsx）"],
    ]  # fmt: skip
    for line in lines:
        guide.append([spreadsheet_safe(cell) for cell in line])
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 90
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(guide, f"{document} 进度填报说明：{unit_name}")
    return workbook


# ------------------------------------------------------------ reading forms back

_HEADER_SEARCH_ROWS = 10


class _SheetLocator:
    """Maps ('records', i, field) to the sheet's row and the field's column."""

    def __init__(self, path: str, sheet: str, rows: list[int], columns: dict[str, tuple[int, str]]):
        self.path = path
        self.sheet = sheet
        self._rows = rows
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
                where += f"“{column[1]}”列（{get_column_letter(column[0])}{row}）"
            return where
        return f"工作表“{self.sheet}”"


def _problem(path: str, sheet: str, row: int, column: int | None, message: str) -> Diagnostic:
    where = f"工作表“{sheet}”第 {row} 行"
    if column is not None:
        where += f"第 {column} 列（{get_column_letter(column)}{row}）"
    return Diagnostic(path, row, column, f"{where}{message}")


def _number_text(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


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
        text = value if isinstance(value, str) else _number_text(value)  # type: ignore[arg-type]
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
        return _number_text(value)
    return str(value)


def read_filled_form(plan: Plan, path: Path) -> Ledger:
    """Records of a filled form (.xlsx/.xlsm): sheet 进度记录 when present, else the first.

    The header row (within the first rows) names the columns, as in a CSV
    progress file; the form's information columns (目标名称, 指标, 截止日期, 职责)
    are ignored. A row whose 填报值, 日期, 状态 and 说明 are all blank is not
    filled in yet and is skipped. Problems are located as ``file:row:column``.
    """
    shown = display_path(path)
    raw = read_bytes(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # WPS/Excel extensions openpyxl does not keep
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            sheets = workbook.worksheets
            if not sheets:
                raise ZygjError([Diagnostic(shown, None, None, "工作簿中没有工作表")])
            ws = next((w for w in sheets if w.title == RECORDS_SHEET), sheets[0])
            sheet = ws.title
            grid: list[list[tuple[object, str | None]]] = [
                [(cell.value, getattr(cell, "number_format", None)) for cell in row]
                for row in ws.iter_rows()
            ]
            workbook.close()
    except ZygjError:
        raise
    except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
        raise ZygjError(
            [Diagnostic(shown, None, None,
                        "无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏、已加密，或是旧的 .xls 格式，"
                        f"请在 Excel 或 WPS 中“另存为”.xlsx 后重试（{type(exc).__name__}）")]
        ) from None  # fmt: skip
    return _ledger_from_grid(plan, shown, sheet, grid)


def _ledger_from_grid(
    plan: Plan, shown: str, sheet: str, grid: list[list[tuple[object, str | None]]]
) -> Ledger:
    header_index = None
    for index, cells in enumerate(grid[:_HEADER_SEARCH_ROWS]):
        names = {CSV_HEADER_ALIASES.get(str(v).strip().lower()) for v, _ in cells if v is not None}
        if "target" in names:
            header_index = index
            break
    if header_index is None:
        raise ZygjError(
            [_problem(shown, sheet, 1, None,
                      f" 没有找到表头行：前 {_HEADER_SEARCH_ROWS} 行中应有一行含“目标编号”“日期”等列名"
                      "（可用 zygj progress template 生成填报表）")]
        )  # fmt: skip
    header_row = header_index + 1
    columns: dict[str, tuple[int, str]] = {}
    problems: list[Diagnostic] = []
    for c, (value, _) in enumerate(grid[header_index], start=1):
        name = "" if value is None else str(value).strip()
        if name == "" or name in FORM_INFO_HEADERS:
            continue
        field = CSV_HEADER_ALIASES.get(name.lower())
        if field is None:
            problems.append(_problem(shown, sheet, header_row, c, f" 表头“{name}”不是可识别的列"
                                     "（可用：目标编号、日期、单位、填报值、状态、说明）"))  # fmt: skip
        elif field in columns:
            problems.append(_problem(shown, sheet, header_row, c, f" 表头中“{name}”列重复"))
        else:
            columns[field] = (c, name)
    if "date" not in columns:
        problems.append(_problem(shown, sheet, header_row, None, " 表头缺少必需的“日期”列"))
    if problems:
        raise ZygjError(problems)
    raw_records: list[dict[str, Any]] = []
    rows: list[int] = []
    for r, cells in enumerate(grid[header_index + 1 :], start=header_row + 1):
        record: dict[str, Any] = {}
        for field, (c, _) in columns.items():
            if c <= len(cells):
                value, number_format = cells[c - 1]
                converted = _cell_value(field, value, number_format)
                if converted is not None:
                    record[field] = converted
        if not any(field in record for field in FORM_INPUT_FIELDS):
            continue  # blank, or a form row not filled in yet
        raw_records.append(record)
        rows.append(r)
    locator = _SheetLocator(shown, sheet, rows, columns)
    return checked_ledger(plan, raw_records, locator, locator.describe)
