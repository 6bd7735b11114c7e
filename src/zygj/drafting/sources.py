"""Reading the document into neutral blocks: paragraphs (lines) and tables of cells.

``.txt`` and ``.html`` become one :class:`Para` per line (blank lines kept: the
table-as-lines form of a web page depends on them); ``.docx`` becomes its body
paragraphs and tables in document order. python-docx is imported only in the
.docx reader.
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
        raise UsageError("文件不存在" if not path.exists() else "这不是一个文件", display_path(path))
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


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftingError(f"无法识别文件的编码（试过 UTF-8 和 GB18030）：{SAVE_AS}", str(path))


def _lines(text: str, name: str) -> list[Block]:
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


def _read_docx(path: Path) -> list[Block]:
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DraftingError(
                "文件已加密（设有打开密码），无法读取：请在 Word 中取消密码后另存为 .docx，或把正文粘贴到 .txt",
                str(path),
            )
        raise DraftingError(f"这是旧版 Word（.doc）文件，只是扩展名为 .docx：{SAVE_AS}", str(path))
    if not zipfile.is_zipfile(path):
        raise DraftingError(f"不是有效的 .docx 文件（不是 zip 压缩包）：{SAVE_AS}", str(path))

    import docx  # python-docx: imported only here
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DraftingError(
            f"不是有效的 .docx 文件（{exc.__class__.__name__}）：{SAVE_AS}", str(path)
        ) from None

    blocks: list[Block] = []
    paragraph_no = 0
    table_no = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraph_no += 1
            for offset, line in enumerate(item.text.split("\n")):
                blocks.append(Para(clean(line), Loc(name, paragraph=paragraph_no + offset)))
        elif isinstance(item, DocxTable):
            table_no += 1
            blocks.append(_docx_table(item, name, table_no))
    return blocks


def _docx_table(table: DocxTable, name: str, table_no: int) -> Table:
    rows: list[list[Cell]] = []
    for row_no, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        column = 0
        for tc in row._tr.tc_lst:
            column += 1
            span = int(tc.grid_span)
            loc = Loc(name, table=table_no, row=row_no, cell=column)
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
