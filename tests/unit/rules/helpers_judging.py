"""Records and results on the bundled plan, for the judging rules' boundary tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

from tests.conftest import PLAN_DIR
from zygj.core.models import Status
from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.load.plan import load_checked_plan
from zygj.rules.completion import Result, evaluate_all

HRSS = "市人力资源社会保障局"  # 市人社局: the lead of most measures
CULTURE_LEAD = "市文化广电新闻出版局"  # 11.2's lead
_SEQ = itertools.count(1)


def bundled() -> Plan:
    return load_checked_plan(PLAN_DIR)


def with_settings(plan: Plan, **blocks: Any) -> Plan:
    """The plan with targets.yaml's blocks replaced (``year_end=YearEnd(...)``, ``lights=…``)."""
    targets_file = dataclasses.replace(plan.targets_file, **blocks)
    return Plan(plan.folder, plan.units_file, plan.measures_file, targets_file)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def rec(
    target: str,
    date: str,
    unit: str = HRSS,
    value: float | None = None,
    status: Status | None = None,
    year: int | None = None,
) -> Record:
    seq = next(_SEQ)
    return Record(target, day(date), unit, value, status, None, seq, seq, year, "p.yaml")


def judged(plan: Plan, key: str, records: list[Record], as_of: str) -> Result:
    """The result of one instance ("17.1@2020", "5.1") as of a day."""
    for result in evaluate_all(plan, records, day(as_of)):
        if result.instance.key == key:
            return result
    raise KeyError(key)
