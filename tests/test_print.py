"""The 台账 on paper: printed by LibreOffice, no line of text is cut, the footer is whole.

LibreOffice (like Excel) does not recompute row heights when it opens a file, so
the heights zygj writes are the heights printed; see :mod:`tests.printed` for how
a cut line is told from a whole one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from tests.printed import cut_lines, have_tools, text_lines, to_pdf
from zygj.cli.main import app

pytestmark = [
    pytest.mark.printing,
    pytest.mark.skipif(
        not have_tools(),
        reason="没有 LibreOffice 或 poppler-utils：apt-get install libreoffice-calc-nogui "
        "poppler-utils fonts-noto-cjk 后可运行打印测试",
    ),
]


def test_printed_ledger_cuts_no_text(runner: CliRunner, tmp_path: Path) -> None:
    book = tmp_path / "台账.xlsx"
    result = runner.invoke(
        app,
        [
            "export",
            "--plan",
            str(PLAN_DIR),
            "--progress",
            str(EXAMPLE_PROGRESS),
            "--as-of",
            "2020-12-31",
            "-o",
            str(book),
        ],
    )
    assert result.exit_code == 0, result.stderr
    pdf = to_pdf(book, tmp_path)
    lines = text_lines(pdf)
    words = "".join(line.text for line in lines)
    # The whole of the long measures reached the paper …
    for ending in (
        "按市相关文件规定给予补贴。",
        "培养一批满足我市相关产业需求的高端技能人才。",
        "提供一次劳动预备制培训。",
        "市扶贫移民局、市残联",
    ):
        assert ending in words
    footers = [line for line in lines if line.text == "页，共"]
    assert len(footers) == max(line.page for line in lines) >= 4  # one on every page
    # … and was printed whole: no line crossed by a row's border, none drawn over another.
    assert [(line.page, line.text) for line in cut_lines(pdf, tmp_path)] == []
