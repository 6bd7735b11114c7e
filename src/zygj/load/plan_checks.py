"""Cross-record checks of a plan: small pure functions, each yields diagnostics.

Adding a check is adding a function to :data:`CHECKS`. Each check reads the
validated plan and points back into the files through the documents' positions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from zygj.core.diagnostics import Diagnostic
from zygj.core.plan import Plan
from zygj.core.units import normalize, suggestion_text
from zygj.load.yaml_doc import YamlDocument


@dataclass(frozen=True)
class PlanFiles:
    """The parsed files of the plan being checked: where each value stands."""

    units: YamlDocument
    measures: YamlDocument
    targets: YamlDocument | None


Check = Callable[[Plan, PlanFiles], Iterator[Diagnostic]]


def check_unit_names_and_aliases(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Names unique; aliases unique and never shadowing another unit's name."""
    doc = files.units
    names: dict[str, str] = {}  # normalized name → the unit's name
    for i, unit in enumerate(plan.units_file.units):
        key = normalize(unit.name)
        if key in names:
            yield doc.diagnostic(("units", i, "name"), f"单位名称“{unit.name}”重复声明")
        names[key] = unit.name
    aliases: dict[str, str] = {}  # normalized alias → the unit it stands for
    for i, unit in enumerate(plan.units_file.units):
        for j, alias in enumerate(unit.aliases):
            key = normalize(alias)
            loc = ("units", i, "aliases", j)
            if names.get(key) == unit.name:
                yield doc.diagnostic(loc, f"别名“{alias}”与本单位名称相同，无需再写")
            elif key in names:
                yield doc.diagnostic(
                    loc, f"{unit.name} 的别名“{alias}”与单位“{names[key]}”的名称冲突"
                )
            elif key in aliases:
                yield doc.diagnostic(
                    loc,
                    f"别名“{alias}”重复：已是“{aliases[key]}”的别名，一个别名只能指向一个单位",
                )
            else:
                aliases[key] = unit.name


