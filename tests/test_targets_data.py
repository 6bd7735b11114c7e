"""Data checks for plan/targets.yaml against the source document.

Reads the YAML with yaml.safe_load and docs/source/plan-2018-78.txt directly;
deliberately independent of the zygj package.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGETS_PATH = ROOT / "plan" / "targets.yaml"
SOURCE_PATH = ROOT / "docs" / "source" / "plan-2018-78.txt"

ALLOWED_KEYS = {
    "id",
    "measure",
    "title",
    "quote",
    "op",
    "value",
    "min",
    "max",
    "unit_of_measure",
    "deadline",
    "annual",
    "soft",
    "owner",
    "tolerance",
    "note",
    "reporters",
    "combine",
    "figure",
    "pace",
}
OPS = {"ge", "gt", "range", "approx", "qualitative"}
MEASURE_COUNT = 27


# ------------------------------------------------------------------ source


@cache
def _cells() -> list[str]:
    """Table cells: each starts on a line beginning with a tab; other lines continue it."""
    text = SOURCE_PATH.read_text(encoding="utf-8")
    return [re.sub(r"\s+", "", cell) for cell in re.split(r"\n(?=\t)", text)]


def measure_text(n: int) -> str:
    """Measure n's text (without the "n．" prefix), i.e. up to its lead-unit cell."""
    matches = [c for c in _cells() if c.startswith(f"{n}．")]
    assert len(matches) == 1, f"measure {n} not found exactly once in the source"
    return matches[0][len(f"{n}．") :]


def lead_unit(n: int) -> str | None:
    cells = [c for c in _cells() if c]
    i = next(i for i, c in enumerate(cells) if c.startswith(f"{n}．"))
    return cells[i + 1] if i + 1 < len(cells) else None


# ------------------------------------------------------------------ targets


@cache
def _data() -> dict:
    return yaml.safe_load(TARGETS_PATH.read_text(encoding="utf-8"))


def targets() -> list[dict]:
    return _data()["targets"]


def by_id() -> dict[str, dict]:
    return {t["id"]: t for t in targets()}


def _ids(ts=None):
    return [str(t.get("id")) for t in (ts or targets())]


def test_source_has_27_measures():
    for n in range(1, MEASURE_COUNT + 1):
        assert measure_text(n)
    assert lead_unit(7) == "市教育体育局"
    assert lead_unit(10) == "市经济和信息化委"
    assert lead_unit(27) is None


def test_top_level_shape():
    data = _data()
    assert set(data) == {"defaults", "lights", "targets"}
    assert data["defaults"] == {"approx_tolerance": 0.10}
    assert data["lights"] == {"green_within": 0.0, "yellow_within": 0.2}
    assert targets()


@pytest.mark.parametrize("t", targets(), ids=_ids())
def test_keys_and_types(t):
    assert set(t) <= ALLOWED_KEYS, f"extra keys: {set(t) - ALLOWED_KEYS}"
    assert isinstance(t["id"], str), "id must be a quoted string"
    assert isinstance(t["measure"], int) and 1 <= t["measure"] <= MEASURE_COUNT
    assert isinstance(t["title"], str) and t["title"]
    assert isinstance(t["quote"], str) and t["quote"]
    assert t["op"] in OPS
    for flag in ("annual", "soft"):
        assert t.get(flag, True) is True, f"{flag} is written only as true"
    if "deadline" in t:
        assert isinstance(t["deadline"], dt.date)
    if "tolerance" in t:
        assert t["op"] == "approx" and 0 <= t["tolerance"] < 1
    if "note" in t:
        assert isinstance(t["note"], str) and t["note"]


@pytest.mark.parametrize("t", targets(), ids=_ids())
def test_quote_is_in_measure_text(t):
    text = measure_text(t["measure"])
    assert text.count(t["quote"]) == 1, (
        f"{t['id']}: quote not found exactly once in measure {t['measure']}"
    )


def test_ids_are_measure_dot_order():
    seen = set()
    groups: dict[int, list[dict]] = defaultdict(list)
    for t in targets():
        m = re.fullmatch(r"(\d+)\.(\d+)", t["id"])
        assert m, f"bad id {t['id']!r}"
        assert int(m[1]) == t["measure"], f"{t['id']}: id does not match measure {t['measure']}"
        assert t["id"] not in seen, f"duplicate id {t['id']}"
        seen.add(t["id"])
        groups[t["measure"]].append(t)
    # measures appear in ascending order, each group contiguous in the file
    order = [t["measure"] for t in targets()]
    assert order == sorted(order)
    for measure, group in groups.items():
        ks = [int(t["id"].split(".")[1]) for t in group]
        assert ks == list(range(1, len(group) + 1)), f"measure {measure}: ids {ks} not 1..n"
        text = measure_text(measure)
        positions = [text.index(t["quote"]) for t in group]
        assert positions == sorted(positions), f"measure {measure}: ids not in order of the text"


@pytest.mark.parametrize("t", targets(), ids=_ids())
def test_op_fields_consistent(t):
    op = t["op"]
    if op in ("ge", "gt", "approx"):
        assert isinstance(t.get("value"), (int, float)) and t["value"] >= 0
        assert "min" not in t and "max" not in t
        assert t.get("unit_of_measure")
    elif op == "range":
        assert "value" not in t
        assert isinstance(t.get("min"), (int, float)) and isinstance(t.get("max"), (int, float))
        assert 0 <= t["min"] <= t["max"]
        assert t.get("unit_of_measure")
    else:
        for key in ("value", "min", "max", "unit_of_measure"):
            assert key not in t, f"qualitative target {t['id']} has {key}"
    assert ("deadline" in t) != bool(t.get("annual")), "exactly one of deadline / annual: true"


