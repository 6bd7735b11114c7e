"""A plain workbook read from its XML gives what openpyxl gives; anything else is left to openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import Workbook

from zygj.load.progress import xlsx


def both_ways(path: Path) -> tuple[object, object]:
    raw = path.read_bytes()
    archive = zipfile.ZipFile(path)
    plain = xlsx._plain_sheets(archive)
    assert plain is not None
    sheet = xlsx._read_sheets(str(path), plain, archive)
    by_openpyxl = xlsx._read_with_openpyxl(str(path), raw, archive)
    ours = xlsx._records_from_grid("f", sheet)
    theirs = xlsx._records_from_grid("f", by_openpyxl)
    assert sheet.merged == by_openpyxl.merged and sheet.hidden == by_openpyxl.hidden
    assert sheet.declared == by_openpyxl.declared
    return (ours.records, ours.locator.record_lines), (theirs.records, theirs.locator.record_lines)  # type: ignore[attr-defined]


def test_a_form_as_excel_fills_it_reads_the_same(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "目标"
    ws.append(["某单位进度填报"])
    ws.append(["目标编号", "单位", "填报值", "日期", "状态", "说明", "年度"])
    ws.append(["1.1", "市人力资源社会保障局", 12, dt.date(2020, 6, 30), "推进中", "第1条", None])
    ws.append(["9.2", None, 0.57, "2020/6/30", None, None, None])
    ws.append([])
    ws.append(["17.1", None, 2100.5, dt.date(2019, 12, 31), None, "说明", 2019])
    ws.append(["6.1", None, None, dt.date(2020, 1, 2), "已完成", 12345.678, None])
    ws.append(["1.1", None, None, None, None, None, None])
    for row in range(3, 9):
        ws[f"D{row}"].number_format = "yyyy-mm-dd"
    ws["C4"].number_format = "0%"
    ws.merge_cells("A1:G1")
    guide = workbook.create_sheet("填报说明")
    guide.append(["填报说明"])
    guide.append(["按表填写。"])
    workbook.save(tmp_path / "form.xlsx")
    ours, theirs = both_ways(tmp_path / "form.xlsx")
    assert ours == theirs
    assert ours[1] == [3, 4, 6, 7]


def test_a_workbook_that_is_not_plain_is_left_to_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["目标编号", "日期", "填报值"])
    ws.append(["1.1", dt.datetime(2020, 6, 30, 9, 30), 1])  # a date and time: its own number format
    workbook.save(tmp_path / "f.xlsx")
    archive = zipfile.ZipFile(tmp_path / "f.xlsx")
    plain = xlsx._plain_sheets(archive)
    assert plain is not None
    try:
        xlsx._read_sheets("f.xlsx", plain, archive)
    except xlsx._NotPlain:
        pass
    else:
        raise AssertionError("a date-time cell is read by openpyxl")
