"""公文 (.docx) in the GB/T 9704-2012 layout: the 通报 and the 催办通知.

The page (GB/T 9704-2012 §5): A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm;
body 3号仿宋 (16 pt), 22 lines of 28 characters (a line every 225/22 mm, the
characters drawn 0.25 pt closer so that 28 fit in 156 mm); title 2号小标宋
(22 pt); first-level headings 3号黑体, second-level 3号楷体; page numbers
"— 1 —" in 4号宋体 below the text block, odd pages right and even pages left,
each a character in from the edge; 成文日期 in Arabic numerals; tables (§8)
exactly as wide as the text block, in 5号仿宋 (5号黑体 headers), single spacing.

Fonts are named as Chinese Windows names them (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体, 宋体) and each is declared in the document's font table with the
font Word and WPS should use when it is missing (仿宋, 楷体, 宋体).

Line breaking as Chinese typesetting requires (禁则): the document declares the
characters no line may start with (、。，）」…) or end with (（「…) for zh-CN, and
every paragraph has w:kinsoku on, which Word, WPS and LibreOffice honour. Table
columns are as wide as their widest unbreakable cell (a figure, a date, a
status), measured with :func:`text_mm`; only text columns wrap.

What varies by office (版头, 文号 pattern, 抄送, contact, formal unit names) comes
from the plan's ``office`` block (:class:`zygj.core.models.Office`), never from here.

python-docx is imported only here, and only when a .docx is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zygj.core.numerals import to_chinese
from zygj.core.plan import Plan
from zygj.output.cycle_close import (
    NOTICE_HEADERS,
    NoticeSheet,
    chinese_date,
    contact_line,
    issuer_of,
    notice_due_line,
    notice_opening,
    notice_parts,
    notice_sheets,
    notice_title,
    numbered,
    office_of,
    plan_name,
)
from zygj.output.score_table import SCORE_HEADERS, score_cells
from zygj.output.texts import (
    figure_text,
    number_text,
    percent_text,
    status_text,
    target_title,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

    from zygj.rules.assessment import UnitScore
    from zygj.rules.completion import GroupSummary, Result
    from zygj.rules.reminders import Notice
    from zygj.rules.report import Change, LaggingUnit, Report

# ----------------------------------------------------------------- the layout

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TOP_MM = 37  # 天头
LEFT_MM = 28  # 订口
BLOCK_WIDTH_MM = 156  # 版心
BLOCK_HEIGHT_MM = 225
LINES = 22

RED = "FF0000"  # 版头: 发文机关标志 and its separator line
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
CELL_MARGIN_MM = 1.0
TABLE_PT = 10.5  # 5号: a table of eight columns fits the block without breaking words
NOTE_PT = 14  # 4号: 版记
#: 小五: a table too wide for 5号 (its figures would not fit unbroken) is set in this.
SMALL_TABLE_PT = 9
LINE_PT = BLOCK_HEIGHT_MM / LINES / 25.4 * 72  # 28.95 pt
#: Character spacing (twentieths of a point): 28 characters of 16 pt minus 0.25 pt each = 155.6 mm.
CHAR_SPACING_TWIPS = -5

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
#: Each named font and what Word/WPS should use when it is not installed.
FONT_FALLBACKS = {
    BODY_FONT: "仿宋",
    HEADING2_FONT: "楷体",
    TITLE_FONT: "宋体",
    HEADING1_FONT: "SimHei",
    NUMBER_FONT: "SimSun",
}


def set_font(rpr_owner: Any, name: str) -> None:
    """Name one font for every script of a style or a run (East Asian included)."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _declare_fonts(document: DocxDocument) -> None:
    """Font-table entries (GB2312 charset, a fallback name) for the fonts used."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        for name, fallback in FONT_FALLBACKS.items():
            font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": fallback})
            etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
            etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern"})
            etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "fixed"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document() -> DocxDocument:
    """An empty 公文: page, margins, grid, body style, page numbers."""
    import docx
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(TOP_MM)
    section.left_margin = Mm(LEFT_MM)
    section.right_margin = Mm(PAGE_WIDTH_MM - LEFT_MM - BLOCK_WIDTH_MM)
    section.bottom_margin = Mm(PAGE_HEIGHT_MM - TOP_MM - BLOCK_HEIGHT_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the number's line starts about 7 mm below the block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # the pitch for Word's grid view; lines are spaced exactly below
        grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    normal = document.styles["Normal"]
    set_font(normal.element, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    from docx.oxml import OxmlElement

    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    # In the schema's order (CT_RPr), as Word requires.
    rpr.insert_element_before(
        spacing,
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    )
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(LINE_PT)
    layout.space_before = layout.space_after = Pt(0)
    layout.widow_control = False
    ppr = normal.element.get_or_add_pPr()
    # 禁则 on (the characters are listed in the settings below); no extra space around
    # Arabic numerals. Inserted in the schema's order: Word refuses a pPr out of order.
    # w:overflowPunct 1 as Word's default: without it LibreOffice 7.4 sets lines of 28
    # characters past the 版心's right edge (measured: 189.5 mm against 184).
    for name, value in (
        ("w:kinsoku", "1"),
        ("w:overflowPunct", "1"),
        ("w:autoSpaceDE", "0"),
        ("w:autoSpaceDN", "0"),
    ):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        ppr.insert_element_before(element, *_AFTER_AUTOSPACE)
    language = OxmlElement("w:lang")  # the 禁则 and the fonts are those of Chinese
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    _line_break_rules(document)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    _declare_fonts(document)
    return document


#: The pPr children that follow w:autoSpaceDN in the schema (CT_PPrBase).
_AFTER_AUTOSPACE = (
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
#: No line starts with these (GB/T 15834 标点 and the closing marks) …
NO_LINE_START = (
    '!%),.:;?]}¢°·’"‰′″℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠…—'
)
#: … and no line ends with these (the opening marks).
NO_LINE_END = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
#: The settings children that follow w:noLineBreaksBefore in the schema (CT_Settings).
_AFTER_LINE_BREAKS = (
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def _line_break_rules(document: DocxDocument) -> None:
    """The zh-CN 禁则 characters, for Word's and LibreOffice's line breaking."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    for name, characters in (
        ("w:noLineBreaksAfter", NO_LINE_END),
        ("w:noLineBreaksBefore", NO_LINE_START),
    ):
        element = OxmlElement(name)
        element.set(qn("w:lang"), "zh-CN")
        element.set(qn("w:val"), characters)
        settings.insert_element_before(element, *_AFTER_LINE_BREAKS)


