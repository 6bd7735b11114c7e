"""`zygj init --date`: the 成文日期 of a document whose text states none.

init never invents a date; the clerk who knows it gives it, and the draft validates.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app
from zygj.drafting import draft_plan

WUHAN = REPO / "tests" / "fixtures" / "drafting" / "corpus" / "wuhan-2023-fragment" / "source.txt"
GUOFA = REPO / "examples" / "plan-guofa-2018-42" / "source.txt"


def test_without_its_date_the_draft_says_so() -> None:
    draft = draft_plan(WUHAN)
    assert not draft.validates
    assert [p.message for p in draft.problems if p.severity == "error"] == [
        "document的 date 缺少必填字段"
    ]
    assert any("没有找到成文日期" in item.message for item in draft.review)


def test_the_given_date_makes_the_draft_validate(runner: CliRunner, tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["init", str(WUHAN), "-o", str(tmp_path / "plan"), "--date", "2023-01-12"]
    )
    assert done.exit_code == 0, done.stderr
    assert "草稿按原样通过 zygj validate" in done.stdout
    measures = yaml.safe_load((tmp_path / "plan" / "measures.yaml").read_text(encoding="utf-8"))
    assert str(measures["document"]["date"]) == "2023-01-12"
    assert "没有找到成文日期" not in (tmp_path / "plan" / "REVIEW.md").read_text(encoding="utf-8")


def test_the_texts_own_date_wins_and_a_difference_is_listed(
    runner: CliRunner, tmp_path: Path
) -> None:
    done = runner.invoke(
        app, ["init", str(GUOFA), "-o", str(tmp_path / "plan"), "--date", "2018-01-01"]
    )
    assert done.exit_code == 0, done.stderr
    measures = yaml.safe_load((tmp_path / "plan" / "measures.yaml").read_text(encoding="utf-8"))
    own = str(measures["document"]["date"])
    assert own != "2018-01-01"
    review = (tmp_path / "plan" / "REVIEW.md").read_text(encoding="utf-8")
    assert f"原文的成文日期 {own} 与 --date 2018-01-01 不同：按原文记" in review


def test_a_date_that_is_not_one_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["init", str(WUHAN), "-o", str(tmp_path / "plan"), "--date", "2023-02-30"]
    )
    assert done.exit_code == 2
    assert "--date" in done.stderr
    assert not (tmp_path / "plan").exists()
