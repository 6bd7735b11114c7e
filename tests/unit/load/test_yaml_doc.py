"""load/yaml_doc: a Pydantic error's loc mapped back to the line and column of the YAML text.

The documents are written here, so the positions are literal: counted by hand from TEXT.
"""

from __future__ import annotations

import pytest

from zygj.core.diagnostics import Diagnostic, ZygjError
from zygj.load.yaml_doc import YamlDocument, parse_yaml

TEXT = (
    "records:\n"  # 1
    '  - target: "1.1"\n'  # 2
    "    date: 2020-06-30\n"  # 3
    "    value: 200\n"  # 4
    '  - {target: "1.2", date: 2020-12-31, value: 三千}\n'  # 5: flow style, Chinese value
    '  - target: "2.1"\n'  # 6
    "    vaule: 3\n"  # 7: misspelt key, no date
)


@pytest.fixture
def document() -> YamlDocument:
    return parse_yaml(TEXT, "p.yaml")


@pytest.mark.parametrize(
    ("loc", "position"),
    [
        (("records", 0, "value"), (4, 12)),  # the value, not its key
        (("records", 1, "value"), (5, 46)),  # columns count characters, not bytes
        (("records", 1), (5, 5)),  # a record: where its mapping starts
        (("records", 2, "vaule"), (7, 12)),
        # A missing field has no node: the deepest one on the path, the record.
        (("records", 2, "date"), (6, 5)),
        (("records", 9, "value"), (2, 3)),  # no 10th record: the list
        (("records",), (2, 3)),
        (("nope",), (1, 1)),  # nothing on the path: the document
        ((), (1, 1)),
    ],
)
def test_position(
    document: YamlDocument, loc: tuple[int | str, ...], position: tuple[int, int]
) -> None:
    assert document.position(loc) == position


@pytest.mark.parametrize(
    ("loc", "position"),
    [
        (("records", 2, "vaule"), (7, 5)),  # an unknown field: point at the key someone typed
        (("records", 1, "value"), (5, 39)),
        (("records", 2, "date"), (6, 5)),  # no such key: the mapping that lacks it
        (("records", 1), (2, 3)),  # a list index is no key: the list
        (("records",), (1, 1)),
        ((), (1, 1)),
    ],
)
def test_key_position(
    document: YamlDocument, loc: tuple[int | str, ...], position: tuple[int, int]
) -> None:
    assert document.key_position(loc) == position


def test_diagnostic_and_describe(document: YamlDocument) -> None:
    loc = ("records", 1, "value")
    assert document.describe(loc) == "第 2 条记录的 value"
    assert document.diagnostic(loc, "应为数字").format() == "p.yaml:5:46: error: 应为数字"


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_document_points_at_its_start(text: str) -> None:
    document = parse_yaml(text, "e.yaml")
    assert (document.data, document.root) == (None, None)
    assert document.position(("records", 0)) == (1, 1)
    assert document.key_position(("records", 0)) == (1, 1)


def test_keys_under_a_list_item_in_block_style_after_a_comment() -> None:
    document = parse_yaml(
        "# 说明\nunits:\n  # 第一个\n  - name: 市财政局\n    kind: 市级部门\n", "u.yaml"
    )
    assert document.position(("units", 0, "kind")) == (5, 11)
    assert document.key_position(("units", 0, "kind")) == (5, 5)


def test_values_are_read_as_a_person_means_them() -> None:
    text = (
        "a: 010\nb: 1_000\nc: 0x10\nd: 33:20\ne: 1.5\nf: yes\ng: true\nh: ~\n"
        "i: 2020-06-30\nj: -3\nno: 1\n"
    )
    # YAML 1.1 would read 8, 1000, 16, 2000, True and a date; no: would be False.
    assert parse_yaml(text, "v.yaml").data == {
        "a": "010",
        "b": "1_000",
        "c": "0x10",
        "d": "33:20",
        "e": 1.5,
        "f": "yes",
        "g": True,
        "h": None,
        "i": "2020-06-30",
        "j": -3,
        "no": 1,
    }


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n",
         ["f.yaml:4:3: error: 键“c”重复：第 3 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）",
          "f.yaml:5:1: error: 键“a”重复：第 1 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）"]),
        ("a: !!python/object/apply:os.system [x]\n",
         ["f.yaml:1:4: error: 不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"]),
        ("a:\n\tb: 1\n", ["f.yaml:2:1: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"]),
    ],
)  # fmt: skip
def test_parse_problems_are_located(text: str, messages: list[str]) -> None:
    with pytest.raises(ZygjError) as raised:
        parse_yaml(text, "f.yaml")
    # Every duplicate is reported, in file order once sorted (as the CLI prints them).
    assert [
        d.format() for d in sorted(raised.value.diagnostics, key=Diagnostic.sort_key)
    ] == messages
