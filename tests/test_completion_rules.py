"""The completion rules at their boundaries, as `zygj targets --format json` reports them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app


def write_progress(folder: Path, records: list[dict[str, Any]], name: str = "p.yaml") -> Path:
    lines = ["records:"]
    for record in records:
        first = True
        for key, value in record.items():
            shown = f'"{value}"' if key == "target" else str(value)
            lines.append(f"  {'- ' if first else '  '}{key}: {shown}")
            first = False
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def instances(
    runner: CliRunner, progress: Path, as_of: str, plan: Path = PLAN_DIR
) -> dict[str, dict[str, Any]]:
    result = runner.invoke(
        app,
        [
            "targets",
            "--format",
            "json",
            "--as-of",
            as_of,
            "--progress",
            str(progress),
            "--plan",
            str(plan),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {r["id"] if r["year"] is None else f"{r['id']}@{r['year']}": r for r in rows}


def one(
    runner: CliRunner,
    tmp_path: Path,
    target: str,
    value: float,
    as_of: str = "2020-12-31",
    date: str = "2020-06-30",
) -> dict[str, Any]:
    progress = write_progress(tmp_path, [{"target": target, "date": date, "value": value}])
    return instances(runner, progress, as_of)[target]


@pytest.mark.parametrize(
    ("target", "value", "met"),
    [
        ("22.1", 20, False),  # 超过20场次: 20 is not more than 20
        ("22.1", 21, True),
        ("13.1", 1000, True),  # 1000名以上 includes 1000
        ("13.1", 999, False),
        ("9.1", 1000, False),  # 1000余名: more than 1000
        ("9.1", 1001, True),
        ("1.2", 1, True),  # 1—2个: met at the minimum
        ("1.2", 3, True),  # exceeding the maximum is no failure
        ("1.2", 0, False),
        ("5.1", 13500, True),  # 1.5万名左右: 10% tolerance by default
        ("5.1", 13499, False),
        ("9.2", 60, True),  # 60％以上, in percent
        ("9.2", 59.5, False),
    ],
)
def test_ops_at_their_boundaries(
    runner: CliRunner, tmp_path: Path, target: str, value: float, met: bool
) -> None:
    row = one(runner, tmp_path, target, value)
    assert (row["status"] == "done") is met, row
    assert (row["completion"] == 1.0) is met


def test_gt_reaching_the_figure_exactly_is_not_complete(runner: CliRunner, tmp_path: Path) -> None:
    row = one(runner, tmp_path, "22.1", 20)
    assert row["status"] == "in_progress" and row["completion"] == 0.99
    assert row["op"] == "gt" and row["value"] == 20 and row["unit_of_measure"] == "场次"


def test_latest_value_per_unit_is_summed_across_units(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(
        tmp_path,
        [
            {"target": "22.1", "date": "2019-06-30", "value": 5},
            {"target": "22.1", "date": "2019-12-31", "value": 9},  # replaces 5 (cumulative)
            {"target": "22.1", "date": "2019-12-31", "unit": "市总工会", "value": 4},
            {"target": "22.1", "date": "2020-03-31", "unit": "团市委", "value": 2},
        ],
    )
    assert instances(runner, progress, "2020-12-31")["22.1"]["actual"] == 15
    # Records dated after the as-of date are ignored.
    assert instances(runner, progress, "2019-12-30")["22.1"]["actual"] == 5
    assert instances(runner, progress, "2019-12-31")["22.1"]["actual"] == 13


def test_percent_targets_count_only_the_owners_figure(runner: CliRunner, tmp_path: Path) -> None:
    # combine: owner is the default for percentages: a helping unit's partial 40 never
    # overwrites the owner's city-wide 61, whichever is reported last.
    progress = write_progress(
        tmp_path,
        [
            {"target": "9.2", "date": "2019-12-31", "value": 61},
            {"target": "9.2", "date": "2020-06-30", "unit": "市教育体育局", "value": 40},
        ],
    )
    row = instances(runner, progress, "2020-12-31")["9.2"]
    assert row["actual"] == 61 and row["status"] == "done" and row["combine"] == "owner"
    assert "市教育体育局" in row["expected_reporters"]


def test_deadline_day_is_in_time_and_the_day_after_is_overdue(
    runner: CliRunner, tmp_path: Path
) -> None:
    progress = write_progress(tmp_path, [{"target": "14.1", "date": "2020-06-30", "value": 3000}])
    on_the_day = instances(runner, progress, "2020-12-31")["14.1"]
    assert on_the_day["status"] == "in_progress" and on_the_day["deadline"] == "2020-12-31"
    after = instances(runner, progress, "2021-01-01")["14.1"]
    assert after["status"] == "overdue" and after["light"] == "red"


def test_met_after_the_deadline_is_done_late(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(
        tmp_path,
        [
            {"target": "14.1", "date": "2020-12-31", "value": 4000},
            {"target": "14.1", "date": "2021-03-31", "value": 5200},
        ],
    )
    assert instances(runner, progress, "2021-03-30")["14.1"]["status"] == "overdue"
    late = instances(runner, progress, "2021-04-01")["14.1"]
    assert late["status"] == "done_late" and late["met_on"] == "2021-03-31"
    on_time = write_progress(tmp_path, [{"target": "14.1", "date": "2020-12-31", "value": 5000}])
    assert instances(runner, on_time, "2021-04-01")["14.1"]["status"] == "done"


def test_annual_targets_have_one_instance_per_year(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(
        tmp_path,
        [
            {"target": "17.1", "date": "2019-11-30", "value": 2100},
            {"target": "17.1", "date": "2020-06-30", "value": 900},  # counts for 2020 only
        ],
    )
    rows = instances(runner, progress, "2021-01-01")
    y2019, y2020 = rows["17.1@2019"], rows["17.1@2020"]
    assert (y2019["deadline"], y2019["actual"], y2019["status"]) == ("2019-12-31", 2100, "done")
    assert (y2020["deadline"], y2020["actual"], y2020["status"]) == ("2020-12-31", 900, "overdue")
    assert y2019["id"] == y2020["id"] == "17.1"
    assert "17.1" not in rows


def test_not_started_and_behind(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(tmp_path, [{"target": "15.1", "date": "2020-06-30", "value": 300}])
    rows = instances(runner, progress, "2020-07-01")
    assert rows["14.1"]["status"] == "not_started" and rows["14.1"]["actual"] is None
    behind = rows["15.1"]
    assert behind["status"] == "in_progress" and behind["behind"] is True
    assert behind["completion"] == 0.1 and behind["light"] == "red"


def test_qualitative_targets_follow_the_latest_status(runner: CliRunner, tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {"target": "11.2", "date": "2020-03-31", "status": "推进中"},
        {"target": "11.2", "date": "2020-10-31", "status": "已完成"},
    ]
    progress = write_progress(tmp_path, records)
    going = instances(runner, progress, "2020-09-30")["11.2"]
    assert going["status"] == "in_progress"
    # While it is open, the five units that never reported owe a report (who owes what) …
    assert going["missing_reporters"] == [
        "市经济和信息化委",
        "市人力资源社会保障局",
        "市总工会",
        "市妇联",
        "团市委",
    ]
    # Six units report on 11.2: its lead's 已完成 decides (combine: owner by default).
    alone = instances(runner, progress, "2020-12-31")["11.2"]
    assert alone["combine"] == "owner" and alone["status"] == "done"
    # … and once it is 已完成 nothing more is owed on it (docs/rules.md, 谁应报送, rule 6).
    assert alone["missing_reporters"] == []
    others = ["市经济和信息化委", "市人力资源社会保障局", "市总工会", "市妇联", "团市委"]
    progress = write_progress(
        tmp_path,
        records
        + [{"target": "11.2", "date": "2020-11-30", "unit": u, "status": "已完成"} for u in others],
    )
    done = instances(runner, progress, "2020-12-31")["11.2"]
    assert done["status"] == "done" and done["completion"] is None and done["value"] is None
    assert done["missing_reporters"] == []


def test_approx_tolerance_is_configurable(
    runner: CliRunner, tmp_path: Path, plan_copy: Path
) -> None:
    targets = plan_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("approx_tolerance: 0.10", "approx_tolerance: 0.05"), "utf-8")
    progress = write_progress(tmp_path, [{"target": "5.1", "date": "2020-06-30", "value": 14000}])
    assert instances(runner, progress, "2020-12-31", plan_copy)["5.1"]["status"] == "in_progress"
    assert instances(runner, progress, "2020-12-31")["5.1"]["status"] == "done"


def test_yaml_and_csv_progress_give_identical_answers(runner: CliRunner, tmp_path: Path) -> None:
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "target,date,unit,value,status,note\n"
        "22.1,2019-12-31,,9,,\n"
        "22.1,2019-12-31,市总工会,4,推进中,\n"
        "17.1,2019-11-30,市人社局,2100,,\n"
        "11.2,2020-10-31,,,已完成,非遗\n",
        encoding="utf-8",
    )
    yaml_path = write_progress(
        tmp_path,
        [
            {"target": "22.1", "date": "2019-12-31", "value": 9},
            {
                "target": "22.1",
                "date": "2019-12-31",
                "unit": "市总工会",
                "value": 4,
                "status": "推进中",
            },
            {"target": "17.1", "date": "2019-11-30", "unit": "市人社局", "value": 2100},
            {"target": "11.2", "date": "2020-10-31", "status": "已完成", "note": "非遗"},
        ],
    )
    assert instances(runner, csv_path, "2021-01-01") == instances(runner, yaml_path, "2021-01-01")


def test_overdue_listing_on_the_example(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "targets",
            "--overdue",
            "--as-of",
            "2021-01-01",
            "--progress",
            str(EXAMPLE_PROGRESS),
            "--plan",
            str(PLAN_DIR),
        ],
    )
    assert result.exit_code == 0
    assert "目标完成情况（截至 2021-01-01）" in result.stdout
    assert "9.1" in result.stdout and "逾期" in result.stdout
    assert "17.1（2019年）" not in result.stdout  # met in 2019


def test_report_shows_bars_and_json_figures(runner: CliRunner) -> None:
    args = [
        "report",
        "--as-of",
        "2021-01-01",
        "--progress",
        str(EXAMPLE_PROGRESS),
        "--plan",
        str(PLAN_DIR),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "█" in result.stdout and "按部分" in result.stdout and "按牵头单位" in result.stdout
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    overall = data["overall"]
    assert overall["total"] == len(data["targets"])
    assert (
        overall["done"]
        + overall["done_late"]
        + overall["in_progress"]
        + overall["not_started"]
        + overall["overdue"]
        + overall["soft_missed"]
        == overall["total"]
    )
    assert [s["key"] for s in data["by_section"]] == ["1", "2", "3", "4", "5", "6", "7", "8"]


def test_bad_progress_records_are_located(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "records:\n"
        '  - target: "99.1"\n    date: 2020-01-01\n    value: 1\n'
        '  - target: "22.1"\n    date: 2020-13-01\n    value: 1\n'
        '  - target: "22.1"\n    date: 2020-01-01\n    value: 三千\n'
        '  - target: "22.1"\n    date: 2020-01-01\n    unit: 市人设局\n    value: -1\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["targets", "--progress", str(path), "--plan", str(PLAN_DIR)])
    assert result.exit_code == 1
    err = result.stderr
    assert (
        "bad.yaml:6:11: error: 第 2 条记录的 date 应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020-13-01”"
        in err
    )
    assert "bad.yaml:10:12: error: 第 3 条记录的 value 应为数字，实际为 “三千”" in err
    assert "bad.yaml:14:12: error: 第 4 条记录的 value 应不小于 0，实际为 -1" in err


def test_measure_shows_its_targets_and_status(runner: CliRunner) -> None:
    args = [
        "measure",
        "22",
        "--as-of",
        "2021-01-01",
        "--progress",
        str(EXAMPLE_PROGRESS),
        "--plan",
        str(PLAN_DIR),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "本项措施的目标（截至 2021-01-01）：2 项" in result.stdout
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert [(t["id"], t["status"]) for t in data["targets"]] == [
        ("22.1", "done"),
        ("22.2", "overdue"),
    ]
    assert data["targets"][0]["actual"] == 21  # 14 + 市总工会 6 + 团市委 1


def test_infinite_value_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "inf.yaml"
    path.write_text(
        'records:\n  - target: "22.1"\n    date: 2020-01-01\n    value: .inf\n', "utf-8"
    )
    result = runner.invoke(app, ["targets", "--progress", str(path), "--plan", str(PLAN_DIR)])
    assert result.exit_code == 1
    assert "inf.yaml:4:12: error: 第 1 条记录的 value" in result.stderr


def test_report_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    progress = write_progress(tmp_path, [{"target": "22.1", "date": "2020-06-30", "value": 3}])
    before = progress.read_bytes()
    args = ["report", "--progress", str(progress), "--plan", str(PLAN_DIR), "-o"]
    refused = runner.invoke(app, [*args, str(progress)])
    assert refused.exit_code == 2
    # A progress file's .yaml is no report's suffix: refused even with --force.
    assert "无法从后缀判断输出格式" in refused.stderr
    assert runner.invoke(app, [*args, str(progress), "--force"]).exit_code == 2
    assert progress.read_bytes() == before
    out = tmp_path / "r.md"
    assert runner.invoke(app, [*args, str(out)]).exit_code == 0
    again = runner.invoke(app, [*args, str(out)])
    assert again.exit_code == 2
    assert "文件已存在，未覆盖：换一个文件名，或加 --force 覆盖" in again.stderr
    assert runner.invoke(app, [*args, str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_csv_dates_resaved_by_excel_are_read(runner: CliRunner, tmp_path: Path) -> None:
    iso = tmp_path / "iso.csv"
    iso.write_text("target,date,value\n22.1,2019-12-31,9\n22.1,2020-06-30,12\n", "utf-8")
    local = tmp_path / "local.csv"
    local.write_text("target,date,value\n22.1,2019/12/31,9\n22.1,2020年6月30日,12\n", "utf-8")
    assert instances(runner, local, "2021-01-01") == instances(runner, iso, "2021-01-01")
    bad = tmp_path / "bad.csv"
    bad.write_text("target,date,value\n22.1,2020/13/01,9\n", "utf-8")
    result = runner.invoke(app, ["targets", "--progress", str(bad), "--plan", str(PLAN_DIR)])
    assert result.exit_code == 1
    assert (
        "bad.csv:2:2: error: 第 2 行的 date 应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020/13/01”"
        in result.stderr
    )


def test_targets_without_a_progress_file_says_so(runner: CliRunner, tmp_path: Path) -> None:
    import os

    os.chdir(tmp_path)
    result = runner.invoke(app, ["targets", "--measure", "22", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 0
    assert "没有进度文件" in result.stdout


def test_targets_for_a_unit_include_the_measures_it_shares(runner: CliRunner) -> None:
    base = ["targets", "--format", "json", "--as-of", "2020-01-01", "--plan", str(PLAN_DIR)]
    shared = json.loads(runner.invoke(app, [*base, "--unit", "团市委"]).stdout)
    assert {r["measure"] for r in shared} == {5, 8, 11, 21, 22}  # measures with targets it is on
    assert all(r["owner"] != "团市委" for r in shared)
    owned = json.loads(runner.invoke(app, [*base, "--unit", "团市委", "--owned-only"]).stdout)
    assert owned == []
    lead = json.loads(runner.invoke(app, [*base, "--unit", "市教体局", "--owned-only"]).stdout)
    assert {r["id"] for r in lead} == {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}
