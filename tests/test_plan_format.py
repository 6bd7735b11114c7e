"""The plan format carries the shapes real documents have (issue 11): 配合单位, measures
without a lead, numbering as printed, nested sections, open lists, groups, target years,
two-sided 左右, quote fragments, an optional 文号, and validate in one pass."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.positions import at, line_of
from zygj.cli.main import app
from zygj.core.diagnostics import display_path

FIXTURES = Path(__file__).parent / "fixtures"
ALL = FIXTURES / "format-all"
GUOFA = Path(__file__).parent.parent / "examples" / "plan-guofa-2018-42"
BUNDLED = Path(__file__).parent.parent / "plan"
#: The fixture's files: expected positions are computed from them (tests/positions.py).
ALL_UNITS, ALL_MEASURES, ALL_TARGETS = (
    ALL / name for name in ("units.yaml", "measures.yaml", "targets.yaml")
)
TARGET_3_1, TARGET_7_1 = at(ALL_TARGETS, 'id: "3.1"'), at(ALL_TARGETS, 'id: "7.1"')
MEASURE_3_NO = at(ALL_MEASURES, '3\n    label: "3."', after='"no": ')  # not section 3's
MEASURE_4_NO = at(ALL_MEASURES, '4\n    label: "4."', after='"no": ')  # not section 4's
SECTION_3_NO = at(ALL_MEASURES, "3", after='      - "no": ')
MEASURE_7, LABEL_3 = at(ALL_MEASURES, '"no": 7'), at(ALL_MEASURES, '"3."')


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def edited(tmp_path: Path, name: str, old: str, new: str, source: Path = ALL) -> Path:
    folder = tmp_path / "plan"
    if not folder.exists():
        shutil.copytree(source, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ accepted


def test_a_plan_using_every_new_field_validates_with_one_warning() -> None:
    code, stdout, stderr = run("validate", "--plan", ALL)
    assert code == 0
    assert stdout == (
        f"已检查方案文件夹 {display_path(ALL)}（units.yaml、measures.yaml、targets.yaml）："
        "5 个单位、4 项措施、7 个目标，未发现问题\n"
    )
    assert stderr == (
        f"{display_path(ALL)}/targets.yaml:{TARGET_7_1}: warning: 第 7 项措施没有列出单位，其目标 7.1 没有 owner，"
        "列为“未明确责任单位”\n"
    )


def test_cooperating_is_a_third_role_everywhere() -> None:
    code, stdout, _ = run("measures", "--unit", "市统计局", "--role", "cooperating", "--plan", ALL)
    assert code == 0
    assert "市数据和统计局（原市统计局）：牵头 0 项" in stdout and "配合 1 项" in stdout
    assert "配合" in stdout and "编制专项规划" in stdout
    code, stdout, _ = run("measures", "--format", "json", "--plan", ALL)
    first = json.loads(stdout)[0]
    assert (first["lead"], first["responsible"], first["cooperating"]) == (
        ["市发展改革委"],
        [],
        ["市统计局"],
    )
    assert (first["label"], first["section_path"], first["units_open"]) == (
        "1.",
        "一、（一）",
        False,
    )
    code, stdout, _ = run("measure", "4", "--plan", ALL)
    assert "配合单位   市财政局" in stdout


def test_the_matrix_shows_cooperating_units_and_group_members() -> None:
    code, stdout, _ = run("units", "--matrix", "--format", "json", "--plan", ALL)
    assert code == 0
    rows = {row["unit"]: row for row in json.loads(stdout)}
    assert rows["市统计局"]["roles"] == {"1": "cooperating"}
    assert rows["乙区人民政府"]["roles"] == {"3": "responsible", "4": "lead"}
    assert rows["乙区人民政府"]["via_group"] == {"3": "各区人民政府", "4": "各区人民政府"}
    code, stdout, _ = run("units", "--matrix", "--plan", ALL)
    assert "市统计局      配" in stdout
    assert "乙区人民政府       责   牵" in stdout


def test_a_unit_sees_what_its_group_was_given_marked_as_such() -> None:
    code, stdout, _ = run("measures", "--unit", "甲区", "--plan", ALL)
    assert code == 0
    assert "甲区人民政府：牵头 1 项，参与（责任单位）1 项" in stdout
    assert "责任（各区人民政府）" in stdout and "牵头（各区人民政府）" in stdout
    assert "角色后括号内为单位所属的集合：措施点名的是该集合" in stdout


def test_an_open_list_prints_deng() -> None:
    code, stdout, _ = run("measure", "3", "--plan", ALL)
    assert code == 0
    assert "责任单位   市财政局、各区人民政府等" in stdout


@pytest.mark.parametrize("spelling", ["一、（二）", "（二）", "3"])
def test_section_by_path_label_or_number(spelling: str) -> None:
    code, stdout, _ = run("measures", "--section", spelling, "--format", "json", "--plan", ALL)
    assert code == 0
    assert [m["no"] for m in json.loads(stdout)] == [3, 4]


def test_a_parent_section_includes_its_subsections() -> None:
    code, stdout, _ = run("measures", "--section", "一、", "--format", "json", "--plan", ALL)
    assert code == 0
    assert [m["no"] for m in json.loads(stdout)] == [1, 3, 4]


def test_an_ambiguous_or_unknown_section_is_a_usage_error() -> None:
    code, _, stderr = run("measures", "--section", "二", "--plan", ALL)
    assert code == 2
    assert (
        stderr
        == "zygj: error: “二”不止一个部分：请写完整的编号，如 一、（二） 二、，或写部分序号\n"
    )
    code, _, stderr = run("measures", "--section", "九", "--plan", BUNDLED)
    assert code == 0
    code, _, stderr = run("measures", "--section", "十", "--plan", BUNDLED)
    assert code == 2
    assert stderr == (
        "zygj: error: 没有“十”这个部分：可选 （一） （二） （三） （四） （五） （六） （七） （八） （九），"
        "也可写 1—9\n"
    )


def test_report_without_a_document_number_is_titled_by_the_plan() -> None:
    code, stdout, _ = run("report", "--as-of", "2023-07-01", "--plan", ALL)
    assert code == 0
    assert stdout.startswith(
        "关于推进测试工作的实施意见 完成情况（截至 2023-07-01，尚无进度文件）\n"
    )
    code, stdout, _ = run("report", "--format", "json", "--as-of", "2023-07-01", "--plan", ALL)
    assert json.loads(stdout)["document"] == "关于推进测试工作的实施意见"


def test_unowned_targets_are_listed_as_unassigned() -> None:
    code, stdout, _ = run("targets", "--as-of", "2023-07-01", "--format", "csv", "--plan", ALL)
    assert code == 0
    assert "7.1,未启动（滞后）,培训干部,≥3000000人次,2023-12-31,,0%,未明确责任单位" in stdout


def test_target_years_override_the_plan_years() -> None:
    code, stdout, _ = run("targets", "--format", "json", "--as-of", "2023-07-01", "--plan", ALL)
    assert code == 0
    years = [t["year"] for t in json.loads(stdout) if t["id"] == "3.1"]
    assert years == [2022, 2023]


def test_a_record_year_is_checked_against_the_targets_own_years(tmp_path: Path) -> None:
    """3.1 is assessed in 2022 and 2023 only (its `years`), though the plan's annual years start in 2021."""
    progress = tmp_path / "progress.yaml"
    progress.write_text(
        "records:\n"
        '  - {target: "3.1", date: 2023-01-10, year: 2022, value: 6}\n'
        '  - {target: "3.1", date: 2022-01-10, year: 2021, value: 6}\n',
        encoding="utf-8",
    )
    code, _, stderr = run("validate", "--plan", ALL, "--progress", progress)
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"{display_path(progress)}:3:45: error: 第 2 条记录的 year 年度 2021 不在方案的考核年度（2022、2023）之内"
    )


