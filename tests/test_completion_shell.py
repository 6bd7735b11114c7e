"""Shell completion: unit names and aliases for --unit, target ids for `progress add`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import PLAN_DIR, zygj_script
from zygj.cli.tab_complete import complete_target, complete_unit

HR = "市人力资源社会保障局"
HR_COMPLETIONS = [HR, "市人社局", "市人力资源和社会保障局", "市人才办"]


@pytest.fixture(autouse=True)
def _plan_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ZYGJ_PLAN", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./plan/ here: the bundled plan


def _values(items: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in items]


def test_units_complete_with_names_and_aliases() -> None:
    assert _values(complete_unit(None, "市人")) == HR_COMPLETIONS
    assert complete_unit(None, "市人社")[0] == ("市人社局", f"即{HR}")
    assert complete_unit(None, "市人力资源社")[0] == (HR, "市级部门")
    assert complete_unit(None, "没有这个") == []


def test_targets_complete_with_their_titles() -> None:
    assert _values(complete_target(None, "7.")) == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert ("7.2", "技师学院") in complete_target(None, "7.")
    assert _values(complete_target(None, "22")) == ["22.1", "22.2"]


def test_the_plan_option_typed_before_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    shutil.copytree(PLAN_DIR, folder)
    units = folder / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("市人社局", "市人保局"), encoding="utf-8"
    )
    ctx = SimpleNamespace(
        params={}, parent=SimpleNamespace(params={"plan_dir": folder}, parent=None)
    )
    assert "市人保局" in _values(complete_unit(ctx, "市人"))
    assert "市人社局" not in _values(complete_unit(ctx, "市人"))


def test_env_plan_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "envplan"
    shutil.copytree(PLAN_DIR, folder)
    targets = folder / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace('id: "7.6"', 'id: "7.9"'), encoding="utf-8"
    )
    monkeypatch.setenv("ZYGJ_PLAN", str(folder))
    assert _values(complete_target(None, "7."))[-1] == "7.9"


def test_a_broken_or_missing_plan_gives_no_candidates(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(PLAN_DIR, broken)
    (broken / "units.yaml").write_text("units: [\n", encoding="utf-8")
    for folder in (broken, tmp_path / "missing", tmp_path):
        ctx = SimpleNamespace(params={"plan_dir": folder}, parent=None)
        assert complete_unit(ctx, "市") == []
        assert complete_target(ctx, "1") == []


def _complete(
    words: str, cwd: Path, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "_ZYGJ_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        **(extra or {}),
    }
    env.pop("ZYGJ_PLAN", None)
    return subprocess.run(
        zygj_script(), capture_output=True, text=True, env=env, cwd=cwd, check=False, timeout=60
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("zygj measures --unit 市人", HR_COMPLETIONS),
        ("zygj targets -u 市教体", ["市教体局"]),
        ("zygj progress add 7.", ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]),
        ("zygj progress add 3.1 --unit 市人社", ["市人社局"]),
        ("zygj progress template --unit 市教育", ["市教育体育局", "市教育局", "市教育育体局"]),
    ],
)
def test_bash_completion_protocol(words: str, expected: list[str], tmp_path: Path) -> None:
    done = _complete(words, tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.splitlines() == expected


def test_bash_completion_with_a_broken_plan_is_quiet(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "measures.yaml").write_text("measures: [\n", encoding="utf-8")
    done = _complete("zygj measures --unit 市人", tmp_path)
    # No candidates (bash gets one empty line, as for any word without a match), no message.
    assert (done.returncode, done.stdout, done.stderr) == (0, "\n", "")
    assert _complete("zygj measures --unit 没有", tmp_path.parent).stdout == "\n"


def test_zsh_completion_shows_the_canonical_name_of_an_alias(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "_ZYGJ_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": "zygj measures --unit 市人社",
    }
    done = subprocess.run(
        zygj_script(),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )
    assert done.stdout == f'_arguments \'*: :(("市人社局":"即{HR}"))\'\n'


def test_install_completion_is_offered(tmp_path: Path) -> None:
    done = subprocess.run(
        [*zygj_script(), "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert "--install-completion" in done.stdout and "为当前 shell 安装命令补全。" in done.stdout
    assert "--show-completion" in done.stdout


def test_the_installer_speaks_chinese(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [*zygj_script(), "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "zygj.sh"
    assert done.stdout == f"已为 bash 安装命令补全：{script}\n重新打开终端后生效。\n"
    assert script.exists()
    wrong = subprocess.run(
        [*zygj_script(), "--install-completion", "tcsh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("zygj: error: 参数值无效；不是可选值之一")
