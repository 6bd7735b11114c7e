"""Shared fixtures: the bundled plan, a CliRunner with plain, fixed-width output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
PLAN_DIR = REPO / "plan"
EXAMPLE_PROGRESS = REPO / "examples" / "progress-example.yaml"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # Stable output: no colour, fixed width, and no plan/ or progress.yaml picked up
    # from wherever pytest happens to run.
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
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