def test_two_sided_approx_misses_when_too_high(tmp_path: Path) -> None:
    progress = tmp_path / "progress.yaml"
    for value, status in ((1050, "done"), (1250, "in_progress"), (880, "in_progress")):
        progress.write_text(
            f'records:\n  - {{target: "1.1", date: 2023-06-30, value: {value}}}\n', encoding="utf-8"
        )
        code, stdout, _ = run(
            "targets", "-p", progress, "--format", "json", "--as-of", "2023-07-01", "--plan", ALL
        )
        assert code == 0
        found = next(t for t in json.loads(stdout) if t["id"] == "1.1")
        assert found["status"] == status, value


def test_export_and_forms_round_trip(tmp_path: Path) -> None:
    import openpyxl

    form = tmp_path / "form.csv"
    code, stdout, _ = run("progress", "template", "--unit", "甲区", "-o", form, "--plan", ALL)
    assert code == 0
    assert "甲区人民政府 的 4 个目标（负责 2 个，配合 2 个）" in stdout
    text = form.read_text(encoding="utf-8-sig")
    assert "3.1,新增财政投入,≥5亿元,每年 12 月 31 日（2022、2023 年）,配合,甲区人民政府" in text
    form.write_text(
        text.replace(
            "4.1,甲区配套资金,≥2亿元,2023-12-31,负责,甲区人民政府,,,,",
            "4.1,甲区配套资金,≥2亿元,2023-12-31,负责,甲区人民政府,2.5,2023-06-30,,",
        ),
        encoding="utf-8-sig",
    )
    code, stdout, _ = run(
        "targets", "-p", form, "--format", "json", "--as-of", "2023-07-01", "--plan", ALL
    )
    assert code == 0
    done = next(t for t in json.loads(stdout) if t["id"] == "4.1")
    assert done["status"] == "done"
    book = tmp_path / "t.xlsx"
    code, _, _ = run("export", "-o", book, "-p", form, "--as-of", "2023-07-01", "--plan", ALL)
    assert code == 0
    workbook = openpyxl.load_workbook(book)
    measures = list(workbook["工作措施"].iter_rows(values_only=True))
    assert ("序号", "部分", "工作措施", "牵头单位", "责任单位", "配合单位") in measures
    assert (
        3,
        "一、（二）投入",
        "加大财政投入，每年新增投入不少于5亿元，连续2年。",
        None,
        "市财政局、各区人民政府等",
        None,
    ) in measures
    matrix = list(workbook["责任矩阵"].iter_rows(values_only=True))
    assert ("乙区人民政府", None, "责", "牵", None, 1, 1, 0) in matrix
    targets = list(workbook["目标"].iter_rows(values_only=True))
    assert any(row[0] == "7.1" and row[4] == "未明确责任单位" for row in targets)


