"""Cross-record checks of a plan: small pure functions, each yields diagnostics.

Adding a check is adding a function to :data:`CHECKS`. Each check reads the
validated plan and points back into the files through the documents' positions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from zygj.core.diagnostics import Diagnostic
from zygj.core.models import Section
from zygj.core.plan import UNASSIGNED, Plan
from zygj.core.units import normalize, suggestion_text
from zygj.load.yaml_doc import YamlDocument


@dataclass(frozen=True)
class PlanFiles:
    """The parsed files of the plan being checked: where each value stands."""

    units: YamlDocument | YamlPlaceholder
    measures: YamlDocument | YamlPlaceholder
    targets: YamlDocument | YamlPlaceholder | None


class YamlPlaceholder:
    """Stands in for a file that did not parse; the checks that need it do not run."""

    def diagnostic(self, loc: object, message: str) -> Diagnostic:  # pragma: no cover
        raise AssertionError("a check ran on a file that did not parse")


Check = Callable[[Plan, PlanFiles], Iterator[Diagnostic]]

#: The three roles a measure gives, as the files name them and as people say them.
ROLES: dict[str, str] = {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}


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
        for j, rename in enumerate(unit.renamed):
            key = normalize(rename.to)
            where = ("units", i, "renamed", j, "to")
            if key in names and names[key] != unit.name:
                yield doc.diagnostic(
                    where, f"{unit.name} 的新名称“{rename.to}”与单位“{names[key]}”的名称冲突"
                )
            elif any(
                normalize(a) == key
                for other in plan.units_file.units
                if other is not unit
                for a in other.aliases
            ):
                yield doc.diagnostic(where, f"{unit.name} 的新名称“{rename.to}”已是另一单位的别名")
            else:
                aliases.setdefault(key, unit.name)
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
                yield doc.diagnostic(
                    loc, f"集合“{group.name}”的成员“{member}”是别名，请写规范名称“{unit.name}”"
                )
            elif member in members:
                yield doc.diagnostic(loc, f"集合“{group.name}”的成员“{member}”重复")
            members.add(member)


def check_measure_numbers(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Measure numbers unique and ascending; contiguous from 1 unless the plan is partial."""
    doc = files.measures
    partial = plan.measures_file.document.partial
    seen: set[int] = set()
    previous = 0
    for i, measure in enumerate(plan.measures):
        loc = ("measures", i, "no")
        if measure.no in seen:
            yield doc.diagnostic(loc, f"措施序号 {measure.no} 重复")
        elif partial and measure.no <= previous:
            yield doc.diagnostic(loc, f"措施序号应递增：第 {measure.no} 项排在第 {previous} 项之后")
        elif not partial and measure.no != i + 1:
            yield doc.diagnostic(
                loc,
                f"措施序号应从 1 起连续编号：这里应为 {i + 1}，实际为 {measure.no}"
                "（只转录了部分措施的，请在 document 中写 partial: true）",
            )
        seen.add(measure.no)
        previous = max(previous, measure.no)


def _section_locs(
    sections: list[Section], above: tuple[int | str, ...] = ("sections",)
) -> Iterator[tuple[Section, tuple[int | str, ...]]]:
    """Every section, depth first, with where it stands in measures.yaml."""
    for i, section in enumerate(sections):
        loc = (*above, i)
        yield section, loc
        yield from _section_locs(section.sections, (*loc, "sections"))


