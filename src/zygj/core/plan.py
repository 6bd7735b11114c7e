"""A plan: the three validated files of a plan folder, as plain data.

Where each value stood in its file is the loader's business
(:mod:`zygj.load.plan`); a plan served from the cache is the same plain data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from zygj.core.models import (
    Measure,
    MeasuresFile,
    ReportDueRule,
    Section,
    Target,
    TargetsFile,
    UnitsFile,
    report_due_rule,
)
from zygj.core.units import UnitRegistry

#: How a target without an owner (its measure names no unit) is listed.
UNASSIGNED = "未明确责任单位"


@dataclass
class Plan:
    folder: Path
    units_file: UnitsFile
    measures_file: MeasuresFile
    targets_file: TargetsFile
    _measure_by_no: dict[int, Measure] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._measure_by_no = {}
        for measure in self.measures_file.measures:
            # With a duplicated number the first one counts; the checks report the second.
            self._measure_by_no.setdefault(measure.no, measure)

    @cached_property
    def registry(self) -> UnitRegistry:
        return UnitRegistry(self.units_file.units, self.units_file.groups)

    @property
    def measures(self) -> list[Measure]:
        return self.measures_file.measures

    @cached_property
    def _section_paths(self) -> dict[int, tuple[Section, ...]]:
        """Every section (nested ones too), depth first, with the sections above it."""
        paths: dict[int, tuple[Section, ...]] = {}

        def walk(sections: list[Section], above: tuple[Section, ...]) -> None:
            for section in sections:
                paths.setdefault(section.no, (*above, section))
                walk(section.sections, (*above, section))

        walk(self.measures_file.sections, ())
        return paths

    @property
    def sections(self) -> list[Section]:
        """Every section, nested ones included, in document order."""
        return [path[-1] for path in self._section_paths.values()]

    def section_path(self, no: int) -> tuple[Section, ...]:
        """The section and the sections above it, outermost first (empty when unknown)."""
        return self._section_paths.get(no, ())

    def section_label(self, no: int) -> str:
        """The section's labels from the top down, as printed: “二、（一）”."""
        return "".join(section.label for section in self.section_path(no))

    @property
    def document_name(self) -> str:
        """What reports are titled by: the 文号, else the plan's title, else the document's."""
        document = self.measures_file.document
        return document.number or document.plan_title or document.title

    @property
    def targets(self) -> list[Target]:
        """The targets of targets.yaml, then the 完成时限 tasks of measures (see :meth:`tasks`)."""
        if not self.tasks:
            return self.targets_file.targets
        # Each task just before its measure's own targets (a stable sort keeps the file's order).
        merged = [*self.tasks, *self.targets_file.targets]
        return sorted(merged, key=lambda target: target.measure)

    @cached_property
    def tasks(self) -> list[Target]:
        """A measure with a ``deadline`` (完成时限) is tracked as a qualitative target whose
        id is the measure's number ("3"): progress records name it like any target.
        Ongoing (长期坚持) tasks never fall due; recurring ones (每年……) are assessed every
        year of the plan period. A deadline zygj cannot read is left out (the checks
        report it)."""
        from zygj.core.deadlines import ONGOING, parse_deadline

        period = self.measures_file.period
        tasks: list[Target] = []
        for measure in self.measures:
            if measure.deadline is None:
                continue
            try:
                deadline = parse_deadline(measure.deadline, period.start, period.end)
            except ValueError:
                continue
            title = re.split(r"[。；，\n]", measure.text, maxsplit=1)[0][:40]
            recurring = deadline.kind == "recurring"
            day = deadline.date if deadline.kind == "date" else ONGOING
            tasks.append(
                Target(
                    id=str(measure.no),
                    measure=measure.no,
                    title=title,
                    quote=measure.deadline,
                    op="qualitative",
                    note=f"完成时限：{measure.deadline}",
                    annual=recurring,
                    deadline=None if recurring else day,
                    years=list(range(period.start.year, period.end.year + 1))
                    if recurring
                    else None,
                )
            )
        for measure in self.measures:
            tasks.extend(self._milestone_tasks(measure))
        return tasks

    def _milestone_tasks(self, measure: Measure) -> list[Target]:
        """Each milestone of a measure is a qualitative task of its own, id "M-K"
        (措施号-节点序号): its own deadline, status, light and overdue."""
        from zygj.core.deadlines import ONGOING, parse_deadline

        period = self.measures_file.period
        title = re.split(r"[。；，\n]", measure.text, maxsplit=1)[0][:30]
        tasks: list[Target] = []
        for k, milestone in enumerate(measure.milestones, 1):
            try:
                deadline = parse_deadline(milestone.deadline, period.start, period.end)
            except ValueError:
                continue  # the checks report it
            if deadline.kind != "date":
                continue  # a milestone is one day; the checks refuse the others
            tasks.append(
                Target(
                    id=milestone_id(measure.no, k),
                    measure=measure.no,
                    title=f"{milestone.name}：{title}",
                    quote=milestone.deadline,
                    op="qualitative",
                    note=f"节点：{milestone.deadline}{milestone.name}",
                    deadline=deadline.date or ONGOING,
                )
            )
        return tasks

    def measure(self, no: int) -> Measure | None:
        return self._measure_by_no.get(no)

    def section(self, no: int) -> Section | None:
        path = self.section_path(no)
        return path[-1] if path else None

    def years_of(self, target: Target) -> list[int]:
        """The years an annual target is assessed: its own ``years``, else the plan's."""
        if target.years is not None:
            return list(target.years)
        return list(self.measures_file.period.annual_years)

    def owner_of(self, target: Target) -> str | None:
        """The target's owner: as written, else its measure's owner (:meth:`measure_owner`).

        None for a target of a measure that names no lead or responsible unit (未明确责任单位).
        """
        if target.owner is not None:
            unit = self.registry.get(target.owner)
            return unit.name if unit else target.owner
        measure = self.measure(target.measure)
        return measure_owner(measure) if measure is not None else None

    @cached_property
    def report_due(self) -> ReportDueRule | None:
        """The rule of ``document.report_due`` (报送时限), None when not stated."""
        text = self.measures_file.document.report_due
        return report_due_rule(text) if text else None


