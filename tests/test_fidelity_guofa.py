"""The transcription of 国发〔2018〕42号 in examples/plan-guofa-2018-42/ is faithful and complete.

Everything is checked against ``examples/plan-guofa-2018-42/source.txt`` as read by the
independent parser in ``tests/source_doc_guofa.py``. The YAML is read with
``yaml.safe_load`` directly: zygj itself is not imported (the plan uses fields of the
extended format of issue 11 — groups, label, units_open, document.partial, quote lists,
two_sided — that today's loader does not read yet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

try:  # works whether or not tests/ is a package
    from tests.source_doc_guofa import (
        ANY_UNITS_PARENTHETICAL,
        CONVENTION,
        SOURCE_PATH,
        SourceItem,
        parse_source,
    )
except ImportError:
    from source_doc_guofa import (
        ANY_UNITS_PARENTHETICAL,
        CONVENTION,
        SOURCE_PATH,
        SourceItem,
        parse_source,
    )

PLAN_DIR = Path(__file__).parent.parent / "examples" / "plan-guofa-2018-42"
MEASURES_PATH = PLAN_DIR / "measures.yaml"
UNITS_PATH = PLAN_DIR / "units.yaml"
TARGETS_PATH = PLAN_DIR / "targets.yaml"

# What the document is known to contain, written down independently of the parser.
SOURCE_SHA256 = "2a41b9418b28110d94a8c41e597ebf9de8262aa1f43995ded8bc40c9c83c2c2e"
ITEMS_OF_SECTION = {
    "一、": range(1, 3),
    "二、": range(3, 7),
    "三、": range(7, 9),
    "四、": range(9, 12),
    "五、": range(12, 14),
    "六、": range(14, 16),
    "七、": range(16, 18),
    "八、": range(18, 21),
}
NO_UNITS = {1, 2}  # 指导思想, 发展目标
CO_LEAD = {18}  # （农业农村部、工业和信息化部牵头负责）
COLLECTIVE = {19: "各省级人民政府"}  # （各省级人民政府负责）
CLOSED_LISTS = {18, 19}  # no 等
KNOWN_ERRATA: set[tuple[int, str, str, str]] = set()  # no slips found in this document
ADDRESSEES_OF_GENERAL = ["各省、自治区、直辖市人民政府", "国务院各部委", "国务院各直属机构"]
HORIZONS = {"到2020年": dt.date(2020, 12, 31), "到2025年": dt.date(2025, 12, 31)}
# Clauses of （二） deliberately not made targets: a direction of change, no degree or end state.
NOT_TARGETS = {
    "农机装备产业科技创新能力持续提升",
    "农机具配置结构进一步优化",
    "农机作业条件加快改善",
    "农机社会化服务领域加快拓展",
    "农机使用效率进一步提升",
}

MEASURE_KEYS = {
    "no", "label", "section", "text", "lead", "responsible", "cooperating",
    "units_open", "deadline", "addressees", "errata",
}  # fmt: skip
SECTION_KEYS = {"no", "label", "title", "intro", "sections"}
DOCUMENT_KEYS = {"number", "partial", "issuer", "date", "title", "plan_title", "addressees"}
UNIT_KEYS = {"name", "kind", "aliases", "note"}
GROUP_KEYS = {"name", "members", "aliases"}
TARGET_KEYS = {
    "id", "measure", "title", "quote", "op", "value", "min", "max", "unit_of_measure",
    "deadline", "annual", "soft", "owner", "tolerance", "two_sided", "note",
}  # fmt: skip
OPS = {"ge", "gt", "range", "approx", "qualitative"}
#: The words of the document that each comparison stands for.
OP_WORDS = {"gt": "超过", "ge": "达到", "approx": "左右"}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


SOURCE = parse_source(SOURCE_PATH)
ITEMS: dict[int, SourceItem] = {item.no: item for item in SOURCE.items}
PLAN: dict[str, Any] = _load(MEASURES_PATH)
UNITS_FILE: dict[str, Any] = _load(UNITS_PATH)
UNITS: list[dict[str, Any]] = UNITS_FILE["units"]
GROUPS: list[dict[str, Any]] = UNITS_FILE.get("groups", [])
TARGETS: list[dict[str, Any]] = _load(TARGETS_PATH)["targets"]
MEASURES: dict[int, dict[str, Any]] = {m["no"]: m for m in PLAN["measures"]}
UNIT_NAMES = [u["name"] for u in UNITS]
GROUP_NAMES = [g["name"] for g in GROUPS]


def _walk(sections: list[dict[str, Any]], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every section of the tree, depth first, with its depth."""
    for section in sections:
        yield depth, section
        yield from _walk(section.get("sections", []), depth + 1)


