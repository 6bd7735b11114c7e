"""One header map for CSV and Excel: the same columns, the same messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from zygj.core.diagnostics import ZygjError
from zygj.load.progress.columns import map_header
from zygj.load.progress.csv import read_csv
from zygj.load.progress.xlsx import read_xlsx

KNOWN = "可用：目标编号、日期、单位、填报值、状态、说明、年度，或英文 target、date、unit、value、status、note、year"


def test_chinese_and_english_names_map_to_the_same_fields() -> None:
    assert map_header(["目标编号", "日期", "单位", "填报值", "状态", "说明", "年度"]) == (
        {"target": 0, "date": 1, "unit": 2, "value": 3, "status": 4, "note": 5, "year": 6},
        [],
    )
    assert map_header([" Target ", "DATE", "value"]) == ({"target": 0, "date": 1, "value": 2}, [])


def test_form_information_columns_and_blank_cells_are_skipped() -> None:
    assert map_header(["目标编号", "目标名称", None, "", "日期", "填报口径"]) == (
        {"target": 0, "date": 4},
        [],
    )


def test_every_problem_of_a_header_row_is_reported_with_its_column() -> None:
    assert map_header(["编号", "完成率", "目标编号"]) == (
        {"target": 0},
        [
            (1, f"表头“完成率”不是可识别的列（{KNOWN}）"),
            (2, "表头中“目标编号”列重复"),
            (None, "表头缺少必需的“日期”（date）列"),
        ],
    )
    assert map_header(["date"])[1] == [(None, "表头缺少必需的“目标编号”（target）列")]


def test_csv_and_excel_say_the_same_about_the_same_header(tmp_path: Path) -> None:
    header = ["编号", "填报值", "完成率", "目标编号"]
    (tmp_path / "p.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "填报"
    ws.append(header)
    workbook.save(tmp_path / "p.xlsx")
    with pytest.raises(ZygjError) as from_csv:
        read_csv(tmp_path / "p.csv", "p.csv")
    with pytest.raises(ZygjError) as from_xlsx:
        read_xlsx(tmp_path / "p.xlsx", "p.xlsx")
    assert [d.format() for d in from_csv.value.diagnostics] == [
        f"p.csv:1:3: error: 表头“完成率”不是可识别的列（{KNOWN}）",
        "p.csv:1:4: error: 表头中“目标编号”列重复",
        "p.csv:1:1: error: 表头缺少必需的“日期”（date）列",
    ]
    assert [d.format() for d in from_xlsx.value.diagnostics] == [
        f"p.xlsx:1:3: error: 工作表“填报”第 1 行第 3 列（C1） 表头“完成率”不是可识别的列（{KNOWN}）",
        "p.xlsx:1:4: error: 工作表“填报”第 1 行第 4 列（D1） 表头中“目标编号”列重复",
        "p.xlsx:1: error: 工作表“填报”第 1 行 表头缺少必需的“日期”（date）列",
    ]
