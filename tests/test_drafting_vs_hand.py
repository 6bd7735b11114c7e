"""`zygj init` against the hand transcriptions: drafts validate, and 42号's draft matches the hand copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

GUOFA = REPO / "examples" / "plan-guofa-2018-42"
SOURCES = {"78": REPO / "docs" / "source" / "plan-2018-78.txt", "42": GUOFA / "source.txt"}
#: The hand copy keeps the document's magnitude in the unit (10 亿千瓦); drafts write the figure out.
MAGNITUDES = {"亿": 100_000_000, "万": 10_000}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("drafts")
    made = {}
    for name, source in SOURCES.items():
        result = CliRunner().invoke(app, ["init", str(source), "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
        made[name] = folder / name
    return made


def load(folder: Path, name: str) -> Any:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_draft_validates_as_written(drafts: dict[str, Path], name: str) -> None:
    result = CliRunner().invoke(app, ["validate", "--plan", str(drafts[name])])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.stdout


def test_the_42_draft_has_the_hand_transcriptions_measures_and_units(
    drafts: dict[str, Path],
) -> None:
    hand, draft = load(GUOFA, "measures.yaml"), load(drafts["42"], "measures.yaml")
    fields = ("no", "label", "text", "lead", "responsible", "cooperating")

    def shape(m: dict[str, Any]) -> tuple[Any, ...]:
        return (*(m.get(f) or None for f in fields), bool(m.get("units_open")))

    assert [shape(m) for m in draft["measures"]] == [shape(m) for m in hand["measures"]]
    hand_units, draft_units = load(GUOFA, "units.yaml"), load(drafts["42"], "units.yaml")
    assert [u["name"] for u in draft_units["units"]] == [u["name"] for u in hand_units["units"]]
    assert [g["name"] for g in draft_units["groups"]] == [g["name"] for g in hand_units["groups"]]


def normalised(target: dict[str, Any]) -> tuple[Any, ...]:
    value, unit = target.get("value"), target.get("unit_of_measure") or ""
    if value is not None and unit[:1] in MAGNITUDES:
        value, unit = value * MAGNITUDES[unit[0]], unit[1:]
    return (target["op"], value, unit, str(target["deadline"]), bool(target.get("two_sided")))


def test_the_42_draft_has_every_quantified_target_of_the_hand_copy(drafts: dict[str, Path]) -> None:
    hand = [t for t in load(GUOFA, "targets.yaml")["targets"] if t["op"] != "qualitative"]
    draft = {normalised(t) for t in load(drafts["42"], "targets.yaml")["targets"]}
    assert len(hand) == 16
    assert [t["id"] for t in hand if normalised(t) not in draft] == []
