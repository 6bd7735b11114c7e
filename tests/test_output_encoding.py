"""Text that breaks outputs, output encodings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, zygj_script
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"
CONTROL = "（常见于从网页、聊天软件或其他系统复制的文字）"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def bracket_plan(tmp_path: Path) -> Path:
    """The mini plan with rich-markup-like brackets in measure text, target title and a unit name."""
    plan = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, plan)
    measures = (plan / "measures.yaml").read_text(encoding="utf-8")
    measures = measures.replace("text: 到2021年", 'text: "[/] [m2] [bold]粗[/bold] 到2021年', 1)
    measures = measures.replace("90％以上。\n", '90％以上。"\n', 1).replace(
        "[市财政局]", '["市财政局[/]"]'
    )
    (plan / "measures.yaml").write_text(measures, encoding="utf-8")
    units = (
        (plan / "units.yaml")
        .read_text(encoding="utf-8")
        .replace("- name: 市财政局", '- name: "市财政局[/]"')
    )
    (plan / "units.yaml").write_text(units, encoding="utf-8")
    return plan


# ------------------------------------------------------------- 4. text in outputs


@pytest.mark.parametrize("args", [["measures"], ["measure", "1"], ["units"], ["targets"]])
def test_brackets_in_plan_text_are_shown_as_written(
    runner: CliRunner, bracket_plan: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [*args, "--plan", str(bracket_plan)])
    assert result.exit_code == 0, result.stderr
    if args[0] in ("measures", "measure"):
        assert "[/] [m2] [bold]粗[/bold]" in result.stdout
    if args[0] in ("units", "measure"):
        assert "市财政局[/]" in result.stdout


def test_a_control_character_in_a_note_is_refused_at_input(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(
        app,
        [
            "progress",
            "add",
            "1.1",
            "-v",
            "3",
            "-d",
            "2020-06-30",
            "--note",
            "上报\x07完毕",
            "--plan",
            str(MINI_PLAN),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"zygj progress add: error: 新记录的 note：含有不可见的控制字符 U+0007（第 3 个字符）：请删除它{CONTROL}\n"
    )
    assert not (here / "progress.yaml").exists()


def test_a_nel_in_a_note_is_refused_not_turned_into_a_space(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(
        app,
        [
            "progress",
            "add",
            "1.1",
            "-v",
            "3",
            "-d",
            "2020-06-30",
            "--note",
            "a\x85b",
            "--plan",
            str(MINI_PLAN),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"zygj progress add: error: 新记录的 note：含有不可见的控制字符 U+0085（第 2 个字符）：请删除它{CONTROL}\n"
    )


def test_a_note_that_is_not_utf8_is_a_usage_error(here: Path) -> None:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "ZYGJ_NO_CACHE": "1"}
    env.pop("ZYGJ_PLAN", None)
    done = subprocess.run(
        [
            *zygj_script(),
            "progress",
            "add",
            "1.1",
            "-v",
            "3",
            "-d",
            "2020-06-30",
            "--note",
            b"\xc9\xcf\xb1\xa8",
            "--plan",
            str(MINI_PLAN),
        ],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "zygj: error: --note 含有不是 UTF-8 编码的字节：请把终端设为 UTF-8 后重新输入\n"
    )
    assert not (here / "progress.yaml").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "p.csv",
            'target,date,value,note\n1.1,2020-06-30,5,"a\x07b"\n',
            "p.csv:2:4: error: 第 2 行的 note",
        ),
        (
            "p.yaml",
            'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n    note: "bell\\a"\n',
            "p.yaml:5:11: error: 第 1 条记录的 note",
        ),
    ],
)
def test_control_characters_in_progress_files_are_located(
    runner: CliRunner, here: Path, name: str, content: str, message: str
) -> None:
    (here / name).write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(MINI_PLAN), "--progress", name])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message + "：含有不可见的控制字符 U+0007")


def test_a_control_character_in_plan_text_is_refused_by_validate(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, plan)
    text = (
        (plan / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace("title: 培训技能人才", 'title: "培训\\x1b技能人才"', 1)
    )
    (plan / "targets.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert result.exit_code == 1
    assert (
        f"第 1 个目标的 title：含有不可见的控制字符 U+001B（第 3 个字符）：请删除它{CONTROL}"
        in result.stderr
    )
    export = runner.invoke(app, ["export", "-o", str(tmp_path / "t.xlsx"), "--plan", str(plan)])
    assert export.exit_code == 1  # refused with the same message, never exit 3


# ------------------------------------------------------------ 5. output encodings


def _gbk_run(here: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "ZYGJ_NO_CACHE": "1"}
    env.pop("ZYGJ_PLAN", None)
    return subprocess.run(
        [*zygj_script(), *args], cwd=here, env=env, capture_output=True, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--as-of", "2021-01-01"],
        ["report", "--as-of", "2021-01-01", "-f", "markdown"],
        ["report", "--as-of", "2021-01-01", "-f", "csv"],
        ["targets", "-f", "csv"],
        ["targets"],
        ["measures", "-f", "plain"],
    ],
)
def test_every_output_works_on_a_gbk_stdout(here: Path, args: list[str]) -> None:
    done = _gbk_run(here, *args)
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    text = done.stdout.decode("gbk")  # all of it is GBK
    assert not text.startswith("\ufeff")
    if args[0] == "report" and "csv" not in args:
        assert "░" not in text and "--------------------" in text  # the bar drawn with fallbacks


def test_csv_written_to_a_file_keeps_its_bom(here: Path) -> None:
    done = _gbk_run(here, "report", "--as-of", "2021-01-01", "-f", "csv", "-o", "r.csv")
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert (here / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_diagnostics_work_on_a_gbk_stderr(here: Path) -> None:
    (here / "p.yaml").write_text(
        'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: "１２€"\n', encoding="utf-8"
    )
    done = _gbk_run(here, "validate", "--plan", str(MINI_PLAN), "--progress", "p.yaml")
    assert done.returncode == 1
    assert (
        done.stderr.decode("gbk")
        == "p.yaml:4:12: error: 第 1 条记录的 value 应为数字，实际为 “１２\\u20ac”\n"
    )