def test_the_schema_covers_every_new_field() -> None:
    _, stdout, _ = run("schema", "measures")
    defs = json.loads(stdout)["$defs"]
    assert {"partial", "intro", "number"} <= set(defs["Document"]["properties"])
    assert "number" not in defs["Document"].get("required", [])
    assert {"label", "cooperating", "units_open"} <= set(defs["Measure"]["properties"])
    assert {"sections", "intro", "label"} <= set(defs["Section"]["properties"])
    _, stdout, _ = run("schema", "targets")
    target = json.loads(stdout)["$defs"]["Target"]["properties"]
    assert {"two_sided", "years"} <= set(target)
    assert {"type": "string", "minLength": 1} in target["quote"]["anyOf"]  # or fragments:
    assert any(branch.get("type") == "array" for branch in target["quote"]["anyOf"])
    _, stdout, _ = run("schema", "units")
    assert "groups" in json.loads(stdout)["properties"]


# ------------------------------------------------------------------ rejected

# Positions from the fixture; a literal column is one that the replacement text itself decides.
REJECTED = [
    (
        "targets.yaml",
        "    two_sided: true\n",
        "    two_sided: true\n    tolerance: 1.5\n",
        f"targets.yaml:{line_of(ALL_TARGETS, 'two_sided: true') + 1}:16: error: 第 1 个目标的 tolerance 应小于 1，实际为 1.5",
    ),
    (
        "targets.yaml",
        "    op: ge\n    value: 5\n",
        "    op: ge\n    two_sided: true\n    value: 5\n",
        f"targets.yaml:{TARGET_3_1}: error: 第 2 个目标：只有 op: approx（左右）的目标才能设置 two_sided",
    ),
    (
        "targets.yaml",
        "    annual: true\n",
        "    deadline: 2023-12-31\n",
        f"targets.yaml:{TARGET_3_1}: error: 第 2 个目标：只有 annual: true 的每年目标才能写 years",
    ),
    (
        "targets.yaml",
        "years: [2022, 2023]",
        "years: [2020, 2023]",
        f"targets.yaml:{at(ALL_TARGETS, '2022', after='years: [')}: error: 目标 3.1 的 years 中的 2020 年不在方案期内（2021-03-01 至 2023-12-31）",
    ),
    (
        "targets.yaml",
        "years: [2022, 2023]",
        "years: [2022, 2022]",
        f"targets.yaml:{at(ALL_TARGETS, '2023', after='years: [2022, ')}: error: 目标 3.1 的 years 中 2022 年重复",
    ),
    (
        "targets.yaml",
        "quote: [甲区, 分别达到2亿元]",
        "quote: [甲区, 分别达到3亿元]",
        f"targets.yaml:{at(ALL_TARGETS, '分别达到2亿元')}: error: 目标 4.1 的 quote 的第 2 个片段“分别达到3亿元”不是第 4 项措施原文中的原话",
    ),
    (
        "targets.yaml",
        "quote: [甲区, 分别达到2亿元]",
        "quote: []",
        f"targets.yaml:{at(ALL_TARGETS, '[甲区, 分别达到2亿元]')}: error: 第 3 个目标的 quote：片段列表不能为空",
    ),
    (
        "measures.yaml",
        "    owner: 市财政局\n",
        "    owner: 市统计局\n",
        f"measures.yaml:{MEASURE_3_NO.split(':')[0]}:5: error: 第 3 项措施（measures 中第 2 条）："
        "owner“市统计局”应为本措施的责任单位之一（responsible）",
    ),
    (
        "measures.yaml",
        "partial: true",
        "partial: false",
        f"measures.yaml:{MEASURE_3_NO}: error: 措施序号应从 1 起连续编号：这里应为 2，实际为 3"
        "（只转录了部分措施的，请在 document 中写 partial: true）",
    ),
    (
        "measures.yaml",
        '"no": 4\n    label: "4."',
        '"no": 2\n    label: "4."',
        f"measures.yaml:{MEASURE_4_NO}: error: 措施序号应递增：第 2 项排在第 3 项之后",
    ),
    (
        "measures.yaml",
        "cooperating: [市统计局]",
        "cooperating: [市统计]",
        f"measures.yaml:{at(ALL_MEASURES, '市统计局', after='cooperating: [')}: error: 第 1 项措施的单位“市统计”未在 units.yaml 中声明；是否是指：市统计局？",
    ),
    (
        "measures.yaml",
        "cooperating: [市统计局]",
        "cooperating: [市发展改革委]",
        f"measures.yaml:{at(ALL_MEASURES, '市统计局', after='cooperating: [')}: error: 第 1 项措施中“市发展改革委”既是牵头单位又是配合单位",
    ),
    (
        "measures.yaml",
        "cooperating: [市统计局]",
        "cooperating: [市统计局, 市统计局]",
        f"measures.yaml:{line_of(ALL_MEASURES, 'cooperating: [市统计局]')}:25: error: 第 1 项措施的配合单位中“市统计局”重复出现",
    ),
    (
        "measures.yaml",
        "    addressees: [各区人民政府, 市各有关部门]\n",
        "    units_open: true\n",
        f"measures.yaml:{MEASURE_7}: error: 第 7 项措施没有牵头单位、责任单位和配合单位：请写明 addressees（面向的对象）",
    ),
    (
        "measures.yaml",
        "    addressees: [各区人民政府, 市各有关部门]\n",
        "    addressees: [各区人民政府]\n    units_open: true\n",
        f"measures.yaml:{line_of(ALL_MEASURES, 'addressees: [各区人民政府, 市各有关部门]') + 1}:17: error: 第 7 项措施没有列出单位，不能写 units_open: true",
    ),
    (
        "measures.yaml",
        '      - "no": 3\n',
        '      - "no": 5\n',
        f"measures.yaml:{SECTION_3_NO}: error: 部分序号应从 1 起按原文顺序（下级部分也计入）连续编号：这里应为 3，实际为 5",
    ),
    (
        "measures.yaml",
        'label: "3."',
        "label: 3.",
        f"measures.yaml:{LABEL_3}: error: 第 3 项措施（measures 中第 2 条）的 label 应为文字",
    ),
    (
        "measures.yaml",
        "    cooperating: [市统计局]\n",
        "    cooperate: [市统计局]\n",
        f"measures.yaml:{at(ALL_MEASURES, 'cooperating:')}: error: 第 1 项措施的 cooperate 是不认识的字段（可能拼写有误）",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), REJECTED)
