"""A workspace: several plan folders followed together, one unit registry for all of them.

A 督查室 follows many plans at once (the 政府工作报告 分工, the 民生实事, several 专项
方案). The workspace file (``workspace.yaml``) lists them by short keys; the shared
``units.yaml`` names every unit once. Each plan folder stays a plan on its own: its
own units.yaml may add units, and a unit it declares under a name or alias of the
shared registry is that registry's unit (the shared registry wins).

Pure: the file's model (validated by Pydantic in :mod:`zygj.load.workspace`, like the
plan files) and the :class:`Workspace` the commands query. Nothing here reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated

from zygj.core.diagnostics import UsageError
from zygj.core.models import (
    CONFIG,
    Before,
    Figure,
    Group,
    NameStr,
    Office,
    Spec,
    StrictStr,
    Target,
    Unit,
    UnitsFile,
)
from zygj.core.plan import Plan
from zygj.core.units import UnitRegistry, normalize, suggestion_text

#: A plan's key: short, typed in ``gongjiang:1.1`` and in file names.
KEY_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?")


def _key_text(value: object) -> object:
    if isinstance(value, str) and KEY_PATTERN.fullmatch(value) is None:
        raise ValueError(
            f"方案简称应为小写字母、数字和连字符（-），不超过 32 个字符，不以连字符开头或结尾，"
            f"如 gongjiang、minsheng-2020，实际为“{value}”"
        )
    return value


@dataclass(frozen=True, kw_only=True)
class WorkspaceInfo:
    __pydantic_config__ = CONFIG

    name: Annotated[
        StrictStr,
        Spec(min_length=1, description="工作区名称，如 资阳市人民政府督查室 2020 年督查事项"),
    ]
    note: StrictStr | None = None


@dataclass(frozen=True, kw_only=True)
class PlanEntry:
    """One plan of the workspace."""

    __pydantic_config__ = CONFIG

    key: Annotated[
        StrictStr,
        Before(_key_text),
        Spec(
            pattern=f"^{KEY_PATTERN.pattern}$",
            description="方案简称：小写字母、数字和连字符，如 gongjiang；目标编号有歧义时写作 gongjiang:1.1",
        ),
    ]
    path: Annotated[
        NameStr, Spec(min_length=1, description="方案文件夹，相对于工作区文件夹，不能在工作区之外")
    ]
    title: Annotated[
        StrictStr | None, Spec(min_length=1, description="表格中显示的简短标题；不写时用方案的标题")
    ] = None
    weight: Annotated[
        Figure, Spec(gt=0, description="考评中本方案的权重（各方案权重按比例折算），默认 1")
    ] = 1.0
    ledger: Annotated[
        NameStr | None,
        Spec(
            min_length=1,
            description="本方案的进度台账，相对于工作区文件夹；默认为方案文件夹中的 progress.csv",
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class WorkspaceFile:
    """``workspace.yaml``."""

    __pydantic_config__ = CONFIG

    workspace: WorkspaceInfo
    office: Annotated[
        Office | None,
        Spec(description="发通报和催办通知的督查机构，写法同 measures.yaml 的 office"),
    ] = None
    plans: Annotated[list[PlanEntry], Spec(description="工作区中的方案，按显示顺序（至少一个）")]


#: Default ledger of a plan, inside its folder (see the design of issue 23).
DEFAULT_LEDGER = "progress.csv"


@dataclass
class Workspace:
    """The plans of a workspace (key → plan, in the file's order) and what they share.

    ``plans`` may load each plan when it is first asked for (a workspace served from the
    cache): a query about one unit reads only the plans that name it. What every query
    needs of every plan, its units, is in ``plan_units`` then.
    """

    root: Path
    name: str
    plans: Mapping[str, Plan]
    titles: dict[str, str]
    weights: dict[str, float]
    office: Office | None = None
    #: The shared units.yaml (None: the workspace has none; the plans' units are pooled).
    units_file: UnitsFile | None = None
    #: key → the plan's progress ledger.
    ledgers: dict[str, Path] = field(default_factory=dict)
    #: key → the plan's units.yaml, when known without loading the plan (else taken from it).
    plan_units: dict[str, UnitsFile] = field(default_factory=dict)
    #: The target ids several plans use, when known without loading every plan.
    shared_ids: frozenset[str] | None = None
    _added: dict[str, list[Unit]] = field(default_factory=dict, init=False, repr=False)

    # ------------------------------------------------------------ plans, targets

    @property
    def keys(self) -> list[str]:
        return list(self.plans)

    def units_of(self, key: str) -> UnitsFile:
        """Plan ``key``'s own units.yaml."""
        known = self.plan_units.get(key)
        return known if known is not None else self.plans[key].units_file

    def plan(self, key: str) -> Plan:
        found = self.plans.get(key)
        if found is None:
            raise UsageError(f"工作区中没有方案“{key}”：可选 {'、'.join(self.plans)}")
        return found

    def share(self, key: str) -> float:
        """The plan's weight as a share of all the weights (考评 adds the plans up by these)."""
        total = sum(self.weights.values())
        return self.weights[key] / total if total else 0.0

    @cached_property
    def _id_owners(self) -> dict[str, list[str]]:
        """Target id → the keys of the plans that have a target by that id."""
        owners: dict[str, list[str]] = {}
        for key, plan in self.plans.items():
            for target in plan.targets:
                keys = owners.setdefault(target.id, [])
                if not keys or keys[-1] != key:
                    keys.append(key)
        return owners

    def is_ambiguous(self, target_id: str) -> bool:
        if self.shared_ids is not None:
            return target_id in self.shared_ids
        return len(self._id_owners.get(target_id, ())) > 1

    def ids_in_several_plans(self) -> frozenset[str]:
        return frozenset(target_id for target_id, keys in self._id_owners.items() if len(keys) > 1)

    def qualified(self, key: str, target_id: str) -> str:
        """ "key:id" where another plan has a target by the same id, else the plain id."""
        return f"{key}:{target_id}" if self.is_ambiguous(target_id) else target_id

    def find_target(self, text: str) -> tuple[str, Target]:
        """The target "key:id" or an id no other plan uses names; else a Chinese usage error."""
        written = text.strip()
        key, colon, target_id = written.partition(":")
        if not colon:
            key, target_id = "", written
        key, target_id = key.strip(), target_id.strip()
        if key:
            plan = self.plan(key)
            for target in plan.targets:
                if target.id == target_id:
                    return key, target
            raise UsageError(
                f"方案 {key} 中没有目标“{target_id}”（zygj targets -w … 可列出全部目标）"
            )
        owners = self._id_owners.get(target_id, [])
        if len(owners) > 1:
            choices = "、".join(f"{k}:{target_id}" for k in owners)
            raise UsageError(
                f"目标编号“{target_id}”在 {len(owners)} 个方案中都有：请写明方案，如 {choices}"
            )
        if not owners:
            raise UsageError(
                f"工作区的各方案中都没有目标“{target_id}”（zygj targets -w … 可列出全部目标）"
            )
        for target in self.plans[owners[0]].targets:
            if target.id == target_id:
                return owners[0], target
        raise AssertionError(target_id)  # pragma: no cover - _id_owners lists it

    # ------------------------------------------------------------------- units

    @cached_property
    def shared_registry(self) -> UnitRegistry:
        units = self.units_file
        return UnitRegistry(units.units, units.groups) if units else UnitRegistry([])

    @cached_property
    def _local_to_shared(self) -> dict[str, dict[str, str]]:
        """key → {a plan unit's own name → its name in the workspace}.

        A plan's unit is the shared registry's unit when its name, or else exactly one
        of its aliases and new names, is a name or alias there; otherwise the plan adds it.
        """
        shared = self.shared_registry
        mapping: dict[str, dict[str, str]] = {}
        added: dict[str, list[Unit]] = {}
        for key in self.plans:
            units_file = self.units_of(key)
            names: dict[str, str] = {}
            own: list[Unit] = []
            for unit in units_file.units:
                hit = shared.get(unit.name)
                if hit is None:
                    spelled = {
                        found.name
                        for s in (*unit.aliases, *(r.to for r in unit.renamed))
                        if (found := shared.get(s)) is not None
                    }
                    if len(spelled) == 1:
                        hit = shared.get(spelled.pop())
                if hit is None:
                    own.append(unit)
                names[unit.name] = hit.name if hit is not None else unit.name
            for group in units_file.groups:
                names.setdefault(group.name, group.name)
            mapping[key] = names
            added[key] = own
        self._added = added
        return mapping

    def added_units(self, key: str) -> list[Unit]:
        """The units plan ``key`` adds to the workspace (not in the shared registry)."""
        self._local_to_shared  # noqa: B018 - computes both
        return self._added[key]

    def shared_name(self, key: str, local_name: str) -> str:
        """The workspace's name of a unit as plan ``key`` names it."""
        return self._local_to_shared.get(key, {}).get(local_name, local_name)

    def local_name(self, key: str, name: str) -> str | None:
        """How plan ``key`` names the workspace's unit ``name`` (None: not in that plan)."""
        for local, shared in self._local_to_shared.get(key, {}).items():
            if shared == name:
                return local
        return None

    @cached_property
    def registry(self) -> UnitRegistry:
        """Every unit of the workspace: the shared registry's, then those the plans add
        (a name several plans add is one unit, as the first plan declares it)."""
        shared = self.shared_registry
        units: list[Unit] = list(shared.units)
        groups: list[Group] = list(shared.groups)
        seen = {normalize(u.name) for u in units}
        seen_groups = {normalize(g.name) for g in groups}
        for key in self.plans:
            for unit in self.added_units(key):
                if normalize(unit.name) not in seen:
                    seen.add(normalize(unit.name))
                    units.append(unit)
            for group in self.units_of(key).groups:
                if normalize(group.name) not in seen_groups and shared.group(group.name) is None:
                    seen_groups.add(normalize(group.name))
                    groups.append(group)
        return UnitRegistry(units, groups)

    def resolve_unit(self, name: str) -> str:
        """The workspace's name of a unit typed by name or alias (in any plan);
        an unknown name is a usage error with suggestions."""
        unit = self.registry.get(name)
        if unit is not None:
            return unit.name
        reporter = self.registry.reporter(name)
        if reporter is not None:
            return reporter
        for key in self.plans:
            units = self.units_of(key)
            local = UnitRegistry(units.units, units.groups).reporter(name)
            if local is not None:
                return self.shared_name(key, local)
        raise UsageError(
            f"未找到单位“{name}”"
            + suggestion_text(self.registry.suggest(name))
            + "（zygj units 可列出全部单位）"
        )


# ------------------------------------------------------- one unit, two spellings


@dataclass(frozen=True)
class SpellingVariant:
    """A unit a plan adds whose name is another unit's of the workspace, spelled otherwise.

    ``certain``: the names are the same once full-width and half-width characters and
    spaces are folded (市发展改革委（市粮食局） / 市发展改革委(市粮食局)). Otherwise the
    two are units of the same kind and one's name is declared as the other's alias in
    some plan (市人社局 / 市人力资源社会保障局), or the names differ by a place prefix
    (资阳市人社局 / 市人社局) or a connective (市发展和改革委员会 / 市发展改革委员会): probably
    one unit. Units of different kinds are never taken for one: a city plan's alias
    发展改革委 (its 市发展改革委) is not the State Council's 发展改革委.
    """

    key: str
    name: str
    #: The plan the other spelling is in; None: the shared registry.
    other_key: str | None
    other: str
    certain: bool


_CONNECTIVES = re.compile("[和与及、]")
#: A place prefix ends with one of these: 资阳市 / 乐至县 / 雁江区 / 四川省.
_PLACE_ENDS = "省市县区州盟旗"


def _loose(name: str) -> str:
    return _CONNECTIVES.sub("", normalize(name))


def _unprefixed(loose: str) -> list[str]:
    """The name without a 2-4 character place prefix: 资阳市人社局 → 市人社局."""
    return [
        loose[cut:] for cut in range(2, 5) if len(loose) > cut + 2 and loose[cut] in _PLACE_ENDS
    ]


def _spellings(unit: Unit) -> tuple[str, ...]:
    return (unit.name, *unit.aliases, *(r.to for r in unit.renamed))


def spelling_variants(workspace: Workspace) -> list[SpellingVariant]:
    """Every unit a plan adds that is probably, or surely, a unit already in the workspace."""
    shared = workspace.shared_registry
    Seen = tuple[str | None, str]  # (plan key or None for the shared registry, the unit's name)
    folded: dict[str, Seen] = {}  # normalized name → unit
    # By (kind, spelling): every name and alias; loose names; loose names without their place prefix.
    exact: dict[tuple[str, str], Seen] = {}
    loose: dict[tuple[str, str], Seen] = {}
    stripped: dict[tuple[str, str], Seen] = {}

    def remember(unit: Unit, seen: Seen) -> None:
        kind = normalize(unit.kind)
        folded.setdefault(normalize(unit.name), seen)
        for spelling in _spellings(unit):
            exact.setdefault((kind, normalize(spelling)), seen)
        loose.setdefault((kind, _loose(unit.name)), seen)
        for short in _unprefixed(_loose(unit.name)):
            stripped.setdefault((kind, short), seen)

    for unit in shared.units:
        remember(unit, (None, unit.name))
    found: list[SpellingVariant] = []
    named: set[str] = set()  # units added by an earlier plan, by their exact name
    for key in workspace.plans:
        for unit in workspace.added_units(key):
            if unit.name in named:
                continue  # the same name in another plan: the same unit
            hit = folded.get(normalize(unit.name))
            if hit is not None and hit[1] != unit.name:
                found.append(SpellingVariant(key, unit.name, hit[0], hit[1], certain=True))
                continue
            kind, mine = normalize(unit.kind), _loose(unit.name)
            near = next(
                (
                    exact[(kind, normalize(s))]
                    for s in _spellings(unit)
                    if (kind, normalize(s)) in exact
                ),
                None,
            )
            # Never two prefixed names by their common tail: 乐至县人民政府 and 安岳县人民政府 differ.
            near = near or loose.get((kind, mine)) or stripped.get((kind, mine))
            near = near or next(
                (loose[(kind, s)] for s in _unprefixed(mine) if (kind, s) in loose), None
            )
            if near is not None and near[1] != unit.name:
                found.append(SpellingVariant(key, unit.name, near[0], near[1], certain=False))
                continue
            named.add(unit.name)
            remember(unit, (key, unit.name))
    return found