def _units_of(measure: dict[str, Any]) -> list[str]:
    return [*measure.get("lead", []), *measure.get("responsible", [])]


def _fragments(target: dict[str, Any]) -> list[str]:
    quote = target["quote"]
    return quote if isinstance(quote, list) else [quote]


def _spans(fragments: list[str], text: str) -> list[tuple[int, int]] | None:
    """Where the fragments stand in text, in order, as tightly together as possible."""
    best: list[tuple[int, int]] | None = None
    start = text.find(fragments[0])
    while start >= 0:
        spans = [(start, start + len(fragments[0]))]
        for fragment in fragments[1:]:
            at = text.find(fragment, spans[-1][1])
            if at < 0:
                break
            spans.append((at, at + len(fragment)))
        else:
            if best is None or spans[-1][1] - spans[0][0] < best[-1][1] - best[0][0]:
                best = spans
        start = text.find(fragments[0], start + 1)
    return best


def _horizon_paragraphs() -> dict[dt.date, str]:
    """The paragraphs of （二） by their horizon: "到2020年，……" -> 2020-12-31."""
    found = {}
    for paragraph in ITEMS[2].paragraphs[1:]:
        head = paragraph.split("，", 1)[0]
        found[HORIZONS[head]] = paragraph
    return found


def _clauses(paragraph: str) -> list[str]:
    """A paragraph cut at "，" and "。", without its opening "到20XX年"."""
    return [c for c in re.split(r"[，。]", paragraph) if c and c not in HORIZONS]


# --- the source document ---------------------------------------------------------


def test_source_is_the_published_text() -> None:
    assert hashlib.sha256(SOURCE_PATH.read_bytes()).hexdigest() == SOURCE_SHA256


def test_source_has_20_items_under_8_headings() -> None:
    assert [item.no for item in SOURCE.items] == list(range(1, 21))
    assert [s.label for s in SOURCE.sections] == list(ITEMS_OF_SECTION)
    for section in SOURCE.sections:
        in_section = [item.no for item in SOURCE.items if item.section == section.no]
        assert in_section == list(ITEMS_OF_SECTION[section.label])
    assert all(s.intro is None for s in SOURCE.sections)  # no heading has a lead-in paragraph


def test_source_units_parentheticals() -> None:
    assert {item.no for item in SOURCE.items if not item.units} == NO_UNITS
    assert {item.no for item in SOURCE.items if item.co_lead} == CO_LEAD
    assert {item.no for item in SOURCE.items if item.units and not item.units_open} == CLOSED_LISTS
    assert [item.no for item in SOURCE.items if item.states_convention] == [3]
    assert ITEMS[19].units == ("各省级人民政府",)
    assert len(ITEMS[2].paragraphs) == 3 and ITEMS[2].paragraphs[0] == "发展目标。"


# --- measures.yaml: document, period, sections -------------------------------------


def test_document_metadata_matches_the_source() -> None:
    doc = PLAN["document"]
    assert set(doc) <= DOCUMENT_KEYS
    assert doc["number"] == SOURCE.number == "国发〔2018〕42号"
    assert doc["issuer"] == SOURCE.issuer == "国务院"
    assert doc["title"] == SOURCE.title
    assert doc["addressees"] == SOURCE.addressees
    assert f"{doc['date'].year}年{doc['date'].month}月{doc['date'].day}日" == SOURCE.date
    assert doc["partial"] is False  # the whole document is transcribed
    assert "plan_title" not in doc  # the 指导意见 is itself the plan: no attached 方案


def test_period_runs_from_the_document_to_the_last_horizon() -> None:
    period = PLAN["period"]
    assert period["start"] == PLAN["document"]["date"]
    assert period["end"] == max(HORIZONS.values()) == max(t["deadline"] for t in TARGETS)
    assert period.get("annual_years", []) == []  # no 每年 targets
    assert not any(t.get("annual") for t in TARGETS)


def test_sections_match_the_source() -> None:
    tree = list(_walk(PLAN["sections"]))
    for _, section in tree:
        assert set(section) <= SECTION_KEYS
    numbers = [s["no"] for _, s in tree]
    assert len(numbers) == len(set(numbers)), "section numbers must be unique across the tree"
    flat = [(s["no"], s["label"], s["title"], s.get("intro")) for _, s in tree]
    assert flat == [(s.no, s.label, s.title, s.intro) for s in SOURCE.sections]
    assert {depth for depth, _ in tree} == {0}  # the document's headings are not nested


# --- measures.yaml: measures ------------------------------------------------------