def measure_owner(measure: Measure) -> str | None:
    """Who owns a measure's tasks: the first lead unit; without a lead, the ``owner:``
    written, else the first responsible unit (a sole 责任单位 owns, never 配合)."""
    if measure.lead:
        return measure.lead[0]
    if measure.owner is not None:
        return measure.owner
    return measure.responsible[0] if measure.responsible else None


def milestone_id(measure_no: int, k: int) -> str:
    """The id progress records name a milestone by: "措施号-节点序号" ("3-1")."""
    return f"{measure_no}-{k}"


def report_due_description(rule: ReportDueRule) -> str:
    """How zygj reads a 报送时限, in words: “每个季度最后一个月的 20 日”."""
    cycle, anchor, day = rule
    name = {1: "月", 3: "季度", 6: "半年", 12: "年"}[cycle]
    if anchor == "after":
        return f"每个{name}结束后第 {day} 天"
    return f"每月 {day} 日" if cycle == 1 else f"每个{name}最后一个月的 {day} 日"


def report_due_date(plan: Plan, period_end: dt.date) -> dt.date | None:
    """The day a report on the period ending ``period_end`` is due, by ``document.report_due``.

    每季度末月20日前: the 20th of the last month of the quarter (or month, half year, year)
    holding ``period_end``; 每季度结束后10日内: 10 days after that period's end. None when
    the plan states no 报送时限.
    """
    rule = plan.report_due
    if rule is None:
        return None
    cycle, anchor, day = rule
    last_month = ((period_end.month - 1) // cycle + 1) * cycle
    if anchor == "last_month":
        return dt.date(
            period_end.year,
            last_month,
            min(day, calendar.monthrange(period_end.year, last_month)[1]),
        )
    end = dt.date(period_end.year, last_month, calendar.monthrange(period_end.year, last_month)[1])
    return end + dt.timedelta(days=day)
