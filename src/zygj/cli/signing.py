"""签收 as `collect` keeps it, for one plan's ledger or for each plan's ledger of a workspace.

Not a command module: the one-plan and the workspace `collect` both call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.cli.app import parse_date
from zygj.core.diagnostics import UsageError, display_path

if TYPE_CHECKING:
    from zygj.core.plan import Plan
    from zygj.core.progress import Record
    from zygj.core.receipts import Receipt


def received_day(received: str | None) -> dt.date:
    """`--received`, else today (Beijing time); never a day still to come."""
    from zygj.core.clock import today

    day = parse_date(received, "--received") if received else today()
    if day > today():
        raise UsageError(
            f"--received（{day.isoformat()}）晚于今天（{today().isoformat()}）：签收日期是表收到的那天"
        )
    return day


def receipts_for(
    plan: Plan, ledger: Path, read: Sequence[Record], day: dt.date
) -> tuple[list[Receipt], tuple[Path, bytes] | None]:
    """The receipts this collect adds beside ``ledger`` (the first form of each unit for each
    period, from ``read``: every record of the forms) and the receipts file's new bytes; an
    existing receipts file is checked first (located errors)."""
    from zygj.files.reading import read_bytes
    from zygj.load.receipts import appended, parse_receipts, receipts_path
    from zygj.rules.periods import report_period
    from zygj.rules.receipting import receipts_to_add

    path = receipts_path(ledger)
    shown = display_path(path)
    raw = read_bytes(path, shown) if path.exists() else None
    existing = parse_receipts(plan, raw, shown) if raw is not None else []
    added = receipts_to_add(report_period(plan), read, existing, day)
    return added, ((path, appended(raw, added)) if added else None)
