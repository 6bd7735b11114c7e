"""`zygj init SOURCE -o DIR` through the command line: the folder, the review list, bad input."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

SOURCE_78 = REPO / "docs" / "source" / "plan-2018-78.txt"


def test_init_drafts_the_bundled_plan_and_lists_the_guesses(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "draft"
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "REVIEW.md",
        "measures.yaml",
        "targets.yaml",
        "units.yaml",
    ]
    assert "市教育育体局" in (out / "REVIEW.md").read_text(encoding="utf-8")
    assert result.stdout.splitlines()[-2].endswith("23 个单位、27 项措施、39 个目标，40 条待核对")
    assert (
        result.stdout.splitlines()[-1]
        == f"请逐条核对 {out}/REVIEW.md，再运行：zygj validate --plan {out}"
    )


def test_init_never_overwrites_a_folder_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "draft"
    out.mkdir()
    (out / "units.yaml").write_text("# 我的文件\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", str(out)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{out}: error: 目录 {out} 已存在且不为空：请换一个目录，或加 --force 覆盖\n"
    )
    assert (out / "units.yaml").read_text(encoding="utf-8") == "# 我的文件\n"
    forced = runner.invoke(app, ["init", str(SOURCE_78), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert "units:" in (out / "units.yaml").read_text(encoding="utf-8")


def test_init_refuses_a_document_it_cannot_read_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = runner.invoke(app, ["init", str(tmp_path / "none.docx"), "-o", str(tmp_path / "a")])
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"{tmp_path / 'none.docx'}: error: 文件不存在\n",
    )
    pdf = tmp_path / "方案.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    refused = runner.invoke(app, ["init", str(pdf), "-o", str(tmp_path / "b")])
    assert refused.exit_code == 1
    assert "请另存为 .docx" in refused.stderr or "另存为" in refused.stderr
    prose = tmp_path / "a.txt"
    prose.write_text("这是一段没有编号的文字。\n", encoding="utf-8")
    nothing = runner.invoke(app, ["init", str(prose), "-o", str(tmp_path / "c")])
    assert nothing.exit_code == 1
    assert "没有找到可识别的条目" in nothing.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "方案.pdf"]
