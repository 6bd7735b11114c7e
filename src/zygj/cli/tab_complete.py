"""Shell completion candidates: unit names (and their aliases) and target ids.

Completion runs inside the user's shell on every Tab press, so these callbacks
load the plan quietly and never raise: a missing or broken plan simply means
no candidates. They take the command's ``--plan`` when it was typed before the
word being completed, else ``$ZYGJ_PLAN``, ``./plan/`` or the bundled plan; a
workspace (``--workspace``, ``$ZYGJ_WORKSPACE``, the current folder) offers every unit
of its plans.

Each candidate is a ``(value, help)`` pair; zsh and fish show the help beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from zygj.core.models import Unit
from zygj.core.plan import Plan
from zygj.load.plan import load_plan, resolve_plan_dir

if TYPE_CHECKING:
    from zygj.core.workspace import Workspace


def _plan_option(ctx: Any, name: str = "plan_dir") -> Path | None:
    """The --plan (or ``name``) typed on the command line so far (this command or a parent)."""
    node = ctx
    while node is not None:
        value = (getattr(node, "params", None) or {}).get(name)
        if value:
            return Path(value)
        node = getattr(node, "parent", None)
    return None


def quiet_workspace(ctx: Any) -> Workspace | None:
    """The workspace the command runs over (--workspace, $ZYGJ_WORKSPACE, the current
    folder), or None: one plan, or no workspace that loads (never raises)."""
    try:
        if _plan_option(ctx) is not None:
            return None
        from zygj.load.workspace import load_workspace, resolve_workspace_dir

        folder = resolve_workspace_dir(_plan_option(ctx, "workspace_dir"))
        return load_workspace(folder)[0] if folder is not None else None
    except Exception:  # completion must never break the user's shell
        return None


def quiet_workspace_units(ctx: Any) -> list[Unit] | None:
    """The units of the workspace's plans, or None (one plan)."""
    workspace = quiet_workspace(ctx)
    return workspace.registry.units if workspace is not None else None


def quiet_plan(ctx: Any = None) -> Plan | None:
    """The plan for completion, or None when it cannot be loaded (never raises)."""
    try:
        plan, _ = load_plan(resolve_plan_dir(_plan_option(ctx)))
    except Exception:  # completion must never break the user's shell
        return None
    return plan


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """Candidates starting with what was typed (Typer keeps only those anyway)."""
    typed = incomplete or ""
    return [c for c in candidates if c[0].startswith(typed)]


def unit_candidates(plan: Plan | list[Unit] | None, incomplete: str) -> list[tuple[str, str]]:
    if plan is None:
        return []
    candidates: list[tuple[str, str]] = []
    for unit in plan if isinstance(plan, list) else plan.units_file.units:
        candidates.append((unit.name, unit.kind))
        candidates.extend((alias, f"即{unit.name}") for alias in unit.aliases)
    return _matching(list(dict.fromkeys(candidates)), incomplete)


def target_candidates(plan: Plan | None, incomplete: str) -> list[tuple[str, str]]:
    if plan is None:
        return []
    return _matching([(t.id, t.title) for t in plan.targets], incomplete)


def complete_unit(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Typer ``autocompletion`` callback for every ``--unit`` option."""
    try:
        units = quiet_workspace_units(ctx)
        return unit_candidates(units if units is not None else quiet_plan(ctx), incomplete)
    except Exception:
        return []


def complete_target(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Typer ``autocompletion`` callback for target-id arguments (``progress add 3.1``);
    in a workspace, ids as `progress add` takes them (``gongjiang:1.1`` where two plans share 1.1)."""
    try:
        workspace = quiet_workspace(ctx)
        if workspace is not None:
            candidates = [
                (workspace.qualified(key, t.id), f"{key} {t.title}")
                for key, plan in workspace.plans.items()
                for t in plan.targets
            ]
            return _matching(list(dict.fromkeys(candidates)), incomplete)
        return target_candidates(quiet_plan(ctx), incomplete)
    except Exception:
        return []
