"""The strict cell parser types the plain forms exactly as Pydantic would, and leaves the rest to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PLAN_DIR
from zygj.core.diagnostics import ZygjError
from zygj.load import ledger
from zygj.load.plan import load_checked_plan
from zygj.load.progress import cells, csv
from zygj.load.progress.cells import INVALID, parse_records

DAY = dt.date(2020, 6, 30)


@pytest.mark.parametrize(
    ("parse", "value", "expected"),
    [
        (cells.text, "1.1", "1.1"),
        (cells.text, 1.1, INVALID),  # YAML's unquoted 1.1: Pydantic says "should be text"
        (cells.text, "a\x07b", INVALID),
        (cells.day, DAY, DAY),
        (cells.day, "2020-06-30", DAY),
        (cells.day, "2020-02-30", INVALID),
        (cells.day, "2020-6-30", INVALID),
        (cells.day, dt.datetime(2020, 6, 30), INVALID),
        (cells.day, 20200630, INVALID),
        (cells.figure, "12", 12.0),
        (cells.figure, "012.50", 12.5),
        (cells.figure, " 65 ％", 65.0),
        (cells.figure, 7, 7.0),
        (cells.figure, 0.5, 0.5),
        (cells.figure, " 12", INVALID),  # not written plainly: Pydantic judges it
        (
            cells.figure,
            "-1",
            -1.0,
        ),  # a growth rate may fall; other targets refuse it against the plan
        (cells.figure, "1e3", INVALID),
        (cells.figure, "1_000", INVALID),
        (cells.figure, "%", INVALID),
        (cells.figure, True, INVALID),
        (cells.figure, float("nan"), INVALID),
        (cells.figure, 10**16, INVALID),
        (cells.figure, "1" * 400, INVALID),
        (cells.status, "推进中", "in_progress"),
        (cells.status, " done ", "done"),
        (cells.status, "  ", None),
        (cells.status, "完成", INVALID),
        (cells.year, 2020, 2020),
        (cells.year, "2020", 2020),
        (cells.year, "02020", INVALID),
        (cells.year, "２０２０", INVALID),  # full-width digits
        (cells.year, True, INVALID),
        (cells.year, 2020.0, INVALID),
    ],
)
def test_each_cell_is_typed_or_left_to_pydantic(
    parse: Any, value: object, expected: object
) -> None:
    got = parse(value)
    assert got == expected and type(got) is type(expected)


RECORDS: list[dict[str, Any]] = [
    {"target": "1.1", "date": "2020-06-30", "value": "12"},
    {"target": "1.1", "date": DAY, "value": 12, "unit": "市人力资源社会保障局"},
    {"target": "9.2", "date": DAY, "value": "61%", "note": "说明"},
    {"target": "6.1", "date": DAY, "status": "已完成"},
    {"target": "17.1", "date": DAY, "value": 0.57, "year": 2020},
    {"target": "17.1", "date": DAY, "value": 3, "year": "2019"},
    {"target": "1.1", "date": DAY, "value": None, "status": None, "note": None, "unit": None},
    {"target": "1.1", "date": DAY, "value": "-3"},
]


@pytest.mark.parametrize("record", RECORDS)
def test_a_plain_record_is_typed_as_pydantic_types_it(record: dict[str, Any]) -> None:
    plain = parse_records([dict(record)])
    assert plain is not None
    validated = ledger._validated_rows(
        load_checked_plan(PLAN_DIR), [dict(record)], ledger.NewRecordLocator()
    )
    assert plain == validated
    assert [type(v) for v in plain[0]] == [type(v) for v in validated[0]]


@pytest.mark.parametrize(
    "record",
    [
        {"target": "1.1"},  # no date
        {"target": "1.1", "date": DAY, "value": 1, "extra": 1},
        {"target": 1.1, "date": DAY, "value": 1},
        {"target": "1.1", "date": "2020/06/30", "value": 1},  # YAML: written as text, not a date
    ],
)
def test_anything_else_is_left_to_pydantic(record: dict[str, Any]) -> None:
    assert parse_records([record]) is None


CSV_TEXT = (
    "target,date,unit,value,status,note,year\n"
    "1.1,2020-06-30,市人力资源社会保障局,12,,,\n"
    "9.2, 2020/6/30 ,,61%,,见附件,\n"
    "6.1,2020年6月30日,,,已完成,,\n"
    "17.1,2020-12-31,,3000,,,2020\n"
    "1.1,2020-06-30,,,,,\n"  # a form's row not filled in: skipped
)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("blank_line", [False, True])
def test_a_plain_csv_file_reads_as_row_by_row_and_pydantic_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str, blank_line: bool
) -> None:
    text = CSV_TEXT.replace("\n6.1", "\n\n6.1") if blank_line else CSV_TEXT
    path = tmp_path / "p.csv"
    path.write_bytes(text.replace("\n", ending).encode())
    plan = load_checked_plan(PLAN_DIR)
    raw = csv.read_csv(path, "p.csv")
    assert raw.typed is not None  # the plain path was taken
    plain = ledger.checked_ledger(plan, raw)
    monkeypatch.setattr(csv, "_plain_rows", lambda *_: None)
    slow = csv.read_csv(path, "p.csv")
    assert slow.typed is None
    assert plain.records == ledger.checked_ledger(plan, slow).records
    assert [r.line for r in plain.records] == ([2, 3, 5, 6] if blank_line else [2, 3, 4, 5])


def test_a_problem_in_a_plain_file_is_located_as_before(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(
        "target,date,value\n1.1,2020-06-30,12\n99.1,2020-06-30,3\n", encoding="utf-8"
    )
    plan = load_checked_plan(PLAN_DIR)
    with pytest.raises(ZygjError) as error:
        ledger.checked_ledger(plan, csv.read_csv(tmp_path / "p.csv", "p.csv"))
    assert [d.format() for d in error.value.diagnostics] == [
        "p.csv:3:1: error: 第 3 行的 target 目标“99.1”不存在（zygj targets 可列出全部目标）"
    ]
