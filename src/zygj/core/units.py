"""The unit registry: canonical names, aliases, and suggestions for typos."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from zygj.core.models import Group, Unit


def normalize(name: str) -> str:
    """Matching key: NFKC folds full-width brackets and letters, spaces never count."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass
class UnitRegistry:
    units: list[Unit]
    groups: list[Group] = field(default_factory=list)
    _lookup: dict[str, Unit] = field(init=False, repr=False)
    _groups: dict[str, Group] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._groups = {}
        for group in self.groups:
            for spelling in (*group.aliases, group.name):
                self._groups[normalize(spelling)] = group
        self._lookup = {}
        # Aliases first, so that a canonical name always wins over a clashing alias
        # (the checks report such a clash separately).
        for unit in self.units:
            for alias in (*unit.aliases, *(r.to for r in unit.renamed)):
                self._lookup.setdefault(normalize(alias), unit)
        for unit in self.units:
            self._lookup[normalize(unit.name)] = unit

    @property
    def names(self) -> list[str]:
        return [unit.name for unit in self.units]

    def get(self, name: str) -> Unit | None:
        """The unit a name or alias stands for, or None."""
        return self._lookup.get(normalize(name))

    def group(self, name: str) -> Group | None:
        """The group a name or alias stands for, or None."""
        return self._groups.get(normalize(name))

    def members(self, name: str) -> list[str]:
        """The canonical names a unit or group name stands for (a unit: itself; a group
        without listed members, 各街道: itself, see :meth:`reporter`)."""
        unit = self.get(name)
        if unit is not None:
            return [unit.name]
        group = self.group(name)
        if group is None:
            return []
        if not group.members:
            return [group.name]
        return [m.name for m in map(self.get, group.members) if m is not None]

    def reporter(self, name: str) -> str | None:
        """The canonical name of a unit, or of a collective without listed members (各街道,
        全区经济运行各专班): such a collective is one addressee everywhere — it is queried
        with ``--unit``, reports, is reminded and scored under its own name."""
        unit = self.get(name)
        if unit is not None:
            return unit.name
        group = self.group(name)
        return group.name if group is not None and not group.members else None

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Canonical names of the declared units closest to ``name``."""
        key = normalize(name)
        spellings: dict[str, Unit] = {}
        for unit in self.units:
            for spelling in (unit.name, *unit.aliases, *(r.to for r in unit.renamed)):
                spellings[normalize(spelling)] = unit
        found: list[str] = []
        for match in difflib.get_close_matches(key, list(spellings), n=limit * 2, cutoff=0.6):
            _add(found, spellings[match].name)
        if key:
            for spelling, unit in spellings.items():
                if key in spelling or spelling in key:
                    _add(found, unit.name)
        return found[:limit]


def _add(found: list[str], name: str) -> None:
    if name not in found:
        found.append(name)


def suggestion_text(suggestions: Iterable[str]) -> str:
    names = "、".join(suggestions)
    return f"；是否是指：{names}？" if names else ""
