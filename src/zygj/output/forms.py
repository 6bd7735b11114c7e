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

from zygj.core.models import MAX_FIGURE, RATE_OPS, STATUS_WORDS, Target
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
    from openpyxl.worksheet.worksheet import Worksheet

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
#: The column a form gets when the plan asks for 佐证材料 (after 填报口径, so the others keep their place).
EVIDENCE_COLUMN = "佐证材料"
EVIDENCE_PROMPT = "已完成的目标须附佐证材料：填文件名（放在本表所在文件夹），多个用“；”分隔"
#: What to enter as 填报值, by the target's kind of figure.
FIGURE_INSTRUCTIONS = {
    "cumulative": "截至填报日期的累计数",
    "level": "填报日期时的当前水平（年度规模、比例），不是累计数",
    "qualitative": "定性目标：选择状态，可不填数",
    "growth": "截至填报日期的同比增长率，下降填负数",
    "relative": "截至填报日期的本项增速或比率，下降填负数",
}
FORM_STATUS_WORDS = tuple(STATUS_WORDS.values())
#: The 职责 column: how the unit stands to the target.
ROLE_WORDS = {"owner": "负责", "partner": "配合"}


def figure_instruction(target: Target) -> str:
    kind = target.op if target.op in ("qualitative", *RATE_OPS) else target.figure
    return FIGURE_INSTRUCTIONS[kind]


def _form_cells(row: FormRow, unit_name: str, as_of: dt.date | None = None) -> list[object]:
    target = row.target
    year = None
    if target.annual and isinstance(row.deadline, dt.date):
        year = row.deadline.year
    return [
        target.id,
        target_title(target),
        figure_text(target),
        row.deadline,
        ROLE_WORDS[row.role],
        unit_name,
        None,
        as_of,
        None,
        None,
        year,
        figure_instruction(target),
    ]


def wants_evidence(rows: Sequence[FormRow]) -> bool:
    """Whether the form has a 佐证材料 column: the plan asks for evidence on one of its targets."""
    return any(row.evidence for row in rows)


def form_csv(rows: Sequence[FormRow], unit_name: str, as_of: dt.date | None = None) -> str:
    """The form as CSV (UTF-8 with BOM, so Excel and WPS show the Chinese)."""
    evidence = wants_evidence(rows)
    grid = Grid([*FORM_HEADERS, *([EVIDENCE_COLUMN] if evidence else [])])
    for row in rows:
        cells = _form_cells(row, unit_name, as_of) + ([None] if evidence else [])
        grid.rows.append(
            [
                c.isoformat() if isinstance(c, dt.date) else "" if c is None else str(c)
                for c in cells
            ]
        )
    return grid_to_csv(grid)


#: The form's columns a unit fills in (yellow, unlocked); every other cell is protected.
INPUT_HEADERS = ("填报值", "日期", "状态", "说明", "年度")
#: Rows above the table: title, who and when, the instructions, the sign-off line.
HEADER_ROW = 5
#: What the 填报值 cell says when selected, by the row's kind of figure (its 填报口径).
VALUE_PROMPTS = {
    "cumulative": "填截至“日期”的累计数，不是本期新增数",
    "level": "填“日期”时的当前水平（年度规模、比例），不累加",
    "qualitative": "定性目标：可不填数，在“状态”列选择进展",
    "growth": "填截至“日期”的同比增长率（下降填负数，如 -1.5）",
    "relative": "填截至“日期”的本项增速或比率（下降填负数，如 -1.5），与参照指标比较",
}


def _value_prompt(target: Target) -> str:
    kind = target.op if target.op in ("qualitative", *RATE_OPS) else target.figure
    prompt = VALUE_PROMPTS[kind]
    if target.unit_of_measure == "%":
        prompt += "；百分比填 65 表示 65%"
    elif target.unit_of_measure and kind != "qualitative":
        prompt += f"；单位：{target.unit_of_measure}"
    return prompt


def instructions_text(due: dt.date | None, evidence: bool = False) -> str:
    """The form's instructions, in the words of the office that sends it (counts are the form's)."""
    headers = (*INPUT_HEADERS, *([EVIDENCE_COLUMN] if evidence else []))
    inputs = "、".join(headers)
    when = f"{due.year}年{due.month}月{due.day}日前" if due else "报送时限前"
    files = "（及佐证材料文件，与本表放在同一文件夹）" if evidence else ""
    return (
        f"填写说明：1. 只填黄色的 {len(headers)} 列（{inputs}），其余各列已填好、不能改动；"
        "选中黄色单元格会提示该行怎样填。"
        "2. 填报值按每行的“填报口径”填写：累计数填截至“日期”的累计数（不是本期新增数），"
        "当前水平填当时的水平，百分比填 65 表示 65%，定性目标可不填数。"
        "3. 职责为“配合”的行，只填本单位完成的部分。"
        "4. 尚未开展的目标，状态选“未启动”，不要空着。"
        f"5. 填好后经审核人审核、加盖单位公章，于{when}报送本表电子版{files}（不要增删行列、不要改成其他格式）和盖章扫描件。"
    )


