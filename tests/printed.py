"""A workbook printed by LibreOffice, looked at as a reader looks at paper.

LibreOffice headless does not recompute row heights on load: it clips each cell's
text to the height written in the file, yet the clipped line stays in the PDF's
text layer. So the text layer (``pdftotext -bbox-layout``) says where each line
*should* be, and the rendered page (``pdftoppm -gray``) shows what was inked:
a line whose lower third has no ink was cut at a row's bottom border (or at the
edge of the footer); two lines whose boxes overlap were drawn on top of each other; a row's bottom
border running through a line's box cut it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

DPI = 100
#: Lines made of these only have no ink in their lower third when whole.
_FLAT = set("—-–一·.、…_ ")


def have_tools() -> bool:
    return all(shutil.which(tool) for tool in ("soffice", "pdftoppm", "pdftotext"))


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # in pixels at DPI


def to_pdf(workbook: Path, work: Path) -> Path:
    profile = (work / "lo-profile").resolve().as_uri()
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = work / (workbook.stem + ".pdf")
    assert pdf.exists(), done.stdout + done.stderr
    return pdf


def text_lines(pdf: Path) -> list[Line]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    scale = DPI / 72
    lines = []
    for page_no, page in enumerate(xml.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
            page,
            re.S,
        ):
            for word in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                match.group(5),
            ):
                x0, y0, x1, y1 = (float(word.group(i)) * scale for i in range(1, 5))
                lines.append(Line(page_no, word.group(5), x0, y0, x1, y1))
    return lines


def pages(pdf: Path, work: Path) -> dict[int, tuple[int, int, bytes]]:
    """Each page as (width, height, 8-bit grey pixels)."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(work / "page")], check=True, timeout=180
    )
    result = {}
    for path in sorted(work.glob("page-*.pgm")):
        data = path.read_bytes()
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert header, path
        width, height = int(header.group(1)), int(header.group(2))
        result[int(path.stem.split("-")[-1])] = (width, height, data[header.end() :])
    return result


def cut_lines(pdf: Path, work: Path) -> list[Line]:
    """Lines of the text layer that were not printed whole."""
    images = pages(pdf, work)
    lines = text_lines(pdf)
    cut = []
    # Words of two or more characters with Chinese in them: the wrapped texts and the
    # footer. (Figures and the matrix's 牵/责 are single short lines the heuristics
    # would misjudge at this resolution.)
    lines = [
        line
        for line in lines
        if len(line.text) >= 2
        and not set(line.text) <= _FLAT
        and any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in line.text)
    ]
    for line in lines:
        width, height, pixels = images[line.page]
        top = int(line.y1 - (line.y1 - line.y0) / 3)
        inked = any(
            pixels[y * width + x] < 170
            for y in range(max(top, 0), min(int(line.y1) + 1, height))
            for x in range(max(int(line.x0), 0), min(int(line.x1) + 1, width))
        )
        if not inked or _crossed(line, width, pixels):
            cut.append(line)
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page_lines in by_page.values():
        for i, a in enumerate(page_lines):
            for b in page_lines[i + 1 :]:
                dx = min(a.x1, b.x1) - max(a.x0, b.x0)
                dy = min(a.y1, b.y1) - max(a.y0, b.y0)
                narrower = min(a.x1 - a.x0, b.x1 - b.x0)
                if dx > 0.5 * narrower and dy > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0):
                    cut += [a, b]
    return cut


def _crossed(line: Line, width: int, pixels: bytes) -> bool:
    """A row's border (a pixel row grey across the whole box) runs through the text."""
    h = line.y1 - line.y0
    x0, x1 = max(int(line.x0), 0), min(int(line.x1), width - 1)
    if x1 - x0 < 4:
        return False
    # A whole line's box ends a little below its row's border (the font's descent
    # and line gap, ~0.8 of the box); a cut one has the border through its glyphs.
    for y in range(int(line.y0 + 0.15 * h), int(line.y0 + 0.75 * h) + 1):
        row = pixels[y * width + x0 : y * width + x1 + 1]
        if sum(1 for p in row if p < 200) >= 0.97 * len(row):
            return True
    return False