def _page_number(paragraph: Any, odd: bool) -> None:
    """— 1 —, 4号宋体: odd pages right, even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    layout = paragraph.paragraph_format
    layout.line_spacing = 1.0
    if odd:
        layout.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        layout.left_indent = Pt(PAGE_NUMBER_PT)
    for text in ("— ", None, " —"):
        if text is None:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            run = OxmlElement("w:r")
            value = OxmlElement("w:t")
            value.text = "1"
            run.append(value)
            field.append(run)
            paragraph._p.append(field)
            _style_number_run(run)
        else:
            _style_number_run(paragraph.add_run(text)._r)


def _style_number_run(r: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    set_font(r, NUMBER_FONT)
    rpr = r.get_or_add_rPr()
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(PAGE_NUMBER_PT * 2))
    rpr.append(size)


def _run(
    paragraph: Any,
    text: str,
    font: str | None = None,
    size: float | None = None,
    bold: bool = False,
) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    if font is not None:
        set_font(run._r, font)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


#: Where a title may break (GB/T 9704 §7.3.1: 回行时词意完整): after these words and marks.
TITLE_BREAKS = ("工程", "方案", "计划", "意见", "规划", "办法", "》", "”", "的", "关于")


def title_lines(text: str) -> list[str]:
    """A title too long for one line, broken after a whole word into lines as even as can be
    (never 责 / 任); as it is when it fits, or when no break point suits."""
    per_line = int(BLOCK_WIDTH_MM / 25.4 * 72 / (TITLE_PT + CHAR_SPACING_TWIPS / 20))
    if len(text) <= per_line:
        return [text]
    points = sorted({m.end() for word in TITLE_BREAKS for m in re.finditer(re.escape(word), text)})
    fitting = [p for p in points if p <= per_line and len(text) - p <= per_line]
    if not fitting:
        return [text]
    best = min(fitting, key=lambda p: abs(len(text) - 2 * p))
    return [text[:best], text[best:]]


def title(document: DocxDocument, *lines: str) -> None:
    """标题: 2号小标宋, centred, each given line on its own (a long one broken after a whole
    word, see title_lines), a blank line after it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = tuple(part for line in lines for part in title_lines(line))
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(LINE_PT * 1.2)
    for index, text in enumerate(lines):
        run = _run(paragraph, text, TITLE_FONT, TITLE_PT)
        if index < len(lines) - 1:
            run.add_break()
    document.add_paragraph()


def addressee(document: DocxDocument, text: str) -> None:
    """主送机关: flush left, ending with a full-width colon."""
    document.add_paragraph(text.rstrip("：:") + "：")


#: A space between a Chinese character and a figure: the terminal's sentences have one, a 公文 none.
_FIGURE_SPACE = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[0-9+\-—])|(?<=[0-9%]) (?=[\u3000-\u9fff\uff00-\uffef])"
)


