"""Shell completion candidates: unit names (and their aliases) and target ids.

Completion runs inside the user's shell on every Tab press, so these callbacks
load the plan quietly and never raise: a missing or broken plan simply means
no candidates. They take the command's ``--plan`` when it was typed before the
word being completed, else ``$ZYGJ_PLAN``, ``./plan/`` or the bundled plan.

Each candidate is a ``(value, help)`` pair; zsh and fish show the help beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zygj.core.plan import Plan
from zygj.load.plan import load_plan, resolve_plan_dir


def _plan_option(ctx: Any) -> Path | None:
    """The --plan typed on the command line so far (this command or a parent)."""
    node = ctx
    while node is not None:
        value = (getattr(node, "params", None) or {}).get("plan_dir")
        if value:
            return Path(value)
        node = getattr(node, "parent", None)
    return None


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


def unit_candidates(plan: Plan | None, incomplete: str) -> list[tuple[str, str]]:
    if plan is None:
        return []
    candidates: list[tuple[str, str]] = []
    for unit in plan.units_file.units:
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
        return unit_candidates(quiet_plan(ctx), incomplete)
    except Exception:
        return []


def complete_target(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Typer ``autocompletion`` callback for target-id arguments (``progress add 3.1``)."""
    try:
        return target_candidates(quiet_plan(ctx), incomplete)
    except Exception:
        return []
