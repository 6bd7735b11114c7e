"""Reading the document into neutral blocks: paragraphs (lines) and tables of cells.

``.txt`` and ``.html`` become one :class:`Para` per line (blank lines kept: the
table-as-lines form of a web page depends on them); ``.docx`` becomes its body
paragraphs and tables in document order. python-docx is imported only in the
.docx reader.
"""

from __future__ import annotations

import html.parser
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zygj.core.diagnostics import UsageError, display_path
from zygj.drafting.model import DraftingError, Loc

if TYPE_CHECKING:
    from docx.table import Table as DocxTable

SAVE_AS = "请另存为 .docx 或把正文粘贴到 .txt"
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
#: Formats people receive that cannot be read directly.
UNREADABLE = {
    ".doc": "旧版 Word（.doc）",
    ".pdf": "PDF",
    ".wps": "WPS",
    ".rtf": "RTF",
    ".odt": "ODT",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Whitespace trimmed from every line: ASCII, no-break and ideographic spaces.
SPACES = " \t\u00a0\u3000\ufeff\r"


@dataclass
class Para:
    """A line of text (txt/html) or a body paragraph (.docx)."""

    text: str
    loc: Loc
    #: The raw line began with a tab: one cell of a table written as lines.
    indented: bool = False


@dataclass
class Cell:
    text: str
    loc: Loc
    #: Grid columns this cell spans (a merged section row spans them all).
    span: int = 1
    #: Continuation of a vertically merged cell: its text belongs to the row above.
    merged_from_above: bool = False
    #: The cell's text was joined from pieces (paragraphs) that looked like one broken line.
    joined: list[str] = field(default_factory=list)


@dataclass
class Table:
    rows: list[list[Cell]]
    loc: Loc


Block = Para | Table


@dataclass
class SourceDoc:
    path: Path
    name: str
    blocks: list[Block]


def clean(text: str) -> str:
    return text.strip(SPACES)


def join_pieces(pieces: list[str]) -> tuple[str, bool]:
    """Join the pieces of one cell; ``True`` when a piece was glued to a broken line.

    A piece ending a sentence (。；！？) starts a new line; any other break is a line
    broken inside a phrase or a name (``市教育`` / ``体育局``) and is joined without a space.
    """
    parts = [p for p in (clean(x) for x in pieces) if p]
    if not parts:
        return "", False
    text = parts[0]
    glued = False
    for part in parts[1:]:
        if text.endswith(("。", "；", "！", "？", "：")):
            text += "\n" + part
        else:
            text += part
            glued = True
    return text, glued


def read_source(path: Path) -> SourceDoc:
    """Read ``path`` into blocks; a :class:`DraftingError` with a Chinese message otherwise."""
    name = path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        # Like every other file zygj is asked to read: a missing file is a usage error (exit 2).
        raise UsageError(
            "文件不存在" if not path.exists() else "这不是一个文件", display_path(path)
        )
    if suffix in UNREADABLE:
        raise DraftingError(f"不能直接读取{UNREADABLE[suffix]}文件：{SAVE_AS}", str(path))
    if suffix == ".docx":
        return SourceDoc(path, name, _read_docx(path))
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        text = _decode(path)
        if suffix in HTML_SUFFIXES or re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE):
            text = html_to_text(text)
        return SourceDoc(path, name, _lines(text, name))
    raise DraftingError(
        f"不认识的文件类型“{path.suffix or '（无扩展名）'}”：能读取 .docx、.txt、.html；{SAVE_AS}",
        str(path),
    )


#: A plan is a few thousand lines at most; drafting time grows with the lines
#: (measured: 30,000 numbered items about 8 s as .docx, 5 s as .txt), so far more is refused before the work.
MAX_SOURCE_LINES = 30_000


def _too_long(count: int, what: str, path: Path | str) -> DraftingError:
    return DraftingError(
        f"原文过长（共 {count} {what}，上限 {MAX_SOURCE_LINES} {what}）：一份分工方案通常不过几千{what}，请确认是否选错了文件",
        str(path),
    )


