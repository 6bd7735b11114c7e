"""Text that is safe everywhere.

Characters no output can carry (non-characters), that show text in another order
than it reads (bidi controls) or that show nothing in a name (U+200B, U+00AD,
U+2060) are refused at input with their place; messages never hand an escape
sequence to the terminal; Markdown outputs show plan text's HTML as text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"


def plan_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "plan"
    if not folder.exists():
        shutil.copytree(MINI_PLAN, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def validate(runner: CliRunner, plan: Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    return result.exit_code, result.stderr.splitlines()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"\\uFFFE"', "含有 Unicode 非字符 U+FFFE（第 10 个字符），任何文件都不能正确保存它：请删除它"),
        ('"\\uFFFF"', "含有 Unicode 非字符 U+FFFF（第 10 个字符），任何文件都不能正确保存它：请删除它"),
        ('"\\uFDD0"', "含有 Unicode 非字符 U+FDD0（第 10 个字符），任何文件都不能正确保存它：请删除它"),
        ("\U0001fffe", "含有 Unicode 非字符 U+1FFFE（第 10 个字符），任何文件都不能正确保存它：请删除它"),
        ("\u202e", "含有双向文字控制符 U+202E（第 10 个字符），它会让文字显示的顺序与实际内容不同：请删除它"),
        ("\u2066", "含有双向文字控制符 U+2066（第 10 个字符），它会让文字显示的顺序与实际内容不同：请删除它"),
        ("\u200f", "含有双向文字控制符 U+200F（第 10 个字符），它会让文字显示的顺序与实际内容不同：请删除它"),
    ],
)  # fmt: skip
def test_characters_no_output_can_carry_are_refused_in_plan_text(
    runner: CliRunner, tmp_path: Path, written: str, message: str
) -> None:
    old = "text: 每年举办技能大赛1次。"
    if written.startswith('"'):  # a YAML escape: only a quoted scalar can hold it
        new = f'text: "每年举办技能大赛1{written[1:-1]}次。"'
    else:
        new = f"text: 每年举办技能大赛1{written}次。"
    plan = plan_with(tmp_path, "measures.yaml", old, new)
    code, lines = validate(runner, plan)
    assert code == 1
    assert lines[0] == f"{plan}/measures.yaml:26:11: error: 第 2 项措施的 text：{message}"


@pytest.mark.parametrize(
    ("invisible", "name"),
    [("\u200b", "200B"), ("\u00ad", "00AD"), ("\u2060", "2060"), ("\ufeff", "FEFF")],
)
def test_a_unit_name_with_an_invisible_character_is_refused(
    runner: CliRunner, tmp_path: Path, invisible: str, name: str
) -> None:
    # Without the check 市财政局 and 市财<U+200B>政局 would be two units that look the same.
    last = "  - name: 市财政局\n    kind: 市级部门\n"
    plan = plan_with(
        tmp_path, "units.yaml", last, f"{last}  - name: 市财{invisible}政局\n    kind: 市级部门\n"
    )
    code, lines = validate(runner, plan)
    assert code == 1
    assert lines[0] == (
        f"{plan}/units.yaml:8:11: error: 第 3 个单位的 name：含有看不见的字符 U+{name}（第 3 个字符）："
        "名称和编号中不能有看不见的字符（看起来相同的两个名称会被当成两个），请删除它"
    )


def test_an_alias_and_a_measure_unit_with_an_invisible_character_are_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = plan_with(
        tmp_path, "units.yaml", "aliases: [市人社局, 人社局]", "aliases: [市人社局, 人社\u2060局]"
    )
    plan_with(
        tmp_path,
        "measures.yaml",
        "    responsible: [市财政局]",
        "    responsible: [市财\u00ad政局]",
    )
    code, lines = validate(runner, plan)
    assert code == 1
    rule = "名称和编号中不能有看不见的字符（看起来相同的两个名称会被当成两个），请删除它"
    assert lines[:2] == [
        f"{plan}/measures.yaml:23:19: error: 第 1 项措施的 第 1 个责任单位：含有看不见的字符 U+00AD（第 3 个字符）：{rule}",
        f"{plan}/units.yaml:5:21: error: 第 1 个单位的 第 2 个别名：含有看不见的字符 U+2060（第 3 个字符）：{rule}",
    ]


def test_a_note_may_keep_an_invisible_character_but_not_a_bidi_control(
    runner: CliRunner, tmp_path: Path
) -> None:
    progress = tmp_path / "p.yaml"
    args = [
        "progress",
        "add",
        "1.1",
        "--value",
        "1",
        "--date",
        "2020-05-01",
        "--plan",
        str(MINI_PLAN),
        "--progress",
        str(progress),
    ]
    refused = runner.invoke(app, [*args, "--note", "已完成\u202e成完未"])
    assert (refused.exit_code, refused.stderr) == (
        1,
        "zygj progress add: error: 新记录的 note：含有双向文字控制符 U+202E（第 4 个字符），"
        "它会让文字显示的顺序与实际内容不同：请删除它\n",
    )
    assert not progress.exists()
    kept = runner.invoke(app, [*args, "--note", "已\u200b完成"])
    assert kept.exit_code == 0, kept.stderr


def test_a_progress_record_with_a_non_character_in_its_note_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    progress = tmp_path / "进度.csv"
    progress.write_text(
        "目标编号,日期,数值,备注\n1.1,2020-05-01,1,已完成\ufdd0\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--plan", str(MINI_PLAN), "--progress", str(progress)])
    assert result.exit_code == 1
    assert (
        "含有 Unicode 非字符 U+FDD0（第 4 个字符），任何文件都不能正确保存它：请删除它"
        in result.stderr
    )
    assert result.stderr.startswith(f"{progress}:2:")


# --------------------------------------------------------- messages never echo escapes


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("\x1b[31m红\x1b[0m", "\\x1b[31m红\\x1b[0m"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x9b2J", "\\x9b2J"),
        ("左\u202e右", "左\\u202e右"),
    ],
)
def test_a_unit_typed_with_control_characters_is_quoted_with_them_escaped(
    runner: CliRunner, typed: str, shown: str
) -> None:
    result = runner.invoke(app, ["measures", "--unit", typed, "--plan", str(MINI_PLAN)])
    assert result.exit_code == 2
    assert result.stderr == f"zygj: error: 未找到单位“{shown}”（zygj units 可列出全部单位）\n"


def test_a_progress_path_with_an_escape_sequence_is_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "\x1b[2J.yaml"
    result = runner.invoke(app, ["validate", "--plan", str(MINI_PLAN), "--progress", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr == f"{tmp_path}/\\x1b[2J.yaml: error: 文件不存在\n"


# ------------------------------------------------------------ markdown shows HTML as text


def test_markdown_outputs_show_plan_html_as_text(runner: CliRunner, tmp_path: Path) -> None:
    plan = plan_with(
        tmp_path,
        "measures.yaml",
        "text: 每年举办技能大赛1次。",
        "text: 每年举办技能大赛1次。<img src=x onerror=alert(1)>",
    )
    plan_with(
        tmp_path,
        "measures.yaml",
        "issuer: 测试市人民政府办公室",
        "issuer: 测试市<script>alert(1)</script>办公室",
    )
    listing = runner.invoke(app, ["measures", "-f", "markdown", "--full", "--plan", str(plan)])
    assert listing.exit_code == 0, listing.stderr
    assert "每年举办技能大赛1次。&lt;img src=x onerror=alert(1)&gt;" in listing.stdout
    assert "<img" not in listing.stdout
    notices = tmp_path / "notices"
    reminded = runner.invoke(
        app,
        [
            "remind",
            "-f",
            "markdown",
            "-o",
            str(notices),
            "--as-of",
            "2022-03-01",
            "--plan",
            str(plan),
        ],
    )
    assert reminded.exit_code == 0, reminded.stderr
    (notice,) = notices.iterdir()
    text = notice.read_text(encoding="utf-8")
    assert "测试市&lt;script&gt;alert(1)&lt;/script&gt;办公室" in text
    assert "<script" not in text


def test_review_md_shows_the_source_html_as_text(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "方案.txt"
    source.write_text(
        "关于印发某方案的通知\n\n各区县：\n\n一、加强工作（市<b>财政</b>局牵头）\n\n市政府\n2020年2月28日\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["init", str(source), "-o", str(tmp_path / "plan")])
    review = (tmp_path / "plan" / "REVIEW.md").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    assert "<b>" not in review and "<b>" not in result.stdout
    assert "&lt;b&gt;" in review


def test_init_never_prints_an_escape_sequence_from_the_source_or_the_path(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "方案.txt"
    source.write_text(
        "关于印发某方案的通知\n各区县：\n一、加强\x1b[2J工作（市财政局牵头）\n二、扩大开放（市商务局牵头）\n"
        "三、组织实施（市政府办公室牵头）\n2020年2月28日\n",
        encoding="utf-8",
    )
    out = tmp_path / "o\x1b[31m"
    result = runner.invoke(app, ["init", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert f"请逐条核对 {tmp_path}/o\\x1b[31m/REVIEW.md" in result.stdout
    # The drafted text keeps what the source holds; validate then points at it.
    checked = runner.invoke(app, ["validate", "--plan", str(out)])
    assert checked.exit_code == 1
    assert "第 1 项措施的 text：含有不可见的控制字符 U+001B（第 3 个字符）" in checked.stderr
    assert "\x1b" not in checked.stderr


def test_a_progress_unit_with_an_invisible_character_is_refused_by_the_fast_reader(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The plain-cell reader skips Pydantic for ordinary cells: a name with U+200B must not pass as ordinary.
    progress = tmp_path / "进度.csv"
    progress.write_text(
        "目标编号,日期,数值,填报单位,备注\n1.1,2020-05-01,1,市财\u200b政局,已完成\u202e\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", "--plan", str(MINI_PLAN), "--progress", str(progress)])
    assert result.exit_code == 1
    assert "含有看不见的字符 U+200B（第 3 个字符）" in result.stderr
    assert "含有双向文字控制符 U+202E（第 4 个字符）" in result.stderr
    assert "\u200b" not in result.stderr and "\u202e" not in result.stderr
