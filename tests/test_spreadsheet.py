"""Excel/WPS round trip: the 台账 export, fill-in forms, reading filled forms back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR, zygj_script
from zygj.cli.main import app
from zygj.core.progress import Record
from zygj.load.ledger import load_checked_progress
from zygj.load.plan import load_checked_plan
from zygj.output.workbook import LIGHT_FILLS, display_width
from zygj.rules.completion import evaluate_all

AS_OF = "2020-12-31"
HRSS = "市人力资源社会保障局"
EDU = "市教育体育局"
EVIL = '=HYPERLINK("http://evil.example/","点我")'


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(runner: CliRunner, *args: str, plan: Path = PLAN_DIR) -> Any:
    return runner.invoke(app, [*args, "--plan", str(plan)])


def rows_of(ws: Worksheet) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def record_keys(records: list[Record]) -> list[tuple[Any, ...]]:
    return [(r.target, r.date, r.unit, r.value, r.status, r.note) for r in records]


def targets_json(runner: CliRunner, progress: Path) -> list[dict[str, Any]]:
    result = invoke(
        runner, "targets", "--format", "json", "--as-of", AS_OF, "--progress", str(progress)
    )
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


# ------------------------------------------------------------------------ export


def test_export_writes_the_four_sheets(runner: CliRunner, here: Path) -> None:
    result = invoke(runner, "export", "--as-of", AS_OF, "--progress", str(EXAMPLE_PROGRESS))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"已导出 台账-2020-12-31.xlsx（截至 2020-12-31，进度文件 {EXAMPLE_PROGRESS}）："
        "工作措施 27 项，目标 45 项，进度记录 22 条，责任矩阵 26 个单位\n"
    )
    workbook = load_workbook(here / "台账-2020-12-31.xlsx")
    assert workbook.sheetnames == ["工作措施", "目标", "进度记录", "责任矩阵"]

    measures = rows_of(workbook["工作措施"])
    assert measures[0] == ["序号", "部分", "工作措施", "牵头单位", "责任单位"]
    assert len(measures) == 28
    seventh = measures[7]
    assert seventh[0] == 7 and seventh[3] == EDU
    assert seventh[2].startswith("服务构建“融入主干同城发展") and seventh[2].endswith("充分对接。")

    expected = targets_json(runner, EXAMPLE_PROGRESS)
    targets = workbook["目标"]
    rows = rows_of(targets)
    assert rows[0] == [
        "编号",
        "目标",
        "指标",
        "截止日期",
        "责任单位",
        "实际",
        "完成度",
        "状态",
        "灯",
    ]
    assert len(rows) == len(expected) + 1
    light_words = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
    for r, want in enumerate(expected, start=2):
        label = want["id"] if want["year"] is None else f"{want['id']}（{want['year']}年）"
        assert targets.cell(r, 1).value == label
        assert targets.cell(r, 4).value == dt.datetime.fromisoformat(want["deadline"])
        assert targets.cell(r, 6).value == want["actual"]
        completion = targets.cell(r, 7)
        assert completion.value == (
            None if want["completion"] is None else pytest.approx(want["completion"])
        )
        assert completion.number_format == "0%"
        light = targets.cell(r, 9)
        assert light.value == light_words[want["light"]]
        assert light.fill.fgColor.rgb == "00" + LIGHT_FILLS[want["light"]]
    assert {w["light"] for w in expected} == {"green", "yellow", "red"}  # every colour was checked

    records = rows_of(workbook["进度记录"])
    assert records[0] == ["目标编号", "日期", "单位", "填报值", "状态", "说明"]
    assert records[1] == ["1.1", dt.datetime(2019, 12, 31), HRSS, 0, "推进中", "已向省人社厅申报"]
    assert len(records) == 23

    matrix = rows_of(workbook["责任矩阵"])
    assert matrix[0][:4] == ["单位", "1", "2", "3"] and matrix[0][-2:] == ["牵头", "责任"]
    edu = next(row for row in matrix if row[0] == EDU)
    assert edu[7] == "牵" and edu[1] == "责" and edu[5] is None
    assert edu[-2] == sum(1 for cell in edu[1:-2] if cell == "牵")
    assert edu[-1] == sum(1 for cell in edu[1:-2] if cell == "责")


def test_export_is_ready_to_print_and_fits_chinese(runner: CliRunner, here: Path) -> None:
    assert invoke(runner, "export", "--as-of", AS_OF, "-o", "t.xlsx").exit_code == 0
    workbook = load_workbook(here / "t.xlsx")
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # 9 = A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1"  # the header row on every page
        assert ws.freeze_panes == ("B2" if ws.title == "责任矩阵" else "A2")
    assert workbook["责任矩阵"].print_title_cols == "$A:$A"
    targets = workbook["目标"]
    # Short columns are as wide as their widest text (a Chinese character counts 2).
    for letter in "ACEH":
        column = targets[letter]
        widest = max(display_width(str(cell.value)) for cell in column if cell.value is not None)
        assert targets.column_dimensions[letter].width >= widest, letter
    assert display_width(HRSS) == 20 and targets.column_dimensions["E"].width == 22
    # Long text wraps in a bounded column, and its row is tall enough for the lines.
    measures = workbook["工作措施"]
    assert measures.column_dimensions["C"].width == 70
    assert measures["C2"].alignment.wrap_text is True
    assert measures.row_dimensions[2].height >= 2 * 15


def test_export_refuses_to_overwrite_without_force(runner: CliRunner, here: Path) -> None:
    (here / "t.xlsx").write_bytes(b"old")
    result = invoke(runner, "export", "--as-of", AS_OF, "-o", "t.xlsx")
    assert result.exit_code == 2
    assert result.stderr == "t.xlsx: error: 文件已存在，未覆盖：换一个文件名，或加 --force 覆盖\n"
    assert (here / "t.xlsx").read_bytes() == b"old"
    result = invoke(runner, "export", "--as-of", AS_OF, "-o", "t.xlsx", "--force")
    assert result.exit_code == 0
    assert load_workbook(here / "t.xlsx").sheetnames[0] == "工作措施"
    assert sorted(p.name for p in here.iterdir()) == ["t.xlsx"]  # no temporary file left


def test_export_wants_xlsx(runner: CliRunner, here: Path) -> None:
    result = invoke(runner, "export", "-o", "t.csv")
    assert result.exit_code == 2
    assert result.stderr == "t.csv: error: 输出文件应以 .xlsx 结尾\n"


# ---------------------------------------------------------------- formula guard


def test_formula_text_stays_text_in_every_output(
    runner: CliRunner, here: Path, plan_copy: Path
) -> None:
    targets = plan_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert "    title: 国家级中职示范校\n" in text
    targets.write_text(
        text.replace("    title: 国家级中职示范校\n", f"    title: '{EVIL}'\n"), encoding="utf-8"
    )
    progress = here / "p.yaml"
    progress.write_text(
        f"records:\n  - target: \"7.1\"\n    date: 2020-06-30\n    value: 1\n    note: '{EVIL}'\n",
        encoding="utf-8",
    )
    assert (
        invoke(
            runner, "export", "--as-of", AS_OF, "-p", str(progress), "-o", "t.xlsx", plan=plan_copy
        ).exit_code
        == 0
    )
    workbook = load_workbook(here / "t.xlsx")
    note = workbook["进度记录"]["F2"]
    title = next(row[1] for row in workbook["目标"].iter_rows() if row[0].value == "7.1")
    for cell in (note, title):
        assert cell.value == "'" + EVIL
        assert cell.data_type == "s"  # text, not a formula

    assert (
        invoke(runner, "progress", "template", "-u", EDU, "-o", "f.xlsx", plan=plan_copy).exit_code
        == 0
    )
    form = load_workbook(here / "f.xlsx")["目标"]
    cell = next(row[1] for row in form.iter_rows() if row[0].value == "7.1")
    assert cell.value == "'" + EVIL and cell.data_type == "s"

    assert (
        invoke(runner, "progress", "template", "-u", EDU, "-o", "f.csv", plan=plan_copy).exit_code
        == 0
    )
    rows = list(csv.reader(io.StringIO((here / "f.csv").read_text(encoding="utf-8-sig"))))
    assert next(row[1] for row in rows if row[0] == "7.1") == "'" + EVIL


# ----------------------------------------------------------------------- forms


def test_template_xlsx(runner: CliRunner, here: Path) -> None:
    result = invoke(runner, "progress", "template", "--unit", "市教体局")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "已生成 填报表-市教育体育局.xlsx：市教育体育局 的 21 个目标（负责 6 个，配合 15 个）\n"
        "填好后读取：zygj report --progress 填报表-市教育体育局.xlsx\n"
    )
    workbook = load_workbook(here / "填报表-市教育体育局.xlsx")
    assert workbook.sheetnames == ["目标", "填报说明"]
    ws = workbook["目标"]
    top, rows = rows_of(ws)[:4], rows_of(ws)[4:]  # title, who and when, instructions, sign-off
    assert top[0][0] == "实施“资阳工匠”培养工程责任分工方案落实进度填报表"
    assert top[1][0] == (
        "依据：资府办发〔2018〕78号    填报单位（盖章）：市教育体育局    "
        "填报截至：各目标的截止日期    报送时限：    年  月  日前"
    )
    assert top[2][0].startswith("填写说明：1. 只填黄色的 5 列（填报值、日期、状态、说明、年度）")
    assert [c for c in top[3] if c] == ["填报人：", "联系电话：", "审核人：", "填报日期："]
    assert rows[0] == [
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
    assert rows[1] == [
        "1.1",
        "省级及以上技能大师工作室",
        "≥1个",
        dt.datetime(2020, 12, 31),
        "配合",
        EDU,
        None,
        None,
        None,
        None,
        None,
        "截至填报日期的累计数",
    ]
    assert rows[5] == [
        "7.1",
        "国家级中职示范校",
        "≥1所",
        dt.datetime(2020, 12, 31),
        "负责",
        EDU,
        None,
        None,
        None,
        None,
        None,
        "截至填报日期的累计数",
    ]
    assert (
        rows[8][0] == "7.4" and rows[8][11] == "填报日期时的当前水平（年度规模、比例），不是累计数"
    )
    assert [rows[4][0], rows[4][3]] == ["6.1", "每年 12 月 31 日（2019、2020 年）"]
    assert len(rows) == 22
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations["I6:I26"].type == "list"
    assert validations["I6:I26"].formula1 == '"未启动,推进中,已完成"'
    # 填报值 says what each row's 填报口径 asks: 1.1 a count, 7.4 a level.
    value_of = {
        cell: v for v in ws.data_validations.dataValidation for cell in str(v.sqref).split()
    }
    assert (
        value_of["G6"].type == "decimal"
        and value_of["G6"].prompt == "填截至“日期”的累计数，不是本期新增数；单位：个"
    )
    assert value_of["G13"].prompt.startswith("填“日期”时的当前水平（年度规模、比例），不累加")
    assert ws.freeze_panes == "A6" and ws.print_title_rows == "$5:$5"


def test_template_options(runner: CliRunner, here: Path) -> None:
    result = invoke(
        runner,
        "progress",
        "template",
        "-u",
        EDU,
        "--owned-only",
        "--as-of",
        "2020-06-30",
        "-o",
        "a.csv",
    )
    assert result.exit_code == 0, result.output
    raw = (here / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel and WPS need the BOM to show Chinese
    lines = raw.decode("utf-8-sig").splitlines()
    assert (
        lines[0] == "目标编号,目标名称,指标,截止日期,职责,单位,填报值,日期,状态,说明,年度,填报口径"
    )
    assert [line.split(",")[0] for line in lines[1:]] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    # --as-of pre-fills 日期; 7.4 (年招生规模) asks for the yearly level, not a running total.
    assert lines[4] == (
        "7.4,职业院校年招生规模,约20000人,2020-12-31,负责,市教育体育局,,2020-06-30,,,,"
        "填报日期时的当前水平（年度规模、比例），不是累计数"
    )
    # --as-of picks the year of annual targets: 6.1 shows that year's deadline.
    assert (
        invoke(
            runner, "progress", "template", "-u", HRSS, "--as-of", "2019-06-30", "-o", "b.csv"
        ).exit_code
        == 0
    )
    rows = list(csv.reader(io.StringIO((here / "b.csv").read_text(encoding="utf-8-sig"))))
    assert next(row for row in rows if row[0] == "6.1")[3] == "2019-12-31"
    assert next(row for row in rows if row[0] == "6.1")[10] == "2019"  # 年度 of an annual target


def test_template_usage_errors(runner: CliRunner, here: Path) -> None:
    result = invoke(runner, "progress", "template", "-u", "市教体")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "zygj: error: 未找到单位“市教体”；是否是指：市教育体育局？（zygj units 可列出全部单位）\n"
    )
    result = invoke(runner, "progress", "template", "-u", EDU, "-o", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == "a.txt: error: 输出文件应以 .xlsx 或 .csv 结尾\n"
    (here / "a.csv").write_text("filled\n", encoding="utf-8")
    result = invoke(runner, "progress", "template", "-u", EDU, "-o", "a.csv")
    assert result.exit_code == 2
    assert (here / "a.csv").read_text(encoding="utf-8") == "filled\n"  # a filled form is never lost


# The same report, once as a YAML progress file and once typed into forms.
YAML_EQUIVALENT = f"""records:
  - target: "1.1"
    date: 2020-09-30
    unit: {HRSS}
    value: 1
    status: in_progress
  - target: "5.1"
    date: 2020-12-31
    unit: {HRSS}
    value: 14100
    note: 1.5万名左右
  - target: "6.1"
    date: 2019-12-20
    unit: {HRSS}
    status: done
  - target: "9.2"
    date: 2020-06-30
    unit: {HRSS}
    value: 57
  - target: "17.1"
    date: 2019-12-31
    unit: {HRSS}
    value: 2100
