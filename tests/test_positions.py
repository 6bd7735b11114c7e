"""tests/positions.py finds text where zygj's diagnostics would put it (1-based line and column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.positions import at, line_of, position_in, position_of

TEXT = '# 说明\nmeasures:\n  - "no": 3\n    section: 1\n  - "no": 4\n    section: 1\n'


def test_position_in_counts_lines_and_characters_from_one() -> None:
    assert position_in(TEXT, "# 说明") == (1, 1)
    assert position_in(TEXT, "measures") == (2, 1)
    assert position_in(TEXT, "明") == (1, 4)  # characters, not bytes (in UTF-8 it starts at byte 6)
    assert position_in(TEXT, "3") == (3, 11)


def test_nth_and_after() -> None:
    assert position_in(TEXT, "section: 1", nth=2) == (6, 5)
    # ``after`` must come right before the needle, across a line end too.
    assert position_in(TEXT, "section", after='"no": 4\n    ') == (6, 5)
    assert position_in(TEXT, "4", after='"no": ') == (5, 11)


def test_missing_text_fails_loudly() -> None:
    with pytest.raises(AssertionError, match="occurs fewer than 3 times"):
        position_in(TEXT, "section: 1", nth=3)
    with pytest.raises(AssertionError):
        position_in(TEXT, "section", after='"no": 5\n    ')
    with pytest.raises(ValueError, match="nth counts from 1"):
        position_in(TEXT, "section", nth=0)


def test_files(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    # A BOM is no column, and Windows line ends count as one line end.
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert position_of(path, "measures") == (2, 1)
    assert line_of(path, "section: 1", nth=2) == 6
    assert at(path, "4", after='"no": ') == "5:11"
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("# 说明\nnote: 已完成\n".encode("gbk"))
    assert at(gbk, "已完成", encoding="gbk") == "2:7"
