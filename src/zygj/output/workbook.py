"""The 台账 workbook for people who work in Excel and WPS, and the sheet writer it shares.

* :func:`ledger_workbook`: measures, targets with their lights, progress records
  and the unit × measure matrix, ready to print.
* :func:`write_table`, :func:`print_setup`: a styled, printable sheet (also used
  by the fill-in forms of :mod:`zygj.output.forms`).

Every cell of text goes through :func:`zygj.output.escaping.spreadsheet_safe`, so text
that looks like a formula (``=HYPERLINK(…)``) stays text. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcwidth

from zygj.core.deadlines import ONGOING
from zygj.core.plan import UNASSIGNED, Plan
from zygj.core.progress import Ledger
from zygj.load.progress.columns import RECORDS_SHEET
from zygj.output.escaping import spreadsheet_safe
from zygj.output.texts import (
    LIGHT_LABELS,
    STATUS_LABELS,
    figure_text,
    number_text,
    percent_text,
    role_units_text,
    status_text,
    target_title,
    units_text,
)

if TYPE_CHECKING:
    from zygj.rules.completion import Result
    from zygj.rules.query import UnitLoad

#: Excel's built-in Good / Neutral / Bad colours: readable on screen and in print.
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
LIGHT_FONTS = {"green": "006100", "yellow": "9C5700", "red": "9C0006"}
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
DATE_FORMAT = "yyyy-mm-dd"
#: Height of one wrapped line of 11-point text, in points. LibreOffice lays CJK out
#: with its fallback font at ~16.8 pt a line (Excel's 等线 at ~14.3): the taller of
#: the two, since neither recomputes a row's height when it opens or prints the file
#: and text beyond the height written is cut on paper.
_LINE_HEIGHT = 17.0
#: Room above and below a row's lines (the cell's padding).
_ROW_PADDING = 3.0

# ------------------------------------------------------------------ sheet writer


def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character counts 2 (wcwidth)."""
    if text.isascii() and "\n" not in text:
        return len(text)
    widest = 0
    for line in text.split("\n"):
        widest = max(widest, sum(max(wcwidth(ch), 0) for ch in line))
    return widest


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` (Excel's character units) takes for ``text``.

    A CJK character is two units (Excel's SimSun/等线 at 11 pt is ~2.1), so the
    usable width keeps two units of slack for the cell's margins and for the
    punctuation (，。、) that may not begin a line and pulls a character down with it.
    """
    usable = max(width - 2, 2)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


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
        return percent_text(value)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    *,
    title: str,
    freeze: str = "A2",
    repeat_columns: str | None = None,
    header_row: int = 1,
) -> None:
    """A header row and rows: text made formula-safe, widths fitted, ready to print.
    ``header_row``: where the header goes (rows above it already written: a form's title)."""
    ws.append([column.header for column in columns])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
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
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1), start=header_row + 1):
        lines = 1
        for i, cell in enumerate(row):
            cell.style = names[i]  # one named style per kind of column: fast for 10^5 rows
            if columns[i].number_format in (None, "General") and isinstance(
                cell.value, (int, float)
            ):
                plain = plain_number_format(cell.value)
                if plain is not None:
                    cell.number_format = plain
            if wraps[i] and cell.value is not None:
                text = _cell_text(cell.value, columns[i].number_format)
                lines = max(lines, wrapped_lines(text, widths[i]))
        if lines > 1:
            ws.row_dimensions[r].height = lines * _LINE_HEIGHT + _ROW_PADDING
    ws.freeze_panes = freeze
    if rows:
        ws.auto_filter.ref = (
            f"A{header_row}:{get_column_letter(len(columns))}{len(rows) + header_row}"
        )
    print_setup(ws, title, repeat_columns)
    ws.print_title_rows = f"{header_row}:{header_row}"


def plain_number_format(value: float) -> str | None:
    """A format that shows ``value`` in full: Excel's General turns 12 digits (or a tiny
    fraction) into 1.23457E+11. None when General already shows it plainly."""
    if isinstance(value, bool) or value == 0 or 1e-4 <= abs(value) < 1e6:
        return None
    return "0" if float(value).is_integer() else "0.0##########"


def _body_style(ws: Worksheet, wrap: bool, number_format: str | None) -> str:
    """The named style of a body cell (bordered, top-aligned), registered once per workbook."""
    name = f"zygj {'wrap' if wrap else 'cell'} {number_format or 'General'}"
    workbook = ws.parent
    assert workbook is not None  # a sheet made by Workbook.create_sheet
    if name not in workbook.named_styles:
        workbook.add_named_style(
            NamedStyle(
                name,
                border=_BORDER,
                number_format=number_format or "General",
                alignment=Alignment(wrap_text=wrap or None, vertical="top"),
            )
        )
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
    # The header and footer sit in the top and bottom margins: 0.3 in from the edge,
    # with 0.5 in between them and the table (openpyxl's default 0.5 in left the
    # footer 0.1 in and LibreOffice printed "第 N 页，共 M 页" half cut).
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.8, bottom=0.8, header=0.3, footer=0.3)
    header, footer = ws.oddHeader, ws.oddFooter
    if header is not None and footer is not None:
        header.center.text = title.replace("&", "&&")  # & starts a header code
        footer.center.text = "第 &P 页，共 &N 页"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------- 台账 export


def ledger_workbook(
    plan: Plan,
    results: Sequence[Result],
    ledger: Ledger | None,
    as_of: dt.date,
    loads: Sequence[UnitLoad],
) -> Workbook:
    """The 台账: 工作措施, 目标 (lights as fills), 进度记录 and 责任矩阵."""
    document = plan.document_name
    day = as_of.isoformat()
    workbook = Workbook()
    workbook.properties.title = f"{document} 台账（截至 {day}）"
    workbook.properties.creator = "zygj"

    ws = workbook.active
    assert ws is not None
    ws.title = "工作措施"
    sections = {s.no: s for s in plan.sections}
    measure_rows: list[list[object]] = []
    cooperating_measures = any(m.cooperating for m in plan.measures)
    for measure in plan.measures:
        section = sections.get(measure.section)
        responsible = (
            units_text(measure.addressees)
            if measure.is_general
            else role_units_text(measure, "responsible")
        )
        where = f"{plan.section_label(measure.section)}{section.title}" if section else ""
        measure_rows.append(
            [
                measure.no,
                where or str(measure.section),
                measure.text,
                role_units_text(measure, "lead"),
                responsible,
            ]
            + ([role_units_text(measure, "cooperating")] if cooperating_measures else [])
        )
    write_table(
        ws,
        [
            Column("序号", width=6),
            Column("部分", max_width=24, wrap=True),
            Column("工作措施", width=70, wrap=True),
            Column("牵头单位", max_width=24, wrap=True),
            Column("责任单位", max_width=40, wrap=True),
        ]
        + ([Column("配合单位", max_width=40, wrap=True)] if cooperating_measures else []),
        measure_rows,
        title=f"{document} 工作措施",
    )

    ws = workbook.create_sheet("目标")
    target_rows: list[list[object]] = []
    for result in results:
        instance = result.instance
        target = instance.target
        target_rows.append(
            [
                instance.label,
                target_title(target),
                figure_text(target),
                instance.deadline if instance.deadline != ONGOING else "长期",
                instance.owner or UNASSIGNED,
                result.actual,
                result.completion,
                status_text(result),
                LIGHT_LABELS[result.light],
            ]
        )
    write_table(
        ws,
        [
            Column("编号", width=14),
            Column("目标", max_width=40),
            Column("指标", max_width=16),
            Column("截止日期", width=12, number_format=DATE_FORMAT),
            Column("责任单位", max_width=24),
            Column("实际", max_width=12, number_format="General"),
            Column("完成度", width=9, number_format="0%"),
            Column("状态", max_width=16),
            Column("灯", width=7),
        ],
        target_rows,
        title=f"{document} 目标完成情况（截至 {day}）",
    )
    for r, result in enumerate(results, start=2):
        light = ws.cell(row=r, column=9)
        light.fill = PatternFill("solid", fgColor=LIGHT_FILLS[result.light])
        light.font = Font(bold=True, color=LIGHT_FONTS[result.light])
        light.alignment = Alignment(horizontal="center", vertical="top")

    ws = workbook.create_sheet(RECORDS_SHEET)
    records = ledger.records if ledger else []
    write_table(
        ws,
        [
            Column("目标编号", width=10),
            Column("日期", width=12, number_format=DATE_FORMAT),
            Column("单位", max_width=24),
            Column("填报值", max_width=12),
            Column("状态", width=9),
            Column("说明", max_width=50, wrap=True),
        ],
        [
            [
                r.target,
                r.date,
                r.unit,
                r.value,
                STATUS_LABELS[r.status] if r.status else None,
                r.note,
            ]
            for r in records
        ],
        title=f"{document} 进度记录" + (f"（{ledger.sources_text}）" if ledger else ""),
    )
    if any(r.evidence for r in records):  # 佐证材料: only a ledger that has some gets the column
        from zygj.output.evidence_table import add_evidence_column

        add_evidence_column(ws, records)

    ws = workbook.create_sheet("责任矩阵")
    marks = {"lead": "牵", "responsible": "责", "cooperating": "配"}
    cooperating = any(m.cooperating for m in plan.measures)
    matrix_rows: list[list[object]] = []
    for load in loads:
        cells: list[object] = [load.unit.name]
        counts = {"lead": 0, "responsible": 0, "cooperating": 0}
        for measure in plan.measures:
            # A group named in the measure gives its role to every member.
            role = load.role(measure.no)
            if role is None:
                cells.append(None)
            else:
                cells.append(marks[role])
                counts[role] += 1
        matrix_rows.append(
            [*cells, counts["lead"], counts["responsible"]]
            + ([counts["cooperating"]] if cooperating else [])
        )
    legend = "牵＝牵头单位，责＝责任单位" + ("，配＝配合单位" if cooperating else "")
    write_table(
        ws,
        [
            Column("单位", max_width=30),
            *(Column(str(m.no), width=4.5) for m in plan.measures),
            Column("牵头", width=6),
            Column("责任", width=6),
        ]
        + ([Column("配合", width=6)] if cooperating else []),
        matrix_rows,
        title=f"{document} 责任矩阵（{legend}）",
        freeze="B2",
        repeat_columns="A:A",
    )
    for row in ws.iter_rows(min_row=1, min_col=2, max_col=len(plan.measures) + 1):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="top")
    return workbook
