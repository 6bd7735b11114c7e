"""A unit's fill-in form (.xlsx with drop-down lists and a guide sheet, or .csv).

What the form's columns are called is shared with the reader
(:mod:`zygj.load.progress.columns`), so a filled form reads back as it was made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from zygj.core.models import STATUS_WORDS, Target
from zygj.core.plan import Plan
from zygj.output.escaping import spreadsheet_safe
from zygj.output.listings import Grid, grid_to_csv
from zygj.output.texts import figure_text, target_title
from zygj.output.workbook import (
    DATE_FORMAT,
    HEADER_FILL,
    INPUT_FILL,
    Column,
    print_setup,
    write_table,
)

if TYPE_CHECKING:
    from zygj.rules.forms import FormRow

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
    "年度",
    "填报口径",
]
#: What to enter as 填报值, by the target's kind of figure.
FIGURE_INSTRUCTIONS = {
    "cumulative": "截至填报日期的累计数",
    "level": "填报日期时的当前水平（年度规模、比例），不是累计数",
    "qualitative": "定性目标：选择状态，可不填数",
}
FORM_STATUS_WORDS = tuple(STATUS_WORDS.values())
#: The 职责 column: how the unit stands to the target.
ROLE_WORDS = {"owner": "负责", "partner": "配合"}



def figure_instruction(target: Target) -> str:
    kind = "qualitative" if target.op == "qualitative" else target.figure
    return FIGURE_INSTRUCTIONS[kind]


def _form_cells(row: FormRow, unit_name: str, as_of: dt.date | None = None) -> list[object]:
    target = row.target
    year = None
    if target.annual and isinstance(row.deadline, dt.date):
        year = row.deadline.year
    return [target.id, target_title(target), figure_text(target), row.deadline, ROLE_WORDS[row.role], unit_name,
            None, as_of, None, None, year, figure_instruction(target)]  # fmt: skip


def form_csv(rows: Sequence[FormRow], unit_name: str, as_of: dt.date | None = None) -> str:
    """The form as CSV (UTF-8 with BOM, so Excel and WPS show the Chinese)."""
    grid = Grid(list(FORM_HEADERS))
    for row in rows:
        cells = _form_cells(row, unit_name, as_of)
        grid.rows.append([c.isoformat() if isinstance(c, dt.date) else "" if c is None else str(c)
                          for c in cells])  # fmt: skip
    return grid_to_csv(grid)


def form_workbook(
    plan: Plan, rows: Sequence[FormRow], unit_name: str, as_of: dt.date | None
) -> Workbook:
    """The form as a workbook: sheet 目标 to fill in, sheet 填报说明 to read."""
    document = plan.document_name
    workbook = Workbook()
    workbook.properties.title = f"{document} 进度填报表：{unit_name}"
    workbook.properties.creator = "zygj"
    ws = workbook.active
    assert ws is not None
    ws.title = FORM_SHEET
    write_table(
        ws,
        [Column("目标编号", width=10, number_format="@"), Column("目标名称", max_width=36),
         Column("指标", max_width=16), Column("截止日期", max_width=30, number_format=DATE_FORMAT),
         Column("职责", width=7), Column("单位", max_width=24), Column("填报值", width=10),
         Column("日期", width=12, number_format=DATE_FORMAT), Column("状态", width=10),
         Column("说明", width=40, wrap=True), Column("年度", width=8),
         Column("填报口径", max_width=30)],
        [_form_cells(row, unit_name, as_of) for row in rows],
        title=f"{document} 进度填报表：{unit_name}",
    )  # fmt: skip
    last = len(rows) + 1
    for r in range(2, last + 1):
        for c in (7, 8, 9, 10, 11):
            ws.cell(row=r, column=c).fill = INPUT_FILL
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
        ["填报值", "按“填报口径”列填写：累计数目标填截至“日期”的累计数，不是本期新增数；"
                   "当前水平目标（年招生规模、年鉴定能力、比例）填当时的水平，不累加；"
                   "百分比目标填 65 表示 65%；定性目标可不填"],
        ["年度", "年度目标的数字所属的年份；次年 1 月填报上一年全年数时，年度填上一年"],
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
        cell.fill = HEADER_FILL
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(guide, f"{document} 进度填报说明：{unit_name}")
    return workbook


