"""core/units: how a name someone types is resolved to a declared unit or group."""

from __future__ import annotations

import datetime as dt

import pytest

from zygj.core.models import Group, Rename, Unit
from zygj.core.units import UnitRegistry, normalize, suggestion_text

HR = "市人力资源社会保障局"


def registry(*extra: Unit) -> UnitRegistry:
    units = [
        Unit(name=HR, kind="市级部门", aliases=["市人社局", "人社局"]),
        Unit(name="市财政局", kind="市级部门"),
        Unit(
            name="市统计局",
            kind="市级部门",
            renamed=[
                Rename(to="市数据和统计局", date=dt.date(2022, 1, 1), basis="测试编〔2021〕1号")
            ],
        ),
        Unit(name="甲县", kind="县（区）政府"),
        Unit(name="乙区", kind="县（区）政府", aliases=["乙"]),
        *extra,
    ]
    # 丙县 is a member nobody declared (validate reports it); lookups skip it.
    groups = [Group(name="各县（区）政府", members=["甲县", "乙", "丙县"], aliases=["各县区政府"])]
    return UnitRegistry(units, groups)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("（一）", "(一)"),  # full-width brackets fold to ASCII
        (" 市 人社局\u3000", "市人社局"),  # spaces, the ideographic one too, never count
        ("ＡＢ１", "AB1"),
        ("", ""),
    ],
)
def test_normalize(typed: str, key: str) -> None:
    assert normalize(typed) == key


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (HR, HR),
        ("市人社局", HR),
        ("人社局", HR),
        ("市 人社局", HR),
        ("市数据和统计局", "市统计局"),  # a new name after a reorganisation is the same unit
        ("乙", "乙区"),
    ],
)
def test_get_resolves_names_aliases_and_new_names(typed: str, canonical: str) -> None:
    unit = registry().get(typed)
    assert unit is not None and unit.name == canonical


def test_get_unknown_name_is_none() -> None:
    assert registry().get("市人设局") is None
    assert registry().get("各县（区）政府") is None  # a group is not a unit


def test_a_canonical_name_wins_over_another_units_alias() -> None:
    # 市财政局 declared as someone's alias must not take the name from the unit itself.
    clash = Unit(name="财政事务中心", kind="市级部门", aliases=["市财政局"])
    unit = registry(clash).get("市财政局")
    assert unit is not None and unit.name == "市财政局"


def test_a_shared_alias_belongs_to_the_first_unit_declaring_it() -> None:
    again = Unit(name="市人社服务中心", kind="市级部门", aliases=["人社局"])
    unit = registry(again).get("人社局")
    assert unit is not None and unit.name == HR


def test_group_by_name_and_alias() -> None:
    units = registry()
    for typed in ("各县（区）政府", "各县(区)政府", "各县区政府"):
        group = units.group(typed)
        assert group is not None and group.name == "各县（区）政府"
    assert units.group("甲县") is None


@pytest.mark.parametrize(
    ("typed", "members"),
    [
        ("市人社局", [HR]),  # a unit stands for itself, by its canonical name
        ("各县区政府", ["甲县", "乙区"]),  # members written by alias come back canonical
        ("市人设局", []),
    ],
)
def test_members(typed: str, members: list[str]) -> None:
    assert registry().members(typed) == members


def test_names_in_declaration_order() -> None:
    assert registry().names == [HR, "市财政局", "市统计局", "甲县", "乙区"]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("市人设局", [HR]),  # one character off
        ("人社", [HR]),  # part of an alias
        ("财政", ["市财政局"]),
        ("数据和统计局", ["市统计局"]),  # part of a new name: the unit's canonical name
        ("市教育局", []),  # nothing close
        ("", []),
    ],
)
def test_suggest(typed: str, suggested: list[str]) -> None:
    assert registry().suggest(typed) == suggested


def test_suggest_stops_at_the_limit_in_declaration_order() -> None:
    assert registry().suggest("局") == [HR, "市财政局", "市统计局"]
    assert registry().suggest("局", limit=2) == [HR, "市财政局"]


def test_suggestion_text() -> None:
    assert suggestion_text([HR]) == f"；是否是指：{HR}？"
    assert suggestion_text(["市财政局", "市统计局"]) == "；是否是指：市财政局、市统计局？"
    assert suggestion_text([]) == ""
