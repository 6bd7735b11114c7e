"""Make the documentation's pictures from what zygj produces today (run from the repository root).

    python docs/screenshots/make_screenshots.py          # every picture below
    python docs/screenshots/make_screenshots.py --docx   # also the two .docx pages

report-html.png   `zygj report --format html` in headless Chromium at 1280 px.
report-phone.png  the same page in a 390 px phone viewport (DevTools protocol).
report-terminal.png, report-terminal-80.png
                  `zygj report` run in a real terminal (tmux, 150 and 80 columns), the
                  screen captured with its colours (capture-pane -e) and drawn in Chromium.
ledger-print.png  page 1 of the 台账 (`zygj export`) printed to PDF by LibreOffice.
form-print.png    page 1 of a unit's fill-in form (`zygj progress template`), the same way.
--docx            通报-公文-第1页.png and 催办通知-市教育体育局.png (.docx → LibreOffice → PNG).

Pixels differ from machine to machine (fonts, anti-aliasing), so the pictures are not
compared byte for byte. What each picture shows is kept in sources.txt as a digest of a
normalised form: the HTML source of the page, the terminal's captured text, the
workbook's cells (values, merges, widths, heights). tests/test_screenshots.py makes the
same forms and fails when one differs: a picture that no longer shows what zygj makes.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFEST = HERE / "sources.txt"
ZYGJ = [str(Path(sys.executable).with_name("zygj"))]
HTML_ARGS = ["report", "--as-of", "2020-06-01", "--progress", "examples/progress-example.yaml"]
#: The quarter's cycle: 本期变化 and the compact 未报送 list show in the terminal pictures.
TERMINAL_ARGS = ["report", "--as-of", "2020-07-01", "--progress", "examples/quarter-2020q2",
                 "--since", "2020-04-01"]  # fmt: skip
TERMINALS = {"report-terminal.png": 150, "report-terminal-80.png": 80}
CHROMIUM = [
    "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--hide-scrollbars",
]  # fmt: skip

#: A terminal's grid: DejaVu Sans Mono for Latin, box drawing and ●█░ (one cell, 0.6 em), and
#: the CJK face scaled to exactly two of its cells, as a terminal draws them.
TERMINAL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "TermCJK"; src: local("Noto Sans Mono CJK SC"), local("NotoSansMonoCJKsc-Regular");
             size-adjust: 120%; }}
body {{ margin: 0; background: #1e1e1e; }}
pre {{ margin: 0; padding: 16px 20px; color: #d4d4d4; background: #1e1e1e; font-size: 14px;
      line-height: 1.45; font-family: "DejaVu Sans Mono", "TermCJK", monospace;
      text-spacing-trim: space-all; font-kerning: none; }}
code {{ font: inherit; }}
</style></head><body><pre><code>{code}</code></pre></body></html>
"""


