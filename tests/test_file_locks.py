"""Writing: one lock per real file, files that are not ours to change."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import PLAN_DIR
from zygj.cli.main import app
from zygj.load.yaml_doc import parse_yaml

GOOD = '# 台账\nrecords:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n'
ADD = ["progress", "add", "1.1", "--value", "2", "--date", "2020-10-01", "--plan", str(PLAN_DIR)]


def add(runner: CliRunner, path: str, *extra: str) -> Result:
    return runner.invoke(app, [*ADD, "--progress", path, *extra])


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------- 1. one lock per real file

_WORKER = """
import sys
from typer.testing import CliRunner
from zygj.cli.main import app
runner = CliRunner()
worker, path, count, plan = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# One date per figure: the same unit and day with two figures would be a conflict.
for i in range(count):
    result = runner.invoke(app, ["progress", "add", "1.1", "--value", str(i), "--date", f"2020-10-{i + 1:02d}",
                                 "--note", f"{worker}-{i}", "--progress", path, "--plan", plan])
    assert result.exit_code == 0, result.output
"""


def test_writers_through_a_link_and_the_real_path_share_one_lock(here: Path) -> None:
    (here / "data").mkdir()
    (here / "data" / "p.yaml").write_text(GOOD, encoding="utf-8")
    (here / "link.yaml").symlink_to("data/p.yaml")
    env = {k: v for k, v in os.environ.items() if k != "ZYGJ_PLAN"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, name, path, "10", str(PLAN_DIR)], cwd=here, env=env
        )
        for name, path in (("a", "link.yaml"), ("b", "data/p.yaml"))
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    records = parse_yaml((here / "data" / "p.yaml").read_text(encoding="utf-8"), "p").data[
        "records"
    ]
    notes = sorted(r["note"] for r in records if "note" in r)
    assert notes == sorted(f"{w}-{i}" for w in "ab" for i in range(10))
    assert (here / "link.yaml").is_symlink()
    assert not (here / ".link.yaml.lock").exists()  # the lock sits beside the real file
    assert (here / "data" / ".p.yaml.lock").exists()


def test_progress_add_through_a_dangling_link_is_refused(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").symlink_to("gone/p.yaml")
    result = add(runner, "p.yaml")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"p.yaml: error: 这是一个指向不存在文件的符号链接（指向 {here}/gone/p.yaml），拒绝写入\n"
    )
    assert not (here / "gone").exists()


def test_output_that_is_a_dangling_link_is_refused(runner: CliRunner, here: Path) -> None:
    (here / "out.xlsx").symlink_to("elsewhere.xlsx")
    result = runner.invoke(app, ["export", "-o", "out.xlsx", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"out.xlsx: error: 这是一个指向不存在文件的符号链接（指向 {here}/elsewhere.xlsx），拒绝写入\n"
    )
    assert not (here / "elsewhere.xlsx").exists()


# ------------------------------------------------ 7. files that are not ours to change


def test_read_only_progress_file_is_not_rewritten(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    (here / "p.yaml").chmod(0o444)
    result = add(runner, "p.yaml")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "p.yaml: error: 文件是只读的（权限 -r--r--r--），未改动：确需修改请先取消只读属性\n"
    )
    assert (here / "p.yaml").read_text(encoding="utf-8") == GOOD
    assert (here / "p.yaml").stat().st_mode & 0o777 == 0o444


def test_read_only_output_is_not_overwritten_even_with_force(runner: CliRunner, here: Path) -> None:
    (here / "out.xlsx").write_bytes(b"keep")
    (here / "out.xlsx").chmod(0o400)
    result = runner.invoke(app, ["export", "-o", "out.xlsx", "--force", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "out.xlsx: error: 文件是只读的（权限 -r--------），未改动：确需修改请先取消只读属性\n"
    )
    assert (here / "out.xlsx").read_bytes() == b"keep"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_owner_group_and_mode_of_a_shared_file_are_kept(runner: CliRunner, here: Path) -> None:
    path = here / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    os.chown(path, 1234, 4321)
    path.chmod(0o664)
    result = add(runner, "p.yaml")
    assert result.exit_code == 0, result.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 4321, 0o664)
    assert path.read_text(encoding="utf-8").startswith(GOOD)


def test_a_killed_writers_temporary_file_is_cleaned_up(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    (here / ".p.yaml.abc123.tmp").write_text("half a record", encoding="utf-8")  # writer killed
    (here / ".other.yaml.xyz.tmp").write_text("not ours", encoding="utf-8")
    assert add(runner, "p.yaml").exit_code == 0
    assert sorted(p.name for p in here.iterdir()) == [
        ".other.yaml.xyz.tmp",
        ".p.yaml.lock",
        "p.yaml",
    ]
