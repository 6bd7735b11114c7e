"""The 通报's 核查 section: each target's 核查 state, the reason of a 退回, and its 佐证材料.

Shown only where the plan or the ledger uses 核查 or 佐证 (some result has a ``review``);
a 通报 without them is as it was. The web page links each file in the evidence store,
relative to the folder the 通报 is made in (where the ledger and its store are).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.core.evidence import Evidence, parse_evidence
from zygj.core.progress import Record
from zygj.core.verification import REVIEW_LABELS
from zygj.files.evidence import store_of
from zygj.output.escaping import html_text as esc
from zygj.output.listings import Grid
from zygj.output.texts import target_title

if TYPE_CHECKING:
    from zygj.rules.completion import Result
    from zygj.rules.report import Report

#: The order a 核查 section lists its states in: what needs the office's or a unit's action first.
ORDER = ("returned", "needs_evidence", "pending", "accepted")
HEADERS = ["编号", "核查", "目标", "单位", "退回理由", "佐证材料"]
#: The state's colour on the web page (the 通报's red, orange, grey and green), inline: the
#: page's style sheet is shared with every other section.
COLOURS = {
    "returned": "#c62828",
    "needs_evidence": "#e65100",
    "pending": "#555555",
    "accepted": "#2e7d32",
}


def reviewed_results(report: Report) -> list[Result]:
    listed = [r for r in report.results if r.review is not None]
    return sorted(listed, key=lambda r: ORDER.index(r.review or "accepted"))


def review_title(report: Report) -> str:
    counts = {state: 0 for state in ORDER}
    for result in report.results:
        if result.review is not None:
            counts[result.review] += 1
    said = "，".join(
        f"{REVIEW_LABELS[s]} {counts[s]} 项" for s in ORDER if counts[s] or s != "needs_evidence"
    )
    return f"核查：{said}"


def _evidence(report: Report, result: Result) -> list[tuple[Record, Evidence]]:
    """The instance's 佐证材料 up to the report's date, oldest first."""
    if report.ledger is None:
        return []
    instance = result.instance
    found = []
    for record in report.ledger.records:
        if (
            record.target != instance.target.id
            or record.evidence is None
            or record.date > report.as_of
        ):
            continue
        if instance.year is not None and record.period_year != instance.year:
            continue
        found += [(record, item) for item in parse_evidence(record.evidence)]
    return found


def _unit(result: Result) -> str:
    return result.review_unit or result.instance.owner or ""


def review_grid(report: Report) -> Grid:
    grid = Grid(HEADERS, wrap=(2, 4, 5))
    for result in reviewed_results(report):
        files = "、".join(item.name for _, item in _evidence(report, result))
        grid.rows.append(
            [
                result.instance.label,
                REVIEW_LABELS[result.review or ""],
                target_title(result.instance.target),
                _unit(result),
                result.review_note or "",
                files,
            ]
        )
    return grid


def _link(record: Record, item: Evidence) -> str:
    if item.digest is None:
        return esc(item.name)
    stored = store_of(Path(record.path)) / item.stored_name
    href = Path(os.path.relpath(stored)).as_posix() if not stored.is_absolute() else stored.as_uri()
    from urllib.parse import quote

    return f'<a href="{esc(quote(href, safe="/:."))}">{esc(item.name)}</a>'


def review_section(report: Report, title: str) -> str:
    """The section of the web 通报, each 佐证材料 a link into the evidence store."""
    from zygj.output.html_report import _cell

    rows: Sequence[Result] = reviewed_results(report)
    lines = []
    for result in rows:
        links = "、".join(_link(record, item) for record, item in _evidence(report, result))
        cells = (
            ("nowrap", esc(result.instance.label)),
            (
                "nowrap",
                f'<b style="color:{COLOURS[result.review or ""]}">{esc(REVIEW_LABELS[result.review or ""])}</b>',
            ),
            ("title", esc(target_title(result.instance.target))),
            ("", esc(_unit(result))),
            ("", esc(result.review_note or "")),
            ("", links),
        )
        lines.append(
            f'<tr class="review-{result.review}">'
            + "".join(
                _cell(kind, header, html)
                for (kind, html), header in zip(cells, HEADERS, strict=True)
            )
            + "</tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    return (
        f'<section id="review"><h2>{esc(title)}</h2><div class="table-box"><table id="review-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table></div></section>"
    )
