"""Shared fixtures: the bundled plan, a CliRunner with plain, fixed-width output."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
PLAN_DIR = REPO / "plan"
EXAMPLE_PROGRESS = REPO / "examples" / "progress-example.yaml"


_SAVED_CACHE_HOME: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read or write the user's real plan cache (~/.cache/zygj).

    Set before collection: some test modules load the plan while being collected.
    """
    _SAVED_CACHE_HOME.append(os.environ.get("XDG_CACHE_HOME"))
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="zygj-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
    saved = _SAVED_CACHE_HOME.pop() if _SAVED_CACHE_HOME else None
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # Stable output: no colour, fixed width, and no plan/ or progress.yaml picked up
    # from wherever pytest happens to run.
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
    monkeypatch.delenv("ZYGJ_WORKSPACE", raising=False)
    return CliRunner()


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled plan, for tests that break it."""
    target = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, target)
    return target


def zygj_script() -> list[str]:
    """The installed entry point (the `zygj` script beside this Python)."""
    script = Path(sys.executable).with_name("zygj")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zygj"]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private plan cache for one test (its `zygj` folder), with the cache turned on."""
    from zygj.load import plan_cache

    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(plan_cache.NO_CACHE_ENV, raising=False)
    return home / "zygj"


@pytest.fixture
def slow_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every call of the normal (parse, validate, check) plan loader, by folder."""
    from zygj.load import plan as plan_module

    calls: list[Path] = []
    original = plan_module._load_plan

    def counting(folder: Path) -> Any:
        calls.append(folder)
        return original(folder)

    monkeypatch.setattr(plan_module, "_load_plan", counting)
    return calls