def tight(text: str) -> str:
    """已完成 10 项 → 已完成10项: figures set in Chinese prose without spaces, as 公文 are."""
    return _FIGURE_SPACE.sub("", text)


def body(document: DocxDocument, text: str) -> None:
    """正文: first line indented two characters."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(tight(text))
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def heading(document: DocxDocument, level: int, text: str) -> None:
    """一、… in 3号黑体; （一）… in 3号楷体; indented two characters like the body."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, HEADING1_FONT if level == 1 else HEADING2_FONT)


def char_mm(char: str, pt: float) -> float:
    """The advance of one character: a CJK or full-width character is 1 em; anything else
    is taken as 0.6 em, wider than 仿宋's half-width figures (0.5 em) so that a wider
    fallback face (Noto, 宋体) still fits."""
    em = pt * 25.4 / 72
    return em if unicodedata.east_asian_width(char) in ("W", "F") else em * 0.6


def text_mm(text: str, pt: float) -> float:
    """The width of the longest line of ``text`` set in ``pt``."""
    return max((sum(char_mm(c, pt) for c in line) for line in text.split("\n")), default=0.0)


#: What a cell needs beyond its text: the margins on both sides and some room to spare.
CELL_EXTRA_MM = 2 * CELL_MARGIN_MM + 1.5
#: A wrapping column is never narrower than this many characters.
MIN_WRAP_CHARS = 4


def fit_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[int], pt: float = TABLE_PT
) -> list[float]:
    """Column widths (mm) summing to the 版心: every column not in ``wrap`` as wide as its
    widest cell (figures, dates, statuses never break); the rest shared by the ``wrap``
    columns in proportion to their longest text, none narrower than a few characters.
    A header may wrap between its characters, so it asks for at most two characters a line."""
    needs: list[float] = []
    for c, header in enumerate(headers):
        column = [row[c] for row in rows]
        head = min(text_mm(header, pt), 2 * char_mm("字", pt)) if c not in wrap else 0.0
        data = max((text_mm(t, pt) for t in column), default=0.0)
        needs.append(max(head, data if c not in wrap else 0.0) + CELL_EXTRA_MM)
    fixed = sum(needs[c] for c in range(len(headers)) if c not in wrap)
    room = BLOCK_WIDTH_MM - fixed
    least = MIN_WRAP_CHARS * char_mm("字", pt) + CELL_EXTRA_MM
    if room < least * len(wrap):
        raise ValueError(f"表格放不进版心：定宽列共 {fixed:.1f} mm")
    wants = {
        c: max(
            least,
            max((text_mm(t, pt) for t in [headers[c], *(r[c] for r in rows)]), default=0.0)
            + CELL_EXTRA_MM,
        )
        for c in wrap
    }
    total = sum(wants.values())
    shares = {c: max(least, room * want / total) for c, want in wants.items()}
    # The minimum may have pushed the sum over: take the excess from the widest.
    excess = sum(shares.values()) - room
    widest = max(shares, key=lambda c: shares[c]) if shares else None
    if widest is not None:
        shares[widest] -= excess
    widths = [shares[c] if c in wrap else needs[c] for c in range(len(headers))]
    if not wrap:  # no text column: the spare room goes to every column alike
        spare = (BLOCK_WIDTH_MM - sum(widths)) / len(widths)
        widths = [w + spare for w in widths]
    return widths


def table(
    document: DocxDocument,
    caption: str | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    wrap: Sequence[int],
    numeric: Sequence[int] = (),
) -> list[float]:
    """A table as wide as the text block (an optional caption line above), a repeated header
    row, 5号仿宋 cells (小五 when the figures do not fit unbroken in 5号); returns the column
    widths (mm)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    size = TABLE_PT
    try:
        widths_mm = fit_widths(headers, rows, wrap, size)
    except ValueError:
        size = SMALL_TABLE_PT
        widths_mm = fit_widths(headers, rows, wrap, size)
    if caption:
        label = document.add_paragraph()
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label.paragraph_format.keep_with_next = True
        _run(label, caption, HEADING1_FONT, TABLE_PT)
    grid = document.add_table(rows=1 + len(rows), cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # w:tblLayout fixed: the widths as given, never re-fitted to the content
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for r, cells in enumerate([list(headers), *[list(row) for row in rows]]):
        for c, text in enumerate(cells):
            cell = grid.cell(r, c)
            cell.width = Mm(widths_mm[c])
            paragraph = cell.paragraphs[0]
            layout = paragraph.paragraph_format
            layout.line_spacing = Pt(size * 1.25)
            layout.first_line_indent = Pt(0)
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, text, HEADING1_FONT, size)
            else:
                if c in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if c not in wrap:
                    _no_wrap(cell)
                _run(paragraph, text, None, size)
        _keep_row(grid.rows[r], header=r == 0)
    _cell_margins(grid, CELL_MARGIN_MM)
    return widths_mm


def _no_wrap(cell: Any) -> None:
    """w:noWrap: a figure's cell is never broken inside (its width fits it, see fit_widths)."""
    from docx.oxml import OxmlElement

    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(
        OxmlElement("w:noWrap"),
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    )


