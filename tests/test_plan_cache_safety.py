"""The plan cache never runs code and trusts only the user's own files."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PLAN_DIR
from zygj.load import plan_cache
from zygj.load.plan import load_plan


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "pwned"))


def test_a_pickle_planted_in_the_cache_is_never_run(
    cache_home: Path, tmp_path: Path, slow_loads: list[Path]
) -> None:
    load_plan(PLAN_DIR)
    marker = tmp_path / "ran.txt"
    cached = [p for p in cache_home.iterdir() if p.name.startswith("plan-")]
    assert cached
    for path in cached:
        path.write_bytes(pickle.dumps(_Evil(marker)))
        path.chmod(0o600)
    plan, problems = load_plan(PLAN_DIR)
    assert plan is not None and problems == []
    assert not marker.exists()
    assert len(slow_loads) == 2  # not a hit: loaded the normal way


def test_a_cache_file_that_is_a_link_is_not_trusted(
    cache_home: Path, tmp_path: Path, slow_loads: list[Path]
) -> None:
    load_plan(PLAN_DIR)
    (cached,) = [p for p in cache_home.iterdir() if p.name.startswith("plan-")]
    shared = tmp_path / "shared-cache-file"
    shared.write_bytes(cached.read_bytes())  # the very content, owned by us, reached through a link
    shared.chmod(0o600)
    cached.unlink()
    cached.symlink_to(shared)
    assert load_plan(PLAN_DIR)[0] is not None
    assert len(slow_loads) == 2


def test_a_cache_folder_that_is_a_link_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_loads: list[Path]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o700)
    (home / "zygj").symlink_to(shared)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(plan_cache.NO_CACHE_ENV, raising=False)
    load_plan(PLAN_DIR)
    load_plan(PLAN_DIR)
    assert len(slow_loads) == 2
    assert list(shared.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_a_cache_file_owned_by_another_user_is_not_trusted(
    cache_home: Path, slow_loads: list[Path]
) -> None:
    load_plan(PLAN_DIR)
    (cached,) = [p for p in cache_home.iterdir() if p.name.startswith("plan-")]
    os.chown(cached, 1234, 1234)
    assert load_plan(PLAN_DIR)[0] is not None
    assert len(slow_loads) == 2


def test_the_cache_file_holds_no_pickle(cache_home: Path) -> None:
    load_plan(PLAN_DIR)
    (cached,) = [p for p in cache_home.iterdir() if p.name.startswith("plan-")]
    data = cached.read_bytes()
    assert not data.startswith(b"\x80")  # every pickle protocol ≥ 2 starts so
    with pytest.raises(Exception):  # noqa: B017 - any failure: it is not a pickle
        pickle.loads(data)


def test_unknown_classes_in_a_cache_file_are_refused() -> None:
    classes = {name: (cls, plan_cache._fields(cls)) for name, cls in plan_cache._classes().items()}
    with pytest.raises(ValueError, match="not a value the cache writes"):
        plan_cache.decode(("Path", "/etc/passwd"), classes)
    with pytest.raises(ValueError, match="not a value the cache writes"):
        plan_cache.decode(("Unit", "only one field"), classes)
