"""Every output format, once: its name, its file suffixes, its renderers and what it suits.

The command line takes its ``--format`` choices, its help texts, the format a
``-o`` file's suffix implies and the "wrong suffix" messages from :data:`FORMATS`;
adding a format is one entry here plus its renderer. Renderers are imported
when called, so choosing a format costs nothing to ``zygj measures``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from zygj.output import listings
from zygj.output.listings import Listing, RenderOptions

if TYPE_CHECKING:
    from zygj.rules.report import Report


@dataclass(frozen=True)
class Format:
    name: str
    #: What the help says about it ("" for nothing), e.g. 终端表格.
    label: str
    #: The suffixes a file in this format may have; the first names a new file.
    suffixes: tuple[str, ...]
    #: The completion report (``report``) in this format: text, or bytes for a binary file.
    render: Callable[[Report, RenderOptions], str | bytes]
    #: The listings (``targets``, ``measures``, ``units``, ``score`` …) in this format;
    #: None: a report-only format.
    listing: Listing | None = None
    #: A file holds one table (a spreadsheet): a report's sections become one table,
    #: a measure's targets are left out, and cells hold whole texts, not summaries.
    single_table: bool = False
    #: May be written to the terminal; a binary format needs -o.
    to_terminal: bool = True
    #: Chosen by a ``-o`` file's suffix when --format is not given (the terminal table never is).
    from_suffix: bool = True
    #: Cells carry rich colour markup (the terminal table).
    coloured: bool = False


def _sections(
    listing: Listing, coloured: bool = False, markdown: bool = False
) -> Callable[[Report, RenderOptions], str]:
    """The report as titled tables, each drawn by ``listing``."""

    def render(report: Report, options: RenderOptions) -> str:
        from zygj.output.progress_report import report_text

        return report_text(report, options, listing, coloured, markdown)

    return render


def _one_table(listing: Listing) -> Callable[[Report, RenderOptions], str]:
    """The report as one table (the overall row, then every group), drawn by ``listing``."""

    def render(report: Report, options: RenderOptions) -> str:
        from zygj.output.progress_report import report_csv_grid

        return listing(report_csv_grid(report), None, options)

    return render


def _json(report: Report, options: RenderOptions) -> str:
    from zygj.output.progress_report import report_json

    return listings.json_text(report_json(report))


def _html(report: Report, options: RenderOptions) -> str:
    from zygj.output.progress_report import html_page

    return html_page(report)


def _docx(report: Report, options: RenderOptions) -> bytes:
    from zygj.output.gongwen import gongwen_report

    return gongwen_report(report)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table",
            "终端表格",
            (".txt",),
            _sections(listings.table_listing, coloured=True),
            listings.table_listing,
            from_suffix=False,
            coloured=True,
        ),
        Format("plain", "", (".txt",), _sections(listings.plain_listing), listings.plain_listing),
        Format(
            "markdown",
            "",
            (".md", ".markdown"),
            _sections(listings.markdown_listing, markdown=True),
            listings.markdown_listing,
        ),
        Format(
            "csv",
            "",
            (".csv",),
            _one_table(listings.csv_listing),
            listings.csv_listing,
            single_table=True,
        ),
        Format("json", "", (".json",), _json, listings.json_listing),
        Format("html", "自包含网页", (".html", ".htm"), _html),
        Format("docx", "GB/T 9704 公文格式的通报，须给 -o", (".docx",), _docx, to_terminal=False),
    )
}

#: The formats every listing offers.
LISTING_FORMATS = [f for f in FORMATS.values() if f.listing is not None]
DEFAULT = FORMATS["table"]


def names_text(formats: Iterable[Format]) -> str:
    """table（终端表格）、plain、…: the formats as a help text lists them."""
    return "、".join(f"{f.name}（{f.label}）" if f.label else f.name for f in formats)


def listing_help() -> str:
    return f"输出格式：{names_text(LISTING_FORMATS)}。"


def _told_by_suffix() -> list[str]:
    """The suffix each format is known by (its first), for the formats a file name can imply."""
    return list(dict.fromkeys(f.suffixes[0] for f in FORMATS.values() if f.from_suffix))


def report_help() -> str:
    suffixes = " ".join(_told_by_suffix())
    return (
        f"输出格式：{names_text(FORMATS.values())}。"
        f"未指定时按 -o 文件的后缀（{suffixes}）定，否则为 {DEFAULT.name}。"
    )


def by_suffix(suffix: str) -> Format | None:
    """The format a file's suffix implies, if any."""
    for f in FORMATS.values():
        if f.from_suffix and suffix.lower() in f.suffixes:
            return f
    return None


def known_suffixes_text() -> str:
    """.txt、.md、… 或 .docx: the suffix of each format a file name can imply."""
    suffixes = _told_by_suffix()
    return "、".join(suffixes[:-1]) + " 或 " + suffixes[-1]


def choose(option: str | None, output: PurePath | None) -> Format:
    """The format asked for; without one, the output file's suffix decides, else the table."""
    if option is not None:
        return FORMATS[option]
    if output is not None:
        return by_suffix(output.suffix) or DEFAULT
    return DEFAULT
