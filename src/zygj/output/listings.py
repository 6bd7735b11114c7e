"""Rendering rows for people and scripts: table, plain, markdown, csv, json.

Every command that prints rows builds a :class:`Grid` (Chinese headers, string
cells) and, for ``--format json``, its own stable structure. Everything here
returns text; the command line writes it (:mod:`zygj.cli.console`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zygj.output.escaping import markdown_text, spreadsheet_safe

if TYPE_CHECKING:
    from rich.text import Text


@dataclass(frozen=True)
class RenderOptions:
    """Where rendered text goes: the terminal's width and colours, or a file's defaults."""

    #: Columns a terminal table may fill (160 when piped or written to a file).
    width: int = 160
    #: ``--wide``: keep every column in the terminal table, however wide the window.
    all_columns: bool = False
    #: The text is shown on a terminal: tables keep rich's colours and padding.
    terminal: bool = False
    #: rich's colour system name for a terminal ("standard", "256", "truecolor"), else None.
    color_system: str | None = None
    #: The stream's encoding: rich draws ASCII boxes where it is not UTF.
    encoding: str = "utf-8"


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    title: str | None = None
    #: Columns (by index) that hold long text and may wrap in a terminal table.
    wrap: Sequence[int] = ()
    #: Columns aligned right (figures).
    numeric: Sequence[int] = ()
    caption: str | None = None
    #: Cells carry rich markup (colours); only the terminal table renders it.
    markup: bool = False
    #: Columns (by header) a narrow terminal table may leave out, the first to go
    #: first; every other column is always shown. A line under the table names
    #: what was left out.
    give_way: Sequence[str] = ()


def grid_to_csv(grid: Grid) -> str:
    """CSV with a BOM so that Excel and WPS open the Chinese correctly."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(grid.headers)
    for row in grid.rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def grid_to_text(grid: Grid, markdown: bool = False) -> str:
    """Plain text (tabulate's simple table) or a Markdown table."""
    # tabulate imports importlib.metadata (tens of ms): only pay for it when asked.
    from tabulate import tabulate

    tablefmt = "github" if markdown else "simple"
    if markdown:
        rows = [[_markdown_cell(cell) for cell in row] for row in grid.rows]
        headers = [_markdown_cell(h) for h in grid.headers]
    else:
        rows, headers = grid.rows, grid.headers
    colalign = ["right" if i in grid.numeric else "left" for i in range(len(grid.headers))]
    body = tabulate(
        rows, headers=headers, tablefmt=tablefmt, colalign=colalign, disable_numparse=True
    )
    body = _without_trailing_spaces(body)
    parts = []
    if grid.title:
        parts.append(f"**{markdown_text(grid.title)}**\n" if markdown else grid.title)
    parts.append(body)
    if grid.caption:
        parts.append("\n" + markdown_text(grid.caption) if markdown else grid.caption)
    return "\n".join(parts) + "\n"


def _markdown_cell(cell: str) -> str:
    return markdown_text(cell).replace("|", "\\|").replace("\n", "<br>")


