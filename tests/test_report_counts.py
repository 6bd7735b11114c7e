"""Property: every count a 通报 quotes adds up, and is the same count in every format.

Over many generated ledgers (random records on the bundled plan's targets, by their
reporters, with figures, statuses and 年度) and random (since, as_of) pairs: the parts
of every whole sum to it, no "of which" exceeds its whole, and the terminal line, the
Markdown and JSON, the HTML cards and the .docx sentences quote the one report.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PLAN_DIR
from zygj.core.plan import Plan
from zygj.load.plan import load_checked_plan
from zygj.output.formats import FORMATS
from zygj.output.gongwen import changes_sentence, overall_sentence
from zygj.output.listings import RenderOptions
from zygj.output.progress_report import html_page, report_json
from zygj.rules.report import TRANSITIONS, Report, build_report
from zygj.rules.reporters import reporters_of

PLAN: Plan = load_checked_plan(PLAN_DIR)
TARGETS = sorted(PLAN.targets, key=lambda t: t.measure_order)
START = dt.date(2019, 1, 1)
DAYS = (dt.date(2021, 1, 31) - START).days
STATUSES = ["", "未启动", "推进中", "已完成"]
#: Quarter ends (and a January backfill day) make records, since and as-of meet often.
DAYS_SEEN = [
    dt.date(y, m, d) for y in (2019, 2020) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
]
DAYS_SEEN += [dt.date(2020, 1, 15), dt.date(2021, 1, 15)]


def some_day(draw: st.DrawFn) -> dt.date:
    if draw(st.booleans()):
        return draw(st.sampled_from(DAYS_SEEN))
    return START + dt.timedelta(days=draw(st.integers(min_value=0, max_value=DAYS)))


@st.composite
def ledgers(draw: st.DrawFn) -> list[str]:
    """CSV rows of a valid ledger: each (target, unit, date, year) once."""
    rows: dict[tuple[str, str, dt.date, int | None], str] = {}
    # A few targets per ledger, so that one target gets several records: met, then not.
    pool = draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=8))
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        target = draw(st.sampled_from(pool))
        unit = draw(st.sampled_from(reporters_of(PLAN, target)))
        day = some_day(draw)
        year: int | None = None
        if target.annual:
            years = [y for y in PLAN.years_of(target) if y in (day.year, day.year - 1)]
            if not years:
                continue
            year = draw(st.sampled_from(years))
        status = draw(st.sampled_from(STATUSES))
        value = ""
        if target.op != "qualitative" and (not status or draw(st.booleans())):
            top = 100 if target.is_percent else int((target.value or target.min or 10) * 1.5)
            value = str(
                draw(st.integers(min_value=2 if target.is_percent else 0, max_value=max(top, 2)))
            )
        if not value and not status:
            status = "推进中"
        rows.setdefault(
            (target.id, unit, day, year), f"{target.id},{day},{unit},{value},{status},{year or ''}"
        )
    return list(rows.values())


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date | None, dt.date]:
    first, second = some_day(draw), some_day(draw)
    if first == second:
        return None, first
    return min(first, second), max(first, second)


def _numbers(pattern: str, text: str) -> tuple[int, ...]:
    match = re.search(pattern, text)
    assert match is not None, (pattern, text)
    return tuple(int(n) for n in match.groups())


def check_counts(report: Report) -> None:
    o = report.overall
    # Wholes and their parts.
    assert (
        o.total
        == len(report.results)
        == (o.done + o.done_late + o.in_progress + o.not_started + o.overdue + o.soft_missed)
    )
    assert o.behind == o.in_progress_behind + o.not_started_behind
    assert o.in_progress_behind <= o.in_progress and o.not_started_behind <= o.not_started
    for summaries in report.groups.values():
        for name in (
            "total",
            "done",
            "done_late",
            "in_progress",
            "not_started",
            "overdue",
            "soft_missed",
            "behind",
            "in_progress_behind",
            "not_started_behind",
        ):
            assert sum(getattr(s, name) for s in summaries) == getattr(o, name), name
    assert len(report.attention) == o.overdue + o.behind  # 需关注：逾期 X 项，滞后 Y 项
    # 变化: a changed figure or status; each transition counted once, within the changes.
    counts = report.transitions
    assert sum(counts.values()) <= len(report.changes)
    for change in report.changes:
        assert (change.now.actual, change.now.status, change.now.behind) != (
            change.before.actual,
            change.before.status,
            change.before.behind,
        )
    # 未报送 and the ranking: the same pairs.
    owed = {(u, r.instance.key) for r in report.results for u in r.missing}
    asked = {(u, r.instance.key) for r in report.results for u in r.asked}
    assert owed <= asked
    assert sum(r.expected for r in report.ranking) == len(asked)
    assert sum(r.expected - r.received for r in report.ranking) == len(owed)
    assert set(report.missing_units) == {u for u, _ in owed}


def check_formats(plan: Plan, report: Report) -> None:
    o = report.overall
    data: dict[str, Any] = report_json(report)
    overall = data["overall"]
    assert (
        overall["total"],
        overall["done_total"],
        overall["done_late"],
        overall["in_progress"],
        overall["not_started"],
        overall["overdue"],
        overall["behind"],
        overall["in_progress_behind"],
        overall["not_started_behind"],
    ) == (
        o.total,
        o.done + o.done_late,
        o.done_late,
        o.in_progress,
        o.not_started,
        o.overdue,
        o.behind,
        o.in_progress_behind,
        o.not_started_behind,
    )
    if report.previous is not None:
        transitions = [t["transition"] for t in data["targets"]]
        assert {w: transitions.count(w) for w in TRANSITIONS} == report.transitions
    for name in ("plain", "markdown"):
        text = FORMATS[name].render(report, RenderOptions())
        assert isinstance(text, str)
        assert _numbers(
            r"总体：(\d+) 个目标，已完成 (\d+)（其中逾期完成 (\d+)），逾期 (\d+)，", text
        ) == (o.total, o.done + o.done_late, o.done_late, o.overdue)
        assert _numbers(r"，滞后 (\d+)，完成度", text) == (o.behind,)
        if o.soft_missed:
            assert _numbers(r"，未达到力争目标 (\d+)，", text) == (o.soft_missed,)
        if report.attention:
            assert _numbers(r"需关注：逾期 (\d+) 项，滞后 (\d+) 项", text) == (o.overdue, o.behind)
        if report.missing:
            assert _numbers(r"未报送（[^）]*）：(\d+) 项目标", text) == (len(report.missing),)
        if report.since is not None and report.changes:
            n, *moves = _numbers(
                r"(\d+) 项目标有变化，新完成 (\d+)，退回未完成 (\d+)，新逾期 (\d+)，转为滞后 (\d+)",
                text,
            )
            assert n == len(report.changes) and tuple(moves) == tuple(report.transitions.values())
    # The HTML cards: each status once, adding up to the total (未达到力争目标 only when there are some).
    cards = {
        label: int(figure)
        for figure, label in re.findall(
            r'<span class="figure">(\d+)</span><span class="label">([^<（]+)', html_page(report)
        )
    }
    assert (
        cards["目标"],
        cards["已完成"],
        cards["推进中"],
        cards["未启动"],
        cards["逾期未完成"],
        cards.get("未达到力争目标", 0),
        cards["滞后于序时进度"],
    ) == (
        o.total,
        o.done + o.done_late,
        o.in_progress,
        o.not_started,
        o.overdue,
        o.soft_missed,
        o.behind,
    )
    sentence = overall_sentence(plan, report)
    done, late, going, going_behind, idle, idle_behind, overdue = _numbers(
        r"已完成 (\d+) 项（其中逾期完成 (\d+) 项），推进中 (\d+) 项（其中滞后 (\d+) 项），"
        r"未启动 (\d+) 项（其中滞后 (\d+) 项），逾期未完成 (\d+) 项",
        sentence,
    )
    assert (
        late <= done and going_behind <= going and idle_behind <= idle
    )  # no "of which" above its whole
    soft = _numbers(r"未达到力争目标 (\d+) 项", sentence)[0] if o.soft_missed else 0
    assert soft == o.soft_missed
    assert done + going + idle + overdue + soft == o.total
    assert going_behind + idle_behind == o.behind
    if report.since is not None and report.changes:
        n, *moves = _numbers(
            r"(\d+) 项目标有变化，其中新完成 (\d+) 项、退回未完成 (\d+) 项、新逾期 (\d+) 项、转为滞后 (\d+) 项",
            changes_sentence(report),
        )
        assert n == len(report.changes) and tuple(moves) == tuple(report.transitions.values())


@settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(rows=ledgers(), period=periods())
def test_every_count_of_a_report_adds_up_in_every_format(
    rows: list[str], period: tuple[dt.date | None, dt.date]
) -> None:
    since, as_of = period
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(
            "\n".join(["target,date,unit,value,status,year", *rows]) + "\n", encoding="utf-8"
        )
        report = build_report(PLAN, path, as_of, ["section", "unit", "measure", "reporter"], since)
    check_counts(report)
    check_formats(PLAN, report)


def test_html_cards_quote_the_report() -> None:
    from tests.conftest import EXAMPLE_PROGRESS

    report = build_report(
        PLAN, EXAMPLE_PROGRESS, dt.date(2020, 12, 31), ["section", "unit"], dt.date(2020, 6, 30)
    )
    o = report.overall
    page = html_page(report)
    assert f"已完成（其中逾期完成 {o.done_late}）" in page
    assert f"滞后于序时进度（推进中 {o.in_progress_behind}、未启动 {o.not_started_behind}）" in page
    assert o.in_progress_behind + o.not_started_behind == o.behind > 0


def test_the_readme_sentence_that_did_not_add_up() -> None:
    """The README's Q2 example said "推进中 3 项（其中滞后 35 项）": 滞后 counted 未启动 targets too."""
    report = build_report(
        PLAN,
        PLAN_DIR.parent / "examples" / "quarter-2020q2",
        dt.date(2020, 7, 1),
        [],
        dt.date(2020, 3, 31),
    )
    sentence = overall_sentence(PLAN, report)
    assert "推进中 3 项（其中滞后 2 项），未启动 33 项（其中滞后 33 项）" in sentence, sentence


def test_a_same_value_re_report_is_no_change_and_falling_back_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    hrss = "市人力资源社会保障局"
    path.write_text(
        "target,date,unit,value,status,year\n"
        f"1.1,2020-03-31,{hrss},1,,\n1.1,2020-05-01,{hrss},1,,\n"  # the same figure again
        f"1.2,2020-03-31,{hrss},1,,\n1.2,2020-05-01,{hrss},0,,\n",  # corrected: falls back
        encoding="utf-8",
    )
    report = build_report(PLAN, path, dt.date(2020, 6, 30), [], dt.date(2020, 3, 31))
    changed = {c.now.instance.key: c.transition for c in report.changes}
    assert "1.1" not in changed
    assert changed["1.2"] == "退回未完成"
    assert report.transitions["退回未完成"] == 1
