"""The HTML 通报 on a phone (390 px, read in WeChat) and a desktop (1280 px), for every option.

With ``--since`` the 本期变化 table used to stand outside any scroll box and pushed the
page to 628 px; 责任单位 was always off-screen in 需关注. Checked in a real browser:
the page never pans sideways, and on a phone every cell of 需关注 is inside the screen.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR, REPO
from zygj.cli.main import app

QUARTER = REPO / "examples" / "quarter-2020q2"

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="没有 chromium")

#: Every option that changes what the page holds.
BY = [[], ["--by", "section"], ["--by", "unit"], ["--by", "measure"], ["--by", "reporter"]]
SINCE = [[], ["--since", "2020-03-01"]]
PROGRESS = [
    ["--progress", str(EXAMPLE_PROGRESS), "--as-of", "2020-06-01"],
    ["--progress", str(QUARTER), "--as-of", "2020-07-01"],
    ["--as-of", "2020-06-01"],
]

PROBE = """(() => {
  const width = window.innerWidth;
  const outside = [];
  for (const cell of document.querySelectorAll('td')) {
    const box = cell.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      outside.push(cell.getAttribute('data-label') + ':' + cell.textContent.slice(0, 12));
    }
  }
  const owner = document.querySelector('#attention td[data-label="责任单位"]');
  return {width: width, page: document.scrollingElement.scrollWidth,
          outside: outside.slice(0, 5), outsideCount: outside.length,
          owner: owner ? owner.getBoundingClientRect().right : null};
})()"""


def _page(runner: CliRunner, args: list[str], path: Path) -> Path:
    result = runner.invoke(
        app, ["report", "--plan", str(PLAN_DIR), *args, "-f", "html", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    return path


def test_the_page_names_the_office_and_no_file(runner: CliRunner, tmp_path: Path) -> None:
    page = _page(runner, PROGRESS[0] + SINCE[1], tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<p class="issuer">资阳市人民政府办公室</p>' in page
    assert '<p class="meta">截至 2020-06-01 · 据 22 条进度记录</p>' in page
    for internal in ("progress-example", ".yaml", "进度文件"):
        assert internal not in page
    # 本期变化 sits in its own scroll box like every other table.
    assert '<div class="table-box"><table id="changes-table">' in page


@pytest.mark.browser
@needs_chromium
def test_no_sideways_scroll_with_any_option(runner: CliRunner, tmp_path: Path) -> None:
    from tests.browser import Browser

    pages = []
    for n, (by, since, progress) in enumerate(itertools.product(BY, SINCE, PROGRESS)):
        pages.append(
            (
                " ".join(by + since + progress[:-2]),
                _page(runner, by + since + progress, tmp_path / f"{n}.html"),
            )
        )
    failures = []
    with Browser(tmp_path / "profile") as browser:
        for width in (390, 1280):
            for options, page in pages:
                browser.open(page.resolve().as_uri(), width, 844, mobile=width < 600)
                seen = browser.evaluate(PROBE)
                if seen["page"] > width:
                    failures.append(f"{width} px, {options or '默认'}: 页面宽 {seen['page']} px")
                if width == 390 and seen["outsideCount"]:
                    failures.append(f"390 px, {options or '默认'}: 屏幕外的格 {seen['outside']}")
                if width == 390 and seen["owner"] is not None:
                    assert seen["owner"] <= width
    assert failures == []