def _numbers(quote: str) -> list[float]:
    nums = [
        float(n) * (10000 if wan else 1) for n, wan in re.findall(r"(\d+(?:\.\d+)?)(万)?", quote)
    ]
    if not nums:  # e.g. 一届
        nums = [
            float("一二三四五六七八九".index(c) + 1)
            for c in re.findall(r"([一二三四五六七八九])(?=届|次|个)", quote)
        ]
    return nums


@pytest.mark.parametrize(
    "t",
    [t for t in targets() if t["op"] != "qualitative"],
    ids=_ids([t for t in targets() if t["op"] != "qualitative"]),
)
def test_figures_and_op_match_the_quote(t):
    quote = t["quote"]
    if t["op"] == "range":
        m = re.search(r"(\d+)—(\d+)", quote)
        assert m and (float(m[1]), float(m[2])) == (t["min"], t["max"])
        return
    assert _numbers(quote) == [t["value"]], (
        f"{t['id']}: value {t['value']} not the figure in {quote!r}"
    )
    if "左右" in quote:
        assert t["op"] == "approx"
    elif re.search(r"超过|突破|余", quote):
        assert t["op"] == "gt"
    else:
        assert t["op"] == "ge"


@pytest.mark.parametrize("t", targets(), ids=_ids())
def test_soft_iff_lizheng(t):
    assert bool(t.get("soft")) == ("力争" in t["quote"])


@pytest.mark.parametrize("t", targets(), ids=_ids())
def test_meinian_quotes_are_annual(t):
    if "每年" in t["quote"]:
        assert t.get("annual") is True


def test_percent_targets():
    for t in targets():
        if "％" in t["quote"] or "%" in t["quote"]:
            assert t["unit_of_measure"] == "%"


def test_group_comments_name_the_lead_unit():
    raw = TARGETS_PATH.read_text(encoding="utf-8")
    comments = dict(
        (int(n), unit) for n, unit in re.findall(r"^\s*# 第(\d+)项（(.+?)牵头）\s*$", raw, re.M)
    )
    assert set(comments) == {t["measure"] for t in targets()}
    for n, unit in comments.items():
        assert unit == lead_unit(n), f"measure {n}: comment says {unit}, source says {lead_unit(n)}"


def test_measures_without_targets_are_listed():
    raw = TARGETS_PATH.read_text(encoding="utf-8")
    m = re.search(r"以下措施未提出可考核目标：(.+)", raw)
    assert m, "missing the closing comment listing measures without targets"
    listed = {int(n) for n in re.findall(r"\d+", m[1])}
    with_targets = {t["measure"] for t in targets()}
    assert listed == set(range(1, MEASURE_COUNT + 1)) - with_targets


# ------------------------------------------------------------------ pinned


PINNED = {
    "1.1": dict(op="ge", value=1, unit_of_measure="个", deadline=dt.date(2020, 12, 31)),
    "1.2": dict(op="range", min=1, max=2, unit_of_measure="个"),
    "1.3": dict(op="range", min=2, max=4, unit_of_measure="个"),
    "5.1": dict(op="approx", value=15000, unit_of_measure="名"),
    "5.2": dict(op="qualitative", soft=True),
    "6.1": dict(op="qualitative", annual=True),
    "7.4": dict(op="approx", value=20000, unit_of_measure="人"),
    "7.5": dict(op="ge", value=10, unit_of_measure="个"),
    "7.6": dict(op="approx", value=10, unit_of_measure="个"),
    "8.1": dict(op="ge", value=20, unit_of_measure="个"),
    "8.3": dict(op="ge", value=1, soft=True),
    "8.4": dict(op="range", min=1, max=3),
    "9.1": dict(op="gt", value=1000, unit_of_measure="名"),
    "9.2": dict(op="ge", value=60, unit_of_measure="%"),
    "10.1": dict(op="ge", value=20, unit_of_measure="名"),
    "11.2": dict(op="qualitative"),
    "17.1": dict(op="ge", value=2000, unit_of_measure="名", annual=True),
    "21.2": dict(op="ge", value=1, unit_of_measure="届", annual=True),
    "22.1": dict(op="gt", value=20, unit_of_measure="场次"),
    "22.2": dict(op="gt", value=200000, unit_of_measure="人次"),
    "23.1": dict(op="approx", value=20000, unit_of_measure="人次"),
    "25.1": dict(op="approx", value=18, unit_of_measure="名"),
}


@pytest.mark.parametrize("tid", sorted(PINNED))
def test_pinned(tid):
    t = by_id()[tid]
    for key, expected in PINNED[tid].items():
        assert t.get(key) == expected, f"{tid}.{key}: {t.get(key)!r} != {expected!r}"


def test_no_money_targets():
    for t in targets():
        assert "元" not in t["quote"], f"{t['id']} quotes a money figure"
        assert t.get("unit_of_measure") not in ("元", "万元")
    assert not any(t["measure"] in (3, 20, 24) for t in targets())
