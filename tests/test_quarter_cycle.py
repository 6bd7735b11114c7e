"""One quarter of the cycle, end to end: forms for every unit → filled → collect → report --since → HTML.

Forms are filled with openpyxl as a clerk would in Excel; one county returns its form as a
CSV saved by Excel in GBK with CRLF line endings; one conflicting form is rejected, then fixed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR, zygj_script
from zygj.cli.main import app

HRSS = "市人力资源社会保障局"


def invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, [*args, "--plan", str(PLAN_DIR)])


def fill(form: Path, figures: dict[str, tuple[object, str | None]]) -> None:
    """Type 填报值 (G) and 状态 (I) into the rows of the given targets; 日期 is pre-filled."""
    workbook = load_workbook(form)
    ws = workbook["目标"]
    for row in ws.iter_rows(min_row=2):
        figure = figures.get(str(row[0].value))
        if figure is not None:
            row[6].value, row[8].value = figure
    workbook.save(form)


@pytest.fixture
def quarter(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "progress", "template", "--all", "-o", "forms", "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "已在 forms 生成 24 份填报表（每个填报单位一份）",
        "没有需要填报的目标、未生成填报表的单位（2 个）：市委宣传部、临空经济区管委会",
        "收回后汇总：zygj collect forms -o progress.yaml",
    ]
    forms = tmp_path / "forms"
    fill(
        forms / f"填报表-{HRSS}.xlsx",
        {
            "1.1": (1, "已完成"),
            "5.1": (9000, "推进中"),
            "9.2": (61, None),
            "21.1": (None, "已完成"),
        },
    )
    fill(forms / "填报表-市教育体育局.xlsx", {"9.2": (40, None), "7.4": (20500, None)})
    fill(forms / "填报表-雁江区.xlsx", {"21.1": (None, "已完成"), "23.2": (1, None)})
    # 安岳县 returns its form as CSV, saved by Excel in GBK with CRLF line endings.
    (forms / "填报表-安岳县.xlsx").unlink()
    assert (
        invoke(
            runner,
            "progress",
            "template",
            "-u",
            "安岳县",
            "--as-of",
            "2020-06-30",
            "-o",
            "安岳县.csv",
        ).exit_code
        == 0
    )
    lines = (tmp_path / "安岳县.csv").read_text(encoding="utf-8-sig").splitlines()
    filled = [lines[0]] + [
        line.replace(",,2020-06-30,,", ",1,2020-06-30,已完成,")
        if line.startswith("23.2")
        else line.replace(",,2020-06-30,,", ",,2020-06-30,推进中,")
        for line in lines[1:]
    ]
    (forms / "填报表-安岳县.csv").write_bytes("\r\n".join(filled).encode("gbk") + b"\r\n")
    (tmp_path / "安岳县.csv").unlink()
    return forms


def test_a_quarter_from_forms_to_the_report(
    runner: CliRunner, quarter: Path, tmp_path: Path
) -> None:
    # A second 雁江区 form with a different figure for the same day: refused, nothing written.
    second = quarter / "填报表-雁江区-补报.xlsx"
    second.write_bytes((quarter / "填报表-雁江区.xlsx").read_bytes())
    fill(second, {"23.2": (2, None)})
    result = invoke(runner, "collect", "forms", "-o", "progress.yaml")
    assert result.exit_code == 1
    # 23.2's row in the form, which the bundled plan's targets for 雁江区 decide.
    row = next(
        r[0].row for r in load_workbook(second)["目标"].iter_rows(min_row=2) if r[0].value == "23.2"
    )
    assert result.stderr == (
        f"forms/填报表-雁江区.xlsx:{row}: error: 工作表“目标”第 {row} 行与 forms/填报表-雁江区-补报.xlsx:目标:{row} 冲突："
        "目标 23.2、雁江区、2020-06-30 填了两个不同的数：“2” 和 “1”；请核实后只保留一条\n"
    )
    assert not (tmp_path / "progress.yaml").exists()

    # Fixed: the second form repeats the first exactly → counted once.
    fill(second, {"23.2": (1, None)})
    result = invoke(runner, "collect", "forms", "-o", "progress.yaml")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert out[0].strip() == "汇总填报表：25 份，4 个单位"
    assert [line.split() for line in out[4:8]] == [
        [HRSS, "1", "4", "4", "0"],
        ["市教育体育局", "1", "2", "2", "0"],
        ["雁江区", "2", "4", "2", "2"],
        ["安岳县", "1", "2", "2", "0"],
    ]
    # Forms sent back blank count as not reported.
    assert out[-2].startswith("未报送（20 个单位，2020-03-31 至 2020-06-30）：市人才办、")
    assert out[-2].endswith("、高新区管委会、乐至县")
    assert out[-1] == "已汇总 25 份填报表到 progress.yaml：新增 10 条记录"

    # Collecting the same forms again adds nothing and leaves the ledger as it is.
    before = (tmp_path / "progress.yaml").read_bytes()
    again = invoke(runner, "collect", "forms", "-o", "progress.yaml")
    assert again.exit_code == 0 and again.stdout.splitlines()[-1] == (
        "已汇总 25 份填报表到 progress.yaml：没有新记录，台账未改动"
    )
    assert (tmp_path / "progress.yaml").read_bytes() == before

    # The 通报: what changed since the last one (2020-03-31), who has not reported.
    result = invoke(
        runner,
        "report",
        "-p",
        "progress.yaml",
        "--as-of",
        "2020-07-01",
        "--since",
        "2020-03-31",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    targets = {
        t["id"] if t["year"] is None else f"{t['id']}@{t['year']}": t for t in data["targets"]
    }
    competition = targets["21.1@2020"]  # 市 and every 县（区）: 乐至县 has not reported
    assert competition["combine"] == "all" and competition["status"] == "in_progress"
    assert competition["missing_reporters"] == ["乐至县"]
    assert targets["23.2"]["actual"] == 2  # 雁江区 1 + 安岳县 1
    assert (
        targets["9.2"]["actual"] == 61 and targets["9.2"]["status"] == "done"
    )  # the owner's figure
    assert (
        targets["9.2"]["transition"] == "新完成"
        and targets["9.2"]["previous"]["status"] == "not_started"
    )
    assert targets["1.1"]["transition"] == "新完成"
    assert targets["7.4"]["figure"] == "level"
    assert targets["9.2"]["reported_units"] == [HRSS, "市教育体育局"]
    assert targets["21.1@2020"]["reported_units"] == [HRSS, "雁江区", "安岳县"]

    result = invoke(
        runner,
        "report",
        "-p",
        "progress.yaml",
        "--as-of",
        "2020-07-01",
        "--since",
        "2020-03-31",
        "-o",
        "通报.html",
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "通报.html").read_text(encoding="utf-8")
    assert "<h2>本期变化（2020-03-31 至 2020-07-01）：" in page
    assert '<section id="missing"><h2>未报送（自 2020-03-31 起）：' in page
    assert '<td data-label="未报送单位">乐至县</td>' in page

    # A folder of forms reads the same as the merged ledger.
    folder = invoke(runner, "report", "-p", "forms", "--as-of", "2020-07-01", "-f", "json")
    ledger = invoke(runner, "report", "-p", "progress.yaml", "--as-of", "2020-07-01", "-f", "json")
    assert json.loads(folder.stdout)["targets"] == json.loads(ledger.stdout)["targets"]


def test_collect_through_the_installed_script(quarter: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [*zygj_script(), "collect", "forms", "-o", "ledger.csv", "--plan", str(PLAN_DIR)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "已汇总 24 份填报表到 ledger.csv：新增 10 条记录"
    text = (tmp_path / "ledger.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "target,date,unit,value,status,note,year"
    assert "21.1,2020-06-30,安岳县,,in_progress,,2020" in text.splitlines()
