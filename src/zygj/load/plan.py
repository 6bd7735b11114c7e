"""Loading a plan folder: read → parse → validate each file → cross-record checks.

Nothing prints here. :func:`load_plan` returns the plan (when every file is
well-formed) and *all* the diagnostics found, like beancount's loader.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from zygj.core.diagnostics import Diagnostic, UsageError, ZygjError, checked, display_path
from zygj.core.models import Document, MeasuresFile, Period, TargetsFile, UnitsFile
from zygj.core.plan import Plan

if TYPE_CHECKING:
    # Imported where they are used: a plan served from the cache needs neither the
    # YAML parser nor Pydantic (an everyday query then costs little beyond Typer and rich).
    from zygj.load.yaml_doc import YamlDocument

UNITS_FILE = "units.yaml"
MEASURES_FILE = "measures.yaml"
TARGETS_FILE = "targets.yaml"
PLAN_ENV = "ZYGJ_PLAN"


def bundled_plan_dir() -> Path:
    """The plan shipped inside the wheel (or the repository's plan/ in a checkout)."""
    package = Path(__file__).resolve().parent.parent  # src/zygj (or site-packages/zygj)
    bundled = package / "_bundled_plan"
    if (bundled / MEASURES_FILE).is_file():
        return bundled
    return package.parent.parent / "plan"


def resolve_plan_dir(option: Path | None) -> Path:
    """--plan, then $ZYGJ_PLAN, then ./plan/ with measures.yaml, then the bundled plan."""
    if option is not None:
        chosen = option
    elif os.environ.get(PLAN_ENV):
        chosen = Path(os.environ[PLAN_ENV])
    elif (Path.cwd() / "plan" / MEASURES_FILE).is_file():
        chosen = Path("plan")
    else:
        return bundled_plan_dir()
    if not chosen.exists():
        raise UsageError("方案文件夹不存在", display_path(chosen))
    if not chosen.is_dir():
        raise UsageError(
            "应为方案文件夹（内含 measures.yaml 等），但这是一个文件", display_path(chosen)
        )
    if not (chosen / MEASURES_FILE).is_file():
        raise UsageError(f"方案文件夹中没有 {MEASURES_FILE}", display_path(chosen))
    return chosen


#: Stands in for a measures.yaml that did not parse (only checks not needing it run).
_EMPTY_MEASURES = MeasuresFile(
    document=Document(issuer="", date=dt.date(1, 1, 1), title=""),
    period=Period(start=dt.date(1, 1, 1), end=dt.date(1, 1, 1)),
    sections=[],
    measures=[],
)


def _read(path: Path, problems: list[Diagnostic]) -> YamlDocument | None:
    from zygj.load.yaml_doc import load_yaml

    try:
        return load_yaml(path)
    except ZygjError as exc:
        if exc.exit_code != 1 and path.exists() and not path.is_dir():
            raise
        problems.extend(exc.diagnostics)
        return None


def load_plan(folder: Path) -> tuple[Plan | None, list[Diagnostic]]:
    """Load and check a plan folder; the plan is None when a file is malformed.

    A plan without any problem is kept in the validated-plan cache (see
    :mod:`zygj.load.plan_cache`): the next run with the very same files skips parsing,
    validation and the checks.
    """
    from zygj.load import plan_cache

    key = plan_cache.key_for(folder, (UNITS_FILE, MEASURES_FILE, TARGETS_FILE))
    if key is not None:
        files = plan_cache.load(key)
        if files is not None:
            units_file, measures_file, targets_file = files
            return Plan(folder, units_file, measures_file, targets_file), []
    plan, problems = _load_plan(folder)
    if key is not None and plan is not None and not problems:
        plan_cache.store(key, (plan.units_file, plan.measures_file, plan.targets_file))
    return plan, problems


def _load_plan(folder: Path) -> tuple[Plan | None, list[Diagnostic]]:
    from zygj.load.plan_checks import PlanFiles, YamlPlaceholder, run_checks
    from zygj.load.pydantic_errors import validate

    problems: list[Diagnostic] = []
    units_doc = _read(folder / UNITS_FILE, problems)
    measures_doc = _read(folder / MEASURES_FILE, problems)
    targets_path = folder / TARGETS_FILE
    targets_doc = _read(targets_path, problems) if targets_path.exists() else None

    units_file = measures_file = None
    targets_file: TargetsFile | None = TargetsFile(targets=[])
    if units_doc is not None:
        units_file, found = validate(UnitsFile, units_doc.data, units_doc)
        problems += found
    if measures_doc is not None:
        measures_file, found = validate(MeasuresFile, measures_doc.data, measures_doc)
        problems += found
    if targets_doc is not None:
        targets_file, found = validate(TargetsFile, targets_doc.data, targets_doc)
        problems += found
    complete = units_file is not None and measures_file is not None and targets_file is not None
    # The checks run on whatever parsed: a field error in one file does not hide the
    # cross-record problems of the others (each check says which files it needs).
    parsed = {
        name
        for name, value in (
            (UNITS_FILE, units_file),
            (MEASURES_FILE, measures_file),
            (TARGETS_FILE, targets_file),
        )
        if value is not None
    }
    plan = Plan(
        folder,
        units_file or UnitsFile(units=[]),
        measures_file or _EMPTY_MEASURES,
        targets_file or TargetsFile(targets=[]),
    )
    placeholder = YamlPlaceholder()
    files = PlanFiles(units_doc or placeholder, measures_doc or placeholder, targets_doc)
    problems += run_checks(plan, files, parsed)
    return (plan if complete else None), sorted(problems, key=Diagnostic.sort_key)


def load_checked_plan(folder: Path) -> Plan:
    """The plan, or a ZygjError carrying every problem (for commands that query it)."""
    return checked(*load_plan(folder))