def check_groups(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Group names unique and distinct from units; members declared units, each once."""
    doc = files.units
    registry = plan.registry
    seen: dict[str, str] = {}
    for i, group in enumerate(plan.units_file.groups):
        for j, spelling in enumerate((group.name, *group.aliases)):
            loc = ("groups", i, "name") if j == 0 else ("groups", i, "aliases", j - 1)
            key = normalize(spelling)
            namesake = registry.get(spelling)
            if namesake is not None:
                yield doc.diagnostic(loc, f"集合“{spelling}”与单位“{namesake.name}”同名")
            elif key in seen:
                yield doc.diagnostic(loc, f"集合名称或别名“{spelling}”重复：已用于“{seen[key]}”")
            else:
                seen[key] = group.name
        members: set[str] = set()
        for j, member in enumerate(group.members):
            unit = registry.get(member)
            loc = ("groups", i, "members", j)
            if unit is None:
                yield doc.diagnostic(
                    loc,
                    f"集合“{group.name}”的成员“{member}”未在 units 中声明"
                    + suggestion_text(registry.suggest(member)),
                )
            elif unit.name != member:
                yield doc.diagnostic(loc, f"集合“{group.name}”的成员“{member}”是别名，请写规范名称“{unit.name}”")
            elif member in members:
                yield doc.diagnostic(loc, f"集合“{group.name}”的成员“{member}”重复")
            members.add(member)


def check_measure_numbers(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Measure numbers unique and contiguous from 1, in order."""
    doc = files.measures
    seen: set[int] = set()
    for i, measure in enumerate(plan.measures):
        if measure.no in seen:
            yield doc.diagnostic(("measures", i, "no"), f"措施序号 {measure.no} 重复")
        elif measure.no != i + 1:
            yield doc.diagnostic(
                ("measures", i, "no"),
                f"措施序号应从 1 起连续编号：这里应为 {i + 1}，实际为 {measure.no}",
            )
        seen.add(measure.no)


def check_sections(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Sections numbered 1..K; every measure's section exists; no empty section."""
    doc = files.measures
    numbers = [s.no for s in plan.sections]
    for i, section in enumerate(plan.sections):
        if section.no != i + 1:
            yield doc.diagnostic(
                ("sections", i, "no"),
                f"部分序号应从 1 起连续编号：这里应为 {i + 1}，实际为 {section.no}",
            )
    used = set()
    for i, measure in enumerate(plan.measures):
        used.add(measure.section)
        if measure.section not in numbers:
            yield doc.diagnostic(
                ("measures", i, "section"),
                f"第 {measure.no} 项措施所属部分 {measure.section} 未在 sections 中声明",
            )
    for i, section in enumerate(plan.sections):
        if section.no not in used:
            yield doc.diagnostic(("sections", i), f"部分{section.label}没有任何措施")


def check_measure_units(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Every unit named is declared by its canonical name (strict: a typo is an error)."""
    doc = files.measures
    registry = plan.registry
    for i, measure in enumerate(plan.measures):
        for role in ("lead", "responsible"):
            names: list[str] = getattr(measure, role)
            for j, name in enumerate(names):
                unit = registry.get(name)
                loc = ("measures", i, role, j)
                group = registry.group(name) if unit is None else None
                if group is not None:
                    if group.name != name:
                        yield doc.diagnostic(
                            loc,
                            f"第 {measure.no} 项措施的“{name}”是别名，请写规范名称“{group.name}”",
                        )
                elif unit is None:
                    yield doc.diagnostic(
                        loc,
                        f"第 {measure.no} 项措施的单位“{name}”未在 units.yaml 中声明"
                        + suggestion_text(registry.suggest(name)),
                    )
                elif unit.name != name:
                    yield doc.diagnostic(
                        loc,
                        f"第 {measure.no} 项措施的单位“{name}”是别名，请写规范名称“{unit.name}”",
                    )


def check_roles_disjoint(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """No unit twice in one list, nor both lead and responsible on one measure."""
    doc = files.measures
    for i, measure in enumerate(plan.measures):
        for role, label in (("lead", "牵头单位"), ("responsible", "责任单位")):
            names: list[str] = getattr(measure, role)
            for name, count in Counter(names).items():
                if count > 1:
                    j = len(names) - 1 - names[::-1].index(name)
                    yield doc.diagnostic(
                        ("measures", i, role, j),
                        f"第 {measure.no} 项措施的{label}中“{name}”重复出现",
                    )
        for j, name in enumerate(measure.responsible):
            if name in measure.lead:
                yield doc.diagnostic(
                    ("measures", i, "responsible", j),
                    f"第 {measure.no} 项措施中“{name}”既是牵头单位又是责任单位",
                )


def check_general_measures(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """A measure naming no unit must say whom it addresses; one naming units has a lead."""
    doc = files.measures
    for i, measure in enumerate(plan.measures):
        if measure.is_general and not measure.addressees:
            yield doc.diagnostic(
                ("measures", i),
                f"第 {measure.no} 项措施没有牵头单位和责任单位：请写明 addressees（面向的对象）",
            )
        elif measure.responsible and not measure.lead:
            yield doc.diagnostic(
                ("measures", i, "responsible"),
                f"第 {measure.no} 项措施有责任单位但没有牵头单位",
            )


def check_errata(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Each erratum points at something that is really there."""
    doc = files.measures
    for i, measure in enumerate(plan.measures):
        for j, erratum in enumerate(measure.errata):
            loc = ("measures", i, "errata", j)
            if erratum.field == "text" and erratum.original not in measure.text:
                yield doc.diagnostic(
                    (*loc, "original"),
                    f"勘误原文“{erratum.original}”不在第 {measure.no} 项措施的正文中",
                )
            if erratum.field in ("lead", "responsible"):
                names: list[str] = getattr(measure, erratum.field)
                if erratum.corrected not in names:
                    yield doc.diagnostic(
                        (*loc, "corrected"),
                        f"勘误更正后的单位“{erratum.corrected}”不在第 {measure.no} 项措施的 "
                        f"{erratum.field} 中",
                    )


def check_targets(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Target ids unique, M.K with M its measure and K contiguous; quotes verbatim."""
    doc = files.targets
    if doc is None:
        return
    seen: set[str] = set()
    order: dict[int, list[int]] = defaultdict(list)
    for i, target in enumerate(plan.targets):
        loc = ("targets", i)
        if target.id in seen:
            yield doc.diagnostic((*loc, "id"), f"目标编号 {target.id} 重复")
            continue
        seen.add(target.id)
        measure_no, k = target.measure_order
        measure = plan.measure(target.measure)
        if measure is None:
            yield doc.diagnostic(
                (*loc, "measure"), f"目标 {target.id} 所属的第 {target.measure} 项措施不存在"
            )
            continue
        if measure_no != target.measure:
            yield doc.diagnostic(
                (*loc, "id"),
                f"目标编号 {target.id} 应以所属措施号 {target.measure} 开头"
                f"（如 {target.measure}.1）",
            )
            continue
        expected = len(order[measure_no]) + 1
        if k != expected:
            yield doc.diagnostic(
                (*loc, "id"),
                f"第 {measure_no} 项措施的目标应按顺序编号：这里应为 {measure_no}.{expected}，"
                f"实际为 {target.id}",
            )
        order[measure_no].append(k)
        if target.quote not in measure.text:
            yield doc.diagnostic(
                (*loc, "quote"),
                f"目标 {target.id} 的 quote“{target.quote}”不是第 {target.measure} 项措施原文中的原话",
            )


def check_target_owners(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Owners are declared units; every target has an owner."""
    doc = files.targets
    if doc is None:
        return
    for i, target in enumerate(plan.targets):
        if target.owner is not None:
            unit = plan.registry.get(target.owner)
            if unit is None:
                yield doc.diagnostic(
                    ("targets", i, "owner"),
                    f"目标 {target.id} 的责任单位“{target.owner}”未在 units.yaml 中声明"
                    + suggestion_text(plan.registry.suggest(target.owner)),
                )
        elif plan.measure(target.measure) is not None and plan.owner_of(target) is None:
            yield doc.diagnostic(
                ("targets", i),
                f"目标 {target.id} 所属措施没有牵头单位：请用 owner 写明责任单位",
            )


def check_annual_targets(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Annual targets need the plan period to list its years."""
    doc = files.targets
    if doc is None or plan.measures_file.period.annual_years:
        return
    for i, target in enumerate(plan.targets):
        if target.annual:
            yield doc.diagnostic(
                ("targets", i, "annual"),
                f"目标 {target.id} 是每年目标，但 measures.yaml 的 period.annual_years 没有列出年份",
            )


def check_scoring_weights(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """scoring.weights names targets of the plan."""
    doc = files.targets
    scoring = plan.targets_file.scoring
    if doc is None or scoring is None:
        return
    known = {t.id for t in plan.targets}
    for target_id in scoring.weights:
        if target_id not in known:
            yield doc.diagnostic(
                ("scoring", "weights", target_id),
                f"scoring.weights 中的目标“{target_id}”不存在（zygj targets 可列出全部目标）",
            )


CHECKS: list[Check] = [
    check_groups,
    check_unit_names_and_aliases,
    check_measure_numbers,
    check_sections,
    check_measure_units,
    check_roles_disjoint,
    check_general_measures,
    check_errata,
    check_targets,
    check_target_owners,
    check_annual_targets,
    check_scoring_weights,
]


def run_checks(plan: Plan, files: PlanFiles) -> list[Diagnostic]:
    return [problem for check in CHECKS for problem in check(plan, files)]