def test_rejected_forms_are_located(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    folder = edited(tmp_path, name, old, new)
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    assert f"{folder}/{message}" in stderr, stderr


def test_old_plans_keep_their_rules(tmp_path: Path) -> None:
    """Without partial: true the numbering is contiguous, as before."""
    folder = edited(tmp_path, "measures.yaml", '"no": 27', '"no": 28', source=BUNDLED)
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    assert "措施序号应从 1 起连续编号：这里应为 27，实际为 28" in stderr


def test_validate_reports_cross_record_problems_beside_field_errors(tmp_path: Path) -> None:
    edited(
        tmp_path, "units.yaml", "    kind: 市级部门\n    aliases: [市发改委]", "    kindx: 市级部门"
    )
    folder = edited(
        tmp_path, "measures.yaml", "cooperating: [市统计局]", "cooperating: [市发展改革委]"
    )
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    assert (
        f"{folder}/units.yaml:{at(ALL_UNITS, 'name: 市发展改革委')}: error: 第 1 个单位的 kind 缺少必填字段"
        in stderr
    )
    assert (
        f"{folder}/measures.yaml:{at(ALL_MEASURES, '市统计局', after='cooperating: [')}: error: 第 1 项措施中“市发展改革委”既是牵头单位又是配合单位"
        in stderr
    )


# ------------------------------------------------------------ 国发〔2018〕42号


GUOFA_2_1 = at(GUOFA / "targets.yaml", 'id: "2.1"')


def test_guofa_validates_with_its_unowned_targets_warned() -> None:
    code, stdout, stderr = run("validate", "--plan", GUOFA)
    assert code == 0
    assert "16 个单位、20 项措施、32 个目标，未发现问题" in stdout
    assert stderr == (
        f"{display_path(GUOFA)}/targets.yaml:{GUOFA_2_1}: warning: 第 2 项措施没有列出单位，"
        "其 32 个目标（2.1—2.32）没有 owner，列为“未明确责任单位”\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["measures", "--section", "八、"], "农业农村部、工业和信息化部"),
        (["measures", "--unit", "市场监管总局"], "市场监管总局：牵头 1 项，参与（责任单位）1 项"),
        (["measure", "3"], "责任单位   发展改革委、科技部、农业农村部等"),
        (["measure", "19"], "牵头单位   各省级人民政府"),
        (["targets", "--as-of", "2020-06-30"], "2.13"),
        (["report", "--as-of", "2020-06-30"], "国发〔2018〕42号 完成情况（截至 2020-06-30，尚无进度文件）"),
        (["units", "--matrix"], "市场监管总局"),
        (["units"], "农业农村部"),
    ],
)  # fmt: skip
def test_guofa_answers_every_command(args: list[str], expected: str) -> None:
    code, stdout, stderr = run(*args, "--plan", GUOFA)
    assert code == 0, stderr
    assert expected in stdout