class _Buffer(io.StringIO):
    """rich's output buffer, reporting the encoding of the stream the text is for."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def rich_table_text(grid: Grid, options: RenderOptions) -> str:
    """The terminal table, fitted to ``options.width``; coloured and padded for a terminal."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    # Plan text may hold brackets ("[m2]", "[/]"): unless a grid says its cells carry
    # markup (and escaped the user's text), nothing is parsed as rich markup.
    def as_text(text: str | None) -> Text | str | None:
        return text if text is None or grid.markup else Text(text)

    from rich.console import Console

    visible = _plain if grid.markup else str
    buffer = _Buffer(options.encoding)
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.terminal,
        color_system=options.color_system if options.terminal else None,  # type: ignore[arg-type]
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    show_all = options.all_columns
    cells = [[visible(row[i]) for row in grid.rows] for i in range(len(grid.headers))]
    widest = [
        max([cell_len(header), *(cell_len(c) for c in cells[i])])
        for i, header in enumerate(grid.headers)
    ]
    # Short columns (ids, dates, figures, states) are as wide as their widest cell and
    # never wrap; their header may take two lines. Text columns wrap, at least 12 cells.
    need = [
        widest[i] if i in grid.wrap else max([_header_least(h), *(cell_len(c) for c in cells[i])])
        for i, h in enumerate(grid.headers)
    ]
    least = [min(widest[i], 12) if i in grid.wrap else need[i] for i in range(len(grid.headers))]
    shown = list(range(len(grid.headers)))
    left_out: list[int] = []
    if not show_all:
        for index in [grid.headers.index(h) for h in grid.give_way if h in grid.headers]:
            if _table_width([least[i] for i in shown]) <= console.width:
                break
            shown.remove(index)
            left_out.append(index)
    # The narrowest a short column can be: its widest piece that may not be split.
    # Tiny columns (灯 ●红, 完成度) never break.
    floor = [
        need[i] if need[i] <= 6 else max([2, *(_widest_piece(c) for c in cells[i])])
        for i in range(len(grid.headers))
    ]
    widths = _column_widths(grid, shown, need, floor, None if show_all else console.width)
    title = as_text(grid.title)
    if isinstance(title, Text):
        title = _wrapped(title, console.width)
    elif title is not None:
        title = _wrapped(Text.from_markup(title), console.width)
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        caption=as_text(grid.caption),
        caption_justify="left",
        title_justify="left",
        show_lines=False,
    )
    for i in shown:
        table.add_column(
            _header(grid.headers[i], widths[i]),
            justify="right" if i in grid.numeric else "left",
            overflow="fold",
            width=widths[i],
            no_wrap=False,
        )
    for row in grid.rows:
        table.add_row(
            *(
                _wrapped(Text.from_markup(row[i]) if grid.markup else Text(row[i]), widths[i])
                for i in shown
            )
        )
    width = console.width
    if show_all:
        width = max(width, _table_width([widest[i] for i in shown]))
    note = ""
    if left_out:
        names = "、".join(grid.headers[i] or "进度条" for i in left_out)
        note = f"（窗口宽 {console.width} 列，未显示：{names}；加 --wide、-f plain 或加宽窗口可看全部列）\n"
    console.width = width  # --wide: as wide as the table (the terminal wraps or less -S)
    if options.terminal:
        console.print(table)
        if note:
            console.print(_wrapped(Text(note.rstrip("\n")), console.width))
        return buffer.getvalue()
    # Piped or redirected: the same table, without the spaces rich pads each line with.
    with console.capture() as captured:
        console.print(table)
    return _without_trailing_spaces(captured.get()) + note


def _header(header: str, width: int) -> Text:
    """A header in one line when it fits, else in two balanced lines (上期 / 实际)."""
    from rich.cells import cell_len
    from rich.text import Text

    if cell_len(header) <= width:
        return Text(header)
    return _wrapped(Text(header), min(width, _header_least(header)))


