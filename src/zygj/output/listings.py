"""Rendering rows for people and scripts: table, plain, markdown, csv, json.

Every command that prints rows builds a :class:`Grid` (Chinese headers, string
cells) and, for ``--format json``, its own stable structure. Only this module
and :mod:`zygj.output.console` write to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zygj.output.console import stdout_console, write_stdout
from zygj.output.escaping import spreadsheet_safe


class OutputFormat(StrEnum):
    table = "table"
    plain = "plain"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    title: str | None = None
    #: Columns (by index) that hold long text and may wrap in a terminal table.
    wide: Sequence[int] = ()
    #: Columns aligned right (figures).
    numeric: Sequence[int] = ()
    caption: str | None = None
    #: Cells carry rich markup (colours); only the terminal table renders it.
    markup: bool = False


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


def grid_to_text(grid: Grid, fmt: OutputFormat) -> str:
    # tabulate imports importlib.metadata (tens of ms): only pay for it when asked.
    from tabulate import tabulate

    tablefmt = "github" if fmt is OutputFormat.markdown else "simple"
    if fmt is OutputFormat.markdown:
        rows = [[_markdown_cell(cell) for cell in row] for row in grid.rows]
        headers = [_markdown_cell(h) for h in grid.headers]
    else:
        rows, headers = grid.rows, grid.headers
    colalign = ["right" if i in grid.numeric else "left" for i in range(len(grid.headers))]
    body = tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=colalign,
                    disable_numparse=True)  # fmt: skip
    parts = []
    if grid.title:
        parts.append(f"**{grid.title}**\n" if fmt is OutputFormat.markdown else grid.title)
    parts.append(body)
    if grid.caption:
        parts.append(("\n" if fmt is OutputFormat.markdown else "") + grid.caption)
    return "\n".join(parts) + "\n"


def _markdown_cell(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", "<br>")


def print_grid(grid: Grid, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        write_stdout(grid_to_csv(grid))
    elif fmt in (OutputFormat.plain, OutputFormat.markdown):
        write_stdout(grid_to_text(grid, fmt))
    elif fmt is OutputFormat.table:
        print_rich_table(grid)
    else:  # pragma: no cover - json is rendered by the caller
        raise ValueError(fmt)


def print_rich_table(grid: Grid) -> None:
    from rich import box
    from rich.table import Table

    table = Table(
        title=grid.title, box=box.SIMPLE_HEAD, caption=grid.caption, caption_justify="left",
        title_justify="left", show_lines=False,
    )  # fmt: skip
    from rich.cells import cell_len

    for i, header in enumerate(grid.headers):
        widest = max([cell_len(header), *(cell_len(_plain(row[i])) for row in grid.rows)])
        table.add_column(
            header,
            justify="right" if i in grid.numeric else "left",
            overflow="fold",
            # Short columns (ids, dates, figures) keep their width; long text wraps.
            min_width=min(widest, 12) if i in grid.wide else min(widest, 24),
            ratio=1 if i in grid.wide else None,
        )
    from rich.text import Text

    for row in grid.rows:
        table.add_row(*(cell if grid.markup else Text(cell) for cell in row))
    stdout_console().print(table)


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


def print_json(data: Any) -> None:
    import json

    write_stdout(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit(grid: Grid, fmt: OutputFormat, json_data: Any) -> None:
    if fmt is OutputFormat.json:
        print_json(json_data)
    else:
        print_grid(grid, fmt)
