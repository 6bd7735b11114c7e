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

python-docx is imported only here, and only when a .docx is written.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from zygj.core.numerals import to_chinese
from zygj.core.plan import Plan
from zygj.output.cycle_close import (
    NOTICE_HEADERS,
    chinese_date,
    contact_line,
    notice_opening,
    notice_parts,
    notice_title,
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
    from zygj.rules.reminders import Notice
    from zygj.rules.report import Change, Report
    from zygj.rules.scoring import GroupSummary, Result

# ----------------------------------------------------------------- the layout

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TOP_MM = 37  # 天头
LEFT_MM = 28  # 订口
BLOCK_WIDTH_MM = 156  # 版心
BLOCK_HEIGHT_MM = 225
LINES = 22
CHARS = 28

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
CELL_MARGIN_MM = 1.0
TABLE_PT = 10.5  # 5号: a table of eight columns fits the block without breaking words
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
    rpr.append(spacing)
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(LINE_PT)
    layout.space_before = layout.space_after = Pt(0)
    layout.widow_control = False
    ppr = normal.element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space around Arabic numerals
        element = OxmlElement(name)
        element.set(qn("w:val"), "0")
        ppr.append(element)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    _declare_fonts(document)
    return document


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


def _run(paragraph: Any, text: str, font: str | None = None, size: float | None = None,
         bold: bool = False) -> Any:  # fmt: skip
    from docx.shared import Pt

    run = paragraph.add_run(text)
    if font is not None:
        set_font(run._r, font)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


def title(document: DocxDocument, *lines: str) -> None:
    """标题: 2号小标宋, centred, each given line on its own, a blank line after it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

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


def body(document: DocxDocument, text: str) -> None:
    """正文: first line indented two characters."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def heading(document: DocxDocument, level: int, text: str) -> None:
    """一、… in 3号黑体; （一）… in 3号楷体; indented two characters like the body."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, HEADING1_FONT if level == 1 else HEADING2_FONT)


def table(
    document: DocxDocument, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float], numeric: Sequence[int] = (),
) -> None:  # fmt: skip
    """A table as wide as the text block: a caption line, a repeated header row, 5号仿宋 cells."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    assert abs(sum(widths_mm) - BLOCK_WIDTH_MM) < 0.5, "a table fills the text block exactly"
    label = document.add_paragraph()
    label.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label.paragraph_format.keep_with_next = True
    _run(label, caption, HEADING1_FONT, TABLE_PT)
    grid = document.add_table(rows=1 + len(rows), cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for r, cells in enumerate([list(headers), *[list(row) for row in rows]]):
        for c, text in enumerate(cells):
            cell = grid.cell(r, c)
            cell.width = Mm(widths_mm[c])
            paragraph = cell.paragraphs[0]
            layout = paragraph.paragraph_format
            layout.line_spacing = Pt(TABLE_PT * 1.25)
            layout.first_line_indent = Pt(0)
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, text, HEADING1_FONT, TABLE_PT)
            else:
                if c in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, text, None, TABLE_PT)
        _keep_row(grid.rows[r], header=r == 0)
    _cell_margins(grid, CELL_MARGIN_MM)
    document.add_paragraph()


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
    grid._tbl.tblPr.append(margins)


