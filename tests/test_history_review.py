"""`zygj history` reads the closed loop as one timeline: each record with its 佐证材料, the
office's 核查 decisions with their reasons and places, and the status each one leads to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

FIRST = REPO / "examples" / "verification" / "首次报送"
AGAIN = REPO / "examples" / "verification" / "补报"
RETURN = ["--return", "--reason", "传承人名单未盖章，请补报盖章件"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(runner: CliRunner, *args: str) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.stderr
    return done.stdout


def _loop(runner: CliRunner, here: Path) -> None:
    """Forms with evidence, 11.1 returned, sent again, then accepted."""
    shutil.copytree(FIRST, here / "首次报送")
    shutil.copytree(AGAIN, here / "补报")
    _run(runner, "collect", "首次报送", "-o", "台账.yaml", "--as-of", "2020-11-30")
    _run(
        runner,
        "verify",
        "11.1",
        "--unit",
        "市文广新局",
        *RETURN,
        "-p",
        "台账.yaml",
        "--date",
        "2020-11-30",
    )
    _run(runner, "collect", "补报", "-o", "台账.yaml", "--as-of", "2020-12-15")
    _run(
        runner,
        "verify",
        "11.1",
        "--unit",
        "市文广新局",
        "--accept",
        "-p",
        "台账.yaml",
        "--date",
        "2020-12-15",
    )


def test_the_trail_reads_as_a_timeline(runner: CliRunner, here: Path) -> None:
    _loop(runner, here)
    out = _run(runner, "history", "11.1", "-p", "台账.yaml", "--as-of", "2020-12-15", "-f", "csv")
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("2020-11-20", "填报", "已完成；说明：非遗传承人带徒传艺；佐证材料：传承人名单.txt"),
        ("2020-11-20", "状态", "未启动 → 已完成（待核查）"),
        ("2020-11-30", "核查", "退回：传承人名单未盖章，请补报盖章件"),
        ("2020-11-30", "状态", "已完成（待核查） → 推进中（退回）"),
        ("2020-12-10", "填报", "已完成；说明：补充盖章名单；佐证材料：传承人名单（盖章）.txt"),
        ("2020-12-10", "状态", "推进中（退回） → 已完成（待核查）"),
        ("2020-12-15", "核查", "销号"),
        ("2020-12-15", "状态", "已完成（待核查） → 已完成（已销号）"),
    ]
    assert [r[4] for r in rows if r[1] == "核查"] == ["台账.核查.yaml:4", "台账.核查.yaml:9"]


def test_the_json_trail_carries_evidence_and_decisions(runner: CliRunner, here: Path) -> None:
    _loop(runner, here)
    data = json.loads(
        _run(runner, "history", "11.1", "-p", "台账.yaml", "--as-of", "2020-12-15", "-f", "json")
    )
    records = [e for e in data["events"] if e["kind"] == "record"]
    assert [[f["name"] for f in e["evidence"]] for e in records] == [
        ["传承人名单.txt"],
        ["传承人名单（盖章）.txt"],
    ]
    assert all(len(f["sha256"]) == 64 for e in records for f in e["evidence"])
    decisions = [
        (e["date"], e["decision"], e["reason"]) for e in data["events"] if e["kind"] == "decision"
    ]
    assert decisions == [
        ("2020-11-30", "return", "传承人名单未盖章，请补报盖章件"),
        ("2020-12-15", "accept", None),
    ]
    last = data["events"][-1]
    assert (last["kind"], last["from_review"], last["review"]) == ("status", "pending", "accepted")


def test_before_the_decision_the_trail_stops_at_pending(runner: CliRunner, here: Path) -> None:
    _loop(runner, here)
    out = _run(runner, "history", "11.1", "-p", "台账.yaml", "--as-of", "2020-11-25", "-f", "csv")
    assert out.strip().splitlines()[-1].split(",")[1:4] == [
        "状态",
        "—",
        "未启动 → 已完成（待核查）",
    ]


def test_at_80_columns_the_evidence_list_keeps_who_which_file_and_whether_whole(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loop(runner, here)
    monkeypatch.setenv("COLUMNS", "80")
    out = _run(runner, "evidence", "11.1", "-p", "台账.yaml")
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)  # display width: a Chinese character is two
    header = next(line for line in lines if "单位" in line)
    assert header.split() == ["单位", "日期", "文件", "sha256", "核对"]
    assert "（窗口宽 80 列，未显示：存放位置；加 --wide、-f plain 或加宽窗口可看全部列）" in lines
