"""The everyday queries over a workspace, as a clerk runs them: `measures --unit`, `units`,
`targets` and `validate` across every plan, grouped by plan, each plan answering exactly
as it does on its own."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, zygj_script
from tests.workspace_fixture import make_workspace
from zygj.cli.main import app

KEYS = ["gongjiang", "nongji", "jineng"]


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def run(runner: CliRunner, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def as_json(runner: CliRunner, *args: str) -> Any:
    return json.loads(run(runner, *args, "--format", "json").stdout)


# ----------------------------------------------------------------- measures


def test_a_units_measures_across_plans_are_each_plans_own_answer(
    runner: CliRunner, workspace_dir: Path
) -> None:
    data = as_json(runner, "measures", "--unit", "人社局")
    assert data["workspace"] == "资阳市人民政府督查室 2020 年督查事项"
    assert data["unit"] == "市人力资源社会保障局"
    assert [p["key"] for p in data["plans"]] == KEYS
    for plan in data["plans"]:
        alone = (
            as_json(runner, "measures", "--unit", "人社局", "--plan", plan["key"])
            if plan["unit"]
            else []
        )
        assert plan["measures"] == alone
    assert [len(p["measures"]) for p in data["plans"]] == [26, 0, 2]
    assert data["plans"][1]["unit"] is None  # the 42号 plan does not name the city's bureau


def test_the_table_groups_by_plan_and_leaves_out_plans_without_the_unit(
    runner: CliRunner, workspace_dir: Path
) -> None:
    out = run(runner, "measures", "--unit", "市人社局", "-f", "plain").stdout
    lines = out.splitlines()
    assert lines[0] == "市人力资源社会保障局：在 2 个方案中牵头 21 项，参与（责任单位）7 项"
    headings = [line for line in lines if line.startswith(tuple(KEYS))]
    assert headings == [
        "gongjiang（资阳工匠） 市人力资源社会保障局：牵头 19 项，参与（责任单位）7 项",
        "jineng（技能培训） 市人力资源社会保障局：牵头 2 项，参与（责任单位）0 项",
    ]
    assert "深入推进高技能人才振兴计划" in out


def test_every_measure_of_every_plan_without_a_filter(
    runner: CliRunner, workspace_dir: Path
) -> None:
    data = as_json(runner, "measures")
    assert [(p["key"], len(p["measures"])) for p in data["plans"]] == [
        ("gongjiang", 27),
        ("nongji", 20),
        ("jineng", 2),
    ]
    headings = [
        line
        for line in run(runner, "measures", "-f", "plain").stdout.splitlines()
        if "项措施" in line
    ]
    assert headings == [
        "gongjiang（资阳工匠）：27 项措施",
        "nongji（农业机械化）：20 项措施",
        "jineng（技能培训）：2 项措施",
    ]


def test_a_spreadsheet_gets_one_table_with_the_plan_first(
    runner: CliRunner, workspace_dir: Path
) -> None:
    out = run(runner, "measures", "--unit", "市财政局", "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["方案", "序号", "部分"]
    assert {row[0] for row in rows[1:]} == {"gongjiang", "jineng"}
    assert rows[-1][:2] == ["jineng", "1"]


def test_nothing_found_says_so(runner: CliRunner, workspace_dir: Path) -> None:
    out = run(runner, "measures", "--search", "不存在的文字", "-f", "plain").stdout
    assert out == "没有符合条件的措施\n"


# -------------------------------------------------------------------- units


def test_units_show_each_units_load_per_plan_and_in_total(
    runner: CliRunner, workspace_dir: Path
) -> None:
    data = as_json(runner, "units")
    assert [p["key"] for p in data["plans"]] == KEYS
    by_name = {u["name"]: u for u in data["units"]}
    hr = by_name["市人力资源社会保障局"]
    assert hr["total"] == {"plans": 2, "lead": 21, "responsible": 7, "cooperating": 0}
    alone = {u["name"]: u for u in as_json(runner, "units", "--plan", "gongjiang")}
    per_plan = {p["key"]: p for p in hr["plans"]}
    assert per_plan["gongjiang"]["lead"] == alone["市人力资源社会保障局"]["lead"]
    assert per_plan["jineng"] == {
        "key": "jineng",
        "name": "市人力资源社会保障局",
        "lead": [1, 2],
        "responsible": [],
        "cooperating": [],
    }
    # A State Council department of the 42号 plan: in that plan only.
    assert [p["key"] for p in by_name["工业和信息化部"]["plans"]] == ["nongji"]
    names = [u["name"] for u in data["units"]]
    assert len(names) == len(set(names))


def test_the_units_table_adds_up(runner: CliRunner, workspace_dir: Path) -> None:
    lines = run(runner, "units", "-f", "plain").stdout.splitlines()
    assert lines[0] == "资阳市人民政府督查室 2020 年督查事项：3 个方案、42 个单位"
    row = next(line for line in lines if line.startswith("市财政局"))
    assert row.split()[-6:] == ["2", "0", "24", "24", "gongjiang", "0/23，jineng", "0/1"][-6:]
    assert lines[-1] == "“各方案”一栏为 方案简称 牵头/参与 的措施项数"


# ------------------------------------------------------------------ targets


def _use_example_ledger(workspace_dir: Path) -> None:
    shutil.copy(EXAMPLE_PROGRESS, workspace_dir / "gongjiang" / "progress.yaml")
    text = (workspace_dir / "workspace.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    title: 资阳工匠\n", "    title: 资阳工匠\n    ledger: gongjiang/progress.yaml\n"
    )
    (workspace_dir / "workspace.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "filters",
    [
        ["--due-within", "30"],
        ["--overdue"],
        ["--status", "in_progress"],
        ["--status", "behind"],
        ["--unit", "人社局"],
        ["--unit", "人社局", "--owned-only"],
        [],
    ],
)
def test_targets_across_plans_are_each_plans_own_answer(
    runner: CliRunner, workspace_dir: Path, filters: list[str]
) -> None:
    _use_example_ledger(workspace_dir)
    data = as_json(runner, "targets", "--as-of", "2020-12-10", *filters)
    assert data["as_of"] == "2020-12-10"
    assert [p["key"] for p in data["plans"]] == KEYS
    assert [p["ledger"] for p in data["plans"]] == ["gongjiang/progress.yaml", None, None]
    for plan in data["plans"]:
        progress = ["--progress", "gongjiang/progress.yaml"] if plan["key"] == "gongjiang" else []
        if "--unit" in filters and plan["key"] == "nongji":
            assert plan["targets"] == []  # the 42号 plan does not name the unit
            continue
        alone = as_json(
            runner, "targets", "--as-of", "2020-12-10", *filters, "--plan", plan["key"], *progress
        )
        assert [
            {k: v for k, v in t.items() if k != "qualified_id"} for t in plan["targets"]
        ] == alone


def test_an_id_two_plans_use_is_shown_with_its_plan(runner: CliRunner, workspace_dir: Path) -> None:
    data = as_json(runner, "targets", "--as-of", "2020-12-10")
    ids = {p["key"]: [t["qualified_id"] for t in p["targets"]] for p in data["plans"]}
    assert ids["jineng"][:3] == ["jineng:1.1", "jineng:1.2", "jineng:2.1"]
    assert ids["gongjiang"][:4] == ["gongjiang:1.1", "gongjiang:1.2", "1.3", "4.1"]
    assert "nongji:2.1" in ids["nongji"] and "2.2" in ids["nongji"]
    out = run(
        runner, "targets", "--as-of", "2020-12-10", "--due-within", "30", "-f", "plain"
    ).stdout
    lines = out.splitlines()
    assert lines[0] == "目标完成情况（截至 2020-12-10）：3 个方案共 47 项"
    assert "gongjiang（资阳工匠）：39 项" in lines
    assert any(line.startswith("红灯  jineng:2.1（2020年）") for line in lines)
    assert "（还没有进度台账 jineng/progress.csv：目前均按未填报计）" in lines


def test_with_since_each_plan_says_what_changed(runner: CliRunner, workspace_dir: Path) -> None:
    _use_example_ledger(workspace_dir)
    data = as_json(runner, "targets", "--as-of", "2020-12-31", "--since", "2020-06-30")
    gongjiang = data["plans"][0]["targets"]
    alone = as_json(
        runner,
        "targets",
        "--as-of",
        "2020-12-31",
        "--since",
        "2020-06-30",
        "--plan",
        "gongjiang",
        "--progress",
        "gongjiang/progress.yaml",
    )
    assert [{k: v for k, v in t.items() if k != "qualified_id"} for t in gongjiang] == alone
    out = run(
        runner, "targets", "--as-of", "2020-12-31", "--since", "2020-06-30", "-f", "plain"
    ).stdout
    assert (
        out.splitlines()[0]
        == "目标完成情况（截至 2020-12-31）：3 个方案共 81 项（与 2020-06-30 相比）"
    )
    assert "状态变化" in out


# ---------------------------------------------------------------- selecting


def test_the_environment_variable_selects_the_workspace(
    runner: CliRunner, workspace_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZYGJ_WORKSPACE", str(workspace_dir))
    assert [p["key"] for p in as_json(runner, "units")["plans"]] == KEYS
    # An explicit --plan means one plan, whatever the environment says.
    assert isinstance(as_json(runner, "units", "--plan", str(workspace_dir / "jineng")), list)


def test_the_option_selects_the_workspace(
    runner: CliRunner, workspace_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert isinstance(as_json(runner, "units"), list)  # no workspace here: the bundled plan
    assert [p["key"] for p in as_json(runner, "units", "-w", str(workspace_dir))["plans"]] == KEYS
    assert [
        p["key"] for p in as_json(runner, "units", "--workspace", str(workspace_dir))["plans"]
    ] == KEYS


@pytest.mark.parametrize("command", [["measures"], ["units"], ["targets"], ["validate"]])
def test_workspace_and_plan_together_are_a_usage_error(
    runner: CliRunner, workspace_dir: Path, command: list[str]
) -> None:
    result = run(runner, *command, "-w", ".", "--plan", "gongjiang", code=2)
    assert result.stdout == ""
    assert result.stderr == (
        "zygj: error: --workspace 和 --plan 不能同时使用：查工作区的全部方案用 --workspace，只查一个方案用 --plan\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["measures", "--section", "三"], "--section 只用于一个方案（各方案的编号不同）：请用 --plan 指定方案文件夹，如 --plan gongjiang"),
        (["units", "--matrix"], "--matrix 只用于一个方案（各方案的编号不同）：请用 --plan 指定方案文件夹，如 --plan gongjiang"),
        (["targets", "--measure", "3"], "--measure 只用于一个方案（各方案的编号不同）：请用 --plan 指定方案文件夹，如 --plan gongjiang"),
        (["targets", "--due-within", "99999"], "--due-within 应为 0 到 36500 之间的天数，实际为 99999"),
        (["targets", "--progress", "x.yaml"],
         "工作区中每个方案读取自己的进度台账（workspace.yaml 中各方案的 ledger，默认为方案文件夹中的 progress.csv），"
         "不用 --progress：只看某个进度文件请用 --plan 指定方案"),
        (["measures", "--unit", "市人设局"], "未找到单位“市人设局”；是否是指：市人力资源社会保障局？（zygj units 可列出全部单位）"),
        (["measures", "--role", "lead"], "--role 需要与 --unit 一起使用"),
    ],
)  # fmt: skip
def test_what_needs_one_plan_says_so(
    runner: CliRunner, workspace_dir: Path, args: list[str], message: str
) -> None:
    result = run(runner, *args, code=2)
    assert result.stderr == f"zygj: error: {message}\n"


def test_a_broken_workspace_stops_a_query_with_located_errors(
    runner: CliRunner, workspace_dir: Path
) -> None:
    text = (
        (workspace_dir / "workspace.yaml")
        .read_text(encoding="utf-8")
        .replace("path: nongji", "path: nongji2")
    )
    (workspace_dir / "workspace.yaml").write_text(text, encoding="utf-8")
    result = run(runner, "measures", "--unit", "人社局", code=1)
    assert result.stdout == ""
    assert result.stderr == (
        "workspace.yaml:8:11: error: 方案文件夹“nongji2”不存在（路径相对于 workspace.yaml 所在的文件夹）\n"
    )


# ----------------------------------------------------------------- validate

GUOFA_WARNING = "nongji/targets.yaml:44:5: warning: 第 2 项措施没有列出单位，其 32 个目标（2.1—2.32）没有 owner，列为“未明确责任单位”"


def test_validate_checks_every_plan_and_the_registry_in_one_pass(
    runner: CliRunner, workspace_dir: Path
) -> None:
    result = run(runner, "validate")
    assert result.stderr == GUOFA_WARNING + "\n"
    assert result.stdout == (
        "已检查工作区 当前文件夹（workspace.yaml、units.yaml）：3 个方案（gongjiang、nongji、jineng）、42 个单位、"
        "49 项措施、74 个目标，未发现问题（另有 1 个提醒，见上）\n"
    )
    strict = run(runner, "validate", "--strict", code=1)
    assert strict.stderr == GUOFA_WARNING.replace("warning", "error") + "\n"


def test_validate_reports_every_problem_of_every_file(
    runner: CliRunner, workspace_dir: Path
) -> None:
    measures = workspace_dir / "jineng" / "measures.yaml"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace("[市财政局]", "[市财务局]"), encoding="utf-8"
    )
    (workspace_dir / "units.yaml").write_text(
        "units:\n  - name: 市财政局\n    kind: 市级部门\n    alias: [财政局]\n", encoding="utf-8"
    )
    result = run(runner, "validate", code=1)
    assert result.stderr.splitlines() == [
        "jineng/measures.yaml:23:19: error: 第 1 项措施的单位“市财务局”未在 units.yaml 中声明；是否是指：市财政局？",
        GUOFA_WARNING,
        "units.yaml:4:5: error: 第 1 个单位的 alias 是不认识的字段（可能拼写有误）",
    ]
    assert (
        result.stdout
        == "已检查工作区 当前文件夹（workspace.yaml、units.yaml）及其方案：发现 2 个问题\n"
    )
    github = run(runner, "validate", "--format", "github", code=1)
    assert github.stderr.splitlines()[0] == (
        "::error file=jineng/measures.yaml,line=23,col=19::"
        "第 1 项措施的单位“市财务局”未在 units.yaml 中声明；是否是指：市财政局？"
    )


def test_validate_checks_each_plans_ledger(runner: CliRunner, workspace_dir: Path) -> None:
    _use_example_ledger(workspace_dir)
    ledger = workspace_dir / "gongjiang" / "progress.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8").replace("value: 6200", "value: 六千"), encoding="utf-8"
    )
    result = run(runner, "validate", "-w", ".", code=1)
    assert result.stderr.splitlines() == [
        GUOFA_WARNING,  # the plans first, then the ledgers: as one plan and its --progress
        "gongjiang/progress.yaml:28:12: error: 第 5 条记录的 value 应为数字，实际为 “六千”",
    ]
    ledger.write_text(
        ledger.read_text(encoding="utf-8").replace("value: 六千", "value: 6200"), encoding="utf-8"
    )
    assert run(runner, "validate").stdout.endswith(
        "未发现问题；进度台账 gongjiang/progress.yaml 无误（另有 1 个提醒，见上）\n"
    )


def test_validate_of_a_missing_workspace_folder_is_a_usage_error(
    runner: CliRunner, workspace_dir: Path
) -> None:
    result = run(runner, "validate", "-w", "nowhere", code=2)
    assert result.stderr == "nowhere: error: 工作区文件夹不存在（--workspace）\n"


# ------------------------------------------------------------------ measure


def test_one_measure_by_its_plan_and_number(runner: CliRunner, workspace_dir: Path) -> None:
    data = as_json(runner, "measure", "jineng:2")
    alone = as_json(runner, "measure", "2", "--plan", "jineng")
    assert data == {**alone, "plan": "jineng"}
    out = run(
        runner, "measure", "25", "-f", "plain"
    ).stdout  # only the 78号 plan has a 25th measure
    assert out.splitlines()[0] == "gongjiang（资阳工匠） 第 25 项措施"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("5", "zygj: error: 第 5 项措施在 2 个方案中都有：请写明方案，如 gongjiang:5、nongji:5"),
        ("nongji:99", "zygj: error: 方案 nongji 没有第 99 项措施（该方案共 20 项）"),
        ("99", "zygj: error: 工作区的各方案中都没有第 99 项措施"),
        ("x:1", "zygj: error: 工作区中没有方案“x”：可选 gongjiang、nongji、jineng"),
    ],
)  # fmt: skip
def test_a_measure_number_that_is_not_one_plans_says_so(
    runner: CliRunner, workspace_dir: Path, written: str, message: str
) -> None:
    assert run(runner, "measure", written, code=2).stderr == message + "\n"


@pytest.mark.parametrize(
    ("where", "written"), [("workspace", "x:abc"), ("one plan", "gongjiang:5"), ("one plan", "abc")]
)
def test_a_number_that_is_no_number_is_refused_as_click_refuses_an_integer(
    workspace_dir: Path, tmp_path: Path, where: str, written: str
) -> None:
    """One plan: `measure gongjiang:5` is refused exactly as before workspaces (N is an integer)."""
    cwd = workspace_dir if where == "workspace" else tmp_path
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ZYGJ_PLAN", None)
    env.pop("ZYGJ_WORKSPACE", None)
    done = subprocess.run(
        [*zygj_script(), "measure", written],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"zygj measure: error: 参数值无效（Invalid value for 'N': '{written}' is not a valid int.）\n"
        "（运行 zygj measure --help 查看用法）\n"
    )


def test_unit_completion_offers_every_plans_units(
    workspace_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from zygj.cli.tab_complete import complete_unit

    assert ("工业和信息化部", "国务院组成部门") in complete_unit(
        None, "工业"
    )  # the current folder's workspace
    monkeypatch.chdir(tmp_path)
    typed = SimpleNamespace(params={"workspace_dir": str(workspace_dir)}, parent=None)
    assert complete_unit(typed, "工业")[0] == ("工业和信息化部", "国务院组成部门")
    assert complete_unit(None, "工业") == []  # no workspace here: the bundled plan has no such unit


# ------------------------------------------------------------------- schema


def test_the_workspace_file_has_a_schema_for_editors(
    runner: CliRunner, workspace_dir: Path
) -> None:
    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads(run(runner, "schema", "workspace").stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == "zygj 工作区文件（workspace.yaml）"
    validator = Draft202012Validator(schema)
    good = yaml.safe_load((workspace_dir / "workspace.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(good)) == []
    bad = {**good, "plans": [{**good["plans"][0], "key": "Gong Jiang", "weigth": 2}]}
    assert sorted(e.message for e in validator.iter_errors(bad)) == [
        "'Gong Jiang' does not match '^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$'",
        "Additional properties are not allowed ('weigth' was unexpected)",
    ]


def test_the_workspace_page_shows_the_files_the_examples_run_on() -> None:
    from tests.conftest import REPO
    from tests.workspace_fixture import SHARED_UNITS_YAML, WORKSPACE_YAML

    page = (REPO / "docs" / "workspace.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKSPACE_YAML}```" in page
    assert f"```yaml\n{SHARED_UNITS_YAML}```" in page


# ------------------------------------------------------------- progress add


def _yaml_ledger_for_jineng(workspace_dir: Path) -> None:
    text = (workspace_dir / "workspace.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    title: 技能培训\n", "    title: 技能培训\n    ledger: jineng/progress.yaml\n"
    )
    (workspace_dir / "workspace.yaml").write_text(text, encoding="utf-8")


def test_a_record_goes_to_its_plans_own_ledger(runner: CliRunner, workspace_dir: Path) -> None:
    _yaml_ledger_for_jineng(workspace_dir)
    out = run(
        runner, "progress", "add", "jineng:1.1", "--value", "300", "--date", "2020-06-30"
    ).stdout
    assert (
        out
        == "已追加到 jineng/progress.yaml：目标 jineng:1.1，2020-06-30，市人力资源社会保障局，300（共 1 条记录）\n"
    )
    assert not (workspace_dir / "progress.yaml").exists()
    data = as_json(runner, "targets", "--as-of", "2020-07-01")
    jineng = {t["qualified_id"]: t["actual"] for t in data["plans"][2]["targets"]}
    assert jineng["jineng:1.1"] == 300
    assert data["plans"][2]["ledger"] == "jineng/progress.yaml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1.1", "--value", "3"], "目标编号“1.1”在 2 个方案中都有：请写明方案，如 gongjiang:1.1、jineng:1.1"),
        (["gongjiang:1.1", "--value", "3"],
         "方案 gongjiang 的进度台账 gongjiang/progress.csv 不是 YAML 文件，progress add 只能追加到 YAML 台账："
         "用 zygj collect 汇总填报表，或在 workspace.yaml 中为该方案写 ledger: …/progress.yaml"),
        (["jineng:1.1", "--value", "3", "-p", "x.yaml"],
         "工作区中每条记录写入它所属方案的进度台账（workspace.yaml 中各方案的 ledger），不用 --progress："
         "要写别的文件请用 --plan 指定方案"),
    ],
)  # fmt: skip
def test_a_record_without_a_plan_or_a_yaml_ledger_is_refused(
    runner: CliRunner, workspace_dir: Path, args: list[str], message: str
) -> None:
    _yaml_ledger_for_jineng(workspace_dir)
    assert run(runner, "progress", "add", *args, code=2).stderr == f"zygj: error: {message}\n"
    assert not (workspace_dir / "jineng" / "progress.yaml").exists()


def test_export_says_which_plan_in_a_workspace(runner: CliRunner, workspace_dir: Path) -> None:
    """The 台账 workbook is one plan's: in a workspace folder it never falls back to the bundled plan."""
    result = run(runner, "export", code=2)
    assert result.stderr == (
        "zygj: error: export 导出一个方案的台账工作簿：在工作区中请用 --plan 指定方案文件夹，"
        "如 --plan gongjiang --progress gongjiang/progress.csv\n"
    )
    assert list(workspace_dir.glob("*.xlsx")) == []
    assert run(runner, "export", "--plan", "jineng", "-o", "台账.xlsx").stdout.startswith(
        "已导出 台账.xlsx"
    )


def test_target_completion_offers_ids_as_progress_add_takes_them(workspace_dir: Path) -> None:
    from zygj.cli.tab_complete import complete_target

    offered = complete_target(None, "jineng:")
    assert offered == [("jineng:1.1", "jineng 培训技能人才"), ("jineng:1.2", "jineng 培训合格率"),
                       ("jineng:2.1", "jineng 技能大赛")]  # fmt: skip
    assert ("4.1", "gongjiang 技能岗位职工技能提升培训全覆盖") in complete_target(None, "4.")
