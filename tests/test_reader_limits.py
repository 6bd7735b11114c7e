"""Progress readers: nothing a clerk typed is dropped,
and one budget for every reader.

A CSV ledger that lacks a column gets it; a form's blank 单位 is the form's own unit,
never the target's owner; formula cells without a saved value, hidden rows, forms in
subfolders and numeric ids that change meaning are refused with their place; formula
text is neutralised in a CSV ledger and reads back as typed. Every reader checks its
budget before the expensive work.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app
from zygj.core.plan import Plan
from zygj.load.ledger import load_progress
from zygj.load.plan import load_plan as _load_plan
from zygj.load.progress.columns import ledger_text
from zygj.load.progress.csv import ledger_cell

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"
OWNER = "市人力资源社会保障局"
PARTNER = "市财政局"


def load_plan(folder: Path) -> Plan:
    plan, problems = _load_plan(folder)
    assert plan is not None, problems
    return plan


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(MINI_PLAN, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
    return tmp_path


def run(runner: CliRunner, *args: str) -> object:
    return runner.invoke(app, [*args, "--plan", "plan"])


def form_csv(path: Path, *rows: str, header: str = "target,date,unit,value,status,note") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def template(runner: CliRunner, unit: str, path: str) -> Path:
    result = run(runner, "progress", "template", "-u", unit, "-o", path, "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return Path(path)


# --------------------------------------------------- a CSV ledger that lacks a column


def test_collect_adds_the_status_and_note_columns_a_csv_ledger_lacks(
    runner: CliRunner, here: Path
) -> None:
    ledger = here / "ledger.csv"
    ledger.write_bytes(f"target,date,unit,value\r\n1.1,2020-06-30,{OWNER},100\r\n".encode())
    form_csv(here / "form.csv", f"1.1,2020-09-30,{OWNER},200,推进中,已培训两批")
    result = run(runner, "collect", "form.csv", "-o", "ledger.csv")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert ledger.read_bytes().decode() == (
        "target,date,unit,value,status,note\r\n"
        f"1.1,2020-06-30,{OWNER},100,,\r\n"
        f"1.1,2020-09-30,{OWNER},200,in_progress,已培训两批\r\n"
    )


def test_collect_adds_the_unit_column_so_a_partners_figure_stays_the_partners(
    runner: CliRunner, here: Path
) -> None:
    ledger = here / "ledger.csv"
    ledger.write_text(
        'target,date,value,note\n1.1,2020-06-30,100,"两行\n说明"\n1.2,2020-06-30,80,\n',
        encoding="utf-8",
    )
    form_csv(here / "form.csv", f"1.1,2020-09-30,{PARTNER},30,,")
    result = run(runner, "collect", "form.csv", "-o", "ledger.csv")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert ledger.read_text(encoding="utf-8") == (
        'target,date,value,note,unit\n1.1,2020-06-30,100,"两行\n说明",\n1.2,2020-06-30,80,,\n'
        f"1.1,2020-09-30,30,,{PARTNER}\n"
    )
    records = load_progress(load_plan(here / "plan"), ledger)[0]
    assert records is not None
    assert [(r.unit, r.value, r.note) for r in records.records] == [
        (OWNER, 100, "两行\n说明"),
        (OWNER, 80, None),
        (PARTNER, 30, None),
    ]


def test_formula_text_in_a_note_is_neutralised_in_a_csv_ledger_and_reads_back_as_typed(
    runner: CliRunner, here: Path
) -> None:
    notes = ['=HYPERLINK("http://x","点此")', "@SUM(1)", "'普通撇号", "+新增"]
    rows = [
        f'1.1,2020-0{i + 6}-30,{OWNER},{i},,"{n.replace(chr(34), chr(34) * 2)}"'
        for i, n in enumerate(notes)
    ]
    form_csv(here / "form.csv", *rows)
    result = run(runner, "collect", "form.csv", "-o", "ledger.csv")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    with (here / "ledger.csv").open(encoding="utf-8-sig", newline="") as handle:
        written = [row[5] for row in csv.reader(handle)][1:]
    assert written == ['\'=HYPERLINK("http://x","点此")', "'@SUM(1)", "'普通撇号", "'+新增"]
    ledger = load_progress(load_plan(here / "plan"), here / "ledger.csv")[0]
    assert ledger is not None
    assert [r.note for r in ledger.records] == notes


@pytest.mark.parametrize(
    "text", ["=1+1", "'=1+1", "''=1+1", "'", "'abc", "-5", "-x", "@", "'@a", "普通"]
)
def test_a_ledger_cell_reads_back_as_written(text: str) -> None:
    written = ledger_cell(text)
    assert ledger_text(written) == text
    assert not written.startswith(("=", "@")) and (
        not written.startswith(("+", "-")) or written == "-5"
    )


# --------------------------------------------------- the form's own unit


def first_row(sheet: Any) -> int:
    """The form's first row of records: the one below its header 目标编号."""
    return next(cell.row for cell in sheet["A"] if cell.value == "目标编号") + 1