def signature(document: DocxDocument, issuer: str, day: dt.date) -> None:
    """署名 and 成文日期 (Arabic numerals), the date four characters in from the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_paragraph()
    for text, indent in ((issuer, 2), (chinese_date(day), 4)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * indent)


def document_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------- 催办通知

#: The notice's columns in the .docx: all but 所属措施 (ten columns do not fit a 156 mm 版心;
#: the Markdown and JSON notices keep it).
NOTICE_DOCX_COLUMNS = tuple(i for i, name in enumerate(NOTICE_HEADERS) if name != "所属措施")
NOTICE_WIDTHS = (18, 30, 10, 16, 23, 14, 12, 13, 20)


def notice_docx(
    plan: Plan, notice: Notice, as_of: dt.date, within: int, since: dt.date | None
) -> bytes:
    document = new_document()
    title(document, notice_title(plan))
    addressee(document, notice.unit)
    body(document, notice_opening(plan, notice, as_of, within))
    for index, (text, rows) in enumerate(notice_parts(plan, notice, since)):
        heading(document, 1, f"{to_chinese(index + 1)}、{text}")
        rows = [[row[0].replace("（", "\n（", 1), *row[1:]] for row in rows]
        rows = [[row[i] for i in NOTICE_DOCX_COLUMNS] for row in rows]
        headers = [NOTICE_HEADERS[i] for i in NOTICE_DOCX_COLUMNS]
        table(document, f"表{index + 1}  {text}", headers, rows, NOTICE_WIDTHS,
              numeric=(0, 4, 5, 6, 7))  # fmt: skip
    contact = contact_line(plan)
    if contact:
        body(document, contact)
    signature(document, plan.measures_file.document.issuer, as_of)
    return document_bytes(document)


# ----------------------------------------------------------------- 通报

SECTION_HEADERS = ["部分", "目标数", "已完成", "其中逾期完成", "推进中", "未启动", "逾期", "滞后", "完成度"]
SECTION_WIDTHS = (44, 14, 14, 14, 14, 14, 14, 14, 14)
ATTENTION_HEADERS = ["编号", "目标", "指标", "截止日期", "实际", "完成度", "状态", "责任单位"]
ATTENTION_WIDTHS = (20, 30, 16, 25, 12, 13, 17, 23)
SCORE_WIDTHS = (12, 30, 14, 11, 11, 11, 11, 11, 11, 12, 11, 11)


def report_title(plan: Plan, as_of: dt.date) -> tuple[str, str]:
    """The title's two lines: what the 通报 is about, and the date it speaks of."""
    return f"关于{plan_name(plan)}落实情况的通报", f"（截至{chinese_date(as_of)}）"


def overall_sentence(plan: Plan, report: Report) -> str:
    """总体情况 in prose, every figure from the report."""
    o = report.overall
    document = plan.measures_file.document
    parts = [
        f"截至{chinese_date(report.as_of)}，{plan_name(plan)}（{document.number}）确定的 {o.total} 项目标"
        f"中，已完成 {o.done + o.done_late} 项（其中逾期完成 {o.done_late} 项），"
        f"推进中 {o.in_progress} 项（其中滞后 {o.in_progress_behind} 项），"
        f"未启动 {o.not_started} 项（其中滞后 {o.not_started_behind} 项），"
        f"逾期未完成 {o.overdue} 项，"
        + (f"未达到力争目标 {o.soft_missed} 项，" if o.soft_missed else "")
        + f"总体完成度 {percent_text(o.completion)}。"
    ]
    return "".join(parts)


def section_cells(s: GroupSummary) -> list[str]:
    return [
        s.label, str(s.total), str(s.done + s.done_late), str(s.done_late), str(s.in_progress),
        str(s.not_started), str(s.overdue), str(s.behind), percent_text(s.completion),
    ]  # fmt: skip


def cell_label(r: Result) -> str:
    """编号 in a narrow column: the year of an annual target on a line of its own."""
    return r.instance.label.replace("（", "\n（", 1)


def attention_cells(r: Result) -> list[str]:
    return [
        cell_label(r), target_title(r.instance.target), figure_text(r.instance.target),
        r.instance.deadline.isoformat(), number_text(r.actual) or "—",
        percent_text(r.completion), status_text(r), r.instance.owner or "",
    ]  # fmt: skip


CHANGE_HEADERS = ["编号", "目标", "上期状态", "本期状态", "本期实际", "变化", "状态变化"]
CHANGE_WIDTHS = (20, 40, 22, 22, 17, 15, 20)
MISSING_HEADERS = ["编号", "目标", "应报", "未报送单位"]
MISSING_WIDTHS = (22, 50, 14, 70)
UNCOUNTED_HEADERS = ["编号", "单位", "日期", "数值或状态", "位置"]
UNCOUNTED_WIDTHS = (22, 36, 24, 22, 52)


def changes_sentence(report: Report) -> str:
    """本期变化 in prose: how many targets moved, and how."""
    changes = report.changes
    assert report.since is not None
    counts = report.transitions
    head = f"{chinese_date(report.since)}至{chinese_date(report.as_of)}，"
    if not changes:
        return head + "各目标的数字和状态均无变化。"
    return (
        head + f"{len(changes)} 项目标有变化，其中新完成 {counts['新完成']} 项、退回未完成 {counts['退回未完成']} 项、"
        f"新逾期 {counts['新逾期']} 项、转为滞后 {counts['转为滞后']} 项。"
    )


def change_cells(change: Change) -> list[str]:
    now, before = change.now, change.before
    delta = change.delta
    shown = "—" if delta is None else ("+" if delta > 0 else "") + (number_text(delta) or "0")
    return [
        cell_label(now), target_title(now.instance.target), status_text(before), status_text(now),
        number_text(now.actual) or "—", shown, change.transition or "",
    ]  # fmt: skip