def _header_least(header: str) -> int:
    """A short column's header may take two lines (上期 / 实际), never split a character."""
    from rich.cells import cell_len

    if header.isascii() or cell_len(header) <= 6:  # 完成度 stays whole, not 完成 / 度
        return cell_len(header)
    half = -(-cell_len(header) // 2)
    return half + half % 2


def _widest_piece(cell: str) -> int:
    from rich.cells import cell_len

    return max([0, *(cell_len(piece.strip()) for piece in _pieces(cell))])


def _column_widths(
    grid: Grid, shown: Sequence[int], need: Sequence[int], floor: Sequence[int], width: int | None
) -> dict[int, int]:
    """Each shown column's width: short columns their ``need``; text columns share what is left
    in proportion to their widest cell (never more than it), at least 4 cells each. When even
    that is too wide, short columns break too (未启动 / （滞后）), never below ``floor``."""
    widths = {i: need[i] for i in shown}
    if width is None:
        return widths
    text = [i for i in shown if i in grid.wrap]
    short = [i for i in shown if i not in grid.wrap]
    over = _table_width([widths[i] for i in short] + [min(need[i], 12) for i in text]) - width
    while over > 0:
        widest = max(short, key=lambda i: widths[i] - floor[i], default=None)
        if widest is None or widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1
        over -= 1
    spare = width - _table_width([widths[i] for i in short] + [0] * len(text))
    if not text or sum(need[i] for i in text) <= spare:
        return widths
    # Narrowest first, each its fair share of what is left: a short name (牵头单位) stays
    # whole when the long text beside it can wrap instead.
    for n, i in enumerate(sorted(text, key=lambda i: need[i])):
        widths[i] = max(4, min(need[i], spare // (len(text) - n)))
        spare -= widths[i]
    return widths


#: Chinese line breaking (GB/T 15834 practice): these never start a line ...
NO_LINE_START = set("、。，．,.;；:：!！?？%％)）]］}｝」』》〉】〕”’…·-—~～")
#: ... and these never end one.
NO_LINE_END = set("(（[［{｛「『《〈【〔“‘")


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break (see :func:`break_lines`)."""

    # Pieces that may not be split: ASCII runs, then glue by the line-start/end rules.
    pieces: list[str] = []
    for char in text:
        if pieces and (
            (
                char.isascii()
                and not char.isspace()
                and pieces[-1][-1].isascii()
                and not pieces[-1][-1].isspace()
            )
            or char in NO_LINE_START
            or pieces[-1][-1] in NO_LINE_END
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    # A short bracketed note — （滞后）, （2019年）, （力争） — stays whole.
    index = 0
    while index < len(pieces):
        if pieces[index][0] in "（(":
            for end in range(index + 1, min(index + 8, len(pieces))):
                if pieces[end][-1] in "）)":
                    pieces[index : end + 1] = ["".join(pieces[index : end + 1])]
                    break
        index += 1
    return pieces


def break_lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells as Chinese typesetting does:
    a run of letters and figures (+2050, 100%, 2019-12-31) is never split unless it alone
    is wider than a line; closing marks stay with the character before, opening marks with
    the one after."""
    from rich.cells import cell_len

    pieces = _pieces(text)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and cell_len(line + piece) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
        while cell_len(line) > width:  # one piece wider than a line: fold it, last resort
            cut = 1
            while cell_len(line[: cut + 1]) <= width:
                cut += 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def _wrapped(text: Text, width: int) -> Text:
    """A cell's text with its line breaks placed by :func:`break_lines` (styles kept)."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = text.plain
    if "\n" in plain or cell_len(plain) <= width:
        return text
    offsets = []
    at = 0
    for line in break_lines(plain, width)[:-1]:
        at = plain.index(line, at) + len(line)
        offsets.append(at)
    parts = list(text.divide(offsets))
    for n, part in enumerate(parts):
        while part.plain[:1].isspace():
            part = part[1:]
        part.rstrip()
        parts[n] = part
    return Text("\n").join(parts)


def _table_width(columns: Sequence[int]) -> int:
    """A SIMPLE_HEAD table's width: edges, one space of padding each side, dividers."""
    return sum(columns) + 3 * len(columns) + 1


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


def split_columns(grid: Grid, width: int, keep: int = 1) -> list[Grid]:
    """A grid too wide for ``width`` as several grids of consecutive columns.

    The first ``keep`` columns (the row names) are repeated in each; widths are
    those of the plain rendering (two spaces between columns).
    """
    from rich.cells import cell_len

    # tabulate pads each header by two (its MIN_PADDING).
    widths = [
        max([cell_len(header) + 2, *(cell_len(row[i]) for row in grid.rows)])
        for i, header in enumerate(grid.headers)
    ]
    fixed = sum(widths[:keep]) + 2 * keep
    blocks: list[list[int]] = [[]]
    used = fixed
    for i in range(keep, len(grid.headers)):
        if blocks[-1] and used + widths[i] + 2 > width:
            blocks.append([])
            used = fixed
        blocks[-1].append(i)
        used += widths[i] + 2
    parts = []
    for block in blocks:
        columns = [*range(keep), *block]
        parts.append(
            Grid(
                [grid.headers[i] for i in columns],
                [[row[i] for i in columns] for row in grid.rows],
                numeric=[n for n, i in enumerate(columns) if i in grid.numeric],
            )
        )
    return parts


def markup_escape(text: str) -> str:
    """User text inside a cell that carries rich markup: shown as written."""
    from rich.markup import escape

    return escape(text)


def _plain(cell: str) -> str:
    """A cell's visible text, without rich markup such as [red]…[/red]."""
    if "[" not in cell:
        return cell
    from rich.text import Text

    return Text.from_markup(cell).plain


def json_text(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: A listing renderer: the rows as a Grid and, for JSON, the documented structure.
Listing = Callable[[Grid, Any, RenderOptions], str]


def table_listing(grid: Grid, data: Any, options: RenderOptions) -> str:
    return rich_table_text(grid, options)


def plain_listing(grid: Grid, data: Any, options: RenderOptions) -> str:
    return grid_to_text(grid)


def markdown_listing(grid: Grid, data: Any, options: RenderOptions) -> str:
    return grid_to_text(grid, markdown=True)


def csv_listing(grid: Grid, data: Any, options: RenderOptions) -> str:
    return grid_to_csv(grid)


def json_listing(grid: Grid, data: Any, options: RenderOptions) -> str:
    return json_text(data)
