"""load/pydantic_errors: each Pydantic error becomes a Chinese sentence at its YAML line and column.

The documents are written here, so the positions are literal: counted by hand from the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic_core import ErrorDetails

from zygj.core.models import ProgressRecord, UnitsFile
from zygj.load import pydantic_errors
from zygj.load.pydantic_errors import explain, validate, validate_list
from zygj.load.yaml_doc import parse_yaml


def error(kind: str, value: Any = None, **ctx: Any) -> ErrorDetails:
    details: ErrorDetails = {
        "type": kind,
        "loc": ("x",),
        "msg": f"Pydantic says {kind}",
        "input": value,
    }
    if ctx:
        details["ctx"] = ctx
    return details


@pytest.mark.parametrize(
    ("details", "sentence"),
    [
        (error("missing"), "缺少必填字段"),
        (error("extra_forbidden", 1), "是不认识的字段（可能拼写有误）"),
        (error("string_type", 1.1), '应为文字，实际为 1.1：编号之类请加引号，如 "1.1"'),
        (error("string_type", [1]), "应为文字，实际为 一个列表"),
        (error("int_parsing", "三"), "应为整数，实际为 “三”"),
        (error("float_parsing", "三千"), "应为数字，实际为 “三千”"),
        (error("float_parsing", "65%"), "应为数字，实际为 “65%”：百分数只写数字，如 65 表示 65％"),
        (error("float_parsing", "1,000"), "应为数字，实际为 “1,000”：数字中不要写千位分隔符"),
        (error("finite_number", math.inf), "应为数字，实际为 .inf"),
        (error("finite_number", math.nan), "应为数字，实际为 .nan"),
        (error("bool_type", "是"), "应为 true 或 false，实际为 “是”"),
        (
            error("date_from_datetime_parsing", "2020-13-01"),
            "应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020-13-01”",
        ),
        (
            error("literal_error", "完成", expected="'ge', 'gt' or 'range'"),
            "应为 'ge'、'gt'、'range' 之一，实际为 “完成”",
        ),
        (
            error("list_type", {"a": 1}),
            "应为列表（每项以“- ”开头，或写成 [a, b]），实际为 一个映射（键: 值）",
        ),
        (error("dataclass_type", None), "应为映射（键: 值），实际为 空值"),
        (error("greater_than_equal", -1, ge=0), "应不小于 0，实际为 -1"),
        (error("greater_than", 0, gt=0), "应大于 0，实际为 0"),
        (error("less_than", 1.5, lt=1), "应小于 1，实际为 1.5"),
        (error("less_than_equal", 3200000.0, le=1000000.0), "应不大于 1000000，实际为 3200000"),
        (error("string_too_short", ""), "不能为空"),
        (error("value_error", "x", error="min 大于 max"), "min 大于 max"),
        (error("json_invalid", "x"), "不符合要求（Pydantic says json_invalid），实际为 “x”"),
    ],
)
def test_explain(details: ErrorDetails, sentence: str) -> None:
    assert explain(details) == sentence


UNITS = (
    "units:\n"  # 1
    "  - name: 市财政局\n"  # 2
    "    kind: 市级部门\n"  # 3
    "    aliases: [财政局, 7]\n"  # 4
    "  - name: 市统计局\n"  # 5
    "    knd: 市级部门\n"  # 6
    '  - {name: "", kind: 区政府}\n'  # 7
    "groups: 各区\n"  # 8
)


def test_every_error_of_a_file_is_located_at_its_value_or_key() -> None:
    document = parse_yaml(UNITS, "units.yaml")
    value, diagnostics = validate(UnitsFile, document.data, document)
    assert value is None
    assert (
        [d.format() for d in diagnostics]
        == [
            'units.yaml:4:20: error: 第 1 个单位的 第 2 个别名 应为文字，实际为 7：编号之类请加引号，如 "7"',
            "units.yaml:5:5: error: 第 2 个单位的 kind 缺少必填字段",  # missing: the unit that lacks it
            "units.yaml:6:5: error: 第 2 个单位的 knd 是不认识的字段（可能拼写有误）",  # unknown: its key
            "units.yaml:7:12: error: 第 3 个单位的 name 不能为空",
            "units.yaml:8:9: error: groups 应为列表（每项以“- ”开头，或写成 [a, b]），实际为 “各区”",
        ]
    )


def test_a_key_that_is_not_text_is_named_where_it_sits() -> None:
    document = parse_yaml("units: []\n1: a\n", "k.yaml")
    _, diagnostics = validate(UnitsFile, document.data, document)
    assert [d.format() for d in diagnostics] == [
        'k.yaml:2:1: error: 文件顶层中的键 1 应为文字：请加引号，如 "1"'
    ]


def test_a_valid_file_gives_its_value_and_no_diagnostics() -> None:
    document = parse_yaml("units:\n  - name: 市财政局\n    kind: 市级部门\n", "units.yaml")
    value, diagnostics = validate(UnitsFile, document.data, document)
    assert diagnostics == []
    assert value is not None and [u.name for u in value.units] == ["市财政局"]


RECORDS = (
    "records:\n"  # 1
    "  - target: 1.1\n"  # 2
    "    date: 2020-13-01\n"  # 3
    "    value: 1e3\n"  # 4
    '  - {target: "1.1", date: 2020-06-30, value: 12%}\n'  # 5
    '  - {target: "1.1", date: 2020-06-30, value: 3, statu: 完成}\n'  # 6
)


def test_a_list_is_located_record_by_record() -> None:
    document = parse_yaml(RECORDS, "p.yaml")
    records, diagnostics = validate_list(
        ProgressRecord, document.data["records"], document, "records"
    )
    assert records is None
    assert [d.format() for d in diagnostics] == [
        'p.yaml:2:13: error: 第 1 条记录的 target 应为文字，实际为 1.1：编号之类请加引号，如 "1.1"',
        "p.yaml:3:11: error: 第 1 条记录的 date 应为日期，格式 YYYY-MM-DD（如 2020-12-31），实际为 “2020-13-01”",
        "p.yaml:4:12: error: 第 1 条记录的 value：应为十进制数字，如 12 或 12.5，实际为“1e3”",
        "p.yaml:5:46: error: 第 2 条记录的 value 应为数字，实际为 “12%”：百分数只写数字，如 65 表示 65％",
        "p.yaml:6:49: error: 第 3 条记录的 statu 是不认识的字段（可能拼写有误）",
    ]


def test_a_long_wrong_list_lists_the_first_errors_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small chunks, so that the record-by-record path is taken as it is for a big file.
    monkeypatch.setattr(pydantic_errors, "CHUNK", 4)
    monkeypatch.setattr(pydantic_errors, "MAX_LOCATED", 3)
    text = "records:\n" + "".join(
        f'  - {{target: "1.1", date: 2020-06-30, value: x{i}}}\n' for i in range(10)
    )
    document = parse_yaml(text, "big.yaml")
    records, diagnostics = validate_list(
        ProgressRecord, document.data["records"], document, "records"
    )
    assert records is None
    assert [d.format() for d in diagnostics] == [
        "big.yaml:2:46: error: 第 1 条记录的 value 应为数字，实际为 “x0”",
        "big.yaml:3:46: error: 第 2 条记录的 value 应为数字，实际为 “x1”",
        "big.yaml:4:46: error: 第 3 条记录的 value 应为数字，实际为 “x2”",
        "big.yaml: error: 前 4 条中已有 4 处错误（共 10 条），只列出了前 3 处：文件可能选错了，或整列填错；"
        "请先改正以上各处再检查",
    ]
    assert diagnostics[-1].count == 1  # the summary stands for the one error not listed


@dataclass(frozen=True)
class _Measure:
    no: int
    label: str


@dataclass(frozen=True)
class _Measures:
    measures: list[_Measure]


def test_a_measure_is_named_by_its_own_number() -> None:
    # A partial transcription starts at measure 43: its first entry is "第 43 项措施", not "第 1 项".
    document = parse_yaml('measures:\n  - "no": 43\n    label: 5\n', "measures.yaml")
    _, diagnostics = validate(_Measures, document.data, document)
    assert [d.format() for d in diagnostics] == [
        'measures.yaml:3:12: error: 第 43 项措施（measures 中第 1 条）的 label 应为文字，实际为 5：编号之类请加引号，如 "5"'
    ]