def test_guofa_stable_at_about_11_refuses_12_5(tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "2.13", date: 2025-06-30, value: 12.5, unit: 农业农村部}\n',
        encoding="utf-8",
    )
    code, stdout, _ = run(
        "targets", "-p", progress, "--format", "json", "--as-of", "2025-07-01", "--plan", GUOFA
    )
    assert code == 0
    found = next(t for t in json.loads(stdout) if t["id"] == "2.13")
    assert found["status"] == "in_progress"


def test_guofa_exports_and_makes_forms(tmp_path: Path) -> None:
    code, stdout, _ = run("export", "-o", tmp_path / "t.xlsx", "--plan", GUOFA)
    assert code == 0
    assert "工作措施 20 项，目标 32 项" in stdout
    code, _, stderr = run(
        "progress", "template", "--unit", "农业农村部", "-o", tmp_path / "f.csv", "--plan", GUOFA
    )
    assert code == 2
    assert "农业农村部 没有需要填报的目标" in stderr


def test_big_figures_never_show_in_scientific_notation(tmp_path: Path) -> None:
    import openpyxl

    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "7.1", date: 2023-06-30, value: 3200000.5, unit: 市统计局}\n'
        '  - {target: "1.1", date: 2023-06-30, value: 12345678901}\n',
        encoding="utf-8",
    )
    for fmt in ("table", "csv", "markdown"):
        code, stdout, _ = run(
            "targets", "-p", progress, "--format", fmt, "--as-of", "2023-07-01", "--plan", ALL
        )
        assert code == 0
        assert "12345678901" in stdout and "3200000.5" in stdout and "e+" not in stdout
    book = tmp_path / "t.xlsx"
    assert run("export", "-o", book, "-p", progress, "--as-of", "2023-07-01", "--plan", ALL)[0] == 0
    cells = {
        cell.value: cell.number_format
        for sheet in ("目标", "进度记录")
        for row in openpyxl.load_workbook(book)[sheet].iter_rows()
        for cell in row
        if isinstance(cell.value, (int, float))
    }
    assert cells[12345678901] == "0"  # Excel's General would show 1.23457E+10
    assert cells[3200000.5] == "0.0##########"