def test_a_blank_unit_cell_in_a_units_form_is_that_units_not_the_owners(
    runner: CliRunner, here: Path
) -> None:
    form = template(runner, PARTNER, "财政.xlsx")
    workbook = load_workbook(form)
    sheet = workbook["目标"]
    row = first_row(sheet)
    sheet[f"F{row}"] = None  # the 单位 cell emptied by the clerk
    sheet[f"G{row}"] = 30
    workbook.save(form)
    result = run(runner, "collect", "财政.xlsx", "-o", "ledger.yaml", "-f", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [r["unit"] for r in data["records"]] == [PARTNER]


def test_a_row_naming_another_unit_in_a_units_form_is_refused(
    runner: CliRunner, here: Path
) -> None:
    form = template(runner, PARTNER, "财政.xlsx")
    workbook = load_workbook(form)
    sheet = workbook["目标"]
    row = first_row(sheet)
    assert row == 6  # below the title, the instructions and the header (screens21's layout)
    sheet[f"F{row}"] = "市人社局"
    sheet[f"G{row}"] = 30
    workbook.save(form)
    result = run(runner, "collect", "财政.xlsx", "-o", "ledger.yaml")
    assert result.exit_code == 1
    assert result.stderr == (  # type: ignore[attr-defined]
        "财政.xlsx:6:6: error: 工作表“目标”第 6 行“单位”列（F6）是“市人社局”，但这是市财政局的填报表"
        "（表格上方标题中的填报单位）：请改回市财政局，其他单位的数字请用该单位的填报表报送\n"
    )
    assert not (here / "ledger.yaml").exists()


def test_a_blank_unit_in_a_csv_form_is_the_unit_its_other_rows_name(
    runner: CliRunner, here: Path
) -> None:
    form_csv(here / "form.csv", f"1.1,2020-06-30,{PARTNER},30,,", "1.2,2020-06-30,,60,,")
    result = run(runner, "collect", "form.csv", "-o", "ledger.yaml", "-f", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [r["unit"] for r in data["records"]] == [PARTNER, PARTNER]


def test_collect_refuses_a_blank_unit_in_a_csv_form_of_several_units(
    runner: CliRunner, here: Path
) -> None:
    form_csv(
        here / "form.csv",
        f"1.1,2020-06-30,{PARTNER},30,,",
        f"1.1,2020-06-30,{OWNER},40,,",
        "1.2,2020-06-30,,60,,",
    )
    result = run(runner, "collect", "form.csv", "-o", "ledger.yaml")
    assert result.exit_code == 1
    assert result.stderr == (  # type: ignore[attr-defined]
        f"form.csv:4:3: error: 第 4 行的 unit 是空的：这份填报表的各行写了不同的单位（{OWNER}、{PARTNER}），"
        "无法判断这一行是哪个单位的（汇总时不按目标的责任单位默认），请填写\n"
    )
    assert not (here / "ledger.yaml").exists()


# --------------------------------------------------- cells refused with their place


def _workbook(path: Path, rows: list[list[object]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "填报"
    for row in rows:
        sheet.append(row)
    return workbook


HEADER = ["目标编号", "日期", "单位", "填报值", "状态", "说明"]


def test_a_formula_cell_without_a_saved_value_is_refused(runner: CliRunner, here: Path) -> None:
    workbook = _workbook(
        here / "f.xlsx", [HEADER, ["1.1", "2020-06-30", OWNER, "=100+20", None, None]]
    )
    workbook.save(here / "f.xlsx")
    result = run(runner, "validate", "--progress", "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        "f.xlsx:2:4: error: 工作表“填报”第 2 行第 4 列（D2）是公式（=100+20），文件中却没有保存它的计算结果"
        "（不是 Excel 或 WPS 保存的文件常这样）：请在 Excel 或 WPS 中打开、保存后重试，或直接填写数字"
    )


def test_a_record_in_a_hidden_row_is_refused(runner: CliRunner, here: Path) -> None:
    workbook = _workbook(
        here / "f.xlsx",
        [
            HEADER,
            ["1.1", "2020-06-30", OWNER, 100, None, None],
            ["1.1", "2020-09-30", OWNER, 5, None, "旧数"],
        ],
    )
    sheet = workbook.active
    assert sheet is not None
    sheet.row_dimensions[3].hidden = True
    workbook.save(here / "f.xlsx")
    result = run(runner, "validate", "--progress", "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        "f.xlsx:3: error: 工作表“填报”第 3 行是隐藏的行，却填有记录：看不见的行可能是旧数据或草稿。"
        "请在 Excel 或 WPS 中取消隐藏（或取消筛选）并核对，不要的行请删除"
    )


def test_a_numeric_target_id_that_may_be_another_target_is_refused(
    runner: CliRunner, here: Path
) -> None:
    targets = here / "plan" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    block = text[text.index('  - id: "1.2"') : text.index('  - id: "2.1"')]
    more = "".join(
        block.replace('"1.2"', f'"1.{n}"').replace("title: 培训合格率", f"title: 培训合格率{n}")
        for n in range(3, 11)
    )
    targets.write_text(text.replace('  - id: "2.1"', more + '  - id: "2.1"'), encoding="utf-8")
    workbook = _workbook(here / "f.xlsx", [HEADER, [1.1, "2020-06-30", OWNER, 100, None, None]])
    workbook.save(here / "f.xlsx")
    result = run(runner, "validate", "--progress", "f.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        "f.xlsx:2:1: error: 工作表“填报”第 2 行“目标编号”列（A2）是数字 1.1，不是文字：Excel 会把 1.10 存成 1.1，"
        "本方案的目标 1.1、1.10 都可能是它。请把该列设为“文本”格式后重新输入编号"
    )


def test_forms_in_a_subfolder_are_not_left_out_silently(runner: CliRunner, here: Path) -> None:
    form_csv(here / "forms" / "a.csv", f"1.1,2020-06-30,{OWNER},30,,")
    form_csv(here / "forms" / "县区" / "b.csv", f"1.1,2020-06-30,{PARTNER},30,,")
    result = run(runner, "collect", "forms", "-o", "ledger.yaml")
    assert result.exit_code == 1
    assert result.stderr == (  # type: ignore[attr-defined]
        "forms/县区: error: 子文件夹中有 1 个进度文件（如 b.csv），不会被读取：请把它们移到 forms 中，"
        "或在命令中另外列出这个子文件夹；不需要的请移出 forms\n"
    )
    assert not (here / "ledger.yaml").exists()


# --------------------------------------------------- budgets


def test_a_form_with_one_cell_per_row_in_the_last_column_is_read_sparsely(here: Path) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(3, 3003)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>目标编号</t></is></c><c r="B1" t="inlineStr"><is><t>日期</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>填报值</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>1.1</t></is></c><c r="B2" t="inlineStr"><is><t>2020-06-30</t></is></c>'
        f'<c r="C2"><v>5</v></c></row>{rows}</sheetData></worksheet>'
    ).encode()
    buffer = here / "base.xlsx"
    Workbook().save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(here / "wide.xlsx", "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = (
                sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            )
            target.writestr(item.filename, data)
    plan = load_plan(here / "plan")
    tracemalloc.start()
    started = time.perf_counter()
    ledger, problems = load_progress(plan, here / "wide.xlsx")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems == [] and ledger is not None and [r.value for r in ledger.records] == [5]
    # (read_bytes asks for a 64 MB buffer, untouched; the padded rows took 390 MB)
    assert peak < 120 * 1024 * 1024 and seconds < 5


def test_a_yaml_file_of_millions_of_tiny_values_is_refused_before_it_is_built(here: Path) -> None:
    (here / "p.yaml").write_text("records: [" + "1," * 1_100_000 + "1]\n", encoding="utf-8")
    plan = load_plan(here / "plan")
    started = time.perf_counter()
    ledger, problems = load_progress(plan, here / "p.yaml")
    assert (
        time.perf_counter() - started < 10
    )  # loose: the machine is shared; benchmarks/soak.py measures
    assert ledger is None and [d.message for d in problems] == [
        "YAML 文件的值过多（超过 1000000 个）：不像是手写的方案或进度文件。这么多记录请改用 CSV 进度文件，或按年度分成几个文件"
    ]


def test_a_plan_period_beyond_any_sane_year_is_refused(runner: CliRunner, here: Path) -> None:
    measures = here / "plan" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    years = ", ".join(str(y) for y in range(2020, 10000))
    measures.write_text(
        text.replace("end: 2021-12-31", "end: 9999-12-31").replace(
            "annual_years: [2020, 2021]", f"annual_years: [{years}]"
        ),
        encoding="utf-8",
    )
    result = run(runner, "validate")
    assert result.exit_code == 1
    assert (
        "plan/measures.yaml:10:8: error: period.end 应在 1900-01-01 到 2200-12-31 之间，实际为 9999-12-31"
        in result.stderr
    )  # type: ignore[attr-defined]


def test_markup_in_a_unit_of_measure_is_shown_as_written(runner: CliRunner, here: Path) -> None:
    targets = here / "plan" / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "unit_of_measure: 次", 'unit_of_measure: "个[/]"'
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["targets", "--plan", "plan"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "≥1个[/]" in result.stdout


def test_a_csv_file_read_row_by_row_has_a_row_budget(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zygj.load.progress.csv

    monkeypatch.setattr(zygj.load.progress.csv, "MAX_ROW_BY_ROW_LINES", 3)
    rows = [f'1.1,2020-06-{10 + i},{OWNER},{i},"说明,文字"' for i in range(4)]
    form_csv(here / "q.csv", *rows, header="target,date,unit,value,note")
    ledger, problems = load_progress(load_plan(here / "plan"), here / "q.csv")
    assert ledger is None and [d.message for d in problems] == [
        "CSV 文件有 5 行，且含英文引号或不是常规写法的格子（须逐行读取，上限 3 行）："
        "请去掉说明中的逗号、引号和换行后另存，或分成几个文件"
    ]
    plain = [
        f"1.1,2020-06-{10 + i},{OWNER},{i},说明" for i in range(4)
    ]  # the plain path has no such budget
    form_csv(here / "p.csv", *plain, header="target,date,unit,value,note")
    assert load_progress(load_plan(here / "plan"), here / "p.csv")[1] == []


def test_collect_appends_to_a_utf16_csv_ledger_in_utf16(runner: CliRunner, here: Path) -> None:
    """Excel's “Unicode text” ledger: the new rows in its encoding (they were GBK bytes, unreadable)."""
    old = f"target,date,unit,value,status,note,year\r\n1.1,2020-06-30,{OWNER},100,,,\r\n".encode(
        "utf-16"
    )
    (here / "ledger.csv").write_bytes(old)
    form_csv(here / "form.csv", f"1.1,2020-09-30,{OWNER},200,,好")
    result = run(runner, "collect", "form.csv", "-o", "ledger.csv")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (
        here / "ledger.csv"
    ).read_bytes() == old + f"1.1,2020-09-30,{OWNER},200,,好,\r\n".encode("utf-16-le")


def test_collect_warns_about_a_form_record_from_a_unit_that_does_not_report_on_it(
    runner: CliRunner, here: Path
) -> None:
    form = template(runner, PARTNER, "财政.xlsx")
    workbook = load_workbook(form)
    sheet = workbook["目标"]
    row = first_row(sheet)
    sheet[f"A{row}"] = "2.1"  # measure 2 is 市人力资源社会保障局's alone
    sheet[f"F{row}"] = None
    sheet[f"G{row}"] = 1
    workbook.save(form)
    result = run(runner, "collect", "财政.xlsx", "-o", "ledger.yaml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stderr.startswith(  # type: ignore[attr-defined]
        f"财政.xlsx:{row}: warning: 工作表“目标”第 {row} 行：市财政局 不是目标 2.1 的填报单位（填报单位：市人力资源社会保障局）"
    )
