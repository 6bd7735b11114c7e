"""A unit's fill-in form for a whole workspace: one workbook, one sheet per plan.

Each plan's sheet is exactly the one-plan form's sheet 目标 (:func:`zygj.output.forms.fill_form_sheet`:
title, 依据, the unit, instructions, the yellow cells), named after the plan's short title, so
``collect`` knows which plan every row is for without a column the clerk could mistype. The
workbook's structure is locked (no password): sheets cannot be renamed, added or removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from zygj.output.forms import (
    EVIDENCE_COLUMN,
    EVIDENCE_GUIDE,
    FORM_SHEET,
    INPUT_HEADERS,
    fill_form_sheet,
    wants_evidence,
    write_guide,
)

if TYPE_CHECKING:
    from zygj.rules.forms import FormRow
    from zygj.rules.portfolio import Member

#: The guide sheet (its row 填报单位 names the unit, as in a one-plan form).
GUIDE_SHEET = "填报说明"
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\：]")
#: Excel's longest sheet name.
MAX_SHEET_NAME = 31


def sheet_titles(members: Sequence[Member]) -> dict[str, str]:
    """Each plan's sheet name (plan key → name): its short title as Excel allows it, else its key."""
    taken = {GUIDE_SHEET, FORM_SHEET}
    names: dict[str, str] = {}
    for m in members:
        name = _NOT_IN_SHEET_NAMES.sub("", m.title).strip("'").strip()[:MAX_SHEET_NAME]
        if not name or name in taken:
            name = m.key[:MAX_SHEET_NAME]
        taken.add(name)
        names[m.key] = name
    return names


def workspace_form(
    workspace: str,
    every: Sequence[Member],
    parts: Sequence[tuple[Member, Sequence[FormRow]]],
    unit_name: str,
    as_of: dt.date | None,
    due: dt.date | None = None,
) -> Workbook:
    """The unit's form: a sheet for each plan it reports in (``parts``), then 填报说明."""
    titles = sheet_titles(every)
    workbook = Workbook()
    workbook.properties.title = f"{workspace}落实进度填报表（{unit_name}）"
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for member, rows in parts:
        # Each sheet names the unit as its plan does: its rows are checked against that plan.
        local = member.local(unit_name) or unit_name
        fill_form_sheet(
            workbook.create_sheet(titles[member.key]), member.plan, rows, local, as_of, due
        )
    due_text = f"{due.year}年{due.month}月{due.day}日前" if due else "    年  月  日前"
    guide = workbook.create_sheet(GUIDE_SHEET)
    lines = [
        ["项目", "说明"],
        ["工作区", workspace],
        ["填报单位", unit_name],
        ["填报截至", as_of.isoformat() if as_of else "按各目标的截止日期"],
        ["报送时限", due_text.strip()],
        *[
            [f"工作表“{titles[m.key]}”", f"{m.plan.document_name}：{len(rows)} 行"]
            for m, rows in parts
        ],
        [
            "填写哪里",
            f"每个方案一个工作表，只填其中黄色的 {len(INPUT_HEADERS)} 列：{'、'.join(INPUT_HEADERS)}，"
            "以及表头下方的填报人、联系电话、审核人、填报日期；其余单元格已填好、不能改动，"
            "工作表不能改名、增删（督查室按工作表名把每一行记入对应方案的台账）",
        ],
        [
            "填报值",
            "按各行的“填报口径”填写：累计数目标填截至“日期”的累计数，不是本期新增数；"
            "当前水平目标填当时的水平，不累加；百分比目标填 65 表示 65%；定性目标可不填数",
        ],
        ["职责", "负责：本单位是该目标的责任单位；配合：本单位参与该措施，只填本单位完成的部分"],
        ["未填的行", "填报值、状态、说明都空着的行，视为本单位尚未报送该目标"],
        *(
            [[EVIDENCE_COLUMN, EVIDENCE_GUIDE]]
            if any(wants_evidence(rows) for _, rows in parts)
            else []
        ),
        [
            "报送",
            "经审核人审核、加盖单位公章后，报送本工作簿电子版（不要增删行列、不要改成其他格式）和盖章扫描件",
        ],
    ]
    write_guide(guide, lines, 16, f"{workspace}落实进度填报表：填报说明（{unit_name}）")
    # Sheets name the plan their rows go to: none renamed, added or removed (no password).
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook
