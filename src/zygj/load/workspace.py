"""Loading a workspace: workspace.yaml, the shared units.yaml, then every plan folder.

Nothing prints here. :func:`load_workspace` returns the workspace (when every file is
well-formed) and *all* the diagnostics found in it and in each of its plans, like
:func:`zygj.load.plan.load_plan` for one plan. Each plan goes through the plan loader,
so each plan is cached on its own; workspace.yaml and units.yaml are cached together
(see :mod:`zygj.load.plan_cache`) once they have no problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.core.diagnostics import Diagnostic, UsageError, ZygjError, checked, display_path
from zygj.load.plan import MEASURES_FILE, UNITS_FILE, load_plan

if TYPE_CHECKING:
    # Imported where they are used: one-plan mode asks resolve_workspace_dir at every
    # run, and must not pay for the workspace's classes.
    from zygj.core.models import UnitsFile
    from zygj.core.plan import Plan
    from zygj.core.workspace import PlanEntry, Workspace, WorkspaceFile
    from zygj.load.yaml_doc import YamlDocument

WORKSPACE_FILE = "workspace.yaml"
WORKSPACE_ENV = "ZYGJ_WORKSPACE"
#: Same as zygj.load.plan.PLAN_ENV (one-plan mode's variable).
_PLAN_ENV = "ZYGJ_PLAN"


def resolve_workspace_dir(option: Path | None) -> Path | None:
    """--workspace, then $ZYGJ_WORKSPACE, then the current folder when it holds
    workspace.yaml (and no ./plan/measures.yaml, and $ZYGJ_PLAN is not set).

    None means one-plan mode, exactly as before workspaces existed.
    """
    if option is not None:
        chosen = option
        told = "--workspace"
    elif os.environ.get(WORKSPACE_ENV):
        if os.environ.get(_PLAN_ENV):
            raise UsageError(
                f"环境变量 {_PLAN_ENV} 和 {WORKSPACE_ENV} 都已设置，不知道该用一个方案还是工作区："
                f"请取消其中一个（或用 --plan、--workspace 明确指定）"
            )
        chosen = Path(os.environ[WORKSPACE_ENV])
        told = f"环境变量 {WORKSPACE_ENV}"
    elif (
        not os.environ.get(_PLAN_ENV)
        and (Path.cwd() / WORKSPACE_FILE).is_file()
        and not (Path.cwd() / "plan" / MEASURES_FILE).is_file()
    ):
        return Path(".")
    else:
        return None
    shown = display_path(chosen)
    if not chosen.exists():
        raise UsageError(f"工作区文件夹不存在（{told}）", shown)
    if not chosen.is_dir():
        raise UsageError(
            f"应为工作区文件夹（内含 {WORKSPACE_FILE}），但这是一个文件（{told}）", shown
        )
    if not (chosen / WORKSPACE_FILE).is_file():
        raise UsageError(f"工作区文件夹中没有 {WORKSPACE_FILE}（{told}）", shown)
    return chosen


def _read(path: Path, problems: list[Diagnostic]) -> YamlDocument | None:
    from zygj.load.yaml_doc import load_yaml

    try:
        return load_yaml(path)
    except ZygjError as exc:
        if exc.exit_code != 1 and path.exists() and not path.is_dir():
            raise  # unreadable: a usage error, as for a plan file
        problems.extend(exc.diagnostics)
        return None


def _parse(
    root: Path,
) -> tuple[WorkspaceFile | None, UnitsFile | None, list[Diagnostic], YamlDocument | None]:
    """workspace.yaml and units.yaml, validated, with the shared registry's own checks."""
    from zygj.core.models import UnitsFile
    from zygj.core.workspace import WorkspaceFile
    from zygj.load.pydantic_errors import validate

    problems: list[Diagnostic] = []
    doc = _read(root / WORKSPACE_FILE, problems)
    workspace_file = None
    if doc is not None:
        workspace_file, found = validate(WorkspaceFile, doc.data, doc)
        problems += found
    units_file: UnitsFile | None = None
    if (root / UNITS_FILE).exists():
        units_doc = _read(root / UNITS_FILE, problems)
        if units_doc is not None:
            units_file, found = validate(UnitsFile, units_doc.data, units_doc)
            problems += found
            if units_file is not None:
                problems += _registry_problems(root, units_file, units_doc)
    return workspace_file, units_file, problems, doc


def _registry_problems(root: Path, units_file: UnitsFile, doc: YamlDocument) -> list[Diagnostic]:
    """The shared units.yaml gets the unit checks of a plan's units.yaml."""
    from zygj.core.models import TargetsFile
    from zygj.core.plan import Plan
    from zygj.load.plan import _EMPTY_MEASURES
    from zygj.load.plan_checks import (
        PlanFiles,
        YamlPlaceholder,
        check_groups,
        check_unit_names_and_aliases,
    )

    plan = Plan(root, units_file, _EMPTY_MEASURES, TargetsFile(targets=[]))
    files = PlanFiles(doc, YamlPlaceholder(), None)
    return [*check_groups(plan, files), *check_unit_names_and_aliases(plan, files)]


def _parse_cached(
    root: Path,
) -> tuple[WorkspaceFile | None, UnitsFile | None, list[Diagnostic], YamlDocument | None]:
    from zygj.core.workspace import PlanEntry, WorkspaceFile, WorkspaceInfo
    from zygj.load import plan_cache

    classes = (WorkspaceFile, WorkspaceInfo, PlanEntry)
    key = plan_cache.key_for(root, (WORKSPACE_FILE, UNITS_FILE))
    if key is not None:
        stored = plan_cache.load(key, classes)
        if stored is not None and isinstance(stored[0], WorkspaceFile):
            return stored[0], stored[1], [], None
    workspace_file, units_file, problems, doc = _parse(root)
    if key is not None and workspace_file is not None and not problems:
        plan_cache.store(key, (workspace_file, units_file), classes)
    return workspace_file, units_file, problems, doc


def _inside(root: Path, written: str, real_root: Path) -> tuple[Path, Path] | None:
    """The path a relative path names inside the workspace and where it really is (links
    followed), or None when it leaves the workspace (``real_root``: the workspace, resolved)."""
    if Path(written).is_absolute() or Path(written).drive:
        return None
    path = root / written
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: not a folder we can use
        return None
    return (path, real) if real.is_relative_to(real_root) else None


def load_workspace(root: Path) -> tuple[Workspace | None, list[Diagnostic]]:
    """Load and check a workspace; None when a file of it (or of a plan) is malformed."""
    from zygj.core.workspace import DEFAULT_LEDGER, Workspace

    workspace_file, units_file, problems, doc = _parse_cached(root)
    if workspace_file is None:
        return None, sorted(problems, key=Diagnostic.sort_key)

    def locate(loc: tuple[object, ...], message: str) -> None:
        nonlocal doc
        if doc is None:  # served from the cache: positions need the parsed file
            from zygj.load.yaml_doc import load_yaml

            doc = load_yaml(root / WORKSPACE_FILE)
        problems.append(doc.diagnostic(loc, message))

    titles: dict[str, str] = {}
    weights: dict[str, float] = {}
    ledgers: dict[str, Path] = {}
    located: _Located = []
    keys: dict[str, int] = {}
    folders: dict[Path, int] = {}
    complete = True
    real_root = root.resolve()
    if not workspace_file.plans:
        locate(("plans",), "plans 中至少要列出一个方案（key: 简称，path: 方案文件夹）")
        complete = False
    for i, entry in enumerate(workspace_file.plans):
        if entry.key in keys:
            locate(
                ("plans", i, "key"),
                f"方案简称“{entry.key}”重复：plans 中第 {keys[entry.key] + 1} 项已经用过",
            )
            complete = False
            continue
        keys[entry.key] = i
        found_folder = _inside(root, entry.path, real_root)
        if found_folder is None:
            locate(
                ("plans", i, "path"),
                f"方案文件夹“{entry.path}”在工作区文件夹之外：请把方案文件夹放进工作区，写相对于工作区的路径",
            )
            complete = False
            continue
        folder, same = found_folder
        if not folder.is_dir():
            what = "不是文件夹" if folder.exists() else "不存在"
            locate(
                ("plans", i, "path"),
                f"方案文件夹“{entry.path}”{what}（路径相对于 {WORKSPACE_FILE} 所在的文件夹）",
            )
            complete = False
            continue
        if not (folder / MEASURES_FILE).is_file():
            locate(
                ("plans", i, "path"),
                f"方案文件夹“{entry.path}”中没有 {MEASURES_FILE}：不是 zygj 的方案文件夹",
            )
            complete = False
            continue
        if same in folders:
            locate(
                ("plans", i, "path"),
                f"方案文件夹“{entry.path}”与 plans 中第 {folders[same] + 1} 项是同一个文件夹",
            )
            complete = False
            continue
        folders[same] = i
        ledger_written = entry.ledger or f"{entry.path.rstrip('/')}/{DEFAULT_LEDGER}"
        found_ledger = _inside(root, ledger_written, real_root)
        if found_ledger is None:
            locate(
                ("plans", i, "ledger"),
                f"进度台账“{ledger_written}”在工作区文件夹之外：请写工作区内的相对路径",
            )
            complete = False
            continue
        located.append((entry, folder, found_ledger[0]))
    if complete and not problems:
        cached = _whole_cached(root, workspace_file, units_file, located)
        if cached is not None:
            return cached, []
    plans: dict[str, Plan] = {}
    for entry, folder, ledger in located:
        plan, found = load_plan(folder)
        problems += found
        if plan is None:
            complete = False
            continue
        plans[entry.key] = plan
        document = plan.measures_file.document
        titles[entry.key] = entry.title or document.plan_title or document.title
        weights[entry.key] = entry.weight
        ledgers[entry.key] = ledger
    workspace = Workspace(
        root=root,
        name=workspace_file.workspace.name,
        plans=plans,
        titles=titles,
        weights=weights,
        office=workspace_file.office,
        units_file=units_file,
        ledgers=ledgers,
    )
    problems += _spelling_problems(workspace)
    if complete and not problems:
        _store_whole(root, workspace, located)
    return (workspace if complete else None), sorted(problems, key=Diagnostic.sort_key)


# A workspace found clean is remembered as a whole: its plans' titles and units, and the
# target ids several plans share, keyed by every file of it (workspace.yaml, units.yaml
# and each plan's three files). The next run with the very same files builds the
# workspace from that alone and reads a plan (from its own cache) only when a query
# needs it: `measures --unit X` reads the plans that name X.

_Located = list[tuple["PlanEntry", Path, Path]]


def _whole_key(root: Path, located: _Located) -> bytes | None:
    from zygj.load import plan_cache
    from zygj.load.plan import TARGETS_FILE

    names = [WORKSPACE_FILE, UNITS_FILE]
    for _, folder, _ in located:
        inside = folder.relative_to(root).as_posix()
        names += [f"{inside}/{name}" for name in (UNITS_FILE, MEASURES_FILE, TARGETS_FILE)]
    return plan_cache.key_for(root, names)


def _whole_cached(
    root: Path, workspace_file: WorkspaceFile, units_file: UnitsFile | None, located: _Located
) -> Workspace | None:
    from zygj.core.models import UnitsFile
    from zygj.core.workspace import Workspace
    from zygj.load import plan_cache

    key = _whole_key(root, located)
    stored = plan_cache.load(key) if key is not None else None
    if stored is None or len(stored) != 3 or len(stored[0]) != len(located):
        return None
    titles, units, shared_ids = stored
    if not all(isinstance(u, UnitsFile) for u in units):
        return None
    keys = [entry.key for entry, _, _ in located]
    return Workspace(
        root=root,
        name=workspace_file.workspace.name,
        plans=_LazyPlans({entry.key: folder for entry, folder, _ in located}),
        titles=dict(zip(keys, titles, strict=True)),
        weights={entry.key: entry.weight for entry, _, _ in located},
        office=workspace_file.office,
        units_file=units_file,
        ledgers={entry.key: ledger for entry, _, ledger in located},
        plan_units=dict(zip(keys, units, strict=True)),
        shared_ids=frozenset(shared_ids),
    )