def _decode(path: Path) -> str:
    from zygj.files.reading import read_bytes

    data = read_bytes(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftingError(f"无法识别文件的编码（试过 UTF-8 和 GB18030）：{SAVE_AS}", str(path))


def _lines(text: str, name: str) -> list[Block]:
    count = text.count("\n") + 1
    if count > MAX_SOURCE_LINES:
        raise _too_long(count, "行", name)
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        blocks.append(Para(clean(raw), Loc(name, line=number), indented=raw.startswith("\t")))
    return blocks


class _TextOfHtml(html.parser.HTMLParser):
    """The text of a web page: one line per block element, table cells as tab-led lines."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in ("td", "th"):
            self.out.append("\n\t")
        elif tag == "tr" or tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag == "tr":
            self.out.append("\n\n")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data.replace("\n", ""))


def html_to_text(source: str) -> str:
    parser = _TextOfHtml()
    parser.feed(source)
    parser.close()
    text = "".join(parser.out)
    # A paragraph inside a cell (<td><p>市教育</p><p>体育局</p></td>) is one cell, broken.
    return re.sub(r"\n\t\n+(?=[^\t\n])", "\n\t", text)


# ------------------------------------------------------------------------ .docx


#: The XML of a plan's .docx is a few MB at most; far more is a "zip bomb", not a plan.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024
#: Word cannot make a table wider than 63 columns.
MAX_GRID_SPAN = 64


def _read_docx(path: Path) -> list[Block]:
    from zygj.files.reading import read_bytes

    name = path.name
    data = read_bytes(path)
    if data[:8] == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DraftingError(
                "文件已加密（设有打开密码），无法读取：请在 Word 中取消密码后另存为 .docx，或把正文粘贴到 .txt",
                str(path),
            )
        raise DraftingError(f"这是旧版 Word（.doc）文件，只是扩展名为 .docx：{SAVE_AS}", str(path))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DraftingError(
            f"不是有效的 .docx 文件（不是 zip 压缩包）：{SAVE_AS}", str(path)
        ) from None
    with archive:
        _check_docx_parts(archive, path)

    import docx  # python-docx: imported only here
    from docx.table import Table as DocxTable

    blocks: list[Block] = []
    paragraph_no = 0
    table_no = 0
    try:
        document = docx.Document(io.BytesIO(data))
        for element in _blocks_of(document.element.body):
            if element.tag == _W_P:
                paragraph_no += 1
                for offset, line in enumerate(_paragraph_text(element).split("\n")):
                    blocks.append(Para(clean(line), Loc(name, paragraph=paragraph_no + offset)))
            else:
                table_no += 1
                blocks.append(_docx_table(DocxTable(element, document), name, table_no))
    except DraftingError:
        raise
    except Exception as exc:  # any shape python-docx did not expect is a broken file
        # The XML is well-formed (checked above), but a part is missing or holds what
        # Word never writes (no body, a width that is not a number …).
        where = f"（读到第 {table_no} 个表格、第 {paragraph_no} 段之后）" if blocks else ""
        raise DraftingError(
            f"不是有效的 .docx 文件：文件结构不完整或已损坏{where}（{exc.__class__.__name__}）：{SAVE_AS}",
            str(path),
        ) from None
    return blocks


def _check_docx_parts(archive: zipfile.ZipFile, path: Path) -> None:
    """Every XML part within the size budget and well-formed, else a message naming the part and line.

    Parsing is bounded: entities are not expanded, nothing is fetched, and
    nesting deeper than 256 levels (no Word document comes near) is refused.
    """
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

    parts = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
    total = sum(i.file_size for i in parts)
    if total > MAX_DOCX_XML_BYTES:
        raise DraftingError(
            f"文件解压后过大（正文等 XML 部分共 {total / 1024 / 1024:.0f} MB，上限 "
            f"{MAX_DOCX_XML_BYTES // 1024 // 1024} MB）：不像是一份方案，请确认是否选错了文件",
            str(path),
        )
    for info in parts:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
        )
        try:
            with archive.open(info) as handle:
                tree = etree.parse(handle, parser)
            if info.filename == "word/document.xml":
                count = sum(1 for _ in tree.iter(_W_P))
                if count > MAX_SOURCE_LINES:
                    raise _too_long(count, "段", path)
            del tree
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (0, 0)
            reason = "嵌套层数过深" if "depth" in str(exc).lower() else "不是格式正确的 XML"
            raise DraftingError(
                f"文件已损坏：其中的 {info.filename} 第 {line} 行第 {column} 列{reason}：{SAVE_AS}",
                str(path),
            ) from None
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
        ) as exc:
            raise DraftingError(
                f"文件已损坏：其中的 {info.filename} 无法解压（{exc.__class__.__name__}）：{SAVE_AS}",
                str(path),
            ) from None


def _docx_table(table: DocxTable, name: str, table_no: int) -> Table:
    rows: list[list[Cell]] = []
    for row_no, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        column = 0
        for tc in row._tr.tc_lst:
            column += 1
            span = int(tc.grid_span)
            loc = Loc(name, table=table_no, row=row_no, cell=column)
            if not 1 <= span <= MAX_GRID_SPAN:
                raise DraftingError(
                    f"单元格跨 {span} 列，不是 Word 能做出的表格（最多 63 列）：文件已损坏",
                    str(loc),
                )
            if tc.vMerge == "continue":
                cells.append(Cell("", loc, span=span, merged_from_above=True))
                continue
            pieces = ["".join(t.text or "" for t in p.iter(_W_T)) for p in tc.iter(_W_P)]
            text, glued = join_pieces(pieces)
            cells.append(Cell(text, loc, span=span, joined=pieces if glued else []))
        rows.append(cells)
    return Table(rows, Loc(name, table=table_no))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P = f"{_W}p"
_W_T = f"{_W}t"
_W_TBL = f"{_W}tbl"
#: Wrappers whose content is the document's own text: content controls, custom XML,
#: smart tags, tracked insertions and moves, hyperlinks, fields. python-docx reads
#: only plain runs and would silently drop what they hold.
_W_WRAPPERS = frozenset(
    f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo")
)
#: Text that is no longer in the document: tracked deletions and moves away.
_W_REMOVED = frozenset(f"{_W}{tag}" for tag in ("del", "moveFrom"))
_W_BREAKS = frozenset(f"{_W}{tag}" for tag in ("br", "cr"))
_W_TAB = f"{_W}tab"


def _blocks_of(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, including those inside content controls."""
    for child in parent:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag in _W_WRAPPERS:
            yield from _blocks_of(child)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it with changes accepted: every run, wherever it is wrapped."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in _W_REMOVED or tag == _W_P:  # a text box's own paragraphs are not this line
                continue
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag == _W_TAB and element.tag == f"{_W}r":
                parts.append("\t")
            elif tag in _W_BREAKS:
                # A page or column break ends no line of text (as python-docx reads it).
                if child.get(f"{_W}type") in (None, "textWrapping"):
                    parts.append("\n")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)
