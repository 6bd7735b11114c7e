"""CI: GitHub annotations from `zygj validate --format github`, the pre-commit hook, the workflow."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from tests import positions
from tests.conftest import PLAN_DIR, REPO, zygj_script
from zygj.cli.console import _github_annotation
from zygj.core.diagnostics import Diagnostic

MISSPELT = "第 1 项措施的单位“市人设局”未在 units.yaml 中声明；是否是指：市人力资源社会保障局？"
#: Where the first measure's lead sits in the bundled plan (the broken copy writes 市人设局 there).
LINE, COL = positions.position_of(
    PLAN_DIR / "measures.yaml", "市人力资源社会保障局]", after="lead: ["
)


def _broken_plan(folder: Path) -> Path:
    shutil.copytree(PLAN_DIR, folder)
    measures = folder / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    assert text.splitlines()[LINE - 1] == "    lead: [市人力资源社会保障局]"  # the first measure's
    measures.write_text(
        text.replace("lead: [市人力资源社会保障局]", "lead: [市人设局]", 1), encoding="utf-8"
    )
    return folder


def test_validate_github_annotates_the_broken_line(tmp_path: Path) -> None:
    _broken_plan(tmp_path / "plan")
    done = subprocess.run(
        [*zygj_script(), "validate", "--plan", "plan", "--format", "github"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"::error file=plan/measures.yaml,line={LINE},col={COL}::{MISSPELT}\n"
    assert (
        done.stdout
        == "已检查方案文件夹 plan（units.yaml、measures.yaml、targets.yaml）：发现 1 个问题\n"
    )


def test_annotation_properties_are_escaped(tmp_path: Path) -> None:
    # A folder name with the characters that separate GitHub's properties.
    _broken_plan(tmp_path / "方案,v2:草稿")
    done = subprocess.run(
        [*zygj_script(), "validate", "--plan", "方案,v2:草稿", "-f", "github"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert (
        done.stderr
        == f"::error file=方案%2Cv2%3A草稿/measures.yaml,line={LINE},col={COL}::{MISSPELT}\n"
    )


def test_annotation_escaping_follows_githubs_toolkit() -> None:
    diagnostic = Diagnostic("a%b,c:d\r\ne.yaml", 3, 7, "50% 不对：\r\n第二行, 含逗号")
    assert _github_annotation(diagnostic) == (
        "::error file=a%25b%2Cc%3Ad%0D%0Ae.yaml,line=3,col=7::50%25 不对：%0D%0A第二行, 含逗号"
    )
    unlocated = Diagnostic("plan/units.yaml", None, None, "文件不存在", severity="warning")
    assert _github_annotation(unlocated) == "::warning file=plan/units.yaml::文件不存在"


def test_validate_github_is_silent_on_a_sound_plan(tmp_path: Path) -> None:
    shutil.copytree(PLAN_DIR, tmp_path / "plan")
    done = subprocess.run(
        [*zygj_script(), "validate", "--format", "github"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith(
        "已检查方案文件夹 plan（units.yaml、measures.yaml、targets.yaml）："
    )


def test_pre_commit_hook_is_declared() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["zygj-validate"]
    hook = hooks[0]
    assert hook["entry"] == "zygj validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ("plan/units.yaml", "plan/measures.yaml", "targets.yaml", "x/plan/targets.yml"):
        assert pattern.search(path), path
    for path in ("README.md", "progress.yaml", "plan/notes.yaml", "myunits.yaml"):
        assert not pattern.search(path), path


def test_example_workflow_validates_the_plan() -> None:
    workflow = yaml.safe_load(
        (REPO / "docs" / "github-actions-validate.yml").read_text(encoding="utf-8")
    )
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request"}
    steps = workflow["jobs"]["validate"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["python -m pip install .", "zygj validate --plan plan --format github"]