"""


def fill_xlsx(path: Path) -> None:
    """Type the report into the form as a person would in Excel or WPS."""
    workbook = load_workbook(path)
    ws = workbook["目标"]
    row_of = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    entries: dict[str, dict[str, Any]] = {
        "1.1": {"G": 1, "H": dt.datetime(2020, 9, 30), "I": "推进中"},
        "5.1": {"G": 14100, "H": "2020/12/31", "J": "1.5万名左右"},  # a date typed as text
        "9.2": {"G": 0.57, "H": "2020年6月30日"},  # 57% typed into a percent cell
        "6.1": {"H": dt.date(2019, 12, 20), "I": "已完成"},
        "17.1": {"G": 2100, "H": dt.datetime(2019, 12, 31)},
    }
    for target, cells in entries.items():
        for column, value in cells.items():
            ws[f"{column}{row_of[target]}"] = value
    ws[f"G{row_of['9.2']}"].number_format = "0%"
    workbook.save(path)


def test_round_trip_xlsx(runner: CliRunner, here: Path) -> None:
    assert invoke(runner, "progress", "template", "-u", HRSS, "-o", "form.xlsx").exit_code == 0
    fill_xlsx(here / "form.xlsx")
    yaml_file = here / "same.yaml"
    yaml_file.write_text(YAML_EQUIVALENT, encoding="utf-8")
    plan = load_checked_plan(PLAN_DIR)
    from_form = load_checked_progress(plan, here / "form.xlsx")
    from_yaml = load_checked_progress(plan, yaml_file)
    assert from_form.sources == ["form.xlsx"]
    assert record_keys(from_form.records) == record_keys(from_yaml.records)
    assert [r.line for r in from_form.records] == [
        6,
        11,
        13,
        25,
        33,
    ]  # the sheet's rows (table from row 6)
    day = dt.date(2020, 12, 31)
    assert evaluate_all(plan, from_form.records, day) == evaluate_all(plan, from_yaml.records, day)
    assert targets_json(runner, here / "form.xlsx") == targets_json(runner, yaml_file)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_round_trip_csv(runner: CliRunner, here: Path, encoding: str) -> None:
    assert invoke(runner, "progress", "template", "-u", HRSS, "-o", "form.csv").exit_code == 0
    rows = list(csv.reader(io.StringIO((here / "form.csv").read_text(encoding="utf-8-sig"))))
    header = rows[0]
    filled = {
        "1.1": {"填报值": "1", "日期": "2020-09-30", "状态": "推进中"},
        "5.1": {"填报值": "14100", "日期": "2020-12-31", "说明": "1.5万名左右"},
        "9.2": {"填报值": "57", "日期": "2020-06-30"},
        "6.1": {"日期": "2019-12-20", "状态": "已完成"},
        "17.1": {"填报值": "2100", "日期": "2019-12-31"},
    }
    for row in rows[1:]:
        for column, value in filled.get(row[0], {}).items():
            row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (here / "form.csv").write_bytes(buffer.getvalue().encode(encoding))  # as Excel/WPS saves it
    (here / "same.yaml").write_text(YAML_EQUIVALENT, encoding="utf-8")
    plan = load_checked_plan(PLAN_DIR)
    from_form = load_checked_progress(plan, here / "form.csv")
    assert record_keys(from_form.records) == record_keys(
        load_checked_progress(plan, here / "same.yaml").records
    )
    assert targets_json(runner, here / "form.csv") == targets_json(runner, here / "same.yaml")


def test_exported_ledger_reads_back(runner: CliRunner, here: Path) -> None:
    """An exported 台账 is itself a progress file: its 进度记录 sheet is read."""
    assert (
        invoke(
            runner, "export", "--as-of", AS_OF, "-p", str(EXAMPLE_PROGRESS), "-o", "t.xlsx"
        ).exit_code
        == 0
    )
    plan = load_checked_plan(PLAN_DIR)
    again = load_checked_progress(plan, here / "t.xlsx")
    assert record_keys(again.records) == record_keys(
        load_checked_progress(plan, EXAMPLE_PROGRESS).records
    )


def test_filled_form_errors_are_located(runner: CliRunner, here: Path) -> None:
    assert invoke(runner, "progress", "template", "-u", EDU, "-o", "form.xlsx").exit_code == 0
    workbook = load_workbook(here / "form.xlsx")
    ws = workbook["目标"]
    ws["G9"], ws["H9"] = "abc", dt.datetime(2020, 6, 30)
    ws["G10"], ws["H10"] = 1, "2020/13/01"
    ws["G11"], ws["H11"] = -1, "2020-06-30"
    workbook.save(here / "form.xlsx")
    result = invoke(runner, "targets", "-p", "form.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "form.xlsx:9:7: error: 工作表“目标”第 9 行“填报值”列（G9） 应为数字，实际为 “abc”",
        "form.xlsx:10:8: error: 工作表“目标”第 10 行“日期”列（H10） 应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020/13/01”",
        "form.xlsx:11:7: error: 工作表“目标”第 11 行“填报值”列（G11） 应不小于 0，实际为 -1（只有增长率、相对目标可以填负数）",
    ]
    ws["G9"], ws["H10"], ws["G11"] = 3, "2020-12-01", 1
    ws["A12"], ws["G12"], ws["H12"] = "7.9", 1, "2020-06-30"
    ws["F13"], ws["G13"], ws["H13"] = "市教体局x", 1, "2020-06-30"
    ws["H14"] = "2020-06-30"  # a date alone: the form's pre-filled 日期, not a report yet
    workbook.save(here / "form.xlsx")
    result = invoke(runner, "targets", "-p", "form.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "form.xlsx:12:1: error: 工作表“目标”第 12 行“目标编号”列（A12） 目标“7.9”不存在（zygj targets 可列出全部目标）"
        "；第 7 项措施的目标有 7.1、7.2、7.3、7.4、7.5、7.6",
        "form.xlsx:13:6: error: 工作表“目标”第 13 行“单位”列（F13） 单位“市教体局x”未在 units.yaml 中声明；是否是指：市教育体育局？",
    ]
    ws["H14"], ws["J14"] = "2020-06-30", "见附件"  # a date and a note but no figure: reported
    workbook.save(here / "form.xlsx")
    result = invoke(runner, "targets", "-p", "form.xlsx")
    assert result.stderr.splitlines()[-1] == (
        "form.xlsx:14:7: error: 工作表“目标”第 14 行“填报值”列（G14） 缺少填报值：目标 7.5 是数量目标，需要累计数"
    )


def test_filled_form_header_and_file_problems(runner: CliRunner, here: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "填报"
    ws.append(["某单位进度填报"])  # a title row above the header is fine
    ws.append(["编号", "填报值", "完成率", "目标编号"])
    workbook.save(here / "own.xlsx")
    result = invoke(runner, "targets", "-p", "own.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "own.xlsx:2:3: error: 工作表“填报”第 2 行第 3 列（C2） 表头“完成率”不是可识别的列"
        "（可用：目标编号、日期、单位、填报值、状态、说明、年度，或英文 target、date、unit、value、status、note、year）",
        "own.xlsx:2:4: error: 工作表“填报”第 2 行第 4 列（D2） 表头中“目标编号”列重复",
        "own.xlsx:2: error: 工作表“填报”第 2 行 表头缺少必需的“日期”（date）列",
    ]
    (here / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an old binary .xls renamed")
    result = invoke(runner, "targets", "-p", "old.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        "old.xlsx: error: 无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏、已加密，或是旧的 .xls 格式，"
        "请在 Excel 或 WPS 中“另存为”.xlsx 后重试（BadZipFile）\n"
    )


def test_unfilled_form_has_no_records(runner: CliRunner, here: Path) -> None:
    assert invoke(runner, "progress", "template", "-u", EDU, "-o", "form.xlsx").exit_code == 0
    assert invoke(runner, "progress", "template", "-u", EDU, "-o", "form.csv").exit_code == 0
    plan = load_checked_plan(PLAN_DIR)
    assert load_checked_progress(plan, here / "form.xlsx").records == []
    assert load_checked_progress(plan, here / "form.csv").records == []


# ----------------------------------------------------------- installed script


def test_entry_point_export_and_template(tmp_path: Path) -> None:
    done = subprocess.run(
        [*zygj_script(), "export", "--as-of", AS_OF, "--plan", str(PLAN_DIR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已导出 台账-2020-12-31.xlsx（截至 2020-12-31，尚无进度文件）")
    assert (tmp_path / "台账-2020-12-31.xlsx").is_file()
    done = subprocess.run(
        [*zygj_script(), "export", "--as-of", AS_OF, "--plan", str(PLAN_DIR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "台账-2020-12-31.xlsx: error: 文件已存在，未覆盖：换一个文件名，或加 --force 覆盖\n"
    )
    done = subprocess.run(
        [*zygj_script(), "progress", "template", "-u", EDU, "--plan", str(PLAN_DIR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [
            *zygj_script(),
            "report",
            "--as-of",
            AS_OF,
            "--plan",
            str(PLAN_DIR),
            "--progress",
            "填报表-市教育体育局.xlsx",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"] == 0