def test_overshooting_a_two_sided_target_lowers_its_completion(tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "1.1", date: 2023-06-30, value: 2200}\n', encoding="utf-8"
    )
    code, stdout, _ = run(
        "targets", "-p", progress, "--format", "json", "--as-of", "2023-07-01", "--plan", ALL
    )
    assert code == 0
    found = next(t for t in json.loads(stdout) if t["id"] == "1.1")
    assert (found["status"], found["completion"]) == ("in_progress", 0.5)


# ------------------------------------------------------------------ 完成时限


@pytest.mark.parametrize(
    ("written", "deadline", "years"),
    [
        ("2023年6月底前", "2023-06-30", [None]),
        ("2022年底前", "2022-12-31", [None]),
        ("2022年第三季度", "2022-09-30", [None]),
        ("2022年3月15日前", "2022-03-15", [None]),
        ("6月底前", "2021-06-30", [None]),
        ("２０２３年２月底前", "2023-02-28", [None]),
        ("长期坚持", "9999-12-31", [None]),
        ("持续推进", "9999-12-31", [None]),
        ("每年召开一次推进会", None, [2021, 2022, 2023]),
        ("每季度通报一次", None, [2021, 2022, 2023]),
    ],
)  # fmt: skip
def test_a_measure_deadline_is_read_as_written(
    tmp_path: Path, written: str, deadline: str | None, years: list[int | None]
) -> None:
    folder = edited(tmp_path, "measures.yaml", "deadline: 2023年6月底前", f"deadline: {written}")
    code, stdout, stderr = run(
        "targets", "--format", "json", "--as-of", "2021-04-01", "--plan", folder
    )
    assert code == 0, stderr
    tasks = [t for t in json.loads(stdout) if t["id"] == "1"]
    assert [t["year"] for t in tasks] == years
    if deadline is not None:
        assert [t["deadline"] for t in tasks] == [deadline]
    assert all(t["op"] == "qualitative" and t["owner"] == "市发展改革委" for t in tasks)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "明年",
            "第 1 项措施：不认识的完成时限“明年”（可写 2023年6月底前、2023年6月30日前、2023年底前、"
            "2023年上半年、2023年第三季度、6月底前（年份取方案期）、长期坚持、长期、持续推进、持续开展、"
            "常态化推进、常态化开展、每年……、每半年……、每季度……、每月……）",
        ),
        ("2023年13月底前", "第 1 项措施：完成时限“2023年13月底前”不是有效的日期"),
    ],
)
def test_an_unrecognised_deadline_lists_the_recognised_forms(
    tmp_path: Path, written: str, message: str
) -> None:
    folder = edited(tmp_path, "measures.yaml", "deadline: 2023年6月底前", f"deadline: {written}")
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    assert (
        f"{folder}/measures.yaml:{at(ALL_MEASURES, '2023年6月底前')}: error: {message}\n" in stderr
    )


