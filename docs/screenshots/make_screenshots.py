"""Make the README's screenshots with headless Chromium (run from the repository root).

    python docs/screenshots/make_screenshots.py

report-html.png: `zygj report --format html` opened in Chromium.
report-phone.png: the same page in a 390 px wide phone viewport (DevTools protocol).
report-terminal.png: the terminal report (`zygj report`, in colour), recorded with
rich's Console(record=True).export_html and opened in Chromium.
report-terminal-80.png: the same at 80 columns (columns left out, said under the table).
ledger-print.png: the first page of the 台账 (`zygj export`) printed to PDF by LibreOffice.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ZYGJ = [str(Path(sys.executable).with_name("zygj"))]
ARGS = ["report", "--as-of", "2020-06-01", "--progress", "examples/progress-example.yaml"]
CHROMIUM = [
    "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--hide-scrollbars",
]  # fmt: skip

TERMINAL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1e1e; }}
pre {{ margin: 0; padding: 16px 20px; color: #d4d4d4; background: #1e1e1e; font-size: 14px;
      line-height: 1.35; font-family: "Noto Sans Mono CJK SC", "Sarasa Mono SC", monospace;
      text-spacing-trim: space-all; font-kerning: none; }}
code {{ font: inherit; }}
</style></head><body><pre><code>{code}</code></pre></body></html>
"""


def shoot(page: Path, png: Path, size: str, profile: Path) -> None:
    subprocess.run([*CHROMIUM, f"--user-data-dir={profile}", f"--screenshot={png}",
                    f"--window-size={size}", page.as_uri()], check=True, capture_output=True)  # fmt: skip
    print(f"{png.relative_to(REPO)}: {png.stat().st_size // 1024} KB")


def terminal(work: Path, columns: int, png: Path, size: str) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": str(columns), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    ansi = subprocess.run([*ZYGJ, *ARGS], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    console = Console(record=True, width=columns, file=io.StringIO(), force_terminal=True)
    console.print(Text.from_ansi(ansi), soft_wrap=True)
    page = work / f"terminal-{columns}.html"
    page.write_text(console.export_html(code_format=TERMINAL_PAGE, inline_styles=True),
                    encoding="utf-8")  # fmt: skip
    shoot(page, png, size, work / f"p-{columns}")


def main() -> None:
    sys.path.insert(0, str(REPO))
    from tests.browser import Browser
    from tests.printed import to_pdf

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        page = work / "report.html"
        subprocess.run([*ZYGJ, *ARGS, "-o", str(page)], cwd=REPO, check=True)
        shoot(page, HERE / "report-html.png", "1280,1300", work / "p1")
        with Browser(work / "p-phone") as browser:
            browser.open(page.as_uri(), 390, 844, mobile=True)
            browser.screenshot(HERE / "report-phone.png")
        print(f"docs/screenshots/report-phone.png: {(HERE / 'report-phone.png').stat().st_size // 1024} KB")

        terminal(work, 150, HERE / "report-terminal.png", "1280,780")
        terminal(work, 80, HERE / "report-terminal-80.png", "720,1100")

        book = work / "台账.xlsx"
        subprocess.run([*ZYGJ, "export", "--as-of", "2020-12-31", "--progress",
                        "examples/progress-example.yaml", "-o", str(book)], cwd=REPO,
                       check=True, capture_output=True)  # fmt: skip
        pdf = to_pdf(book, work)
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(HERE / "ledger-print")], check=True)  # fmt: skip
        print(f"docs/screenshots/ledger-print.png: {(HERE / 'ledger-print.png').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
