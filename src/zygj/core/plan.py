"""A plan: the three validated files of a plan folder, as plain data.

Where each value stood in its file is the loader's business
(:mod:`zygj.load.plan`); a plan served from the cache is the same plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from zygj.core.models import Measure, MeasuresFile, Section, Target, TargetsFile, UnitsFile
from zygj.core.units import UnitRegistry


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

    @property
    def sections(self) -> list[Section]:
        return self.measures_file.sections

    @property
    def targets(self) -> list[Target]:
        return self.targets_file.targets

    def measure(self, no: int) -> Measure | None:
        return self._measure_by_no.get(no)

    def section(self, no: int) -> Section | None:
        for section in self.sections:
            if section.no == no:
                return section
        return None

    def owner_of(self, target: Target) -> str | None:
        """The target's owner: as written, else the first lead unit of its measure."""
        if target.owner is not None:
            unit = self.registry.get(target.owner)
            return unit.name if unit else target.owner
        measure = self.measure(target.measure)
        if measure is not None and measure.lead:
            return measure.lead[0]
        return None
