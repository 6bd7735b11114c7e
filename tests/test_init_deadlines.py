"""One grammar of 完成时限: every deadline `zygj init` writes is one `zygj validate` accepts.

Drafting reads deadlines with core/deadlines (the grammar validate uses). A phrase that
cannot be a deadline is left out of measures.yaml (kept there as a comment) and listed
in REVIEW.md for a person. Checked on a table that enumerates the phrases drafting used
to accept with its own copy of the grammar, core's own examples and phrases that are no
deadline, and on every real document we hold (tests/fixtures/drafting/corpus/ is a copy
of the corpus the issue names, with each document's provenance in its README.md).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import REPO
from tests.test_architecture import loaded_modules
from zygj.cli.main import app
from zygj.core.deadlines import EXAMPLES

CORPUS = REPO / "tests" / "fixtures" / "drafting" / "corpus"
SOURCES = {
    "plan-2018-78": REPO / "docs" / "source" / "plan-2018-78.txt",
    "guofa-2018-42": REPO / "tests" / "fixtures" / "drafting" / "guofa-2018-42.txt",
    **{
        folder.name: folder / "source.txt" for folder in sorted(CORPUS.iterdir()) if folder.is_dir()
    },
}

#: What drafting's own copy of the grammar accepted (one phrase per form it had), the
#: phrases issue 18 found validate rejecting, one of each form core lists, and issue 20's
#: 年底前 and …前完成 (a county table's words).
READABLE = [
    "年底前",
    "2023年6月底前完成",
    "2023年6月",
    "2023年6月底",
    "2023年6月末前",
    "2023年6月之前",
    "2023年6月底以前",
    "2023年底",
    "2023年末前",
    "2023年年底之前",
    "2023年第三季度",
    "2023年第3季度末",
    "2023年第四季度底前",
    "6月底",
    "6月末前",
    "12月底之前",
    "长期坚持",
    "持续推进",
    "长期",
    "持续开展",
    "常态化推进",
    "每年开展一次",
    "每季度",
    "每半年报送一次",
    "每月调度",
    *(re.sub(r"（.*）", "", e).replace("……", "报送一次") for e in EXAMPLES),
]
#: Phrases a 完成时限 cell may hold that are not one deadline.
UNREADABLE = ["尽快", "2023年6月底前完成，长期坚持", "2023—2025年", "月底前", "明年", "6月中旬"]


def deadline_table(path: Path, deadlines: list[str]) -> Path:
    """A plan as a web page: a table whose 完成时限 column holds ``deadlines``, one a row."""
    rows = "".join(
        f"<tr><td>{no}</td><td>做好第{no}项工作。</td><td>市财政局</td><td>市审计局</td>"
        f"<td>{html.escape(deadline)}</td></tr>"
        for no, deadline in enumerate(deadlines, start=1)
    )
    path.write_text(
        "<html><body><p>某市人民政府办公室</p><p>2023年3月1日</p><p>某项工作责任分工方案</p>"
        "<table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr>"
        f"{rows}<tr><td>{len(deadlines) + 1}</td><td>到2025年底全部完成。</td><td>市财政局</td>"
        "<td>市审计局</td><td></td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def init(runner: CliRunner, source: Path, out: Path) -> None:
    result = runner.invoke(app, ["init", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr


def deadline_problems(runner: CliRunner, folder: Path) -> list[str]:
    """validate's lines about 完成时限 (the measures' deadline field)."""
    result = runner.invoke(app, ["validate", "--plan", str(folder)])
    return [line for line in result.stderr.splitlines() if "完成时限" in line]


def test_every_deadline_init_writes_validates(runner: CliRunner, tmp_path: Path) -> None:
    source = deadline_table(tmp_path / "方案.html", [*READABLE, *UNREADABLE])
    out = tmp_path / "plan"
    init(runner, source, out)
    result = runner.invoke(app, ["validate", "--plan", str(out)])
    assert result.exit_code == 0, result.stderr
    measures = yaml.safe_load((out / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    assert [m["deadline"] for m in measures if "deadline" in m] == READABLE


def test_a_phrase_that_is_no_deadline_goes_to_the_review(runner: CliRunner, tmp_path: Path) -> None:
    source = deadline_table(tmp_path / "方案.html", UNREADABLE)
    out = tmp_path / "plan"
    init(runner, source, out)
    assert deadline_problems(runner, out) == []
    review = (out / "REVIEW.md").read_text(encoding="utf-8")
    text = (out / "measures.yaml").read_text(encoding="utf-8")
    for no, phrase in enumerate(UNREADABLE, start=1):
        assert f"第{no}项：不认识的完成时限“{phrase}”（可写 " in review
        assert (
            f"    # deadline: {phrase}  ← 原文的完成时限，不能识别，未写入：见 REVIEW.md\n" in text
        )
    measures = yaml.safe_load(text)["measures"]
    assert [m.get("deadline") for m in measures] == [None] * (len(UNREADABLE) + 1)


def test_a_deadline_read_with_a_guess_is_listed(runner: CliRunner, tmp_path: Path) -> None:
    source = deadline_table(tmp_path / "方案.html", ["6月底前", "每半年报送一次", "2023年6月底前"])
    out = tmp_path / "plan"
    init(runner, source, out)
    review = (out / "REVIEW.md").read_text(encoding="utf-8")
    section = review.split("## 完成时限\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split("：", 1)[1] for line in section] == [
        "第1项完成时限“6月底前”没有写年份，按实施期读作 2023-06-30：请核对",
        "第2项完成时限“每半年报送一次”按每年考核一次（zygj 尚不能按半年、季度或月考核）：请核对",
    ]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_init_on_each_real_document_writes_deadlines_validate_accepts(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "plan"
    result = runner.invoke(app, ["init", str(SOURCES[name]), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert deadline_problems(runner, out) == []


def test_cn2an_is_never_imported(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    env.pop("ZYGJ_PLAN", None)
    assert "cn2an" not in loaded_modules(["targets"], env)
    drafted = loaded_modules(
        ["init", str(SOURCES["guofa-2018-42"]), "-o", str(tmp_path / "d")], env
    )
    assert "zygj" in drafted and "cn2an" not in drafted
