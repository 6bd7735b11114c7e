"""The workspace's pure queries: qualified target ids, finding a target, units across plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workspace_fixture import make_workspace
from zygj.core.diagnostics import UsageError
from zygj.core.models import Unit, UnitsFile
from zygj.core.plan import Plan
from zygj.core.workspace import Workspace, spelling_variants
from zygj.load.workspace import load_checked_workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return load_checked_workspace(make_workspace(tmp_path_factory.mktemp("ws") / "ws"))


def test_plans_in_file_order_with_titles_and_weights(workspace: Workspace) -> None:
    assert workspace.keys == ["gongjiang", "nongji", "jineng"]
    assert workspace.titles == {
        "gongjiang": "资阳工匠",
        "nongji": "农业机械化",
        "jineng": "技能培训",
    }
    assert workspace.weights == {"gongjiang": 1.0, "nongji": 0.5, "jineng": 1.0}
    assert workspace.share("nongji") == pytest.approx(0.2)
    assert workspace.ledgers["jineng"] == workspace.root / "jineng" / "progress.csv"


def test_an_id_two_plans_use_is_qualified_and_one_plan_uses_stays_plain(
    workspace: Workspace,
) -> None:
    assert workspace.qualified("gongjiang", "1.1") == "gongjiang:1.1"
    assert workspace.qualified("jineng", "1.1") == "jineng:1.1"
    assert workspace.qualified("gongjiang", "4.1") == "4.1"
    assert workspace.qualified("nongji", "3.1") == "3.1"


def test_find_target_by_qualified_or_unambiguous_id(workspace: Workspace) -> None:
    key, target = workspace.find_target("jineng:1.2")
    assert (key, target.title) == ("jineng", "培训合格率")
    key, target = workspace.find_target(" 4.1 ")
    assert (key, target.id) == ("gongjiang", "4.1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.1", "目标编号“1.1”在 2 个方案中都有：请写明方案，如 gongjiang:1.1、jineng:1.1"),
        ("x:1", "工作区中没有方案“x”：可选 gongjiang、nongji、jineng"),
        ("gongjiang:9.9", "方案 gongjiang 中没有目标“9.9”（zygj targets -w … 可列出全部目标）"),
        ("9.9", "工作区的各方案中都没有目标“9.9”（zygj targets -w … 可列出全部目标）"),
    ],
)
def test_find_target_refuses_with_a_chinese_message(
    workspace: Workspace, text: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        workspace.find_target(text)
    assert [d.message for d in caught.value.diagnostics] == [message]


def test_a_plan_unit_named_by_a_shared_alias_is_the_shared_unit(workspace: Workspace) -> None:
    assert workspace.resolve_unit("人社局") == "市人力资源社会保障局"
    assert workspace.local_name("jineng", "市人力资源社会保障局") == "市人力资源社会保障局"
    # The 42号 plan's units are its own (State Council departments): added to the registry.
    assert workspace.resolve_unit("工信部") == "工业和信息化部"
    assert workspace.local_name("gongjiang", "工业和信息化部") is None
    names = workspace.registry.names
    assert names[:2] == ["市人力资源社会保障局", "市财政局"]
    assert len(names) == len(set(names))


def test_an_unknown_unit_gets_suggestions(workspace: Workspace) -> None:
    with pytest.raises(UsageError) as caught:
        workspace.resolve_unit("市人设局")
    assert caught.value.diagnostics[0].message == (
        "未找到单位“市人设局”；是否是指：市人力资源社会保障局？（zygj units 可列出全部单位）"
    )


def _plan_with(workspace: Workspace, key: str, *units: Unit) -> Workspace:
    base = workspace.plans["jineng"]
    plan = Plan(Path(key), UnitsFile(units=list(units)), base.measures_file, base.targets_file)
    return Workspace(
        workspace.root,
        workspace.name,
        {**workspace.plans, key: plan},
        {},
        {},
        None,
        workspace.units_file,
    )


@pytest.mark.parametrize(
    ("unit", "other", "certain"),
    [
        (Unit(name="市发展 改革委", kind="市级部门"), "市发展改革委", True),
        (Unit(name="资阳市教育体育局", kind="市级部门"), "市教育体育局", False),
        (Unit(name="市住房和城乡建设局", kind="市级部门"), "市住房城乡建设局", False),
        (Unit(name="市住建局", kind="市级部门"), "市住房城乡建设局", False),
    ],
)
def test_a_unit_spelled_two_ways_is_found(
    workspace: Workspace, unit: Unit, other: str, certain: bool
) -> None:
    assert other in workspace.plans["gongjiang"].registry.names
    found = spelling_variants(_plan_with(workspace, "extra", unit))
    assert [(v.key, v.name, v.other_key, v.other, v.certain) for v in found] == [
        ("extra", unit.name, "gongjiang", other, certain)
    ]


def test_a_full_width_bracket_is_the_same_unit_for_sure(workspace: Workspace) -> None:
    ours = _plan_with(workspace, "extra", Unit(name="各县(区)政府", kind="县（区）政府"))
    found = spelling_variants(ours)
    # A group of the bundled plan, not a unit: only units are compared.
    assert found == []
    twice = _plan_with(workspace, "extra", Unit(name="市委(编办)", kind="市委部门"))
    twice = _plan_with(twice, "more", Unit(name="市委（编办）", kind="市委部门"))
    assert [(v.key, v.other_key, v.other, v.certain) for v in spelling_variants(twice)] == [
        ("more", "extra", "市委(编办)", True)
    ]


def test_units_of_another_kind_or_two_places_are_not_taken_for_one(workspace: Workspace) -> None:
    # The 42号 plan's 发展改革委 is the State Council's, not the city's 市发展改革委.
    assert spelling_variants(workspace) == []
    two_counties = _plan_with(
        workspace,
        "extra",
        Unit(name="东山县人民政府", kind="县（区）政府"),
        Unit(name="西山县人民政府", kind="县（区）政府"),
    )
    assert spelling_variants(two_counties) == []
