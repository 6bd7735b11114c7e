"""units.yaml `groups:` — collectives named as one (各县（区）政府), with their members."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.positions import position_in
from zygj.cli.main import app
from zygj.load.plan import load_checked_plan

MINI_PLAN = Path(__file__).parent / "fixtures" / "broken" / "mini-plan"

GROUPS = """
groups:
  - name: 各县（区）政府
    members: [甲县, 乙区]
    aliases: [各县区政府]
"""

COUNTIES = """
  - name: 甲县
    kind: 县（区）政府
  - name: 乙区
    kind: 县（区）政府
"""


def in_units(needle: str, *, after: str = "") -> str:
    """``line:col`` of ``needle`` in the units.yaml that :func:`plan_with` writes with GROUPS."""
    units = (MINI_PLAN / "units.yaml").read_text(encoding="utf-8") + COUNTIES + GROUPS
    line, col = position_in(units, needle, after=after)
    return f"{line}:{col}"


def plan_with(tmp_path: Path, groups: str, responsible: str = "[市财政局]") -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(MINI_PLAN, folder)
    units = (folder / "units.yaml").read_text(encoding="utf-8")
    (folder / "units.yaml").write_text(units + COUNTIES + groups, encoding="utf-8")
    measures = (folder / "measures.yaml").read_text(encoding="utf-8")
    measures = measures.replace("responsible: [市财政局]", f"responsible: {responsible}")
    (folder / "measures.yaml").write_text(measures, encoding="utf-8")
    return folder


def validate(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", "--plan", str(folder)])
    return result.exit_code, result.stderr


def test_a_group_named_in_a_measure_stands_for_its_members(tmp_path: Path) -> None:
    folder = plan_with(tmp_path, GROUPS, "[市财政局, 各县（区）政府]")
    assert validate(folder) == (0, "")
    registry = load_checked_plan(folder).registry
    assert registry.members("各县区政府") == ["甲县", "乙区"]
    assert registry.members("市人社局") == ["市人力资源社会保障局"]


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (
            GROUPS.replace("[甲县, 乙区]", "[甲县, 丙县]"),
            f"units.yaml:{in_units('乙区', after='[甲县, ')}: error: 集合“各县（区）政府”的成员“丙县”未在 units 中声明",
        ),
        (
            GROUPS.replace("[甲县, 乙区]", "[甲县, 甲县]"),
            f"units.yaml:{in_units('乙区', after='[甲县, ')}: error: 集合“各县（区）政府”的成员“甲县”重复",
        ),
        (
            GROUPS.replace("name: 各县（区）政府", "name: 市财政局"),
            f"units.yaml:{in_units('各县（区）政府', after='name: ')}: error: 集合“市财政局”与单位“市财政局”同名",
        ),
    ],
)
def test_group_mistakes_are_located(tmp_path: Path, groups: str, message: str) -> None:
    code, stderr = validate(plan_with(tmp_path, groups))
    assert code == 1
    assert message in stderr


def test_a_group_alias_in_a_measure_asks_for_the_canonical_name(tmp_path: Path) -> None:
    code, stderr = validate(plan_with(tmp_path, GROUPS, "[市财政局, 各县区政府]"))
    assert code == 1
    assert "第 1 项措施的“各县区政府”是别名，请写规范名称“各县（区）政府”" in stderr
