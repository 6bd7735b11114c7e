"""The fill-in form as a unit's clerk meets it (issue 21, item 6).

Protected without a password, only the yellow cells open; a title, true instructions and
the sign-off lines on the first sheet, in the office's words (never the tool's name);
each row's 填报值 prompt follows its 填报口径; printed by LibreOffice at ≥ 9 pt on A4.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR
from tests.printed import have_tools, to_pdf
from zygj.cli.main import app
from zygj.output.forms import FORM_HEADERS, HEADER_ROW, INPUT_HEADERS

EDU = "市教育体育局"


def _form(runner: CliRunner, tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "form.xlsx"
    result = runner.invoke(
        app,
        [
            "progress",
            "template",
            "--plan",
            str(PLAN_DIR),
            "-u",
            EDU,
            "--as-of",
            "2020-06-30",
            "-o",
            str(path),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return path


def test_only_the_yellow_cells_are_open_and_no_password(runner: CliRunner, tmp_path: Path) -> None:
    ws = load_workbook(_form(runner, tmp_path))["目标"]
    assert ws.protection.sheet is True
    assert not ws.protection.password  # anyone fills it in; nobody must ask for a password
    assert ws.auto_filter.ref is None  # no sorting the rows apart from their 目标编号
    yellow = set()
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=ws.max_row):
        for cell in row:
            opened = cell.protection.locked is False
            filled = cell.fill.fgColor.rgb == "00FFF2CC"
            assert opened == filled, cell.coordinate
            if opened:
                yellow.add(FORM_HEADERS[cell.column - 1])
    assert yellow == set(INPUT_HEADERS)
    # The instructions count the yellow columns right and name them.
    instructions = str(ws["A3"].value)
    assert f"只填黄色的 {len(yellow)} 列（{'、'.join(INPUT_HEADERS)}）" in instructions
    # 目标编号, 职责, 单位 stay locked.
    for header in ("目标编号", "职责", "单位", "填报口径"):
        column = FORM_HEADERS.index(header) + 1
        assert ws.cell(HEADER_ROW + 1, column).protection.locked is True
    # The sign-off entries are open to typing.
    assert [ws[ref].protection.locked for ref in ("B4", "D4", "F4", "I4")] == [False] * 4


def test_title_sign_off_and_due_date_in_a_clerks_words(runner: CliRunner, tmp_path: Path) -> None:
    book = load_workbook(_form(runner, tmp_path, "--due", "2020-07-05"))
    ws = book["目标"]
    assert ws["A1"].value == "实施“资阳工匠”培养工程责任分工方案落实进度填报表"
    assert "报送时限：2020年7月5日前" in str(ws["A2"].value)
    assert "填报单位（盖章）：市教育体育局" in str(ws["A2"].value)
    assert "于2020年7月5日前报送" in str(ws["A3"].value)
    assert [ws[ref].value for ref in ("A4", "C4", "E4", "H4")] == [
        "填报人：",
        "联系电话：",
        "审核人：",
        "填报日期：",
    ]
    assert [c.value for c in ws[HEADER_ROW]] == FORM_HEADERS
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert "zygj" not in str(value).lower()
    assert book.properties.creator == "资阳市人民政府办公室"


def test_each_rows_prompt_follows_its_instruction(runner: CliRunner, tmp_path: Path) -> None:
    ws = load_workbook(_form(runner, tmp_path))["目标"]
    prompt_of = {}
    for validation in ws.data_validations.dataValidation:
        for ref in str(validation.sqref).split():
            if ref.startswith("G"):
                prompt_of[int(ref[1:])] = validation.prompt
    kinds = {
        "截至填报日期的累计数": "填截至“日期”的累计数",
        "填报日期时的当前水平（年度规模、比例），不是累计数": "填“日期”时的当前水平",
        "定性目标：选择状态，可不填数": "定性目标：可不填数",
    }
    rows = range(HEADER_ROW + 1, ws.max_row + 1)
    assert sorted(prompt_of) == list(rows)
    for r in rows:
        assert prompt_of[r].startswith(kinds[ws.cell(r, 12).value]), r
        if ws.cell(r, 3).value.endswith("%"):
            assert prompt_of[r].endswith("百分比填 65 表示 65%")


def test_a_filled_form_still_reads(runner: CliRunner, tmp_path: Path) -> None:
    path = _form(runner, tmp_path)
    book = load_workbook(path)
    ws = book["目标"]
    ws["B4"], ws["D4"] = "张三", "028-12345678"  # the sign-off lines are not records
    ws[f"G{HEADER_ROW + 1}"], ws[f"I{HEADER_ROW + 1}"] = 1, "推进中"
    book.save(path)
    result = runner.invoke(
        app, ["targets", "--plan", str(PLAN_DIR), "-p", str(path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert '"actual": 1' in result.stdout


@pytest.mark.printing
@pytest.mark.skipif(not have_tools(), reason="没有 LibreOffice 或 poppler-utils")
def test_printed_on_a4_at_nine_points_or_more(runner: CliRunner, tmp_path: Path) -> None:
    pdf = to_pdf(_form(runner, tmp_path), tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    heights = [
        float(b) - float(a)
        for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', xml)
    ]
    assert heights
    # poppler's word box is ~0.91 of the font size (11 pt text: 10.0 pt boxes): 9 pt → 8.2.
    assert min(heights) >= 8.1, min(heights)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "填报人：" in text and "审核人：" in text and "只填黄色的 5 列" in text


@pytest.mark.printing
@pytest.mark.skipif(not have_tools(), reason="没有 LibreOffice 或 poppler-utils")
def test_libreoffice_keeps_the_protection(runner: CliRunner, tmp_path: Path) -> None:
    """Opened and saved again by LibreOffice (as WPS and Excel users do), the sheet is still
    protected without a password, the same cells open, and the form still reads."""
    form = _form(runner, tmp_path)
    out = tmp_path / "saved"
    out.mkdir()
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(form),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    ws = load_workbook(out / "form.xlsx")["目标"]
    assert ws.protection.sheet is True and not ws.protection.password
    first = HEADER_ROW + 1
    assert ws.cell(first, 1).protection.locked is True  # 目标编号
    assert ws.cell(first, FORM_HEADERS.index("填报值") + 1).protection.locked is False
    assert ws["A1"].value == "实施“资阳工匠”培养工程责任分工方案落实进度填报表"
    result = runner.invoke(app, ["targets", "--plan", str(PLAN_DIR), "-p", str(out / "form.xlsx")])
    assert result.exit_code == 0, result.output
