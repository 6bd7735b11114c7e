"""Reading users' files: safe YAML, positions, encodings, size limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import zygj.files.reading
from zygj.core.diagnostics import EXIT_DATA, EXIT_USAGE, ZygjError
from zygj.files.reading import decode_text_guess, decode_utf8, read_bytes
from zygj.load.yaml_doc import load_yaml, parse_yaml


def messages(text: str) -> list[str]:
    with pytest.raises(ZygjError) as caught:
        parse_yaml(text, "f.yaml")
    assert caught.value.exit_code == EXIT_DATA
    return [d.format() for d in caught.value.diagnostics]


# ------------------------------------------------------------------- safe loading


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/new:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    ],
)
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "ran"
    text = "records:\n  - target: " + payload.format(marker=marker) + "\n"
    assert messages(text) == [
        "f.yaml:2:13: error: 不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    "tagged", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom x"]
)
def test_only_plain_yaml_tags(tagged: str) -> None:
    assert messages(f"note: {tagged}\n") == [
        "f.yaml:1:7: error: 不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"
    ]


def test_plain_tags_still_work() -> None:
    assert parse_yaml('a: !!str 1\nb: !!int "2"\nc: !!float 3\n', "f").data == {
        "a": "1",
        "b": 2,
        "c": 3.0,
    }


def test_duplicate_keys_name_both_lines() -> None:
    text = 'records:\n  - target: "1.1"\n    date: 2020-01-01\n    value: 1\n    date: 2020-02-01\n'
    assert messages(text) == [
        "f.yaml:5:5: error: 键“date”重复：第 3 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）"
    ]


def test_every_duplicate_key_is_reported() -> None:
    text = "a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n"
    assert messages(text) == [
        "f.yaml:3:1: error: 键“a”重复：第 1 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）",
        "f.yaml:6:3: error: 键“x”重复：第 5 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）",
    ]


def test_merge_keys_are_not_duplicates() -> None:
    text = "base: &b {unit: 市人社局, value: 1}\nrecords:\n  - <<: *b\n    value: 2\n"
    assert parse_yaml(text, "f").data["records"] == [{"unit": "市人社局", "value": 2}]


def _bomb(levels: int, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast() -> None:
    started = time.perf_counter()
    found = messages(_bomb(12))  # 9**13 nodes once expanded
    took = time.perf_counter() - started
    assert found == ["f.yaml:1:1: error: 锚点和别名（& 与 *）展开后过大，疑似“别名炸弹”，拒绝读取"]
    assert took < 1.0


def test_modest_aliases_are_fine() -> None:
    assert len(parse_yaml(_bomb(3), "f").data["a3"]) == 9


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zygj.files.reading, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 21)
    with pytest.raises(ZygjError) as caught:
        read_bytes(path)
    assert caught.value.exit_code == EXIT_DATA
    assert [d.message for d in caught.value.diagnostics] == [
        "文件过大（0.0 MB），超过上限 0 MB，请确认是否选错了文件"
    ]
    path.write_bytes(b"a: 1\n" * 20)
    assert read_bytes(path) == b"a: 1\n" * 20


def test_deep_nesting_is_a_message() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    [message] = messages(text)
    assert message.endswith("error: 嵌套层次过深（超过 1000 层），不像是正常的方案或进度文件")


# ------------------------------------------------------------------ syntax errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("records:\n\t- a\n", "f.yaml:2:1: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
        ("a:\n  b: 1\n\tc: 2\n", "f.yaml:3:1: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
        ('a: "abc\nb: 1\n', "f.yaml:3:1: error: 引号没有闭合：第 1 行第 4 列开始的引号直到文件末尾都没有闭合"),
        ("a: @home\n", "f.yaml:1:4: error: “@”是 YAML 的保留字符，不能作为值的开头：请给这个值加引号"),
        ("a: [1, 2\nb: 3\n", "f.yaml:2:2: error: 方括号 [ ] 没有闭合，或列表各项之间缺少逗号"),
        ("a: b: c\n", "f.yaml:1:5: error: 此处不能出现“键: 值”：冒号后的文字若含“: ”请整体加引号，否则是缩进不对"),
        ('  - note: "他说"好"的"\n', "f.yaml:1:15: error: 引号或括号闭合后这一行还有多余内容："
         "值中含引号时，请换用另一种引号括住整个值（如 '他说\"好\"'），或删去多余文字"),
        ("a: *nothing\n", "f.yaml:1:4: error: 引用了未定义的锚点（*名称 之前需要有 &名称）：值以 * 开头时请加引号"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: error: 文件中有多个 YAML 文档（---），zygj 只读取一个"),
        ('a: "\\q"\n', "f.yaml:1:5: error: 双引号字符串中有无效的转义字符（\\），可改用单引号"),
        ("a: 1\nb: 名字\x01\n", "f.yaml:2:6: error: 文件中有不可打印的控制字符 U+0001：请删除它（常见于从网页或表格复制的文字）"),
    ],
    ids=["tab-item", "tab-key", "unclosed-quote", "reserved-at", "bracket", "colon", "after-quote",
         "alias", "two-documents", "escape", "control-character"],
)  # fmt: skip
def test_syntax_errors_keep_position_and_explain(text: str, expected: str) -> None:
    assert messages(text) == [expected]


def test_unclosed_quote_in_the_middle_names_its_line() -> None:
    text = 'records:\n  - target: "1.1"\n    note: "没有闭合\n  - target: "1.2"\n    value: 1\n'
    assert messages(text) == [
        "f.yaml:4:14: error: 引号没有闭合：第 3 行第 11 列的引号没有闭合，"
        "从那里到这里的内容都被当成了引号内的文字"
    ]


def test_legitimate_multiline_quote_gets_no_quote_hint() -> None:
    text = 'a: "第一行\n  第二行"\nb:\n  - x\n - y\n'
    [message] = messages(text)
    assert "引号" not in message


# ------------------------------------------------------------------- positions


def test_positions_follow_pydantic_locations() -> None:
    document = parse_yaml('records:\n  - target: "1.1"\n    value: 三千\n', "f")
    assert document.position(("records", 0, "value")) == (3, 12)
    assert document.position(("records", 0)) == (2, 5)
    assert document.position(("records", 5, "value")) == (2, 3)  # past the end: the list
    assert document.key_position(("records", 0, "value")) == (3, 5)


# ------------------------------------------------------------------- encodings


def test_utf8_with_and_without_bom() -> None:
    assert decode_utf8("名称: 值\n".encode(), "f") == "名称: 值\n"
    assert decode_utf8(b"\xef\xbb\xbf" + "名称: 值\n".encode(), "f") == "名称: 值\n"


def test_gbk_yaml_names_line_and_column_in_characters() -> None:
    raw = "a: 1\n名称: 市人社局\n".encode("gbk")
    with pytest.raises(ZygjError) as caught:
        decode_utf8(raw, "f.yaml")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.col) == (2, 1)
    assert "另存为”UTF-8" in diagnostic.message


def test_utf16_yaml_is_named() -> None:
    with pytest.raises(ZygjError) as caught:
        decode_utf8("a: 1\n".encode("utf-16"), "f.yaml")
    assert caught.value.diagnostics[0].format() == (
        "f.yaml:1:1: error: 文件是 UTF-16（Unicode）编码：请在编辑器中“另存为”UTF-8 编码后重试"
    )


def test_csv_decoding_tries_utf8_first_then_gb18030() -> None:
    text = "单位,备注\n市人社局,已完成\n"
    assert decode_text_guess(text.encode("utf-8")) == text
    assert decode_text_guess(text.encode("utf-8-sig")) == text
    assert decode_text_guess(text.encode("gbk")) == text
    assert decode_text_guess(text.encode("gb18030")) == text
    assert decode_text_guess(text.encode("utf-16")) == text
    # UTF-8 bytes are valid GB18030 too (as mojibake): UTF-8 must win.
    utf8 = "市人社局".encode()
    assert utf8.decode("gb18030") == "甯備汉绀惧眬"
    assert decode_text_guess(utf8) == "市人社局"


def test_csv_in_no_known_encoding() -> None:
    with pytest.raises(ZygjError) as caught:
        decode_text_guess(b"a,b\n1,\xff\n", "p.csv")
    assert caught.value.diagnostics[0].format().startswith("p.csv:2:3: error: 无法识别文件编码")


# ------------------------------------------------------------------- files


def test_empty_missing_and_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"\xef\xbb\xbf\n\n")
    (tmp_path / "folder.yaml").mkdir()
    cases = {
        "empty.yaml": ("empty.yaml:1:1: error: 文件是空的（没有任何 YAML 内容）", EXIT_DATA),
        "missing.yaml": ("missing.yaml: error: 文件不存在", EXIT_USAGE),
        "folder.yaml": ("folder.yaml: error: 这是一个文件夹，不是文件", EXIT_USAGE),
    }
    for name, (expected, code) in cases.items():
        with pytest.raises(ZygjError) as caught:
            load_yaml(tmp_path / name, name)
        assert [d.format() for d in caught.value.diagnostics] == [expected]
        assert caught.value.exit_code == code
