"""`zygj history`: one target's trail as a table and as JSON. Nothing here prints.

Every event is laid out by its ``kind``, ``date``, ``instance`` and ``unit`` plus one
line of detail, so a new kind of event (佐证材料, 核查) needs one entry in
:data:`EVENT_WORDS` and a branch in :func:`detail`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zygj.core.evidence import parse_evidence
from zygj.core.models import STATUS_WORDS
from zygj.core.numbers import number_text
from zygj.output.listings import Grid
from zygj.output.texts import percent_text, status_text, target_title

if TYPE_CHECKING:
    from zygj.rules.history import Event, Trail

#: How the table names each kind of event.
EVENT_WORDS = {"record": "填报", "decision": "核查", "status": "状态", "receipt": "签收"}
#: A 核查 decision in words.
DECISION_WORDS = {"accept": "销号", "return": "退回"}


def _figure(value: float | None, status: str | None) -> str:
    parts = [number_text(value)] if value is not None else []
    if status is not None:
        parts.append(STATUS_WORDS[status])  # type: ignore[index]
    return "，".join(parts) or "（空）"


def detail(event: Event) -> str:
    """The event in one line: the figure reported, the status change, the form signed for."""
    if event.kind == "record":
        record = event.record
        text = _figure(record.value, record.status)  # an annual record's year is the 年度 column
        text += f"；说明：{record.note}" if record.note else ""
        if record.evidence:
            names = "、".join(item.name for item in parse_evidence(record.evidence))
            text += f"；佐证材料：{names}"
        return text
    if event.kind == "decision":
        decision = event.decision
        word = DECISION_WORDS[decision.decision]
        return word + (f"：{decision.reason}" if decision.reason else "")
    if event.kind == "status":
        after = event.after
        before = status_text(event.before) if event.before is not None else "未启动"
        figures = [f"实际 {number_text(after.actual)}"] if after.actual is not None else []
        figures += (
            [f"完成度 {percent_text(after.completion)}"] if after.completion is not None else []
        )
        return f"{before} → {status_text(after)}" + (f"：{'，'.join(figures)}" if figures else "")
    receipt = event.receipt
    return f"{receipt.period_end.isoformat()} 期填报表"


def source(event: Event) -> str:
    if event.kind == "record":
        return event.record.source
    if event.kind == "receipt":
        return event.receipt.form
    if event.kind == "decision":
        return event.decision.source
    return ""  # the target's status, from all its records


def history_grid(trail: Trail) -> Grid:
    annual = any(i.year is not None for i in trail.instances)
    headers = ["日期", *(["年度"] if annual else []), "事件", "单位", "内容", "来源"]
    # 内容 is what the clerk reads: the unit's long name and the source wrap before it does.
    grid = Grid(
        headers, wrap=(len(headers) - 3, len(headers) - 2, len(headers) - 1), give_way=("来源",)
    )
    for event in trail.events:
        year = (
            [str(event.instance.year) if event.instance.year is not None else ""] if annual else []
        )
        grid.rows.append(
            [
                event.date.isoformat(),
                *year,
                EVENT_WORDS[event.kind],
                event.unit or "—",
                detail(event),
                source(event),
            ]
        )
    states = "；".join(
        (f"{r.instance.year}年 " if r.instance.year is not None else "") + status_text(r)
        for r in trail.results
    )
    who = f"{trail.unit}的记录，" if trail.unit else ""
    grid.title = f"{trail.target.id} {target_title(trail.target)} 的记录与状态变化（{who}截至 {trail.as_of.isoformat()}）"
    grid.caption = f"截至 {trail.as_of.isoformat()}：{states}；共 {len(trail.events)} 条"
    return grid


def event_json(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": event.date.isoformat(),
        "kind": event.kind,
        "instance": event.instance.key,
        "year": event.instance.year,
        "unit": event.unit,
        "text": detail(event),
    }
    if event.kind == "record":
        r = event.record
        data.update(
            {
                "value": r.value,
                "status": r.status,
                "note": r.note,
                "record_year": r.year,
                "source": r.source,
                "evidence": [
                    {"name": e.name, "sha256": e.digest} for e in parse_evidence(r.evidence)
                ],
            }
        )
    elif event.kind == "decision":
        d = event.decision
        data.update({"decision": d.decision, "reason": d.reason, "source": d.source})
    elif event.kind == "status":
        data.update(
            {
                "from": None if event.before is None else event.before.status,
                "from_behind": None if event.before is None else event.before.behind,
                "to": event.after.status,
                "behind": event.after.behind,
                "from_review": None if event.before is None else event.before.review,
                "review": event.after.review,
                "actual": event.after.actual,
                "completion": event.after.completion,
            }
        )
    else:
        data.update(
            {
                "period_end": event.receipt.period_end.isoformat(),
                "form": event.receipt.form,
                "source": event.receipt.source,
            }
        )
    return data


def history_json(trail: Trail) -> dict[str, Any]:
    return {
        "target": trail.target.id,
        "title": trail.target.title,
        "unit": trail.unit,
        "as_of": trail.as_of.isoformat(),
        "status": [
            {
                "instance": r.instance.key,
                "year": r.instance.year,
                "status": r.status,
                "behind": r.behind,
                "actual": r.actual,
                "completion": r.completion,
            }
            for r in trail.results
        ],
        "events": [event_json(e) for e in trail.events],
    }