def test_progress_names_a_measure_by_its_number(tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "1", date: 2023-05-30, status: 已完成}\n'
        # Two units report on measure 1 (combine: all): both say it is done.
        '  - {target: "1", date: 2023-05-30, status: 已完成, unit: 市统计局}\n'
        '  - {target: "4", date: 2023-05-30, status: 推进中, unit: 甲区}\n',
        encoding="utf-8",
    )
    code, stdout, _ = run(
        "targets", "-p", progress, "--format", "json", "--as-of", "2030-01-01", "--plan", ALL
    )
    assert code == 0
    status = {(t["id"], t["year"]): t["status"] for t in json.loads(stdout)}
    assert status[("1", None)] == "done"
    assert status[("4", None)] == "in_progress"  # 长期坚持: never overdue
    assert status[("3", 2021)] == "overdue"
    code, stdout, _ = run("targets", "-p", progress, "--as-of", "2030-01-01", "--plan", ALL)
    assert "长期" in stdout
    code, stdout, _ = run("report", "-p", progress, "--as-of", "2030-01-01", "--plan", ALL)
    assert "总体：10 个目标，已完成 1" in stdout


# ------------------------------------------------------------------ 单位改名


def test_a_renamed_unit_answers_to_its_new_name(tmp_path: Path) -> None:
    code, stdout, _ = run("measures", "--unit", "市数据和统计局", "--plan", ALL)
    assert code == 0
    assert stdout.startswith("市数据和统计局（原市统计局）：牵头 0 项")  # today is after 2022-01-01
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "7.1", date: 2023-05-30, value: 5, unit: 市数据和统计局}\n',
        encoding="utf-8",
    )
    code, stdout, stderr = run(
        "targets", "-p", progress, "--format", "json", "--as-of", "2023-07-01", "--plan", ALL
    )
    assert code == 0, stderr
    found = next(t for t in json.loads(stdout) if t["id"] == "7.1")
    assert found["actual"] == 5
    form = tmp_path / "f.csv"
    code, stdout, _ = run(
        "progress", "template", "--unit", "市数据和统计局", "-o", form, "--plan", ALL
    )
    assert code == 0
    assert "市统计局 的 2 个目标（负责 0 个，配合 2 个）" in stdout
    code, stdout, _ = run("units", "--format", "json", "--plan", ALL)
    unit = next(u for u in json.loads(stdout) if u["name"] == "市统计局")
    assert unit["renamed"] == [
        {"to": "市数据和统计局", "date": "2022-01-01", "basis": "测试编〔2021〕1号"}
    ]


def test_a_new_name_may_not_clash_with_another_unit(tmp_path: Path) -> None:
    folder = edited(tmp_path, "units.yaml", "to: 市数据和统计局", "to: 市财政局")
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    assert (
        f"{folder}/units.yaml:{at(ALL_UNITS, '市数据和统计局', after='to: ')}: error: 市统计局 的新名称“市财政局”与单位“市财政局”的名称冲突"
        in stderr
    )


def test_an_undeclared_reporter_is_located_in_its_own_target(tmp_path: Path) -> None:
    """With 完成时限 tasks among the targets, the message still points at the target that names it."""
    plan = tmp_path / "plan"
    shutil.copytree(ALL, plan)
    targets = plan / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace('  - id: "4.1"\n', '  - id: "4.1"\n    reporters: [丁区]\n', 1),
        encoding="utf-8",
    )
    code, _, stderr = run("validate", "--plan", plan)
    assert code == 1
    line = targets.read_text(encoding="utf-8").splitlines().index("    reporters: [丁区]") + 1
    assert (
        f"{display_path(targets)}:{line}:17: error: 填报单位“丁区”未在 units.yaml 中声明（单位或集合）"
        in stderr
    )