def _zygj(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([*ZYGJ, *args], cwd=REPO, check=True, capture_output=True, env=env)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------ the normalised forms


def html_page(work: Path) -> Path:
    page = work / "report.html"
    if not page.exists():
        _zygj(*HTML_ARGS, "-o", str(page))
    return page


def tmux_capture(columns: int, colours: bool, work: Path) -> str:
    """What ``zygj report`` shows in a tmux window ``columns`` wide (tall enough for all of it)."""
    socket = f"zygj-shots-{os.getpid()}-{columns}"
    done = work / f"done-{columns}"
    done.unlink(missing_ok=True)  # from an earlier capture in the same folder
    command = f"{' '.join(ZYGJ + TERMINAL_ARGS)}; touch {done}; sleep 600"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TMUX")
    }
    subprocess.run(
        [
            "tmux",
            "-u",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            str(columns),
            "-y",
            "400",
            "-c",
            str(REPO),
            command,
        ],
        check=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not done.exists():
            if time.monotonic() > deadline:
                raise TimeoutError("zygj report did not finish in tmux")
            time.sleep(0.1)
        screen = subprocess.run(
            [
                "tmux",
                "-L",
                socket,
                "capture-pane",
                "-p",
                *(["-e"] if colours else []),
                "-S",
                "0",
                "-E",
                "399",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)
    lines = [line.rstrip() for line in screen.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def workbook_text(book: Path) -> str:
    """A workbook's cells as text: what LibreOffice prints from (values, merges, widths, heights)."""
    from openpyxl import load_workbook

    parts = []
    for ws in load_workbook(book).worksheets:
        parts.append(f"## {ws.title} {sorted(map(str, ws.merged_cells.ranges))}")
        parts.append(
            repr({k: round(d.width or 0, 2) for k, d in sorted(ws.column_dimensions.items())})
        )
        parts.append(repr({k: d.height for k, d in sorted(ws.row_dimensions.items()) if d.height}))
        parts.append(
            repr([ws.page_setup.orientation, ws.page_setup.paperSize, ws.print_title_rows])
        )
        for row in ws.iter_rows(values_only=True):
            parts.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(parts) + "\n"


def ledger_book(work: Path) -> Path:
    book = work / "台账.xlsx"
    if not book.exists():
        _zygj(
            "export",
            "--as-of",
            "2020-12-31",
            "--progress",
            "examples/progress-example.yaml",
            "-o",
            str(book),
        )
    return book


def form_book(work: Path) -> Path:
    book = work / "填报表.xlsx"
    if not book.exists():
        _zygj(
            "progress",
            "template",
            "-u",
            "市教育体育局",
            "--as-of",
            "2020-06-30",
            "--due",
            "2020-07-05",
            "-o",
            str(book),
        )
    return book


#: Each picture: the tools it needs and its normalised form.
SOURCES: dict[str, tuple[tuple[str, ...], Callable[[Path], str]]] = {
    "report-html.png": ((), lambda work: html_page(work).read_text(encoding="utf-8")),
    "report-phone.png": ((), lambda work: html_page(work).read_text(encoding="utf-8")),
    **{
        name: (("tmux",), lambda work, columns=columns: tmux_capture(columns, False, work))
        for name, columns in TERMINALS.items()
    },
    "ledger-print.png": ((), lambda work: workbook_text(ledger_book(work))),
    "form-print.png": ((), lambda work: workbook_text(form_book(work))),
}


def digests(work: Path, names: list[str] | None = None) -> dict[str, str]:
    return {name: _digest(SOURCES[name][1](work)) for name in (names or list(SOURCES))}


def read_manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, digest = line.split()
            entries[name] = digest
    return entries


# ------------------------------------------------------------------ the pictures


def shoot(page: Path, png: Path, size: str, profile: Path) -> None:
    subprocess.run(
        [
            *CHROMIUM,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")


def terminal_picture(work: Path, name: str, columns: int) -> None:
    from rich.console import Console
    from rich.terminal_theme import MONOKAI, TerminalTheme
    from rich.text import Text

    screen = tmux_capture(columns, True, work)
    console = Console(record=True, width=columns, file=io.StringIO(), force_terminal=True)
    console.print(Text.from_ansi(screen), soft_wrap=True)
    page = work / f"terminal-{columns}.html"
    dark = TerminalTheme(
        (30, 30, 30),
        (212, 212, 212),
        MONOKAI.ansi_colors._colors[:8],
        MONOKAI.ansi_colors._colors[8:],
    )
    page.write_text(
        console.export_html(theme=dark, code_format=TERMINAL_PAGE, inline_styles=True),
        encoding="utf-8",
    )
    lines = screen.count("\n")
    # 14 px type: a cell is 8.4 px wide (0.6 em), a line 20.3 px high.
    shoot(
        page,
        HERE / name,
        f"{round(columns * 8.4) + 44},{round(lines * 20.3) + 36}",
        work / f"p-{columns}",
    )


def print_picture(book: Path, name: str, work: Path) -> None:
    sys.path.insert(0, str(REPO))
    from tests.printed import to_pdf

    pdf = to_pdf(book, work)
    stem = str(HERE / name.removesuffix(".png"))
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), stem],
        check=True,
    )
    print(f"docs/screenshots/{name}: {(HERE / name).stat().st_size // 1024} KB")


def docx_pictures(work: Path) -> None:
    """The 通报 and a 催办 notice as LibreOffice renders them (not in sources.txt: the .docx
    layout belongs to output/gongwen.py, whose own tests check it)."""
    sys.path.insert(0, str(REPO))
    from tests.printed import to_pdf

    notice = work / "通报.docx"
    _zygj(
        "report",
        "--as-of",
        "2020-12-31",
        "--progress",
        "examples/progress-example.yaml",
        "-o",
        str(notice),
    )
    reminders = work / "催办"
    _zygj(
        "remind",
        "--as-of",
        "2020-12-10",
        "--progress",
        "examples/progress-example.yaml",
        "--unit",
        "市教育体育局",
        "-o",
        str(reminders),
    )
    for source, name in (
        (notice, "通报-公文-第1页"),
        (reminders / "催办通知-市教育体育局.docx", "催办通知-市教育体育局"),
    ):
        pdf = to_pdf(source, work)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(HERE / name),
            ],
            check=True,
        )


def main() -> None:
    sys.path.insert(0, str(REPO))
    from tests.browser import Browser

    missing = [
        tool for tool in ("chromium", "tmux", "soffice", "pdftoppm") if shutil.which(tool) is None
    ]
    if missing:
        sys.exit(f"需要 {'、'.join(missing)}")
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        page = html_page(work)
        shoot(page, HERE / "report-html.png", "1280,1300", work / "p1")
        with Browser(work / "p-phone") as browser:
            browser.open(page.as_uri(), 390, 844, mobile=True)
            browser.screenshot(HERE / "report-phone.png")
        print(
            f"docs/screenshots/report-phone.png: {(HERE / 'report-phone.png').stat().st_size // 1024} KB"
        )
        for name, columns in TERMINALS.items():
            terminal_picture(work, name, columns)
        print_picture(ledger_book(work), "ledger-print.png", work)
        print_picture(form_book(work), "form-print.png", work)
        if "--docx" in sys.argv[1:]:
            docx_pictures(work)
        lines = [
            "# What each picture shows, as a digest of its normalised form (make_screenshots.py)."
        ]
        lines += [f"{name} {digest}" for name, digest in digests(work).items()]
        MANIFEST.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