def _keep_row(row: Any, header: bool) -> None:
    """A row never splits across pages; the header row repeats on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _cell_margins(grid: Table, mm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(mm / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


#: Blank lines above the 署名: the 印章 (about four lines high) presses down on the 署名 and
#: the date, its top within a line of the text above (GB/T 9704 §7.3.5.1).
SEAL_LINES = 2


def signature(document: DocxDocument, issuer: str, day: dt.date) -> None:
    """署名 and 成文日期 (Arabic numerals) with room for the 印章 above; the blank lines, the 署名 and the date are kept on one page
    (keep with next, keep lines), so the date never stands alone on the last page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # The paragraph before goes with them: a page never holds only the 署名 and the date.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(SEAL_LINES):
        layout = document.add_paragraph().paragraph_format
        layout.keep_with_next = True
        layout.keep_together = True
    # The date four characters in from the right; the 署名 centred over the date
    # (仿宋's figures are half a character wide).
    date = chinese_date(day)

    def chars(text: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in text)

    centred = max(0.0, 4 + (chars(date) - chars(issuer)) / 2)
    for text, indent, last in ((issuer, centred, False), (date, 4, True)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout = paragraph.paragraph_format
        layout.right_indent = Pt(BODY_PT * indent)
        layout.keep_together = True
        layout.keep_with_next = not last


def note(document: DocxDocument, text: str) -> None:
    """附注 (公开属性, 联系人): in parentheses, two characters in, the line below the date."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(f"（{text}）")
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def _border(paragraph: Any, side: str, colour: str, eighths: int, space_pt: int = 1) -> None:
    """A rule across the paragraph (the 版心's width): the 版头's red line, the 版记's lines."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(
            borders,
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            *_AFTER_AUTOSPACE,
        )
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), colour)
    borders.append(line)


def document_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------- 版头 and 版记

#: The 发文机关标志 is at most this size (GB/T 9704 asks only that it be 醒目、美观、庄重).
MARK_MAX_PT = 42
#: The 文件 style's 发文机关标志 stands this far below the top of the 版心 (GB/T 9704 §7.2.3).
MARK_TOP_MM = 35


def mark_size(text: str) -> float:
    """The largest size (pt, at most MARK_MAX_PT) at which the mark fits one line of the 版心."""
    width_pt = BLOCK_WIDTH_MM / 25.4 * 72
    return min(MARK_MAX_PT, int(width_pt * 0.9 / max(1, len(text))))


def _red_run(paragraph: Any, text: str, size: float, font: str = TITLE_FONT) -> None:
    from docx.shared import RGBColor

    run = _run(paragraph, text, font, size)
    run.font.color.rgb = RGBColor.from_string(RED)


