"""Every command has Chinese help, is named in the README and has a real example (sqlite-utils' meta-test).

The everyday commands keep their examples in the README; the others (collect, remind, score,
export, schema, init, progress template) have theirs in docs/, where tests/test_readme.py runs
them the same way. So an example counts wherever it is run: README.md or any docs/*.md.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import typer

from tests.conftest import REPO, zygj_script
from tests.test_readme import BLOCKS
from zygj.cli.main import app


def _commands() -> list[tuple[str, str]]:
    """(full command name, help text) for every command and sub-command."""
    found: list[tuple[str, str]] = []

    def walk(prefix: str, group: object) -> None:
        commands = getattr(group, "commands", {})
        for name, command in commands.items():
            full = f"{prefix} {name}".strip()
            if getattr(command, "commands", None):
                walk(full, command)
            else:
                found.append((full, command.help or ""))

    walk("", typer.main.get_command(app))
    return found


COMMANDS = _commands()


def test_commands_are_found() -> None:
    names = [name for name, _ in COMMANDS]
    assert {"measures", "measure", "units", "validate", "targets", "report", "progress add"} <= set(
        names
    )


@pytest.mark.parametrize(("name", "help_text"), COMMANDS)
def test_command_has_chinese_help(name: str, help_text: str) -> None:
    assert help_text.strip(), f"{name} has no help text"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in help_text), f"{name} help is not Chinese"


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_is_in_the_readme(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"zygj {name}" in readme


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_has_an_example_that_is_run(name: str) -> None:
    """Some console block of the README or docs/ runs the command, so its shown output is checked."""
    runs = re.compile(rf"zygj {re.escape(name)}(\s|$)")  # "measure" is not "measures"
    where = [block.id for block in BLOCKS for command, _ in block.commands if runs.match(command)]
    assert where, f"zygj {name} has no $ example in README.md or docs/*.md"


def test_help_labels_are_chinese(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run(
        [*zygj_script(), "measures", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("用法：zygj measures")
    assert "选项：" in done.stdout and "显示本帮助并退出。" in done.stdout
    assert "Show this message" not in done.stdout


def test_the_command_list_gives_each_commands_first_sentence(tmp_path: Path) -> None:
    """`zygj --help` lists everyday queries first, and no summary is cut to "..." by a dot in it."""
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [*zygj_script(), "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    listed = done.stdout.split("命令：\n", 1)[1].splitlines()
    names = [line.split()[0] for line in listed if line.strip()]
    assert names[:6] == ["measures", "measure", "units", "validate", "targets", "report"]
    assert sorted(names) == sorted({name.split()[0] for name, _ in COMMANDS})
    assert [line for line in listed if line.rstrip().endswith("...")] == []
