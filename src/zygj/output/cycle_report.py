"""The quarterly cycle as people and scripts read it: what `collect` took in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zygj.core.models import STATUS_WORDS
from zygj.output.listings import Grid
from zygj.output.texts import number_text, percent_text, status_text, target_title

if TYPE_CHECKING:
    from zygj.rules.collect import Collected
    from zygj.rules.completion import Result
    from zygj.rules.report import Report

COLLECT_HEADERS = ["单位", "填报表", "读取", "新增", "重复"]


def collected_grid(result: Collected) -> Grid:
    grid = Grid(list(COLLECT_HEADERS), numeric=[1, 2, 3, 4])
    for t in result.tallies:
        grid.rows.append([t.unit, str(len(t.forms)), str(t.read), str(t.new), str(t.duplicates)])
    grid.title = f"汇总填报表：{len(result.forms)} 份，{len(result.tallies)} 个单位"
    return grid


def silent_text(result: Collected) -> str:
    """The units asked about something in the period that reported on none of it, as one line."""
    period = _period_text(result)
    if not result.silent:
        return f"应报送的单位都已报送{period}\n"
    return f"未报送（{len(result.silent)} 个单位{'，' + period[1:-1] if period else ''}）：{'、'.join(result.silent)}\n"


def _period_text(result: Collected) -> str:
    if result.as_of is None:
        return ""
    start = result.since.isoformat() if result.since else "开始"
    return f"（{start} 至 {result.as_of.isoformat()}）"


def collected_json(result: Collected) -> dict[str, Any]:
    return {
        "ledger": result.ledger,
        "forms": result.forms,
        "new": len(result.new),
        "units": [
            {
                "unit": t.unit,
                "forms": sorted(t.forms),
                "read": t.read,
                "new": t.new,
                "duplicates": t.duplicates,
            }
            for t in result.tallies
        ],
        "not_reported": result.silent,
        "since": result.since.isoformat() if result.since else None,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "records": [
            {
                "target": r.target,
                "date": r.date.isoformat(),
                "unit": r.unit,
                "value": r.value,
                "status": r.status,
                "year": r.year,
                "note": r.note,
                "source": r.source,
                **({"evidence": r.evidence} if r.evidence else {}),
            }
            for r in result.new
        ],
    }


# ------------------------------------------------------------- the 通报's sections


def _delta_text(delta: float | None) -> str:
    if delta is None or delta == 0:
        return "—" if delta is None else "0"
    return ("+" if delta > 0 else "") + (number_text(delta) or "")


def changes_grid(report: Report) -> Grid:
    """本期变化: every target whose figure, status or reports changed since --since."""
    grid = Grid(
        [
            "编号",
            "目标",
            "上期状态",
            "本期状态",
            "上期实际",
            "本期实际",
            "变化",
            "状态变化",
            "期间报送单位",
        ],
        numeric=[4, 5, 6],
        wrap=[1, 8],
        give_way=("上期实际", "期间报送单位", "上期状态", "状态变化"),
    )
    for change in report.changes:
        now, before = change.now, change.before
        grid.rows.append(
            [
                now.instance.label,
                target_title(now.instance.target),
                status_text(before),
                status_text(now),
                number_text(before.actual) or "—",
                number_text(now.actual) or "—",
                _delta_text(change.delta),
                change.transition or "",
                "、".join(now.reported),
            ]
        )
    return grid


def changes_title(report: Report) -> str:
    counts = report.transitions
    since = report.since.isoformat() if report.since else ""
    return (
        f"本期变化（{since} 至 {report.as_of.isoformat()}）：{len(report.changes)} 项目标有变化，"
        f"新完成 {counts['新完成']}，退回未完成 {counts['退回未完成']}，新逾期 {counts['新逾期']}，"
        f"转为滞后 {counts['转为滞后']}"
    )


def missing_grid(report: Report) -> Grid:
    """未报送: per target, the units asked in the period with no record in it (应报: 已报/应报)."""
    grid = Grid(["编号", "目标", "应报", "未报送单位"], numeric=[2], wrap=[1, 3])
    for result in report.missing:
        grid.rows.append(
            [
                result.instance.label,
                target_title(result.instance.target),
                f"{len(result.asked) - len(result.missing)}/{len(result.asked)}",
                "、".join(result.missing),
            ]
        )
    return grid


def missing_units_text(report: Report, width: int) -> str:
    """未报送 for a screen: each unit (units.yaml order) with how many targets it owes, laid
    out in as many columns as ``width`` holds, names never broken: 50 units fit on 80 × 24."""
    from rich.cells import cell_len

    counts = {unit: sum(unit in r.missing for r in report.missing) for unit in report.missing_units}
    for result in report.missing:  # names outside units.yaml, after the known ones
        for unit in result.missing:
            counts.setdefault(unit, sum(unit in r.missing for r in report.missing))
    if not counts:
        return ""
    name_width = max(cell_len(unit) for unit in counts)
    figure_width = max(len(str(n)) for n in counts.values())
    entry = name_width + 1 + figure_width
    columns = max(1, (width - 2 + 3) // (entry + 3))
    rows = -(-len(counts) // columns)
    entries = [
        f"{unit}{' ' * (name_width - cell_len(unit))} {n:>{figure_width}}"
        for unit, n in counts.items()
    ]
    lines = []
    for r in range(rows):
        # Down the columns first, like `ls`: the plan's order reads top to bottom.
        cells = [entries[c * rows + r] for c in range(columns) if c * rows + r < len(entries)]
        lines.append(("  " + "   ".join(cells)).rstrip())
    note = "（数字为未报送的目标数；逐项明细用 -f html 或 -f json）"
    return "\n".join(lines) + "\n" + note + "\n"


def missing_title(report: Report) -> str:
    period = f"自 {report.since.isoformat()} 起" if report.since else "截至目前"
    return f"未报送（{period}）：{len(report.missing)} 项目标有单位未报送"


RANKING_HEADERS = [
    "名次",
    "单位",
    "应报目标",
    "已报目标",
    "报送率",
    "记录数",
    "负责目标",
    "已完成",
    "逾期",
    "滞后",
]


def ranking_grid(report: Report) -> Grid:
    grid = Grid(list(RANKING_HEADERS), numeric=[0, 2, 3, 4, 5, 6, 7, 8, 9])
    for place, rank in enumerate(report.ranking, start=1):
        grid.rows.append(
            [
                str(place),
                rank.unit,
                str(rank.expected),
                str(rank.received),
                percent_text(rank.rate),
                str(rank.records),
                str(rank.owned),
                str(rank.done),
                str(rank.overdue),
                str(rank.behind),
            ]
        )
    return grid


def ranking_title(report: Report) -> str:
    period = f"自 {report.since.isoformat()} 起" if report.since else "截至目前"
    return f"各填报单位排名（{period}；按报送率、逾期、滞后、已完成排序）"


def ranking_json(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "rank": place,
            "unit": r.unit,
            "expected": r.expected,
            "received": r.received,
            "rate": round(r.rate, 4),
            "records": r.records,
            "owned": r.owned,
            "done": r.done,
            "overdue": r.overdue,
            "behind": r.behind,
        }
        for place, r in enumerate(report.ranking, start=1)
    ]


def previous_json(result: Result) -> dict[str, Any]:
    return {
        "actual": result.actual,
        "completion": None if result.completion is None else round(result.completion, 4),
        "status": result.status,
        "behind": result.behind,
        "light": result.light,
    }


def cycle_sections(report: Report) -> list[tuple[str, str, Grid]]:
    """The 通报's cycle sections (id, title, grid): 本期变化, 未报送, and the ranking."""
    sections: list[tuple[str, str, Grid]] = []
    if report.since is not None:
        sections.append(("changes", changes_title(report), changes_grid(report)))
    sections.append(("missing", missing_title(report), missing_grid(report)))
    if report.by_reporter:
        sections.append(("reporter-ranking", ranking_title(report), ranking_grid(report)))
    if report.uncounted:  # a slip to correct, shown only when there is one
        sections.append(("uncounted", uncounted_title(report), uncounted_grid(report)))
    if report.timeliness is not None and report.timeliness.periods:  # only where 签收 is kept
        from zygj.output.timeliness import timeliness_grid, timeliness_title

        sections.append(
            ("timeliness", timeliness_title(report.timeliness), timeliness_grid(report.timeliness))
        )
    if any(
        r.review is not None for r in report.results
    ):  # 核查 and 佐证, where the plan or ledger uses them
        from zygj.output.review_report import review_grid, review_title

        sections.append(("review", review_title(report), review_grid(report)))
    return sections


def uncounted_title(report: Report) -> str:
    return f"未计入：{len(report.uncounted)} 条记录的填报单位不是该目标的填报单位，未计入完成情况"


def uncounted_grid(report: Report) -> Grid:
    grid = Grid(["编号", "单位", "日期", "数值或状态", "位置"])
    for result, record in report.uncounted:
        if record.value is not None:
            shown = number_text(record.value)
        else:
            shown = STATUS_WORDS[record.status] if record.status is not None else ""
        grid.rows.append(
            [result.instance.label, record.unit, record.date.isoformat(), shown, record.source]
        )
    return grid