def masthead_file(document: DocxDocument, mark: str, number: str) -> None:
    """文件式版头: the red 发文机关标志, two lines below it the 发文字号, 4 mm below that the
    red line across the 版心."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    size = mark_size(mark)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout = paragraph.paragraph_format
    layout.space_before = Mm(MARK_TOP_MM)
    layout.line_spacing = Pt(size * 1.2)
    _red_run(paragraph, mark, size)
    document.add_paragraph()
    line = document.add_paragraph(number)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _border(line, "bottom", RED, 12, space_pt=11)  # 1.5 pt, 4 mm below the 文号
    document.add_paragraph()


def masthead_bulletin(
    document: DocxDocument, mark: str, number: str, editor: str, day: dt.date
) -> None:
    """简报式版头: the red 刊名, the 期号 below it, then 编发单位 (left) and the date (right)
    above the red line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    size = mark_size(mark)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(size * 1.3)
    _red_run(paragraph, mark, size)
    issue = document.add_paragraph(number)
    issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Mm(BLOCK_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(f"{editor}\t{chinese_date(day)}")
    _border(line, "bottom", RED, 12, space_pt=4)
    document.add_paragraph()


def colophon(document: DocxDocument, copy_to: Sequence[str], printer: str, day: dt.date) -> None:
    """版记 at the foot of the last page: 抄送 and 印发机关 + 印发日期 in 4号仿宋 between
    rules (the first and last thicker than the one between), one character in from each
    side. It is a frame at the bottom of the 版心; its rules are underlined tabs across it,
    because LibreOffice drops a frame whose paragraphs have borders."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_UNDERLINE
    from docx.shared import Mm, Pt

    lines = []
    if copy_to:
        lines.append(f"抄送：{'，'.join(copy_to)}。")
    lines.append(f"{printer}\t{chinese_date(day)}印发")
    block = Mm(BLOCK_WIDTH_MM)

    def rule(thick: bool) -> None:
        paragraph = document.add_paragraph()
        _bottom_frame(paragraph)
        layout = paragraph.paragraph_format
        layout.line_spacing = Pt(NOTE_PT * 0.6)
        layout.first_line_indent = Pt(0)
        layout.tab_stops.add_tab_stop(block, WD_TAB_ALIGNMENT.RIGHT)
        run = _run(paragraph, "\t", None, NOTE_PT * 0.5)
        run.font.underline = WD_UNDERLINE.THICK if thick else WD_UNDERLINE.SINGLE

    rule(thick=True)
    for index, text in enumerate(lines):
        paragraph = document.add_paragraph()
        _bottom_frame(paragraph)
        layout = paragraph.paragraph_format
        layout.keep_together = True
        layout.left_indent = Pt(NOTE_PT)
        layout.right_indent = Pt(NOTE_PT)
        layout.tab_stops.add_tab_stop(block - Pt(2 * NOTE_PT), WD_TAB_ALIGNMENT.RIGHT)
        if text.startswith("抄送："):
            # A long 抄送 list wraps under its first name (悬挂缩进 of 抄送：).
            layout.first_line_indent = Pt(-3 * NOTE_PT)
            layout.left_indent = Pt(4 * NOTE_PT)
        _run(paragraph, text, None, NOTE_PT)
        rule(thick=index == len(lines) - 1)
    # The frame's anchor: LibreOffice places a frame only with a paragraph after it. One
    # point high, so that it never makes a page of its own.
    anchor = document.add_paragraph().paragraph_format
    anchor.line_spacing = Pt(1)


def _bottom_frame(paragraph: Any) -> None:
    """Set the paragraph in a frame as wide as the 版心 at the bottom of the page's text block
    (the 版记's place, GB/T 9704 §7.4); consecutive framed paragraphs share one frame."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    frame = OxmlElement("w:framePr")
    for name, value in (
        ("w:w", str(round(BLOCK_WIDTH_MM / 25.4 * 1440))),
        ("w:wrap", "notBeside"),
        ("w:vAnchor", "margin"),
        ("w:hAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(name), value)
    paragraph._p.get_or_add_pPr().insert_element_before(
        frame,
        "w:widowControl",
        "w:numPr",
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        *_AFTER_AUTOSPACE,
    )


# ----------------------------------------------------------------- 催办通知

#: The notice's columns in the .docx: all but 所属措施 (ten columns do not fit a 156 mm 版心;
#: the Markdown and JSON notices keep it).
NOTICE_DOCX_COLUMNS = tuple(i for i, name in enumerate(NOTICE_HEADERS) if name != "所属措施")


def notice_docx(
    plan: Plan,
    notice: Notice,
    as_of: dt.date,
    within: int,
    since: dt.date | None,
    sheet: NoticeSheet | None = None,
) -> bytes:
    """One unit's 催办通知: 督办编号, the unit's formal name, 报送时限, what it owes (负责 or 配合,
    its own figure), contact, 署名 and date kept together."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if sheet is None:
        sheet = notice_sheets(plan, [notice], as_of, None, None)[0]
    document = new_document()
    title(document, notice_title(plan))
    number = document.paragraphs[-1]  # the blank line after the title carries the number
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run(f"督办编号：{sheet.number}")
    document.add_paragraph()
    addressee(document, sheet.addressee)
    body(document, notice_opening(plan, notice, as_of, within))
    body(document, notice_due_line(plan, sheet))
    headers = [NOTICE_HEADERS[i] for i in NOTICE_DOCX_COLUMNS]
    wrap = (headers.index("目标"),)
    for index, (text, rows) in enumerate(notice_parts(plan, notice, since)):
        heading(document, 1, f"{to_chinese(index + 1)}、{text}")
        rows = [[row[0].replace("（", "\n（", 1), *row[1:]] for row in rows]
        rows = [[row[i] for i in NOTICE_DOCX_COLUMNS] for row in rows]
        table(document, None, headers, rows, wrap, numeric=(0, 2, 4, 5, 6, 7))
        document.add_paragraph()
    contact = contact_line(plan)
    if contact:
        body(document, contact + "。")
    signature(document, issuer_of(plan), sheet.written)
    return document_bytes(document)


# ----------------------------------------------------------------- 通报

SECTION_HEADERS = [
    "部分",
    "目标数",
    "已完成",
    "其中逾期完成",
    "推进中",
    "未启动",
    "逾期",
    "滞后",
    "完成度",
]
ATTENTION_HEADERS = ["编号", "目标", "指标", "截止日期", "实际", "完成度", "状态", "责任单位"]


@dataclass(frozen=True)
class GongwenOptions:
    """What the office says on the day it signs: none of it is a figure of the report."""

    #: 成文日期 (and 印发日期); None: the report's as-of date.
    written: dt.date | None = None
    #: The {n} of the 发文字号 or 期号; None: left blank to be written in.
    number: int | None = None
    #: The office's own paragraphs by section (see :mod:`zygj.load.office_text`).
    text: Mapping[str, Sequence[str]] = field(default_factory=dict)


def report_title(plan: Plan, as_of: dt.date) -> tuple[str, str]:
    """The title's two lines: what the 通报 is about, and the date it speaks of."""
    return f"关于{plan_name(plan)}落实情况的通报", f"（截至{chinese_date(as_of)}）"


def overall_sentence(plan: Plan, report: Report) -> str:
    """总体情况 in prose, every figure from the report."""
    o = report.overall
    document = plan.measures_file.document
    number = f"（{document.number}）" if document.number else ""
    parts = [
        f"截至{chinese_date(report.as_of)}，{plan_name(plan)}{number}确定的 {o.total} 项目标"
        f"中，已完成 {report.done_total} 项（其中逾期完成 {o.done_late} 项），"
        f"推进中 {o.in_progress} 项（其中滞后 {o.in_progress_behind} 项），"
        f"未启动 {o.not_started} 项（其中滞后 {o.not_started_behind} 项），"
        f"逾期未完成 {o.overdue} 项，"
        + (f"未达到力争目标 {o.soft_missed} 项，" if o.soft_missed else "")
        + f"总体完成度 {percent_text(o.completion)}。"
    ]
    return "".join(parts)


def section_cells(s: GroupSummary) -> list[str]:
    return [
        s.label,
        str(s.total),
        str(s.done + s.done_late),
        str(s.done_late),
        str(s.in_progress),
        str(s.not_started),
        str(s.overdue),
        str(s.behind),
        percent_text(s.completion),
    ]


def cell_label(r: Result) -> str:
    """编号 in a narrow column: the year of an annual target on a line of its own."""
    return r.instance.label.replace("（", "\n（", 1)


def attention_cells(r: Result) -> list[str]:
    return [
        cell_label(r),
        target_title(r.instance.target),
        figure_text(r.instance.target),
        r.instance.deadline.isoformat(),
        number_text(r.actual) or "—",
        percent_text(r.completion),
        status_text(r),
        r.instance.owner or "",
    ]


CHANGE_HEADERS = ["编号", "目标", "上期状态", "本期状态", "本期实际", "变化", "状态变化"]
MISSING_HEADERS = ["编号", "目标", "应报", "未报送单位"]
UNCOUNTED_HEADERS = ["编号", "单位", "日期", "数值或状态", "位置"]


def changes_sentence(report: Report) -> str:
    """本期变化 in prose: how many targets moved, and how."""
    changes = report.changes
    assert report.since is not None
    counts = report.transitions
    head = f"{chinese_date(report.since)}至{chinese_date(report.as_of)}，"
    if not changes:
        return head + "各目标的数字和状态均无变化。"
    return (
        head
        + f"{len(changes)} 项目标有变化，其中新完成 {counts['新完成']} 项、退回未完成 {counts['退回未完成']} 项、"
        f"新逾期 {counts['新逾期']} 项、转为滞后 {counts['转为滞后']} 项。"
    )


def change_cells(change: Change) -> list[str]:
    now, before = change.now, change.before
    delta = change.delta
    shown = "—" if delta is None else ("+" if delta > 0 else "") + (number_text(delta) or "0")
    return [
        cell_label(now),
        target_title(now.instance.target),
        status_text(before),
        status_text(now),
        number_text(now.actual) or "—",
        shown,
        change.transition or "",
    ]


def missing_cells(report: Report, result: Result) -> list[str]:
    asked = len(result.asked)
    return [
        cell_label(result),
        target_title(result.instance.target),
        f"{asked - len(result.missing)}/{asked}",
        "、".join(report.in_office_order(result.missing)),
    ]


@dataclass
class Attachment:
    """A numbered 附件: its title and its table."""

    title: str
    headers: Sequence[str]
    rows: list[list[str]]
    wrap: Sequence[int]
    numeric: Sequence[int]


def attachments_of(report: Report, scores: Sequence[UnitScore]) -> dict[str, Attachment]:
    """The 通报's 附件 by key, in the order they are numbered."""
    found: dict[str, Attachment] = {
        "sections": Attachment(
            "各部分目标完成情况",
            SECTION_HEADERS,
            [section_cells(s) for s in report.sections],
            (0,),
            range(1, 9),
        ),
    }
    if report.since is not None and report.changes:
        found["changes"] = Attachment(
            "本期有变化的目标",
            CHANGE_HEADERS,
            [change_cells(c) for c in report.changes],
            (1,),
            (0, 4, 5),
        )
    if report.attention:
        found["attention"] = Attachment(
            "逾期和滞后的目标",
            ATTENTION_HEADERS,
            [attention_cells(r) for r in report.attention_overdue_first],
            (1, 7),
            (0, 3, 4, 5),
        )
    if report.missing:
        found["missing"] = Attachment(
            "未报送进展的目标",
            MISSING_HEADERS,
            [missing_cells(report, r) for r in report.missing],
            (1, 3),
            (0, 2),
        )
    if report.uncounted:  # a slip to correct, shown only when there is one (as on the web page)
        from zygj.output.cycle_report import uncounted_grid

        found["uncounted"] = Attachment(
            "未计入的记录", UNCOUNTED_HEADERS, uncounted_grid(report).rows, (1, 4), (0, 2, 3)
        )
    if report.timeliness is not None and report.timeliness.periods:  # only where 签收 is kept
        from zygj.output.timeliness import timeliness_grid

        grid = timeliness_grid(report.timeliness)
        found["timeliness"] = Attachment(
            "各单位报送及时率", grid.headers, grid.rows, (0,), grid.numeric
        )
    if any(r.review is not None for r in report.results):  # 核查 and 佐证, as on the web page
        from zygj.output.review_report import HEADERS, review_grid

        found["review"] = Attachment(
            "核查情况", HEADERS, review_grid(report).rows, (2, 3, 4, 5), (0, 1)
        )
    if scores:
        found["scores"] = Attachment(
            f"{report.score_year}年度考评排名",
            SCORE_HEADERS,
            [score_cells(s) for s in scores],
            (1,),
            (0, *range(2, 12)),
        )
    return found


def lagging_text(units: Sequence[LaggingUnit]) -> str:
    """市人力资源社会保障局（逾期 2 项、滞后 5 项）、…: each 牵头单位 with its counts."""

    def counts(u: LaggingUnit) -> str:
        parts = [f"逾期 {u.overdue} 项"] if u.overdue else []
        return "、".join(parts + ([f"滞后 {u.behind} 项"] if u.behind else []))

    return "、".join(f"{u.unit}（{counts(u)}）" for u in units)


def narrative(
    report: Report, scores: Sequence[UnitScore], numbers: Mapping[str, int]
) -> dict[str, list[str]]:
    """The data-driven sentences of each part of the body (the office's follow them)."""
    plan = report.plan
    o = report.overall
    see = {key: f"（见附件{n}）" for key, n in numbers.items()}
    parts: dict[str, list[str]] = {"总体情况": [overall_sentence(plan, report)]}
    if report.since is not None:
        parts["本期变化"] = [changes_sentence(report) + see.get("changes", "")]
    done = [
        f"{report.done_total} 项目标已完成，其中按时完成 {o.done} 项。"
        if report.done_total
        else "目前尚无完成的目标。"
    ]
    finished = report.finished_sections
    if finished:
        done.append(f"{'、'.join(s.label for s in finished)}的目标已全部完成。")
    best = report.best_section
    if best is not None:
        done.append(
            f"各部分中，{best.label}完成度最高，为 {percent_text(best.completion)}{see['sections']}。"
        )
    if report.since is not None and report.transitions["新完成"]:
        done.append(f"本期新完成 {report.transitions['新完成']} 项。")
    parts["主要成效"] = ["".join(done)]
    problems = []
    if report.lagging:
        problems.append(
            f"逾期未完成 {o.overdue} 项、进度滞后 {o.behind} 项{see.get('attention', '')}，"
            f"涉及 {len(report.lagging)} 个牵头单位：{lagging_text(report.lagging)}。"
        )
    else:
        problems.append("没有逾期或滞后的目标。")
    period = f"{chinese_date(report.since)}以来" if report.since else "截至目前"
    if report.missing:
        silent = report.missing_units
        problems.append(
            f"{period}，{len(report.missing)} 项目标有应报单位未报送进展{see['missing']}，"
            f"涉及 {len(silent)} 个单位：{'、'.join(silent)}。"
        )
    else:
        problems.append(f"{period}，各应报单位均已报送。")
    if report.uncounted:
        problems.append(
            f"{len(report.uncounted)}条记录的填报单位不是该目标的填报单位，未计入完成情况"
            f"{see['uncounted']}，请核对目标编号或单位。"
        )
    if "timeliness" in numbers and report.timeliness is not None:  # only where 签收 is kept
        from zygj.output.timeliness import timeliness_sentence

        problems.append(timeliness_sentence(report.timeliness) + see["timeliness"] + "。")
    if "review" in numbers:
        from zygj.output.review_report import review_title

        problems.append(f"{review_title(report)}{see['review']}。")
    if scores:
        problems.append(f"{report.score_year}年度各单位考评得分及排名见附件{numbers['scores']}。")
    parts["存在问题"] = problems
    asks = []
    if report.lagging:
        asks.append(
            f"请{'、'.join(u.unit for u in report.lagging)}对照附件{numbers['attention']}所列目标，"
            "逐项明确措施和完成时限，抓紧推进。"
        )
    if report.missing:
        asks.append("请未报送单位抓紧补报进展情况。")
    asks.append("各单位要按时报送进展数据，确保数据真实准确。")
    parts["下一步工作要求"] = asks
    return parts


#: The body's parts, in order (本期变化 only with --since).
BODY_PARTS = ("总体情况", "本期变化", "主要成效", "存在问题", "下一步工作要求")


def report_docx(report: Report, scores: Sequence[UnitScore], options: GongwenOptions) -> bytes:
    """The 通报 as a 公文 an office signs: 版头, title, 主送, the body (总体情况, 本期变化, 主要成效,
    存在问题, 下一步工作要求: the report's sentences, then the office's own paragraphs),
    附件说明, 署名 and 成文日期 with room for the 印章, 附注 (公开属性, 联系人), the detail
    tables as numbered 附件, and the 版记. Every figure is the report's."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    plan = report.plan
    office = office_of(plan)
    meta = plan.measures_file.document
    written = options.written or report.as_of
    issuer = issuer_of(plan)
    document = new_document()
    if office.style == "bulletin":
        masthead_bulletin(
            document,
            office.mark or "督查通报",
            numbered(office.number or "第{n}期", written.year, options.number),
            office.name,
            written,
        )
    else:
        masthead_file(
            document,
            office.mark or f"{issuer}文件",
            numbered(office.number or "〔{year}〕{n}号", written.year, options.number),
        )
    title(document, *report_title(plan, report.as_of))
    addressees = office.addressees or meta.addressees
    if addressees:
        addressee(document, addressees)
    attachments = attachments_of(report, scores)
    numbers = {key: index for index, key in enumerate(attachments, start=1)}
    sentences = narrative(report, scores, numbers)
    for index, part in enumerate((p for p in BODY_PARTS if p in sentences), start=1):
        heading(document, 1, f"{to_chinese(index)}、{part}")
        for text in [*sentences[part], *options.text.get(part, ())]:
            body(document, text)
    # 附件说明: a blank line below the body, 附件：1．… with later names aligned under the first;
    # the body's last paragraph goes with it to the 署名 (see signature).
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    for index, attachment in enumerate(attachments.values(), start=1):
        paragraph = document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.left_indent = Pt(BODY_PT * 5)
        layout.first_line_indent = Pt(-BODY_PT * 3)
        layout.keep_with_next = True
        paragraph.add_run(
            ("附件：" if index == 1 else "\u3000\u3000\u3000") + f"{index}．{attachment.title}"
        )
    signature(document, issuer, written)
    if office.public:
        note(document, office.public)
    contact = contact_line(plan)
    if contact:
        note(document, contact)
    for index, attachment in enumerate(attachments.values(), start=1):
        label = document.add_paragraph()
        label.paragraph_format.page_break_before = (
            True  # (a break of its own may leave a blank page)
        )
        label.paragraph_format.keep_with_next = True
        _run(label, f"附件{index}", HEADING1_FONT)
        document.add_paragraph().paragraph_format.keep_with_next = True
        name = document.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        name.paragraph_format.keep_with_next = True
        name.paragraph_format.line_spacing = Pt(LINE_PT * 1.2)
        _run(name, attachment.title, TITLE_FONT, TITLE_PT)
        document.add_paragraph().paragraph_format.keep_with_next = True
        table(
            document, None, attachment.headers, attachment.rows, attachment.wrap, attachment.numeric
        )
    colophon(document, office.copy_to, office.name, written)
    return document_bytes(document)


def gongwen_report(report: Report, options: GongwenOptions | None = None) -> bytes:
    """`report --format docx`: the 通报 with the year's 考评 ranking, dated ``options.written``
    (default: the report's as-of date, never the machine's today)."""
    return report_docx(report, report.scores, options or GongwenOptions())