def test_twenty_measures_numbered_like_the_document() -> None:
    assert len(PLAN["measures"]) == 20
    assert [m["no"] for m in PLAN["measures"]] == list(range(1, 21))
    for measure in PLAN["measures"]:
        assert set(measure) <= MEASURE_KEYS, measure["no"]


@pytest.mark.parametrize("no", sorted(ITEMS))
def test_measure_text_is_verbatim(no: int) -> None:
    measure, item = MEASURES[no], ITEMS[no]
    assert measure["label"] == item.label
    assert measure["section"] == item.section
    text = measure["text"]
    for erratum in measure.get("errata", []):  # none today; kept for the rule's sake
        if erratum["field"] == "text":
            assert erratum["original"] in text
    assert text == item.text  # verbatim: label and units parenthetical stripped, nothing else
    assert not text.startswith(item.label)
    assert not ANY_UNITS_PARENTHETICAL.search(text)


@pytest.mark.parametrize("no", sorted(ITEMS))
def test_measure_units_are_the_documents_in_order(no: int) -> None:
    measure, item = MEASURES[no], ITEMS[no]
    assert measure.get("lead", []) == list(item.lead)
    assert measure.get("responsible", []) == list(item.responsible)
    assert _units_of(measure) == list(item.units)  # nothing dropped, nothing reordered
    assert measure.get("cooperating", []) == []  # the document names no 配合单位
    assert measure.get("units_open", False) is item.units_open
    assert "deadline" not in measure  # the document sets no 完成时限 per item


def test_first_listed_unit_leads_and_co_leads_lead_together() -> None:
    for no, measure in MEASURES.items():
        if no in NO_UNITS:
            continue
        if no in CO_LEAD:
            assert measure["lead"] == ["农业农村部", "工业和信息化部"]
            assert measure.get("responsible", []) == []
        else:
            assert len(measure["lead"]) == 1, no


def test_collective_is_a_group() -> None:
    for no, name in COLLECTIVE.items():
        assert MEASURES[no]["lead"] == [name]
        assert name in GROUP_NAMES and name not in UNIT_NAMES


def test_measures_without_units_say_whom_they_address() -> None:
    for no, measure in MEASURES.items():
        if no in NO_UNITS:
            assert _units_of(measure) == []
            assert measure["addressees"] == ADDRESSEES_OF_GENERAL
        else:
            assert "addressees" not in measure, no
    # each addressee is the document's 主送, "国务院" spelt out before 各直属机构
    written = SOURCE.addressees.replace("、各直属机构", "、国务院各直属机构")
    assert re.split(r"[，、](?=各|国务院)", written) == ADDRESSEES_OF_GENERAL


def test_errata_are_the_known_slips() -> None:
    found = {
        (m["no"], e["field"], e["original"], e["corrected"])
        for m in PLAN["measures"]
        for e in m.get("errata", [])
    }
    assert found == KNOWN_ERRATA


def test_every_units_parenthetical_was_transcribed() -> None:
    """Found anywhere in the raw text, each （……负责……） is one measure's units, in order."""
    raw = SOURCE_PATH.read_text(encoding="utf-8")
    assert len(ANY_UNITS_PARENTHETICAL.findall(raw)) == 18 == len(ITEMS) - len(NO_UNITS)
    transcribed = []
    for line in SOURCE.lines:
        for parenthetical in ANY_UNITS_PARENTHETICAL.findall(line):
            assert line.endswith(parenthetical)  # units stand only at the end of an item
            no = next(item.no for item in SOURCE.items if line.startswith(item.label))
            body = parenthetical[1:-1].split("。")[0]
            names = re.sub(r"(等|牵头)?负责$", "", body).split("、")
            assert _units_of(MEASURES[no]) == names
            assert MEASURES[no]["text"] + parenthetical == line[len(ITEMS[no].label) :]
            transcribed.append(no)
    assert transcribed == sorted(set(ITEMS) - NO_UNITS)


def test_the_lead_convention_is_recorded() -> None:
    assert CONVENTION in ITEMS[3].parenthetical  # type: ignore[operator]
    assert CONVENTION in MEASURES_PATH.read_text(encoding="utf-8")  # in a comment


# --- units.yaml --------------------------------------------------------------------


def test_only_known_keys_in_units() -> None:
    assert set(UNITS_FILE) <= {"units", "groups"}
    for unit in UNITS:
        assert set(unit) <= UNIT_KEYS, unit["name"]
        assert isinstance(unit["kind"], str) and unit["kind"], unit["name"]
    for group in GROUPS:
        assert set(group) <= GROUP_KEYS, group["name"]


def test_declared_units_are_the_documents_in_order_of_appearance() -> None:
    named = [n for item in SOURCE.items for n in item.units if n not in COLLECTIVE.values()]
    distinct = list(dict.fromkeys(named))
    assert len(distinct) == 16
    assert distinct == UNIT_NAMES
    assert list(COLLECTIVE.values()) == GROUP_NAMES


