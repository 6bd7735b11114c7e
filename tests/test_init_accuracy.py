"""The accuracy table of `zygj init` on the corpus stays where it is (issue 20, item 6).

benchmarks/bench_init_accuracy.py drafts every document of tests/corpus/corpus.yaml and
compares the draft with the plan written by hand from the document. This test runs the
same comparison and asserts the issue's goals on every document where they are met today,
so that a change to drafting cannot lose them unnoticed. The thresholds are the issue's.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app

#: The issue's goals: share of the hand plan's items the draft gets right.
GOALS = {"tasks": 0.95, "roles": 0.90, "deadlines": 0.90, "targets": 0.80}
#: Goals not met, and why (none now: the Wuhan page, which states no 成文日期, is drafted
#: with `init --date` as its clerk would; see test_without_its_date_the_draft_says_so).
NOT_MET: set[tuple[str, str]] = set()


def bench() -> ModuleType:
    path = REPO / "benchmarks" / "bench_init_accuracy.py"
    spec = importlib.util.spec_from_file_location("bench_init_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


BENCH = bench()
DOCUMENTS = BENCH.documents()


def test_the_corpus_holds_eight_real_documents_with_sources_and_provenance() -> None:
    assert len(DOCUMENTS) >= 8
    for entry in DOCUMENTS:
        for key in ("source", "plan", "provenance"):
            assert (REPO / entry[key].split("；")[0]).exists(), (entry["name"], key)


@pytest.mark.parametrize("entry", DOCUMENTS, ids=[d["name"] for d in DOCUMENTS])
def test_every_hand_plan_validates(entry: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["validate", "--plan", str(REPO / entry["plan"])])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.stdout


@pytest.mark.parametrize("entry", DOCUMENTS, ids=[d["name"] for d in DOCUMENTS])
def test_the_draft_meets_the_goals_it_meets_today(entry: dict[str, str]) -> None:
    result = BENCH.measure(entry)
    assert BENCH.GOALS == GOALS
    for kind, goal in GOALS.items():
        if (entry["name"], kind) in NOT_MET:
            continue
        tally = result.tallies[kind]
        assert tally.rate >= goal, (kind, tally.cell(), tally.notes)
    if (entry["name"], "validates") not in NOT_MET:
        assert result.validates, result.errors
    else:
        assert result.errors == ["document的 date 缺少必填字段"]


def test_a_miss_shows_in_the_table() -> None:
    """The comparison can fail: a draft with one role moved and one target gone is counted so."""
    folder = REPO / "tests" / "corpus" / "wuhan-2023-fragment" / "plan"
    import yaml

    units, measures, targets = (
        yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        for name in ("units.yaml", "measures.yaml", "targets.yaml")
    )
    measures["measures"][0]["responsible"], measures["measures"][0]["lead"] = (
        ["市教育局"],
        ["各区人民政府"],
    )
    targets["targets"].pop()
    tallies = BENCH.compare(folder, units, measures, targets)
    assert (tallies["roles"].right, tallies["roles"].wrong) == (17, 2)
    assert tallies["roles"].notes == [
        "第204项 市教育局：应为 lead，草稿为 responsible",
        "第204项 各区人民政府：应为 responsible，草稿为 lead",
    ]
    assert (tallies["targets"].right, tallies["targets"].missing) == (5, 1)
    assert tallies["tasks"].rate == 1.0