def missing_cells(result: Result) -> list[str]:
    asked = len(result.asked)
    return [
        cell_label(result), target_title(result.instance.target),
        f"{asked - len(result.missing)}/{asked}", "、".join(result.missing),
    ]  # fmt: skip


def report_docx(report: Report, scores: Sequence[UnitScore], written: dt.date) -> bytes:
    """The 通报 as a 公文: the same figures as ``report --format json`` and the HTML page."""
    plan = report.plan
    document = new_document()
    meta = plan.measures_file.document
    title(document, *report_title(plan, report.as_of))
    if meta.addressees:
        addressee(document, meta.addressees)
    numbers = map(to_chinese, itertools.count(1))

    def next_heading(text: str) -> None:
        heading(document, 1, f"{next(numbers)}、{text}")

    tables = iter(range(1, 100))
    next_heading("总体情况")
    body(document, overall_sentence(plan, report))
    if report.since is not None:
        next_heading("本期变化")
        changes = report.changes
        body(document, changes_sentence(report))
        if changes:
            table(document, f"表{next(tables)}  本期有变化的目标", CHANGE_HEADERS,
                  [change_cells(c) for c in changes], CHANGE_WIDTHS, numeric=(0, 4, 5))  # fmt: skip
    sections = report.sections
    next_heading("各部分完成情况")
    best = max(sections, key=lambda s: s.completion) if sections else None
    number = next(tables)
    if best is not None:
        body(document, f"各部分中，{best.label}完成度最高，为 {percent_text(best.completion)}。"
                       f"各部分目标完成情况见表{number}。")  # fmt: skip
    table(document, f"表{number}  各部分目标完成情况", SECTION_HEADERS,
          [section_cells(s) for s in sections], SECTION_WIDTHS, numeric=range(1, 9))  # fmt: skip
    attention = report.attention_overdue_first
    overdue, behind = report.overall.overdue, report.overall.behind
    next_heading("需关注的目标")
    if attention:
        number = next(tables)
        body(document, f"逾期未完成 {overdue} 项、进度滞后 {behind} 项，见表{number}。"
                       "请责任单位对照清单抓紧推进。")  # fmt: skip
        table(document, f"表{number}  逾期和滞后的目标", ATTENTION_HEADERS,
              [attention_cells(r) for r in attention], ATTENTION_WIDTHS,
              numeric=(0, 3, 4, 5))  # fmt: skip
    else:
        body(document, "没有逾期或滞后的目标。")
    next_heading("未报送情况")
    missing = report.missing
    period = f"{chinese_date(report.since)}以来" if report.since else "截至目前"
    if missing:
        number = next(tables)
        silent = report.missing_units
        body(document, f"{period}，{len(missing)} 项目标有应报单位未报送进展，涉及 {len(silent)} 个单位："
                       f"{'、'.join(silent)}。明细见表{number}。")  # fmt: skip
        table(document, f"表{number}  未报送进展的目标", MISSING_HEADERS,
              [missing_cells(r) for r in missing], MISSING_WIDTHS, numeric=(0, 2))  # fmt: skip
    else:
        body(document, f"{period}，各应报单位均已报送。")
    if report.uncounted:  # a slip to correct, shown only when there is one (as on the web page)
        from zygj.output.cycle_report import uncounted_grid

        next_heading("未计入的记录")
        number = next(tables)
        body(document, f"{len(report.uncounted)} 条记录的填报单位不是该目标的填报单位，未计入完成情况，"
                       f"见表{number}。请核对目标编号或单位。")  # fmt: skip
        table(document, f"表{number}  未计入的记录", UNCOUNTED_HEADERS, uncounted_grid(report).rows,
              UNCOUNTED_WIDTHS, numeric=(0, 2, 3))  # fmt: skip
    next_heading("考评排名")
    if scores:
        number = next(tables)
        body(document, f"按考评办法，{report.score_year}年度各单位得分及排名见表{number}。")
        table(document, f"表{number}  {report.score_year}年度考评排名", SCORE_HEADERS,
              [score_cells(s) for s in scores], SCORE_WIDTHS,
              numeric=(0, *range(2, 12)))  # fmt: skip
    else:
        body(document, f"{report.score_year}年度没有到期的目标，暂不排名。")
    signature(document, meta.issuer, written)
    return document_bytes(document)


def gongwen_report(report: Report, written: dt.date | None = None) -> bytes:
    """`report --format docx`: the 通报 with the year's 考评 ranking, dated ``written`` (today)."""
    from zygj.core.clock import today

    return report_docx(report, report.scores, written or today())