def check_sections(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Sections (nested ones too) numbered 1..K in document order; measures' sections exist;
    no empty section."""
    doc = files.measures
    located = list(_section_locs(plan.measures_file.sections))
    nested = any(section.sections for section, _ in located)
    numbers = {section.no for section, _ in located}
    for k, (section, loc) in enumerate(located):
        if section.no != k + 1:
            yield doc.diagnostic(
                (*loc, "no"),
                f"部分序号应从 1 起{'按原文顺序（下级部分也计入）' if nested else ''}连续编号："
                f"这里应为 {k + 1}，实际为 {section.no}",
            )
    used: set[int] = set()
    for i, measure in enumerate(plan.measures):
        used.update(s.no for s in plan.section_path(measure.section))
        if measure.section not in numbers:
            yield doc.diagnostic(
                ("measures", i, "section"),
                f"第 {measure.no} 项措施所属部分 {measure.section} 未在 sections 中声明",
            )
    for section, loc in located:
        if section.no not in used:
            name = section.label or f"“{section.title}”"
            yield doc.diagnostic(loc, f"部分{name}没有任何措施")


def check_measure_units(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Every unit named is declared by its canonical name (strict: a typo is an error)."""
    doc = files.measures
    registry = plan.registry
    for i, measure in enumerate(plan.measures):
        for role in ROLES:
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
    """No unit twice in one list, nor in two roles of one measure."""
    doc = files.measures
    for i, measure in enumerate(plan.measures):
        for role, label in ROLES.items():
            names: list[str] = getattr(measure, role)
            for name, count in Counter(names).items():
                if count > 1:
                    j = len(names) - 1 - names[::-1].index(name)
                    yield doc.diagnostic(
                        ("measures", i, role, j),
                        f"第 {measure.no} 项措施的{label}中“{name}”重复出现",
                    )
        roles = list(ROLES.items())
        for k, (role, label) in enumerate(roles):
            for earlier, earlier_label in roles[:k]:
                for j, name in enumerate(getattr(measure, role)):
                    if name in getattr(measure, earlier):
                        yield doc.diagnostic(
                            ("measures", i, role, j),
                            f"第 {measure.no} 项措施中“{name}”既是{earlier_label}又是{label}",
                        )


def check_general_measures(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """A measure naming no unit must say whom it addresses (a lead is not required)."""
    doc = files.measures
    for i, measure in enumerate(plan.measures):
        if measure.is_general and not measure.addressees:
            yield doc.diagnostic(
                ("measures", i),
                f"第 {measure.no} 项措施没有牵头单位、责任单位和配合单位：请写明 addressees（面向的对象）",
            )
        if measure.units_open and measure.is_general:
            yield doc.diagnostic(
                ("measures", i, "units_open"),
                f"第 {measure.no} 项措施没有列出单位，不能写 units_open: true",
            )


def check_measure_deadlines(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Every 完成时限 is one zygj can read."""
    from zygj.core.deadlines import parse_deadline

    period = plan.measures_file.period
    for i, measure in enumerate(plan.measures):
        if measure.deadline is None:
            continue
        try:
            parse_deadline(measure.deadline, period.start, period.end)
        except ValueError as exc:
            yield files.measures.diagnostic(
                ("measures", i, "deadline"), f"第 {measure.no} 项措施：{exc}"
            )


def check_measure_owners(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Without a lead and with several 责任单位, who owns is stated, else the first listed owns
    (a warning: the document may mean it, or the transcription may have missed a lead)."""
    for i, measure in enumerate(plan.measures):
        if measure.lead or measure.owner is not None or len(measure.responsible) < 2:
            continue
        yield replace(
            files.measures.diagnostic(
                ("measures", i, "responsible"),
                f"第 {measure.no} 项措施没有牵头单位，有 {len(measure.responsible)} 个责任单位：由列第一位的"
                f"“{measure.responsible[0]}”负责（其他单位按配合计）；如不是它，请用 owner 写明",
            ),
            severity="warning",
        )


def check_milestones(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Every milestone has a 完成时限 zygj reads as one day of the plan period."""
    from zygj.core.deadlines import parse_deadline

    period = plan.measures_file.period
    for i, measure in enumerate(plan.measures):
        for k, milestone in enumerate(measure.milestones):
            loc = ("measures", i, "milestones", k, "deadline")
            where = f"第 {measure.no} 项措施的节点“{milestone.name}”"
            try:
                deadline = parse_deadline(milestone.deadline, period.start, period.end)
            except ValueError as exc:
                yield files.measures.diagnostic(loc, f"{where}：{exc}")
                continue
            if deadline.kind != "date":
                yield files.measures.diagnostic(
                    loc, f"{where}须有确定的日期（如 2024年5月底前），不能是“{milestone.deadline}”"
                )


def check_rate_targets(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """A relative target's reference is another target of the plan that has a figure."""
    doc = files.targets
    if doc is None:
        return
    targets = {t.id: t for t in plan.targets_file.targets}
    for i, target in enumerate(plan.targets_file.targets):
        if target.reference is None:
            continue
        loc = ("targets", i, "reference")
        reference = targets.get(target.reference)
        if target.reference == target.id:
            yield doc.diagnostic(loc, f"目标 {target.id} 不能以自己为 reference")
        elif reference is None:
            yield doc.diagnostic(
                loc,
                f"目标 {target.id} 的 reference“{target.reference}”不是本方案的目标（zygj targets 可列出全部目标）",
            )
        elif reference.op in ("qualitative", "relative"):
            yield doc.diagnostic(
                loc,
                f"目标 {target.id} 的 reference {reference.id} 没有可对照的数（它是"
                f"{'定性' if reference.op == 'qualitative' else '相对'}目标）：请对照一个填报数字的目标",
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
            if erratum.field in ROLES:
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
    for i, target in enumerate(plan.targets_file.targets):
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
        fragments = target.quotes
        for j, fragment in enumerate(fragments):
            if fragment not in measure.text:
                where = (*loc, "quote") if isinstance(target.quote, str) else (*loc, "quote", j)
                part = (
                    "quote"
                    if len(fragments) == 1 and isinstance(target.quote, str)
                    else (f"quote 的第 {j + 1} 个片段")
                )
                yield doc.diagnostic(
                    where,
                    f"目标 {target.id} 的 {part}“{fragment}”不是第 {target.measure} 项措施原文中的原话",
                )


def check_target_owners(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Owners are declared units; a target has an owner unless its measure names no unit."""
    doc = files.targets
    if doc is None:
        return
    unowned: dict[int, list[int]] = defaultdict(list)  # measure → indexes of its targets
    for i, target in enumerate(plan.targets_file.targets):
        measure = plan.measure(target.measure)
        if target.owner is not None:
            unit = plan.registry.get(target.owner)
            if unit is None:
                yield doc.diagnostic(
                    ("targets", i, "owner"),
                    f"目标 {target.id} 的责任单位“{target.owner}”未在 units.yaml 中声明"
                    + suggestion_text(plan.registry.suggest(target.owner)),
                )
        elif measure is None or plan.owner_of(target) is not None:
            continue
        elif measure.is_general:
            unowned[measure.no].append(i)
        else:
            yield doc.diagnostic(
                ("targets", i),
                f"目标 {target.id} 所属第 {measure.no} 项措施没有牵头单位和责任单位：请用 owner 写明责任单位",
            )
    for no, indexes in unowned.items():
        ids = "目标 " + "、".join(plan.targets_file.targets[i].id for i in indexes) + " "
        if len(indexes) > 3:
            targets = plan.targets_file.targets
            first, last = targets[indexes[0]].id, targets[indexes[-1]].id
            ids = f" {len(indexes)} 个目标（{first}—{last}）"
        yield replace(
            doc.diagnostic(
                ("targets", indexes[0]),
                f"第 {no} 项措施没有列出单位，其{ids}没有 owner，列为“{UNASSIGNED}”",
            ),
            severity="warning",
        )


#: The years a plan period may span, as the command-line options (zygj.cli.bounds): every
#: annual target has an instance a year, so 1..9999 would be 10^4 of each (1.5 GB in report).
PERIOD_YEARS = (1900, 2200)


def check_period_years(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """The plan period lies within :data:`PERIOD_YEARS` (and so do its annual years)."""
    doc = files.measures
    if doc is None:
        return
    period = plan.measures_file.period
    first, last = PERIOD_YEARS
    for name in ("start", "end"):
        day = getattr(period, name)
        if not first <= day.year <= last:
            yield doc.diagnostic(
                ("period", name),
                f"period.{name} 应在 {first}-01-01 到 {last}-12-31 之间，实际为 {day.isoformat()}",
            )


def check_annual_targets(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Annual targets need years: their own ``years`` or the plan period's annual_years."""
    doc = files.targets
    if doc is None:
        return
    period = plan.measures_file.period
    for i, target in enumerate(plan.targets_file.targets):
        if target.years is not None:
            seen: set[int] = set()
            for j, year in enumerate(target.years):
                if not period.start.year <= year <= period.end.year:
                    yield doc.diagnostic(
                        ("targets", i, "years", j),
                        f"目标 {target.id} 的 years 中的 {year} 年不在方案期内"
                        f"（{period.start} 至 {period.end}）",
                    )
                elif year in seen:
                    yield doc.diagnostic(
                        ("targets", i, "years", j), f"目标 {target.id} 的 years 中 {year} 年重复"
                    )
                seen.add(year)
            if not target.years:
                yield doc.diagnostic(("targets", i, "years"), f"目标 {target.id} 的 years 为空")
        elif target.annual and not period.annual_years:
            yield doc.diagnostic(
                ("targets", i, "annual"),
                f"目标 {target.id} 是每年目标，但没有写 years，measures.yaml 的 "
                "period.annual_years 也没有列出年份",
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


def check_reporters(plan: Plan, files: PlanFiles) -> Iterator[Diagnostic]:
    """Every name under ``reporters:`` (of a measure or a target) is a declared unit or group."""
    registry = plan.registry
    places: list[tuple[YamlDocument | YamlPlaceholder | None, str, int, list[str]]] = [
        (files.measures, "measures", i, list(m.reporters)) for i, m in enumerate(plan.measures)
    ]
    # targets.yaml's own list: plan.targets also holds the 完成时限 tasks, which have no place there.
    targets = plan.targets_file.targets
    places += [(files.targets, "targets", i, list(t.reporters)) for i, t in enumerate(targets)]
    for doc, key, i, names in places:
        for j, name in enumerate(names):
            if doc is None or registry.members(name) or registry.group(name) is not None:
                continue
            yield doc.diagnostic(
                (key, i, "reporters", j),
                f"填报单位“{name}”未在 units.yaml 中声明（单位或集合）"
                + suggestion_text(registry.suggest(name)),
            )


CHECKS: list[Check] = [
    check_period_years,
    check_groups,
    check_unit_names_and_aliases,
    check_measure_numbers,
    check_sections,
    check_measure_units,
    check_roles_disjoint,
    check_general_measures,
    check_measure_deadlines,
    check_measure_owners,
    check_milestones,
    check_errata,
    check_targets,
    check_target_owners,
    check_annual_targets,
    check_scoring_weights,
    check_reporters,
    check_rate_targets,
]


#: The files each check reads (every check not listed reads the three).
NEEDS: dict[Check, frozenset[str]] = {
    check_groups: frozenset({"units.yaml"}),
    check_unit_names_and_aliases: frozenset({"units.yaml"}),
    check_measure_numbers: frozenset({"measures.yaml"}),
    check_sections: frozenset({"measures.yaml"}),
    check_measure_units: frozenset({"units.yaml", "measures.yaml"}),
    check_roles_disjoint: frozenset({"measures.yaml"}),
    check_general_measures: frozenset({"measures.yaml"}),
    check_errata: frozenset({"measures.yaml"}),
    check_measure_deadlines: frozenset({"measures.yaml"}),
    check_measure_owners: frozenset({"measures.yaml"}),
    check_milestones: frozenset({"measures.yaml"}),
    check_targets: frozenset({"measures.yaml", "targets.yaml"}),
    check_annual_targets: frozenset({"measures.yaml", "targets.yaml"}),
}
_ALL_FILES = frozenset({"units.yaml", "measures.yaml", "targets.yaml"})


def run_checks(
    plan: Plan, files: PlanFiles, parsed: set[str] | frozenset[str] = _ALL_FILES
) -> list[Diagnostic]:
    """Every check whose files parsed (``parsed``: file names), problems in check order."""
    return [
        problem
        for check in CHECKS
        if NEEDS.get(check, _ALL_FILES) <= parsed
        for problem in check(plan, files)
    ]
