"""`measures`, `measure`, `units`, `validate` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR, zygj_script
from tests.source_doc import parse_source
from zygj.cli.main import app

SOURCE = parse_source()
SLIPS = {"市教育育体局": "市教育体育局"}

HEADLINE_LEAD = [1, 2, 3, 4, 5, 6, 8, 9, *range(16, 27)]
HEADLINE_SHARED = [7, *range(10, 16)]


def run_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--format", "json", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_headline_query_lists_roles(runner: CliRunner) -> None:
    rows = run_json(runner, "measures", "--unit", "市人力资源社会保障局")
    assert isinstance(rows, list)
    assert [r["no"] for r in rows if r["role"] == "lead"] == HEADLINE_LEAD
    assert [r["no"] for r in rows if r["role"] == "responsible"] == HEADLINE_SHARED
    first = rows[0]
    assert set(first) >= {"no", "section", "text", "lead", "responsible", "role"}
    assert first["lead"] == ["市人力资源社会保障局"]


def test_headline_query_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["measures", "--unit", "市人社局", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 0
    assert "市人力资源社会保障局：牵头 19 项，参与（责任单位）7 项" in result.stdout
    assert "深入推进高技能人才振兴计划" in result.stdout
    assert "牵头" in result.stdout and "责任" in result.stdout


def _document_units() -> set[str]:
    names = set()
    for measure in SOURCE:
        for name in (*measure.lead, *measure.responsible):
            names.add(SLIPS.get(name, name))
    return names


@pytest.mark.parametrize("unit", sorted(_document_units()))
def test_every_unit_gets_exactly_its_measures(runner: CliRunner, unit: str) -> None:
    """All 22 units: --unit returns what the source document assigns, in the right role."""
    expected = {}
    for measure in SOURCE:
        lead = [SLIPS.get(n, n) for n in measure.lead]
        shared = [SLIPS.get(n, n) for n in measure.responsible]
        if unit in lead:
            expected[measure.no] = "lead"
        elif unit in shared:
            expected[measure.no] = "responsible"
    rows = run_json(runner, "measures", "--unit", unit)
    assert isinstance(rows, list)
    assert {r["no"]: r["role"] for r in rows} == expected


def test_twenty_two_units_are_named() -> None:
    assert len(_document_units()) == 22


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("人社局", "市人力资源社会保障局"),
        ("市教育育体局", "市教育体育局"),
        ("经信委", "市经济和信息化委"),
    ],
)
def test_aliases_and_slips_resolve(runner: CliRunner, typed: str, canonical: str) -> None:
    via_alias = run_json(runner, "measures", "--unit", typed)
    via_name = run_json(runner, "measures", "--unit", canonical)
    assert via_alias == via_name and via_alias


def test_unknown_unit_suggests_closest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["measures", "--unit", "市人设局", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "未找到单位“市人设局”；是否是指：市人力资源社会保障局" in result.stderr
    assert "Traceback" not in result.output


def test_role_and_section_and_search_filters(runner: CliRunner) -> None:
    rows = run_json(runner, "measures", "--unit", "市总工会", "--role", "lead")
    assert rows == []
    rows = run_json(runner, "measures", "--section", "四")
    assert [r["no"] for r in rows] == [10, 11, 12]  # type: ignore[index]
    assert run_json(runner, "measures", "--section", "（四）") == rows
    assert run_json(runner, "measures", "--section", "4") == rows
    rows = run_json(runner, "measures", "--search", "非遗")
    assert [r["no"] for r in rows] == [10, 11, 12]  # type: ignore[index]


def test_bad_section_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["measures", "--section", "十一", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 2
    assert "没有“十一”这个部分" in result.stderr


def test_general_measure_27(runner: CliRunner) -> None:
    plain = run_json(runner, "measures", "--unit", "市财政局")
    assert 27 not in [r["no"] for r in plain]  # type: ignore[index]
    general = run_json(runner, "measures", "--unit", "市财政局", "--include-general")
    assert general[-1]["no"] == 27 and general[-1]["role"] == "general"  # type: ignore[index]
    everything = run_json(runner, "measures")
    last = everything[-1]  # type: ignore[index]
    assert last["lead"] == [] and last["addressees"] == ["各县（区）政府", "各有关部门（单位）"]


def test_measure_shows_text_and_errata(runner: CliRunner) -> None:
    result = runner.invoke(app, ["measure", "5", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 0
    assert "sye青年促进创业计划" in result.stdout
    assert "正文“sye”应为“SYB”" in result.stdout
    data = run_json(runner, "measure", "18")
    assert data["errata"][0]["original"] == "市教育育体局"  # type: ignore[index]
    missing = runner.invoke(app, ["measure", "28", "--plan", str(PLAN_DIR)])
    assert missing.exit_code == 2
    assert "没有第 28 项措施（本方案共 27 项）" in missing.stderr


def test_units_counts_and_matrix(runner: CliRunner) -> None:
    data = run_json(runner, "units")
    by_name = {u["name"]: u for u in data}  # type: ignore[union-attr]
    assert len(by_name["市人力资源社会保障局"]["lead"]) == 19
    assert by_name["市人力资源社会保障局"]["responsible"] == HEADLINE_SHARED
    assert by_name["雁江区"]["lead"] == [] and by_name["雁江区"]["responsible"] == []
    result = runner.invoke(app, ["units", "--matrix", "--format", "csv", "--plan", str(PLAN_DIR)])
    assert result.stdout.startswith("\ufeff单位,1,2,")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    hr = next(r for r in rows if r[0] == "市人力资源社会保障局")
    assert hr[1] == "牵" and hr[7] == "责" and hr[27] == ""


def test_validate_clean_plan(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 0
    assert "22" not in result.stderr
    assert "26 个单位、27 项措施" in result.stdout and "未发现问题" in result.stdout


def test_validate_misspelt_unit_names_file_line_and_closest(
    runner: CliRunner, plan_copy: Path
) -> None:
    measures = plan_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    lines = text.splitlines()
    # The second occurrence of the lead unit in measure 2 becomes a typo.
    start = lines.index("measures:")
    index = next(i for i in range(start, len(lines)) if lines[i].strip() == '- "no": 2')
    lead = next(i for i in range(index, len(lines)) if "lead:" in lines[i])
    lines[lead] = lines[lead].replace("市人力资源社会保障局", "市人设局")
    measures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    column = lines[lead].index("市人设局") + 1
    assert (
        f"measures.yaml:{lead + 1}:{column}: error: 第 2 项措施的单位“市人设局”未在 units.yaml 中声明；"
        "是否是指：市人力资源社会保障局？"
    ) in result.stderr
    assert "发现 1 个问题" in result.stdout


def test_validate_reports_all_problems(runner: CliRunner, plan_copy: Path) -> None:
    measures = plan_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    text = text.replace("市总工会", "市总公会").replace('"no": 27', '"no": 29')
    measures.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) >= 10  # every 市总公会 and the bad number, not just the first
    assert any("措施序号应从 1 起连续编号：这里应为 27，实际为 29" in e for e in errors)


def test_plan_folder_resolution(runner: CliRunner, tmp_path: Path, plan_copy: Path) -> None:
    os.chdir(tmp_path)  # tmp_path holds plan/ (the copy): it wins without a flag
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "已检查方案文件夹 plan（" in result.stdout
    missing = runner.invoke(app, ["validate", "--plan", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert "方案文件夹不存在" in missing.stderr


def test_installed_entry_point_from_another_folder(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("ZYGJ_PLAN", None)
    done = subprocess.run(
        [*zygj_script(), "measures", "--unit", "市人力资源社会保障局", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["no"] for r in rows if r["role"] == "lead"] == HEADLINE_LEAD
    bad = subprocess.run(
        [*zygj_script(), "measures", "--format", "yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "参数值无效" in bad.stderr and "Traceback" not in bad.stderr
    validate = subprocess.run(
        [*zygj_script(), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert validate.returncode == 0 and "未发现问题" in validate.stdout


def test_duplicate_measure_number_is_one_problem(runner: CliRunner, plan_copy: Path) -> None:
    measures = plan_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    # 27 becomes a second 26 (neither has targets): one problem, not a cascade.
    measures.write_text(text.replace('  - "no": 27\n', '  - "no": 26\n'), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].endswith("error: 措施序号 26 重复")


def test_alias_problems_are_each_named(runner: CliRunner, plan_copy: Path) -> None:
    units = plan_copy / "units.yaml"
    text = units.read_text(encoding="utf-8")
    text = text.replace("[人才办, 市委人才办]", "[人才办, 市委人才办, 市人才办, 人社局, 市财政局]")
    units.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    messages = [line.split(": error: ", 1)[1] for line in result.stderr.splitlines()]
    assert messages == [
        "别名“市人才办”与本单位名称相同，无需再写",
        "别名“人社局”重复：已是“市人力资源社会保障局”的别名，一个别名只能指向一个单位",
        "市人才办 的别名“市财政局”与单位“市财政局”的名称冲突",
    ]


def test_an_option_out_of_its_range_is_said_in_chinese(tmp_path: Path) -> None:
    # Through the installed script: its entry point puts Click's usage errors in Chinese.
    bad = subprocess.run(
        [*zygj_script(), "targets", "--due-within", "-1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("zygj targets: error: 参数值无效；超出允许的范围（")
