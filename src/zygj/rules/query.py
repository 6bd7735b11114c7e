"""Who does what: the queries behind `measures`, `measure` and `units`. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from zygj.core.diagnostics import UsageError
from zygj.core.models import Measure, Section, Target, Unit
from zygj.core.numerals import from_chinese
from zygj.core.plan import Plan
from zygj.core.units import normalize, suggestion_text

Role = Literal["lead", "responsible", "cooperating", "general"]
#: The roles a measure gives named units, in order of weight.
UNIT_ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperating")


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    section: Section
    role: Role | None = None
    #: The group through which the unit was given its role (None: named itself).
    via: str | None = None


def resolve_unit(plan: Plan, name: str) -> Unit:
    """A unit by name or alias; an unknown name is a usage error with suggestions."""
    unit = plan.registry.get(name)
    if unit is None and plan.registry.reporter(name) is not None:
        # A collective without listed members (各街道) is one addressee, as everywhere.
        group = plan.registry.group(name)
        assert group is not None
        return Unit(
            name=group.name, kind="集合（未列成员）", aliases=list(group.aliases), note=group.note
        )
    if unit is None:
        raise UsageError(
            f"未找到单位“{name}”"
            + suggestion_text(plan.registry.suggest(name))
            + "（zygj units 可列出全部单位）"
        )
    return unit


def _bare(text: str) -> str:
    """A label without its brackets and trailing marks: “（三）” “三、” “3.” → 三 / 3."""
    return normalize(text).replace("(", "").replace(")", "").rstrip("、.．")


def _numeral(key: str) -> int | None:
    if key.isdigit():
        return int(key)
    try:
        return from_chinese(key)
    except ValueError:
        return None


def parse_section(plan: Plan, text: str) -> int:
    """A section by number ('3'), by label at any level ('（三）', '三', '三、') or by
    path as printed ('二、（一）'); anything else, or an ambiguous label, is a usage error."""
    if text.strip().isdigit() and plan.section(int(text)) is not None:
        return int(text)
    key = normalize(text)
    by_path = [
        s.no for s in plan.sections if s.label and normalize(plan.section_label(s.no)) == key
    ]
    if len(by_path) == 1:
        return by_path[0]
    exact = [s.no for s in plan.sections if s.label and normalize(s.label) == key]
    if len(exact) == 1:
        return exact[0]
    bare = _bare(text)
    by_label = [s.no for s in plan.sections if s.label and _bare(s.label) == bare]
    if len(by_label) == 1:
        return by_label[0]
    if len(by_label) > 1:
        paths = " ".join(plan.section_label(no) for no in by_label)
        raise UsageError(f"“{text}”不止一个部分：请写完整的编号，如 {paths}，或写部分序号")
    number = _numeral(bare)  # 三 → 3 when no label says 三: the section numbered 3
    if number is not None and plan.section(number) is not None:
        return number
    labels = " ".join(plan.section_label(s.no) or str(s.no) for s in plan.sections)
    raise UsageError(f"没有“{text}”这个部分：可选 {labels}，也可写 1—{len(plan.sections)}")


def section_numbers(plan: Plan, no: int) -> set[int]:
    """The section and every section below it."""
    return {s.no for s in plan.sections if any(p.no == no for p in plan.section_path(s.no))}


def role_of(measure: Measure, unit_name: str) -> Role | None:
    """The role a measure gives a unit by naming it (groups not expanded)."""
    for role in UNIT_ROLES:
        if unit_name in getattr(measure, role):
            return role
    return None


def given_role(plan: Plan, measure: Measure, unit_name: str) -> tuple[Role | None, str | None]:
    """The role a measure gives a unit, named itself or as a member of a group named."""
    own = role_of(measure, unit_name)
    if own is not None:
        return own, None
    for role in UNIT_ROLES:
        for name in getattr(measure, role):
            group = plan.registry.group(name)
            if group is not None and unit_name in group.members:
                return role, group.name
    return None, None


def find_measures(
    plan: Plan,
    unit: Unit | None = None,
    role: Role | None = None,
    section: int | None = None,
    search: str | None = None,
    include_general: bool = False,
) -> list[MeasureRow]:
    """Measures matching every filter given, in plan order.

    With a unit, only the measures that name it (or a group it belongs to) are
    listed, each with its role; a measure addressed to everyone (no named units)
    is added, with role "general", only when ``include_general`` is set. A
    section includes the sections below it.
    """
    wanted_sections = section_numbers(plan, section) if section is not None else None
    needle = normalize(search) if search else None
    rows: list[MeasureRow] = []
    for measure in plan.measures:
        if wanted_sections is not None and measure.section not in wanted_sections:
            continue
        if needle is not None and needle not in normalize(measure.text):
            continue
        found_role: Role | None = None
        via: str | None = None
        if unit is not None:
            found_role, via = given_role(plan, measure, unit.name)
            if found_role is None and include_general and measure.is_general:
                found_role = "general"
            if found_role is None:
                continue
            if role is not None and found_role != role:
                continue
        elif role is not None:
            raise UsageError("--role 需要与 --unit 一起使用")
        section_of = plan.section(measure.section)
        assert section_of is not None  # the checks guarantee it
        rows.append(MeasureRow(measure, section_of, found_role, via))
    return rows


@dataclass(frozen=True)
class UnitLoad:
    unit: Unit
    lead: list[int]
    responsible: list[int]
    cooperating: list[int] = field(default_factory=list)
    #: measure no → the group through which the unit has its role there
    via: dict[int, str] = field(default_factory=dict)

    @property
    def measures(self) -> list[int]:
        return sorted({*self.lead, *self.responsible, *self.cooperating})

    def role(self, no: int) -> Role | None:
        for role in UNIT_ROLES:
            if no in getattr(self, role):
                return role
        return None


def unit_load(plan: Plan, unit: Unit) -> UnitLoad:
    """The measures a unit leads, shares and cooperates on (directly or as a member
    of a group a measure names)."""
    by_role: dict[str, list[int]] = {role: [] for role in UNIT_ROLES}
    via: dict[int, str] = {}
    for measure in plan.measures:
        role, group = given_role(plan, measure, unit.name)
        if role is not None:
            by_role[role].append(measure.no)
            if group is not None:
                via[measure.no] = group
    return UnitLoad(unit, by_role["lead"], by_role["responsible"], by_role["cooperating"], via)


def unit_loads(plan: Plan) -> list[UnitLoad]:
    """Every declared unit's load, in the order units.yaml declares them."""
    return [unit_load(plan, unit) for unit in plan.units_file.units]


TargetRole = Literal["owner", "partner"]


def target_role(plan: Plan, target: Target, unit_name: str) -> TargetRole | None:
    """How a unit stands to a target: its owner (负责), or a unit of its measure (配合).

    Partners report their own share, which is added to the owner's figure.
    """
    owner = plan.owner_of(target)
    if owner == unit_name or (
        owner is not None
        and unit_name in plan.registry.members(owner)
        and plan.registry.group(owner) is not None
    ):
        return "owner"  # a group's members each own their share
    measure = plan.measure(target.measure)
    if measure is not None and given_role(plan, measure, unit_name)[0] is not None:
        return "partner"
    return None