def test_every_name_in_measures_is_declared() -> None:
    declared = set(UNIT_NAMES) | set(GROUP_NAMES)
    used = {n for m in PLAN["measures"] for n in _units_of(m)}
    assert used - declared == set()


def test_names_and_aliases_are_unique() -> None:
    names = UNIT_NAMES + GROUP_NAMES
    assert [n for n, c in Counter(names).items() if c > 1] == []
    aliases = [a for entry in UNITS + GROUPS for a in entry.get("aliases", [])]
    assert [a for a, c in Counter(aliases).items() if c > 1] == []
    assert set(aliases) & set(names) == set()


def test_group_members_are_declared_units() -> None:
    for group in GROUPS:
        assert isinstance(group["members"], list)
        assert set(group["members"]) <= set(UNIT_NAMES)


# --- targets.yaml ------------------------------------------------------------------


def test_target_ids_and_keys() -> None:
    assert [t["id"] for t in TARGETS] == [f"2.{k}" for k in range(1, len(TARGETS) + 1)]
    for target in TARGETS:
        assert set(target) <= TARGET_KEYS, target["id"]
        assert target["measure"] in MEASURES
        assert target["op"] in OPS


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_quote_is_the_measures_words(target: dict[str, Any]) -> None:
    text = MEASURES[target["measure"]]["text"]
    fragments = _fragments(target)
    assert fragments and all(isinstance(f, str) and f for f in fragments)
    for fragment in fragments:
        assert fragment in text, fragment
    spans = _spans(fragments, text)
    assert spans is not None, "fragments out of the document's order"
    between = text[spans[0][0] : spans[-1][1]]
    assert not re.search(r"[，。\n]", between), "one target's words lie in one clause"


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_deadline_is_its_horizon(target: dict[str, Any]) -> None:
    paragraph = _horizon_paragraphs()[target["deadline"]]
    assert _spans(_fragments(target), paragraph) is not None


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_figures_are_the_documents(target: dict[str, Any]) -> None:
    words = "".join(_fragments(target))
    op = target["op"]
    assert "owner" not in target  # （二） names no unit: 未明确责任单位
    if op == "qualitative":
        assert not {"value", "min", "max", "unit_of_measure"} & set(target)
        assert not re.search(r"\d", words)
        return
    assert op in OP_WORDS and OP_WORDS[op] in words
    value, unit = target["value"], target["unit_of_measure"]
    assert f"{value:g}{unit}" in words  # 10亿千瓦 -> value 10, unit 亿千瓦; 70% -> 70, "%"
    if unit == "%":
        assert 0 < value <= 100
    assert target.get("two_sided", False) is ("稳定在" in words)
    if target.get("two_sided"):
        assert op == "approx"


def test_every_figure_of_the_goals_is_a_target() -> None:
    for deadline, paragraph in _horizon_paragraphs().items():
        numeric = [t for t in TARGETS if t["deadline"] == deadline and t["op"] != "qualitative"]
        for figure in re.finditer(r"(\d+(?:\.\d+)?)(%|亿千瓦)", paragraph):
            value, unit = float(figure[1]), figure[2]
            covering = [
                t
                for t in numeric
                if t["value"] == value
                and t["unit_of_measure"] == unit
                and any(a <= figure.start() < b for a, b in _spans(_fragments(t), paragraph) or [])
            ]
            assert covering, f"{figure[0]} ({deadline.year}) has no target"


def test_every_clause_of_the_goals_is_a_target_or_deliberately_not() -> None:
    seen_not_targets = set()
    for deadline, paragraph in _horizon_paragraphs().items():
        quotes = [_fragments(t) for t in TARGETS if t["deadline"] == deadline]
        for clause in _clauses(paragraph):
            if clause in NOT_TARGETS:
                seen_not_targets.add(clause)
                assert not any(_spans(q, clause) for q in quotes), clause
            else:
                assert any(_spans(q, clause) for q in quotes), f"clause without a target: {clause}"
    assert seen_not_targets == NOT_TARGETS
    # and the decision is written down for the reader of targets.yaml
    comments = TARGETS_PATH.read_text(encoding="utf-8")
    assert all(f"#   {clause}" in comments for clause in NOT_TARGETS)


def test_count_of_targets() -> None:
    by_year = Counter(t["deadline"].year for t in TARGETS)
    assert by_year == {2020: 7, 2025: 25}
    assert Counter(t["op"] for t in TARGETS) == {"qualitative": 16, "ge": 13, "gt": 1, "approx": 2}
