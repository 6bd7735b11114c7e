"""An independent reader of 国发〔2018〕42号, for the fidelity tests of its transcription.

``examples/plan-guofa-2018-42/source.txt`` is the State Council's 指导意见 as published
(markup removed): one paragraph per line, no blank lines. Read line by line it is::

    国务院关于加快推进农业机械化和      <- title, printed on two lines
    农机装备产业转型升级的指导意见
    国发〔2018〕42号                    <- 文号
    各省、自治区、直辖市人民政府，……：  <- 主送, ends with "："
    农业机械化和农机装备是……           <- preamble (导语), one paragraph
    一、总体要求                         <- section heading "X、title"
    （一）指导思想。……                  <- item "（N）lead phrase。body"
    （二）发展目标。                     <- an item may go on in further paragraphs
    到2020年，……                       <-   (only （二）: "到2020年" and "到2025年")
    二、……
    （三）完善农机装备创新体系。……（工业和信息化部、……等负责。列第一位者为牵头单位，下同）
    ……
    国务院                               <- 落款: issuer, date, then "（此件公开发布）"
    2018年12月21日
    （此件公开发布）

Items （三）…（二十） end with their units in a parenthetical ``（A、B、C等负责）``; the first
one also carries the convention ``。列第一位者为牵头单位，下同``. A list may end with 等 (open),
may say ``牵头负责`` (all listed units lead together) and may name a collective.

This module deliberately does not import zygj, nor read the YAML: it only reads the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_PATH = Path(__file__).parent.parent / "examples" / "plan-guofa-2018-42" / "source.txt"

DIGITS = "一二三四五六七八九"
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
#: A units parenthetical at the very end of a paragraph: （A、B等负责。列第一位者为牵头单位，下同）
UNITS_AT_END = re.compile(r"（([^（）]*负责)(。列第一位者为牵头单位，下同)?）$")
#: Any parenthetical that assigns work, wherever it stands.
ANY_UNITS_PARENTHETICAL = re.compile(r"（[^（）]*负责[^（）]*）")
CONVENTION = "列第一位者为牵头单位，下同"
SIGNATURE = ("国务院", "2018年12月21日", "（此件公开发布）")


def chinese_number(numeral: str) -> int:
    """一 … 九十九 written the usual way: 十, 十一, 二十, 二十三."""
    if "十" not in numeral:
        if len(numeral) != 1:
            raise ValueError(numeral)
        return DIGITS.index(numeral) + 1
    tens, _, ones = numeral.partition("十")
    value = (DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (DIGITS.index(ones) + 1 if ones else 0)


@dataclass(frozen=True)
class SourceSection:
    no: int
    label: str  # "一、"
    title: str
    intro: str | None  # a lead-in paragraph between the heading and its first item


@dataclass(frozen=True)
class SourceItem:
    no: int
    label: str  # "（三）"
    section: int
    paragraphs: tuple[str, ...]  # label stripped, units parenthetical stripped
    parenthetical: str | None  # "（……负责……）" as printed, or None
    units: tuple[str, ...]  # as listed, in order
    units_open: bool  # the list ends with 等
    co_lead: bool  # "……牵头负责": every listed unit leads
    states_convention: bool  # the parenthetical carries 列第一位者为牵头单位，下同

    @property
    def text(self) -> str:
        """The item's text: its paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)

    @property
    def lead(self) -> tuple[str, ...]:
        return self.units if self.co_lead else self.units[:1]

    @property
    def responsible(self) -> tuple[str, ...]:
        return () if self.co_lead else self.units[1:]


@dataclass
class _Draft:
    no: int
    label: str
    section: int
    paragraphs: list[str]


@dataclass(frozen=True)
class SourceDocument:
    lines: tuple[str, ...]
    title: str
    number: str
    addressees: str
    preamble: str
    sections: tuple[SourceSection, ...]
    items: tuple[SourceItem, ...]
    issuer: str
    date: str  # as printed, "2018年12月21日"
    closing_note: str


def _units(parenthetical_body: str) -> tuple[tuple[str, ...], bool, bool]:
    """``A、B等负责`` -> ((A, B), open, co_lead)."""
    names = parenthetical_body.removesuffix("负责")
    co_lead = names.endswith("牵头")
    names = names.removesuffix("牵头")
    is_open = names.endswith("等")
    names = names.removesuffix("等")
    return tuple(names.split("、")), is_open, co_lead


def parse_source(path: Path = SOURCE_PATH) -> SourceDocument:
    """Read the document; every line must be accounted for, or ValueError."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[-1] != "":
        raise ValueError("the file should end with a newline")
    lines = lines[:-1]
    if any(not line.strip() or line != line.strip() for line in lines):
        raise ValueError("blank lines or stray whitespace")
    if tuple(lines[-3:]) != SIGNATURE:
        raise ValueError(f"unexpected signature: {lines[-3:]}")
    title = lines[0] + lines[1]
    number = lines[2]
    if not re.fullmatch(r"国发〔\d{4}〕\d+号", number):
        raise ValueError(f"unexpected 文号: {number}")
    if not lines[3].endswith("："):
        raise ValueError(f"unexpected 主送: {lines[3]}")
    addressees = lines[3].removesuffix("：")
    preamble = lines[4]

    sections: list[SourceSection] = []
    drafts: list[_Draft] = []
    pending_intro: list[str] = []  # paragraphs between a heading and its first item
    for line in lines[5:-3]:
        heading = SECTION_HEADING.match(line)
        item = ITEM.match(line)
        if heading:
            if sections and not any(d.section == sections[-1].no for d in drafts):
                raise ValueError(f"section {sections[-1].label} has no items")
            sections.append(
                SourceSection(chinese_number(heading[1]), f"{heading[1]}、", heading[2], None)
            )
        elif item:
            if not sections:
                raise ValueError(f"item before any section: {line[:20]}")
            if pending_intro:
                last = sections.pop()
                sections.append(
                    SourceSection(last.no, last.label, last.title, "\n".join(pending_intro))
                )
                pending_intro = []
            drafts.append(
                _Draft(chinese_number(item[1]), f"（{item[1]}）", sections[-1].no, [item[2]])
            )
        elif sections and drafts and drafts[-1].section == sections[-1].no:
            drafts[-1].paragraphs.append(line)  # the item goes on in another paragraph
        elif sections:
            pending_intro.append(line)
        else:
            raise ValueError(f"unexpected line: {line[:20]}")

    items: list[SourceItem] = []
    for draft in drafts:
        paragraphs = list(draft.paragraphs)
        match = UNITS_AT_END.search(paragraphs[-1])
        units: tuple[str, ...] = ()
        is_open = co_lead = False
        parenthetical = None
        if match:
            parenthetical = match[0]
            paragraphs[-1] = paragraphs[-1][: match.start()]
            units, is_open, co_lead = _units(match[1])
        items.append(
            SourceItem(
                no=draft.no,
                label=draft.label,
                section=draft.section,
                paragraphs=tuple(paragraphs),
                parenthetical=parenthetical,
                units=units,
                units_open=is_open,
                co_lead=co_lead,
                states_convention=bool(match and match[2]),
            )
        )
    return SourceDocument(
        lines=tuple(lines),
        title=title,
        number=number,
        addressees=addressees,
        preamble=preamble,
        sections=tuple(sections),
        items=tuple(items),
        issuer=lines[-3],
        date=lines[-2],
        closing_note=lines[-1],
    )
