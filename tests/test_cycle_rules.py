"""The quarterly cycle's rules at their boundaries: many sources, conflicts, 年度, plausibility,
how figures combine, behind-includes-not-started, forms for every reporter, collect, --since, ranking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR
from zygj.cli.main import app

HRSS = "市人力资源社会保障局"


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, [*args, "--plan", str(PLAN_DIR)])


def targets(runner: CliRunner, as_of: str, *progress: str) -> dict[str, dict[str, Any]]:
    args = [a for p in progress for a in ("-p", p)]
    result = run(runner, "targets", "-f", "json", "--as-of", as_of, *args)
    assert result.exit_code == 0, result.output
    return {
        t["id"] if t["year"] is None else f"{t['id']}@{t['year']}": t
        for t in json.loads(result.stdout)
    }


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def csv_file(path: Path, *rows: str, header: str = "target,date,unit,value,status,year") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ many sources


def test_repeated_progress_reads_every_file(runner: CliRunner, here: Path) -> None:
    csv_file(here / "a.csv", "22.1,2020-06-30,,9,,")
    csv_file(here / "b.csv", "22.1,2020-06-30,市总工会,4,,")
    assert targets(runner, "2020-07-01", "a.csv", "b.csv")["22.1"]["actual"] == 13
    assert targets(runner, "2020-07-01", "b.csv")["22.1"]["actual"] == 4


def test_a_folder_reads_its_progress_files_in_name_order(runner: CliRunner, here: Path) -> None:
    (here / "forms").mkdir()
    csv_file(here / "forms" / "2.csv", "22.1,2020-06-30,市总工会,4,,")
    csv_file(here / "forms" / "1.csv", "22.1,2020-06-30,,9,,")
    (here / "forms" / "~$1.xlsx").write_bytes(b"lock file of an open workbook")
    (here / "forms" / "readme.txt").write_text("not progress", encoding="utf-8")
    result = run(runner, "report", "-p", "forms", "--as-of", "2020-07-01", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["progress_files"] == ["forms/1.csv", "forms/2.csv"] and data["records"] == 2


def test_conflicting_records_are_an_error_naming_both_places(runner: CliRunner, here: Path) -> None:
    # One under the canonical name, one under an alias: the same unit.
    csv_file(
        here / "p.csv", "22.1,2020-06-30,市人力资源社会保障局,9,,", "22.1,2020-06-30,市人社局,10,,"
    )
    result = run(runner, "targets", "-p", "p.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "p.csv:3: error: 与 p.csv:2 冲突：目标 22.1、市人力资源社会保障局、2020-06-30 填了两个不同的数："
        "“9” 和 “10”；请核实后只保留一条\n"
    )


def test_an_exact_duplicate_in_two_files_counts_once(runner: CliRunner, here: Path) -> None:
    csv_file(here / "a.csv", "22.1,2020-06-30,市总工会,4,,")
    csv_file(here / "b.csv", "22.1,2020-06-30,总工会,4,,")
    assert targets(runner, "2020-07-01", "a.csv", "b.csv")["22.1"]["actual"] == 4


def test_percent_sign_in_csv_reads_as_in_a_spreadsheet(runner: CliRunner, here: Path) -> None:
    csv_file(here / "p.csv", "9.2,2020-06-30,,61%,,")
    assert targets(runner, "2020-07-01", "p.csv")["9.2"]["actual"] == 61


# ---------------------------------------------------------- 年度 and plausibility


def test_a_full_year_figure_sent_in_january_counts_for_its_year(
    runner: CliRunner, here: Path
) -> None:
    csv_file(here / "with.csv", "17.1,2021-01-10,,3000,,2020")
    csv_file(here / "without.csv", "17.1,2021-01-10,,3000,,")
    counted = targets(runner, "2021-02-01", "with.csv")["17.1@2020"]
    assert counted["status"] == "done" and counted["actual"] == 3000
    assert targets(runner, "2021-02-01", "without.csv")["17.1@2020"]["status"] == "overdue"


def test_january_without_year_is_a_warning_and_strict_makes_it_an_error(
    runner: CliRunner, here: Path
) -> None:
    csv_file(
        here / "p.csv", "17.1,2020-01-05,,20,,", "9.2,2020-06-30,,0.61,,", "17.1,2020-02-01,,30,,"
    )
    warning = (
        "p.csv:2: warning: 目标 17.1 是年度目标，这条记录日期在 1 月（2020-01-05）却没有写年度："
        "若是 2019 年全年的数字，请写 year: 2019（否则计入 2020 年）\n"
        "p.csv:3: warning: 目标 9.2 是百分比目标，填报值为 0.61：是否把 61％ 写成了 0.61？（百分比填 65 表示 65％）\n"
    )
    result = run(runner, "validate", "-p", "p.csv")
    assert result.exit_code == 0 and result.stderr == warning
    assert result.stdout.endswith("进度文件 p.csv 无误（另有 2 个提醒，见上）\n")
    strict = run(runner, "validate", "-p", "p.csv", "--strict")
    assert strict.exit_code == 1 and strict.stderr == warning.replace("warning", "error")


def test_implausible_records_are_located_errors(runner: CliRunner, here: Path) -> None:
    csv_file(
        here / "p.csv",
        "6.1,2099-01-10,,,推进中,",
        "6.1,2018-12-23,,,推进中,",
        "6.1,2018-12-24,,,推进中,",
        "6.1,2020-03-01,,,推进中,2018",
        "9.2,2020-03-01,,1,,2020",
    )
    result = run(runner, "validate", "-p", "p.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "p.csv:2:2: error: 第 2 行的 date 日期 2099-01-10 晚于今天（"
        + result.stderr.split("（")[1].split("）")[0]
        + "）：进度只能填已经发生的",
        "p.csv:3:2: error: 第 3 行的 date 日期 2018-12-23 早于方案期起始日 2018-12-24",
        "p.csv:5:6: error: 第 5 行的 year 年度 2018 不在方案的考核年度（2019、2020）之内",
        "p.csv:6:6: error: 第 6 行的 year 目标 9.2 不是年度目标，不应填写年度（2020）",
    ]


# --------------------------------------------------------------- how figures combine


@pytest.mark.parametrize("order", ["county first", "county last"])
def test_one_county_does_not_close_a_target_of_every_county(
    runner: CliRunner, here: Path, order: str
) -> None:
    rows = ["21.1,2020-06-30,雁江区,,已完成,", "21.1,2020-06-30,,,推进中,"]
    csv_file(here / "p.csv", *(rows if order == "county first" else rows[::-1]))
    row = targets(runner, "2020-07-01", "p.csv")["21.1@2020"]
    assert row["status"] == "in_progress" and row["combine"] == "all"
    assert row["expected_reporters"] == [HRSS, "雁江区", "安岳县", "乐至县"]
    assert row["missing_reporters"] == ["安岳县", "乐至县"]
    everyone = [f"21.1,2020-06-30,{u},,已完成," for u in (HRSS, "雁江区", "安岳县", "乐至县")]
    csv_file(here / "p.csv", *everyone)
    assert targets(runner, "2020-07-01", "p.csv")["21.1@2020"]["status"] == "done"


def test_counties_sum_for_23_2(runner: CliRunner, here: Path) -> None:
    csv_file(
        here / "p.csv",
        "23.2,2020-06-30,雁江区,1,,",
        "23.2,2020-06-30,安岳县,1,,",
        "23.2,2020-07-30,乐至县,1,,",
    )
    data = targets(runner, "2020-08-01", "p.csv")
    assert data["23.2"]["actual"] == 3 and data["23.2"]["status"] == "done"
    assert data["23.2"]["met_on"] == "2020-07-30"


# --------------------------------------------------------------- behind


def test_a_target_nobody_reported_on_is_behind_once_its_light_is_not_green(
    runner: CliRunner,
) -> None:
    first_day = targets(runner, "2018-12-24")["1.1"]
    assert (
        first_day["status"] == "not_started"
        and not first_day["behind"]
        and first_day["light"] == "green"
    )
    # No report was due before the first full quarter (2019 Q1) ended.
    quarter_end = targets(runner, "2019-03-31")["1.1"]
    assert not quarter_end["behind"] and quarter_end["light"] == "green"
    next_day = targets(runner, "2019-04-01")["1.1"]
    assert next_day["behind"] and next_day["light"] == "yellow"
    result = run(runner, "targets", "--status", "behind", "--as-of", "2020-06-01", "-f", "json")
    # Without any record: every instance is behind except the six 2019 ones, which are overdue.
    assert len(json.loads(result.stdout)) == 45 - 6


# --------------------------------------------------------------- forms


def test_counties_get_forms(runner: CliRunner, here: Path) -> None:
    result = run(
        runner, "progress", "template", "-u", "雁江区", "-o", "y.csv", "--as-of", "2020-06-30"
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0] == "已生成 y.csv：雁江区 的 2 个目标（负责 0 个，配合 2 个）"
    )
    lines = (here / "y.csv").read_text(encoding="utf-8-sig").splitlines()
    assert (
        lines[1]
        == "21.1,市、县（区）两级每年分别组织职业技能竞赛,定性,2020-12-31,配合,雁江区,,2020-06-30,,,2020,定性目标：选择状态，可不填数"
    )


def test_template_all_needs_a_folder_and_no_unit(runner: CliRunner, here: Path) -> None:
    result = run(runner, "progress", "template", "--all")
    assert (
        result.exit_code == 2
        and result.stderr == "zygj: error: --all 需要用 -o 指定存放填报表的文件夹\n"
    )
    result = run(runner, "progress", "template", "--all", "-u", "雁江区", "-o", "f")
    assert result.exit_code == 2 and result.stderr == "zygj: error: --all 与 --unit 不能同时使用\n"
    result = run(runner, "progress", "template")
    assert result.exit_code == 2
    assert (
        result.stderr == "zygj: error: 请用 --unit 指定填报单位，或用 --all 为全部单位生成填报表\n"
    )


# --------------------------------------------------------------- collect


def test_collect_is_all_or_nothing(runner: CliRunner, here: Path) -> None:
    ledger = csv_file(here / "ledger.csv", "22.1,2020-03-31,,5,,")
    before = ledger.read_bytes()
    (here / "forms").mkdir()
    csv_file(here / "forms" / "a.csv", "22.1,2020-06-30,,9,,")
    csv_file(here / "forms" / "b.csv", "22.1,2020-06-30,市总工会,-4,,", "99.9,2020-06-30,,1,,")
    result = run(runner, "collect", "forms", "-o", "ledger.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "forms/b.csv:2:4: error: 第 2 行的 value 应不小于 0，实际为 -4（只有增长率、相对目标可以填负数）",
        "forms/b.csv:3:1: error: 第 3 行的 target 目标“99.9”不存在（zygj targets 可列出全部目标）",
    ]
    assert ledger.read_bytes() == before


def test_collect_refuses_a_form_of_another_plan_whole(runner: CliRunner, here: Path) -> None:
    csv_file(
        here / "other.csv", "31.1,2020-06-30,,1,,", "32.1,2020-06-30,,1,,", "33.1,2020-06-30,,1,,"
    )
    result = run(runner, "collect", "other.csv", "-o", "ledger.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "other.csv: error: 这份填报表不是本方案（资府办发〔2018〕78号）的：3 行的目标编号不存在，"
        "如 31.1、32.1、33.1；整份未汇总\n"
    )
    assert not (here / "ledger.yaml").exists()


def test_collect_appends_to_a_gbk_csv_ledger_in_gbk(runner: CliRunner, here: Path) -> None:
    old = "target,date,unit,value,status,note,year\r\n22.1,2020-03-31,,5,,第一批,\r\n".encode("gbk")
    (here / "ledger.csv").write_bytes(old)
    csv_file(here / "form.csv", "22.1,2020-06-30,总工会,4,,")
    result = run(runner, "collect", "form.csv", "-o", "ledger.csv")
    assert result.exit_code == 0, result.output
    assert (here / "ledger.csv").read_bytes() == old + "22.1,2020-06-30,市总工会,4,,,\r\n".encode(
        "gbk"
    )


def test_collect_appends_to_a_yaml_ledger_as_progress_add_does(
    runner: CliRunner, here: Path
) -> None:
    """The new records follow the last one; comments after the list stay where they were."""
    old = (
        '# 台账\nrecords:\n  - target: "22.1"  # 第一批\n    date: 2020-03-31\n    value: 5\n'
        "\n# 以下为下季度备注\n"
    )
    (here / "ledger.yaml").write_text(old, encoding="utf-8")
    csv_file(here / "form.csv", "22.1,2020-06-30,总工会,4,,")
    result = run(runner, "collect", "form.csv", "-o", "ledger.yaml")
    assert result.exit_code == 0, result.output
    assert (here / "ledger.yaml").read_text(encoding="utf-8") == (
        '# 台账\nrecords:\n  - target: "22.1"  # 第一批\n    date: 2020-03-31\n    value: 5\n'
        '  - target: "22.1"\n    date: 2020-06-30\n    unit: "市总工会"\n    value: 4\n'
        "\n# 以下为下季度备注\n"
    )
    again = run(runner, "collect", "form.csv", "-o", "ledger.yaml")
    assert again.exit_code == 0 and again.stdout.endswith("没有新记录，台账未改动\n")


def test_collect_usage_errors(runner: CliRunner, here: Path) -> None:
    csv_file(here / "form.csv", "22.1,2020-06-30,,4,,")
    result = run(runner, "collect", "form.csv", "-o", "ledger.xlsx")
    assert (
        result.exit_code == 2
        and result.stderr == "ledger.xlsx: error: 汇总台账应为 .yaml 或 .csv 文件\n"
    )
    (here / "empty").mkdir()
    result = run(runner, "collect", "empty", "-o", "ledger.yaml")
    assert result.exit_code == 2
    assert result.stderr == "empty: error: 文件夹中没有进度文件（.yaml、.yml、.csv、.xlsx）\n"


# --------------------------------------------------------------- --since and ranking


def test_since_gives_previous_state_and_transitions(runner: CliRunner, here: Path) -> None:
    csv_file(here / "p.csv", "22.1,2020-03-31,,5,,", "22.1,2020-06-30,,21,,", "1.1,2020-06-30,,1,,")
    result = run(
        runner,
        "targets",
        "-p",
        "p.csv",
        "--as-of",
        "2020-07-01",
        "--since",
        "2020-04-01",
        "-f",
        "json",
    )
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["22.1"]["previous"]["actual"] == 5 and rows["22.1"]["actual"] == 21
    assert rows["22.1"]["transition"] == "新完成" and rows["22.1"]["reported_units"] == [HRSS]
    assert rows["1.2"]["transition"] is None and HRSS in rows["1.2"]["missing_reporters"]
    bad = run(runner, "report", "--as-of", "2020-07-01", "--since", "2020-07-01")
    assert bad.exit_code == 2
    assert bad.stderr == "zygj: error: --since（2020-07-01）应早于统计截止日期（2020-07-01）\n"


def test_report_by_reporter_ranks_best_first(runner: CliRunner, here: Path) -> None:
    csv_file(here / "p.csv", "23.2,2020-06-30,雁江区,1,,", "21.1,2020-06-30,雁江区,,推进中,2020")
    result = run(
        runner, "report", "-p", "p.csv", "--as-of", "2020-07-01", "--by", "reporter", "-f", "json"
    )
    ranking = json.loads(result.stdout)["by_reporter"]
    # 21.1 (2019) closed on 2020-01-31: 雁江区 is asked about 21.1 (2020) and 23.2 only.
    assert ranking[0] == {
        "rank": 1,
        "unit": "雁江区",
        "expected": 2,
        "received": 2,
        "rate": 1.0,
        "records": 2,
        "owned": 0,
        "done": 0,
        "overdue": 0,
        "behind": 0,
    }
    rates = [r["rate"] for r in ranking]
    assert rates == sorted(rates, reverse=True)


def test_a_conflict_names_both_files_even_with_a_colon_in_the_folder(
    runner: CliRunner, here: Path
) -> None:
    (here / "a:b").mkdir()
    csv_file(here / "a:b" / "x.csv", "22.1,2020-06-30,市总工会,4,,")
    csv_file(here / "a:b" / "y.csv", "22.1,2020-06-30,市总工会,5,,")
    result = run(runner, "validate", "-p", "a:b")
    assert result.exit_code == 1
    assert result.stderr == (
        "a:b/y.csv:2: error: 与 a:b/x.csv:2 冲突：目标 22.1、市总工会、2020-06-30 填了两个不同的数：“4” 和 “5”；"
        "请核实后只保留一条\n"
    )
