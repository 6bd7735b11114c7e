"""Who does what: the queries behind `measures`, `measure` and `units`. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zygj.core.diagnostics import UsageError
from zygj.core.models import Measure, Section, Target, Unit
from zygj.core.plan import Plan
from zygj.core.units import normalize, suggestion_text

Role = Literal["lead", "responsible", "general"]

_CHINESE_NUMERALS = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    section: Section
    role: Role | None = None


def resolve_unit(plan: Plan, name: str) -> Unit:
    """A unit by name or alias; an unknown name is a usage error with suggestions."""
    unit = plan.registry.get(name)
    if unit is None:
        raise UsageError(
            f"未找到单位“{name}”" + suggestion_text(plan.registry.suggest(name))
            + "（zygj units 可列出全部单位）"
        )
    return unit


def parse_section(plan: Plan, text: str) -> int:
    """'三', '（三）', '(三)', '3' → 3; anything else is a usage error."""
    key = normalize(text).strip("()")
    number: int | None = None
    if key.isdigit():
        number = int(key)
    elif key and all(ch in _CHINESE_NUMERALS for ch in key):
        if len(key) == 1:
            number = _CHINESE_NUMERALS[key]
        elif key[0] == "十":
            number = 10 + _CHINESE_NUMERALS.get(key[1:], 0)
        elif len(key) in (2, 3) and key[1] == "十":
            number = _CHINESE_NUMERALS[key[0]] * 10 + (
                _CHINESE_NUMERALS[key[2]] if len(key) == 3 else 0
            )
    if number is None or plan.section(number) is None:
        labels = "、".join(s.label for s in plan.sections)
        raise UsageError(f"没有“{text}”这个部分：可选 {labels}，也可写 1—{len(plan.sections)}")
    return number


def role_of(measure: Measure, unit_name: str) -> Role | None:
    if unit_name in measure.lead:
        return "lead"
    if unit_name in measure.responsible:
        return "responsible"
    return None


def find_measures(
    plan: Plan,
    unit: Unit | None = None,
    role: Role | None = None,
    section: int | None = None,
    search: str | None = None,
    include_general: bool = False,
) -> list[MeasureRow]:
    """Measures matching every filter given, in plan order.

    With a unit, only the measures that name it are listed, each with its role;
    a measure addressed to everyone (no named units) is added, with role
    "general", only when ``include_general`` is set.
    """
    sections = {s.no: s for s in plan.sections}
    needle = normalize(search) if search else None
    rows: list[MeasureRow] = []
    for measure in plan.measures:
        if section is not None and measure.section != section:
            continue
        if needle is not None and needle not in normalize(measure.text):
            continue
        found_role: Role | None = None
        if unit is not None:
            found_role = role_of(measure, unit.name)
            if found_role is None and include_general and measure.is_general:
                found_role = "general"
            if found_role is None:
                continue
            if role is not None and found_role != role:
                continue
        elif role is not None:
            raise UsageError("--role 需要与 --unit 一起使用")
        rows.append(MeasureRow(measure, sections[measure.section], found_role))
    return rows


@dataclass(frozen=True)
class UnitLoad:
    unit: Unit
    lead: list[int]
    responsible: list[int]


def unit_loads(plan: Plan) -> list[UnitLoad]:
    """Every declared unit with the measures it leads and shares."""
    loads = []
    for unit in plan.units_file.units:
        lead = [m.no for m in plan.measures if unit.name in m.lead]
        shared = [m.no for m in plan.measures if unit.name in m.responsible]
        loads.append(UnitLoad(unit, lead, shared))
    return loads


TargetRole = Literal["owner", "partner"]


def target_role(plan: Plan, target: Target, unit_name: str) -> TargetRole | None:
    """How a unit stands to a target: its owner (负责), or a unit of its measure (配合).

    Partners report their own share, which is added to the owner's figure.
    """
    if plan.owner_of(target) == unit_name:
        return "owner"
    measure = plan.measure(target.measure)
    if measure is not None and unit_name in (*measure.lead, *measure.responsible):
        return "partner"
    return None