def form_workbook(
    plan: Plan,
    rows: Sequence[FormRow],
    unit_name: str,
    as_of: dt.date | None,
    due: dt.date | None = None,
) -> Workbook:
    """The form as a workbook: sheet 目标 (title, instructions, sign-off lines and the table; only
    the yellow cells open to typing, no password) and sheet 填报说明 (the same, in more detail)."""
    doc = plan.measures_file.document
    workbook = Workbook()
    workbook.properties.title = f"{doc.plan_title or doc.title}落实进度填报表（{unit_name}）"
    workbook.properties.creator = doc.issuer
    ws = workbook.active
    assert ws is not None
    ws.title = FORM_SHEET
    fill_form_sheet(ws, plan, rows, unit_name, as_of, due)
    guide_sheet(workbook, plan, unit_name, as_of, due, wants_evidence(rows))
    return workbook


def fill_form_sheet(
    ws: Worksheet,
    plan: Plan,
    rows: Sequence[FormRow],
    unit_name: str,
    as_of: dt.date | None,
    due: dt.date | None = None,
) -> None:
    """A form's sheet of targets: a one-plan form has one (目标), a workspace form one per plan."""
    from openpyxl.styles import Protection
    from openpyxl.utils import get_column_letter

    document = plan.document_name
    doc = plan.measures_file.document
    heading = f"{doc.plan_title or doc.title}落实进度填报表"
    evidence = wants_evidence(rows)
    headers = [*FORM_HEADERS, *([EVIDENCE_COLUMN] if evidence else [])]
    last_column = get_column_letter(len(headers))
    open_cell = Protection(locked=False)
    when = as_of.isoformat() if as_of else "各目标的截止日期"
    due_text = f"{due.year}年{due.month}月{due.day}日前" if due else "    年  月  日前"
    ws["A1"] = str(spreadsheet_safe(heading))
    ws["A2"] = str(
        spreadsheet_safe(
            f"依据：{document}    填报单位（盖章）：{unit_name}    填报截至：{when}    报送时限：{due_text}"
        )
    )
    ws["A3"] = instructions_text(due, evidence)
    for label, column in (
        ("填报人：", "A"),
        ("联系电话：", "C"),
        ("审核人：", "E"),
        ("填报日期：", "H"),
    ):
        ws[f"{column}4"] = label
    for row in (1, 2, 3):
        ws.merge_cells(f"A{row}:{last_column}{row}")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws["A2"].alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 22
    ws["A3"].alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[3].height = 72
    ws.row_dimensions[4].height = 24
    # The sign-off entries: 填报人 in B, 联系电话 in D, 审核人 in F:G, 填报日期 in I:J.
    ws.merge_cells("F4:G4")
    ws.merge_cells("I4:J4")
    for ref in ("B4", "D4", "F4", "I4"):
        ws[ref].fill = INPUT_FILL
        ws[ref].protection = open_cell
        ws[ref].alignment = Alignment(vertical="center")
    for ref in ("A4", "C4", "E4", "H4"):
        ws[ref].alignment = Alignment(horizontal="right", vertical="center")
    write_table(
        ws,
        [
            Column("目标编号", width=8, number_format="@"),
            Column("目标名称", width=24, wrap=True),
            Column("指标", width=12, wrap=True),
            Column("截止日期", width=11, wrap=True, number_format=DATE_FORMAT),
            Column("职责", width=6),
            Column("单位", width=12, wrap=True),
            Column("填报值", width=10),
            Column("日期", width=11, number_format=DATE_FORMAT),
            Column("状态", width=8),
            Column("说明", width=30, wrap=True),
            Column("年度", width=6),
            Column("填报口径", width=22, wrap=True),
            *([Column(EVIDENCE_COLUMN, width=24, wrap=True)] if evidence else []),
        ],
        [_form_cells(row, unit_name, as_of) + ([None] if evidence else []) for row in rows],
        title=f"{heading}（{unit_name}）",
        freeze=f"A{HEADER_ROW + 1}",
        header_row=HEADER_ROW,
    )
    first, last = HEADER_ROW + 1, HEADER_ROW + len(rows)
    inputs = [
        headers.index(h) + 1 for h in (*INPUT_HEADERS, *([EVIDENCE_COLUMN] if evidence else []))
    ]
    for r in range(first, last + 1):
        # Room to write by hand on paper: two lines at least.
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, 30)
        for c in inputs:
            cell = ws.cell(row=r, column=c)
            cell.fill = INPUT_FILL
            cell.protection = open_cell
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(FORM_STATUS_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="状态",
        error="请从下拉列表中选择：未启动、推进中、已完成",
        showInputMessage=True,
        promptTitle="状态",
        prompt="从下拉列表选择：未启动、推进中、已完成",
    )
    day = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="日期",
        error="请填写日期，如 2020-12-31",
        showInputMessage=True,
        promptTitle="日期",
        prompt="填报值对应的日期，如 2020-12-31",
    )
    for validation, column in ((day, "H"), (status, "I")):
        validation.add(f"{column}{first}:{column}{max(last, first)}")
        ws.add_data_validation(validation)
    if evidence:  # a prompt only: the cell takes any text, checked when the form is collected
        files = DataValidation(
            showInputMessage=True, promptTitle=EVIDENCE_COLUMN, prompt=EVIDENCE_PROMPT
        )
        files.add(f"{last_column}{first}:{last_column}{max(last, first)}")
        ws.add_data_validation(files)
    # 填报值: the prompt and the error say what this row's 填报口径 asks for.
    by_prompt: dict[tuple[str, bool], list[int]] = {}
    for r, form_row in enumerate(rows, start=first):
        key = (_value_prompt(form_row.target), form_row.target.op in RATE_OPS)
        by_prompt.setdefault(key, []).append(r)
    for (prompt, signed), numbers in by_prompt.items():
        # A growth rate may fall below zero; every other figure may not.
        value = DataValidation(
            type="decimal",
            allow_blank=True,
            operator="between" if signed else "greaterThanOrEqual",
            formula1=f"-{MAX_FIGURE:.0f}" if signed else "0",
            formula2=f"{MAX_FIGURE:.0f}" if signed else None,
            showErrorMessage=True,
            errorTitle="填报值",
            error=f"请填数字：{prompt}" if signed else f"请填不小于 0 的数字：{prompt}",
            showInputMessage=True,
            promptTitle="填报值",
            prompt=prompt,
        )
        for r in numbers:
            value.add(f"G{r}")
        ws.add_data_validation(value)
    # Protected without a password: only the yellow cells take typing; 目标编号, 单位 and 职责
    # cannot be overwritten, nor the rows sorted. Row heights and column widths may change.
    ws.auto_filter.ref = None
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.print_options.horizontalCentered = True
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def guide_sheet(
    workbook: Workbook,
    plan: Plan,
    unit_name: str,
    as_of: dt.date | None,
    due: dt.date | None = None,
    evidence: bool = False,
) -> None:
    """Sheet 填报说明: what sheet 目标 asks, in more detail (``evidence``: the form has a 佐证材料 column)."""
    inputs = [*INPUT_HEADERS, *([EVIDENCE_COLUMN] if evidence else [])]
    document = plan.document_name
    doc = plan.measures_file.document
    heading = f"{doc.plan_title or doc.title}落实进度填报表"
    due_text = f"{due.year}年{due.month}月{due.day}日前" if due else "    年  月  日前"
    guide = workbook.create_sheet("填报说明")
    lines = [
        ["项目", "说明"],
        ["依据", document],
        ["填报单位", unit_name],
        ["填报截至", as_of.isoformat() if as_of else "按各目标的截止日期"],
        ["报送时限", due_text.strip()],
        [
            "填写哪里",
            f"只填工作表“{FORM_SHEET}”中黄色的 {len(inputs)} 列：{'、'.join(inputs)}，"
            "以及表头下方的填报人、联系电话、审核人、填报日期；其余单元格已填好、不能改动",
        ],
        [
            "填报值",
            "按“填报口径”列填写：累计数目标填截至“日期”的累计数，不是本期新增数；"
            "当前水平目标（年招生规模、年鉴定能力、比例）填当时的水平，不累加；"
            "百分比目标填 65 表示 65%；定性目标可不填数",
        ],
        ["年度", "年度目标的数字所属的年份；次年 1 月填报上一年全年数时，年度填上一年"],
        ["日期", "填报值对应的日期，如 2020-12-31"],
        [
            "状态",
            "从下拉列表选择：未启动、推进中、已完成（定性目标以最新状态为准）；尚未开展的选“未启动”",
        ],
        [
            "职责",
            "负责：本单位是该目标的责任单位；配合：本单位参与该措施，只填本单位完成的部分，"
            "督查室汇总时与其他单位的数字相加（百分比目标以最新填报为准）",
        ],
        ["未填的行", "填报值、状态、说明都空着的行，视为本单位尚未报送该目标"],
        *([[EVIDENCE_COLUMN, EVIDENCE_GUIDE]] if evidence else []),
        [
            "报送",
            "经审核人审核、加盖单位公章后，报送本表电子版（不要增删行列、不要改成其他格式）和盖章扫描件",
        ],
    ]
    write_guide(guide, lines, 12, f"{heading}：填报说明（{unit_name}）")


#: The 填报说明 line on the 佐证材料 column (a form whose plan asks for evidence).
EVIDENCE_GUIDE = (
    "方案要求佐证的目标报“已完成”时，把佐证文件（照片、名单、证书、会议纪要等，每个不超过 20 MB）"
    "与本表放在同一文件夹（可放在子文件夹中），在本列写文件名，如“培训名单.xlsx；现场照片.jpg”；"
    "没有佐证的“已完成”按“待补佐证”计"
)


def write_guide(
    guide: Worksheet, lines: Sequence[Sequence[str]], first_width: int, title: str
) -> None:
    """A 填报说明 sheet (one-plan and workspace forms): 项目 | 说明 rows, wrapped, protected."""
    for line in lines:
        guide.append([spreadsheet_safe(cell) for cell in line])
    guide.column_dimensions["A"].width = first_width
    guide.column_dimensions["B"].width = 90
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(guide, title)
    guide.protection.sheet = True
