"""The shape of the fast paths (issue 5), not their speed: CI never fails on a slow machine.

* aggregation hands each instance its own records only (grouped once by target and,
  for an annual target, by year), never the whole ledger once per target;
* the validated-plan cache is used only for the very same files, and any edit,
  a corrupt cache file or ZYGJ_NO_CACHE=1 falls back to the normal loader.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PLAN_DIR
from zygj.core.progress import Record
from zygj.load import plan_cache
from zygj.load.plan import load_checked_plan, load_plan
from zygj.rules import completion as completion

# ------------------------------------------------------------------ aggregation


def test_aggregation_hands_each_instance_only_its_own_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Records are grouped once (by target, an annual target's by year): each instance is
    evaluated on its own records only, never on the whole ledger or its whole target's."""
    plan = load_checked_plan(PLAN_DIR)
    rng = random.Random(5)
    units = [u.name for u in plan.units_file.units][:6]
    records = []
    for seq in range(3000):
        target = rng.choice(plan.targets)
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(730))
        value = None if target.op == "qualitative" else float(rng.randrange(50))
        status = "in_progress" if target.op == "qualitative" else None
        records.append(Record(target.id, day, rng.choice(units), value, status, None, seq + 2, seq))

    original = completion.evaluate
    seen: Counter[str] = Counter()
    handed: list[Record] = []

    def counting(plan: Any, instance: Any, own: Any, as_of: dt.date, *rest: Any) -> Any:
        seen[instance.target.id] += 1
        assert all(r.target == instance.target.id for r in own)
        assert instance.year is None or all(r.period_year == instance.year for r in own)
        handed.extend(own)
        return original(plan, instance, own, as_of, *rest)

    monkeypatch.setattr(completion, "evaluate", counting)
    results = completion.evaluate_all(plan, records, dt.date(2021, 1, 1))

    assert len(results) == sum(seen.values())
    assert max(seen.values()) == 2  # annual targets: 2019 and 2020
    # Every record reaches exactly one instance (all dates fall in the annual years 2019–2020).
    assert sorted(handed, key=lambda r: r.seq) == records


# ------------------------------------------------------------------ plan cache


def test_second_load_of_the_same_plan_comes_from_the_cache(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    first, problems = load_plan(plan_copy)
    assert problems == [] and first is not None
    assert len(list(cache_home.glob("plan-*.plan-cache"))) == 1
    second, problems = load_plan(plan_copy)
    assert problems == [] and second is not None
    assert slow_loads == [plan_copy]  # the second load did not parse anything
    assert second.measures_file == first.measures_file
    assert second.targets_file == first.targets_file
    assert second.units_file == first.units_file
    assert second.folder == plan_copy


def test_cache_file_is_private(plan_copy: Path, cache_home: Path) -> None:
    load_plan(plan_copy)
    (cached,) = cache_home.glob("plan-*.plan-cache")
    if os.name == "posix":
        assert cached.stat().st_mode & 0o077 == 0
        assert cache_home.stat().st_mode & 0o077 == 0


def test_editing_a_plan_file_is_seen_at_once(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    load_plan(plan_copy)
    measures = plan_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(
        text.replace("深入推进高技能人才振兴计划", "深入推进高技能人才振兴工程", 1),
        encoding="utf-8",
    )
    plan, problems = load_plan(plan_copy)
    assert problems == [] and plan is not None
    assert len(slow_loads) == 2
    measure = plan.measure(1)
    assert measure is not None and measure.text.startswith("深入推进高技能人才振兴工程")


def test_a_broken_plan_is_never_cached_and_always_reported(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    load_plan(plan_copy)
    units = plan_copy / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8") + "  - name: 市财政局\n    kind: 市级部门\n",
        encoding="utf-8",
    )
    for _ in range(2):
        _, problems = load_plan(plan_copy)
        assert any(p.severity == "error" and p.path.endswith("units.yaml") for p in problems)
    assert len(slow_loads) == 3
    assert len(list(cache_home.glob("plan-*.plan-cache"))) == 1  # only the sound version


def test_removing_targets_yaml_changes_the_key(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    assert load_plan(plan_copy)[0] is not None
    (plan_copy / "targets.yaml").unlink()
    plan, problems = load_plan(plan_copy)
    assert problems == [] and plan is not None
    assert plan.targets == []
    assert len(slow_loads) == 2


def test_a_corrupt_cache_file_is_rebuilt(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    load_plan(plan_copy)
    (cached,) = cache_home.glob("plan-*.plan-cache")
    cached.write_bytes(b"not a cache")
    plan, problems = load_plan(plan_copy)
    assert problems == [] and plan is not None
    assert len(slow_loads) == 2
    assert cached.read_bytes() != b"not a cache"  # written again, sound


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_cache_file_others_can_write_is_not_trusted(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path]
) -> None:
    load_plan(plan_copy)
    (cached,) = cache_home.glob("plan-*.plan-cache")
    cached.chmod(0o666)
    assert load_plan(plan_copy)[0] is not None
    assert len(slow_loads) == 2


def test_no_cache_env_turns_it_off(
    plan_copy: Path, cache_home: Path, slow_loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(plan_cache.NO_CACHE_ENV, "1")
    load_plan(plan_copy)
    load_plan(plan_copy)
    assert len(slow_loads) == 2
    assert not cache_home.exists()


def test_an_unwritable_cache_folder_is_no_error(
    plan_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    plan, problems = load_plan(plan_copy)
    assert problems == [] and plan is not None


def test_a_cached_plan_is_plain_data(plan_copy: Path, cache_home: Path) -> None:
    """Served from the cache, a plan is the same plain data as one just parsed (no proxies)."""
    fresh, _ = load_plan(plan_copy)
    cached, _ = load_plan(plan_copy)
    assert fresh is not None and cached is not None
    assert cached.measures_file == fresh.measures_file
    assert cached.units_file == fresh.units_file and cached.targets_file == fresh.targets_file
    assert set(vars(cached)) == {
        "folder",
        "units_file",
        "measures_file",
        "targets_file",
        "_measure_by_no",
    }


@pytest.mark.parametrize("command", ["targets", "report"])
def test_since_reads_the_progress_files_once(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing with the last 通报 evaluates the ledger twice, but reads and checks it once."""
    from typer.testing import CliRunner

    from tests.conftest import EXAMPLE_PROGRESS
    from zygj.cli.main import app
    from zygj.rules import report

    reads: list[object] = []
    original = report.load_progress_files

    def counting(*args: Any) -> Any:
        reads.append(args)
        return original(*args)

    monkeypatch.setattr(report, "load_progress_files", counting)
    result = CliRunner().invoke(
        app,
        [
            command,
            "-p",
            str(EXAMPLE_PROGRESS),
            "--as-of",
            "2020-12-31",
            "--since",
            "2020-06-30",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(reads) == 1
