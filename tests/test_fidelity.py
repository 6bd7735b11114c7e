"""The transcription in plan/*.yaml is faithful to the source document.

Everything here is checked against ``docs/source/plan-2018-78.txt`` as read by the
independent parser in ``tests/source_doc.py``; zygj itself is not imported.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

try:  # works whether or not tests/ is a package
    from tests.source_doc import SOURCE_PATH, SourceMeasure, parse_source
except ImportError:
    from source_doc import SOURCE_PATH, SourceMeasure, parse_source

ROOT = Path(__file__).parent.parent
MEASURES_PATH = ROOT / "plan" / "measures.yaml"
UNITS_PATH = ROOT / "plan" / "units.yaml"

MEASURE_KEYS = {"no", "section", "text", "lead", "responsible", "addressees", "errata"}
ERRATUM_KEYS = {"field", "original", "corrected", "note"}
UNIT_KEYS = {"name", "kind", "aliases", "formal_name", "note"}
UNIT_KINDS = {"市级部门", "群团组织", "园区管委会", "县（区）政府", "市委部门"}
REPORTING_ONLY = {"雁江区", "安岳县", "乐至县", "临空经济区管委会"}

# What the document is known to contain, written down independently of the parser.
SECTION_OF_MEASURES = {
    "（一）": range(1, 4),
    "（二）": range(4, 7),
    "（三）": range(7, 10),
    "（四）": range(10, 13),
    "（五）": range(13, 16),
    "（六）": range(16, 20),
    "（七）": range(20, 23),
    "（八）": range(23, 27),
    "（九）": range(27, 28),
}
KNOWN_ERRATA = {
    (5, "text", "sye", "SYB"),
    (9, "text", "校企作", "校企合作"),
    (18, "responsible", "市教育育体局", "市教育体育局"),
    (19, "responsible", "市教育育体局", "市教育体育局"),
}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


SOURCE: list[SourceMeasure] = parse_source(SOURCE_PATH)
SOURCE_BY_NO = {m.no: m for m in SOURCE}
PLAN: dict[str, Any] = _load(MEASURES_PATH)
UNITS: list[dict[str, Any]] = _load(UNITS_PATH)["units"]
MEASURES_BY_NO = {m["no"]: m for m in PLAN["measures"]}
UNIT_NAMES = [u["name"] for u in UNITS]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _errata(measure: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [e for e in measure.get("errata", []) if e["field"] == field]


def _as_in_document(measure: dict[str, Any], field: str) -> list[str]:
    """Undo the unit errata of one field: write each name back as the document has it."""
    names = list(measure[field])
    for erratum in _errata(measure, field):
        assert erratum["corrected"] in names, f"erratum {erratum} corrects nothing"
        names = [erratum["original"] if n == erratum["corrected"] else n for n in names]
    return names


def _as_corrected(source: SourceMeasure, measure: dict[str, Any], field: str) -> list[str]:
    """Apply the unit errata of one field to the document's names."""
    fixes = {e["original"]: e["corrected"] for e in _errata(measure, field)}
    return [fixes.get(n, n) for n in getattr(source, field)]


# --- the source document ---------------------------------------------------------


def test_source_has_27_measures_in_9_parts() -> None:
    assert [m.no for m in SOURCE] == list(range(1, 28))
    labels = list(dict.fromkeys(m.section_label for m in SOURCE))
    assert labels == list(SECTION_OF_MEASURES)
    for m in SOURCE:
        assert m.no in SECTION_OF_MEASURES[m.section_label]
        assert m.section == list(SECTION_OF_MEASURES).index(m.section_label) + 1
    assert SOURCE[-1].section_title == "组织实施"


def test_source_units_are_cells_joined_and_split() -> None:
    assert SOURCE_BY_NO[7].lead == ("市教育体育局",)  # "市教育" / "体育局"
    assert SOURCE_BY_NO[10].lead == SOURCE_BY_NO[15].lead == ("市经济和信息化委",)
    assert SOURCE_BY_NO[18].responsible[0] == "市教育育体局"  # the slip is kept
    assert SOURCE_BY_NO[27].lead == SOURCE_BY_NO[27].responsible == ()
    assert all(m.lead and m.responsible for m in SOURCE if m.no != 27)


# --- measures.yaml -----------------------------------------------------------------


def test_document_metadata_matches_the_source() -> None:
    source = _squash(SOURCE_PATH.read_text(encoding="utf-8"))
    doc = PLAN["document"]
    for key in ("number", "issuer", "title", "plan_title", "addressees"):
        assert _squash(doc[key]) in source, key
    assert doc["number"] == "资府办发〔2018〕78号"
    assert f"{doc['date'].year}年{doc['date'].month}月{doc['date'].day}日" in source
    assert PLAN["period"]["start"] == doc["date"]