def _store_whole(root: Path, workspace: Workspace, located: _Located) -> None:
    from zygj.load import plan_cache

    key = _whole_key(root, located)
    if key is None:
        return
    keys = [entry.key for entry, _, _ in located]
    payload = (
        [workspace.titles[k] for k in keys],
        [workspace.plans[k].units_file for k in keys],
        sorted(workspace.ids_in_several_plans()),
    )
    plan_cache.store(key, payload)


class _LazyPlans(Mapping[str, "Plan"]):
    """Each plan of a workspace served from the cache, read when first asked for."""

    def __init__(self, folders: dict[str, Path]) -> None:
        self._folders = folders
        self._plans: dict[str, Plan] = {}

    def __getitem__(self, key: str) -> Plan:
        plan = self._plans.get(key)
        if plan is None:
            folder = self._folders[key]  # KeyError: no such plan, as for a dict
            plan = self._plans[key] = checked(*load_plan(folder))
        return plan

    def __contains__(self, key: object) -> bool:
        return key in self._folders

    def __iter__(self) -> Iterator[str]:
        return iter(self._folders)

    def __len__(self) -> int:
        return len(self._folders)


def _spelling_problems(workspace: Workspace) -> list[Diagnostic]:
    """A unit spelled two ways across plans, at its declaration in the plan's units.yaml."""
    from zygj.core.workspace import spelling_variants

    variants = spelling_variants(workspace)
    if not variants:
        return []
    from zygj.load.yaml_doc import load_yaml

    docs: dict[str, YamlDocument] = {}
    problems: list[Diagnostic] = []
    for variant in variants:
        plan = workspace.plans[variant.key]
        if variant.key not in docs:
            docs[variant.key] = load_yaml(plan.folder / UNITS_FILE)
        index = next(i for i, u in enumerate(plan.units_file.units) if u.name == variant.name)
        if variant.other_key is None:
            where = f"工作区 {UNITS_FILE} 中"
        elif variant.other_key == variant.key:
            where = "本方案中"
        else:
            where = f"方案 {variant.other_key} 中"
        advice = (
            f"请在工作区的 {UNITS_FILE} 中声明“{variant.other}”，并把“{variant.name}”写作它的别名"
        )
        if variant.certain:
            message = (
                f"单位“{variant.name}”与{where}的“{variant.other}”是同一单位的两种写法："
                f"{advice}（否则跨方案统计会把它们当作两个单位）"
            )
        else:
            message = (
                f"单位“{variant.name}”与{where}的“{variant.other}”可能是同一单位（一方写作另一方的别名，"
                f"或只差地名前缀、“和”“与”等字）：若是，{advice}；若不是，请把其中一个改写得能区分"
            )
        found = docs[variant.key].diagnostic(("units", index, "name"), message)
        problems.append(
            Diagnostic(
                found.path,
                found.line,
                found.col,
                message,
                "error" if variant.certain else "warning",
            )
        )
    return problems


def load_checked_workspace(root: Path) -> Workspace:
    """The workspace, or a ZygjError carrying every problem (for commands that query it)."""
    return checked(*load_workspace(root))


def workspace_files(root: Path) -> list[str]:
    """The workspace's own files, as `validate` names them."""
    return [WORKSPACE_FILE] + ([UNITS_FILE] if (root / UNITS_FILE).exists() else [])


__all__ = [
    "WORKSPACE_ENV",
    "WORKSPACE_FILE",
    "load_checked_workspace",
    "load_workspace",
    "resolve_workspace_dir",
    "workspace_files",
]
