"""An independent reader of the source document, for the fidelity tests.

``docs/source/plan-2018-78.txt`` (资府办发〔2018〕78号) is a table flattened
into text. After a short preamble (文号, 发文机关, 标题, 主送, 正文, 落款) the
table starts with its header row ``序号 / 工作措施 / 牵头单位 / 责任单位``.
Every table cell starts on a new line with a tab; a line that does not start
with a tab continues the cell above it (a cell broken across lines, e.g.
``\\t市教育`` + blank line + ``体育局``). Blank lines carry no meaning.

Read as a stream of cells, the body is::

    （一）                      <- section label (序号 column)
    实施高技能人才培养开发工程   <- section title
    1．深入推进……               <- measure text, numbered "N．"
    市人力资源社会保障局         <- 牵头单位
    市人才办、市教育体育局、……   <- 责任单位, separated by "、"
    (empty) (empty)              <- the next row of the same section
    2．……

Measure 27 (（九）组织实施) is the last cell of the file and has no unit cells.

This module deliberately does not import zygj: it reads the document on its
own, keeping every name exactly as the document writes it (slips included,
e.g. ``市教育育体局`` in measures 18 and 19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_PATH = Path(__file__).parent.parent / "docs" / "source" / "plan-2018-78.txt"

CHINESE_NUMERALS = "一二三四五六七八九"
SECTION_LABEL = re.compile(r"^（([一二三四五六七八九])）$")
MEASURE_TEXT = re.compile(r"^(\d+)．(.+)$", re.DOTALL)
HEADER = ("序号", "工作措施", "牵头单位", "责任单位")


@dataclass(frozen=True)
class SourceMeasure:
    no: int
    section_label: str  # e.g. "（一）"
    section_title: str
    text: str  # without the "N．" prefix, whitespace removed
    lead: tuple[str, ...]
    responsible: tuple[str, ...]

    @property
    def section(self) -> int:
        """The section number: （一） -> 1 … （九） -> 9."""
        return CHINESE_NUMERALS.index(self.section_label[1]) + 1


def _cells(lines: list[str]) -> list[str]:
    """Split the table into cells, joining cells broken across lines."""
    cells: list[list[str]] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append([line])
        elif line.strip() and cells:
            cells[-1].append(line)
    return [re.sub(r"\s+", "", "".join(parts)) for parts in cells]


def _units(cell: str) -> tuple[str, ...]:
    return tuple(cell.split("、"))


def parse_source(path: Path = SOURCE_PATH) -> list[SourceMeasure]:
    """Parse the document's table into its measures, in document order."""
    cells = _cells(path.read_text(encoding="utf-8").splitlines())
    if tuple(cells[:4]) != HEADER:
        raise ValueError(f"unexpected table header: {cells[:4]}")
    body = [cell for cell in cells[4:] if cell]  # empty 序号 cells carry nothing

    measures: list[SourceMeasure] = []
    label = title = ""
    i = 0
    while i < len(body):
        cell = body[i]
        if SECTION_LABEL.match(cell):
            label, title = cell, body[i + 1]
            i += 2
            continue
        match = MEASURE_TEXT.match(cell)
        if not match or not label:
            raise ValueError(f"unexpected cell: {cell[:30]!r}")
        # The unit cells are whatever follows, up to the next measure or section.
        units: list[str] = []
        i += 1
        while i < len(body) and not (SECTION_LABEL.match(body[i]) or MEASURE_TEXT.match(body[i])):
            units.append(body[i])
            i += 1
        if len(units) not in (0, 2):
            raise ValueError(f"measure {match[1]}: expected 0 or 2 unit cells, got {units}")
        lead, responsible = (_units(units[0]), _units(units[1])) if units else ((), ())
        measures.append(
            SourceMeasure(
                no=int(match[1]),
                section_label=label,
                section_title=title,
                text=match[2],
                lead=lead,
                responsible=responsible,
            )
        )
    return measures