def test_sections_match_the_source() -> None:
    expected = {(m.section, m.section_label, m.section_title) for m in SOURCE}
    actual = [(s["no"], s["label"], s["title"]) for s in PLAN["sections"]]
    assert actual == sorted(expected)


def test_measures_are_numbered_like_the_source() -> None:
    assert [m["no"] for m in PLAN["measures"]] == [m.no for m in SOURCE]


def test_only_known_keys() -> None:
    for measure in PLAN["measures"]:
        assert set(measure) <= MEASURE_KEYS, measure["no"]
        for erratum in measure.get("errata", []):
            assert set(erratum) == ERRATUM_KEYS or set(erratum) == ERRATUM_KEYS - {"note"}
            assert erratum["field"] in {"text", "lead", "responsible"}
    for unit in UNITS:
        assert set(unit) <= UNIT_KEYS, unit["name"]
        assert unit["kind"] in UNIT_KINDS, unit["name"]


def test_errata_are_the_known_slips() -> None:
    found = {
        (m["no"], e["field"], e["original"], e["corrected"])
        for m in PLAN["measures"]
        for e in m.get("errata", [])
    }
    assert found == KNOWN_ERRATA


@pytest.mark.parametrize("no", sorted(SOURCE_BY_NO))
def test_measure_text_is_verbatim(no: int) -> None:
    measure, source = MEASURES_BY_NO[no], SOURCE_BY_NO[no]
    assert measure["section"] == source.section
    assert measure["text"] == source.text  # verbatim: no prefix, no inserted spaces
    for erratum in _errata(measure, "text"):
        assert erratum["original"] in measure["text"]
        assert erratum["corrected"] not in measure["text"]
        corrected = measure["text"].replace(erratum["original"], erratum["corrected"])
        assert erratum["corrected"] in corrected


@pytest.mark.parametrize("no", sorted(SOURCE_BY_NO))
@pytest.mark.parametrize("field", ["lead", "responsible"])
def test_measure_units_match_the_source(no: int, field: str) -> None:
    measure, source = MEASURES_BY_NO[no], SOURCE_BY_NO[no]
    assert _as_in_document(measure, field) == list(getattr(source, field))
    for erratum in _errata(measure, field):
        assert erratum["original"] in getattr(source, field)


def test_measure_27_addresses_counties_and_departments() -> None:
    measure = MEASURES_BY_NO[27]
    assert measure["lead"] == measure["responsible"] == []
    assert measure["addressees"] == ["各县（区）政府", "各有关部门（单位）"]
    assert all("addressees" not in m for m in PLAN["measures"] if m["no"] != 27)


def test_annual_years_lie_in_the_period() -> None:
    period = PLAN["period"]
    assert period["start"] < period["end"]
    for year in period["annual_years"]:
        assert period["start"].year <= year <= period["end"].year


# --- units.yaml ---------------------------------------------------------------------


def test_unit_names_are_unique() -> None:
    assert [n for n, c in Counter(UNIT_NAMES).items() if c > 1] == []


def test_every_unit_in_measures_is_declared() -> None:
    used = {n for m in PLAN["measures"] for f in ("lead", "responsible") for n in m[f]}
    assert used - set(UNIT_NAMES) == set()


def test_every_unit_in_the_document_is_declared() -> None:
    named: list[str] = []
    for source in SOURCE:
        measure = MEASURES_BY_NO[source.no]
        for field in ("lead", "responsible"):
            named += _as_corrected(source, measure, field)
    distinct = list(dict.fromkeys(named))
    assert len(distinct) == 22
    assert set(distinct) - set(UNIT_NAMES) == set()
    # declared in order of first appearance, then the reporting-only units
    assert UNIT_NAMES[:22] == distinct
    assert set(UNIT_NAMES[22:]) == REPORTING_ONLY


def test_reporting_only_units_are_declared_but_not_named() -> None:
    used = {n for m in PLAN["measures"] for f in ("lead", "responsible") for n in m[f]}
    assert REPORTING_ONLY - set(UNIT_NAMES) == set()
    assert REPORTING_ONLY & used == set()


def test_aliases_are_unique_and_never_another_name() -> None:
    aliases = [a for u in UNITS for a in u.get("aliases", [])]
    assert [a for a, c in Counter(aliases).items() if c > 1] == []
    assert set(aliases) & set(UNIT_NAMES) == set()


def test_document_slips_resolve_through_aliases() -> None:
    alias_of = {a: u["name"] for u in UNITS for a in u.get("aliases", [])}
    for measure in PLAN["measures"]:
        for erratum in measure.get("errata", []):
            if erratum["field"] != "text":
                assert alias_of.get(erratum["original"]) == erratum["corrected"]
