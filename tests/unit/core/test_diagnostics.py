"""core/diagnostics: how a located problem is written, counted and turned into an exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from zygj.core.diagnostics import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    Diagnostic,
    UsageError,
    ZygjError,
    checked,
    describe_loc,
    display_path,
    error_count,
    exit_code_for,
)


@pytest.mark.parametrize(
    ("diagnostic", "written"),
    [
        (
            Diagnostic("plan/measures.yaml", 55, 12, "单位未声明"),
            "plan/measures.yaml:55:12: error: 单位未声明",
        ),
        (Diagnostic("p.csv", 3, None, "引号没有闭合"), "p.csv:3: error: 引号没有闭合"),
        (Diagnostic("p.csv", None, None, "文件不存在"), "p.csv: error: 文件不存在"),
        # A column without a line says nothing a reader could find: it is left out.
        (Diagnostic("p.csv", None, 4, "坏"), "p.csv: error: 坏"),
        (Diagnostic("p.yaml", 1, 1, "年度？", severity="warning"), "p.yaml:1:1: warning: 年度？"),
    ],
)
def test_format_is_path_line_col_severity_message(diagnostic: Diagnostic, written: str) -> None:
    assert diagnostic.format() == written


def test_sort_key_puts_unlocated_problems_first_in_their_file() -> None:
    found = [
        Diagnostic("b.yaml", 1, 1, "x"),
        Diagnostic("a.yaml", 10, 2, "x"),
        Diagnostic("a.yaml", None, None, "x"),
        Diagnostic("a.yaml", 2, 30, "x"),
        Diagnostic("a.yaml", 10, 1, "x"),
    ]
    assert [(d.path, d.line, d.col) for d in sorted(found, key=Diagnostic.sort_key)] == [
        ("a.yaml", None, None), ("a.yaml", 2, 30), ("a.yaml", 10, 1), ("a.yaml", 10, 2), ("b.yaml", 1, 1)
    ]  # fmt: skip


def test_error_count_counts_summaries_and_not_warnings() -> None:
    found = [
        Diagnostic("p.yaml", 4, 12, "坏"),
        Diagnostic("p.yaml", None, None, "共有 500 处错误，只列出了前 100 处", count=400),
        Diagnostic("p.yaml", 9, 1, "提醒", severity="warning", count=7),
    ]
    assert error_count(found) == 401
    assert error_count([]) == 0


def test_exit_code_follows_errors_only() -> None:
    warning = Diagnostic("p.yaml", 1, 1, "提醒", severity="warning")
    assert exit_code_for([]) == EXIT_OK
    assert exit_code_for([warning]) == EXIT_OK
    assert exit_code_for([warning, Diagnostic("p.yaml", 2, 1, "坏")]) == EXIT_DATA


def test_zygj_error_carries_its_diagnostics() -> None:
    found = [Diagnostic("a.yaml", 1, 2, "一"), Diagnostic("b.yaml", None, None, "二")]
    error = ZygjError(found)
    assert error.diagnostics == found
    assert error.exit_code == EXIT_DATA
    assert str(error) == "a.yaml:1:2: error: 一\nb.yaml: error: 二"


def test_usage_error_is_exit_2_and_unlocated() -> None:
    error = UsageError("文件已存在，未覆盖", path="r.md")
    assert error.exit_code == EXIT_USAGE
    assert [d.format() for d in error.diagnostics] == ["r.md: error: 文件已存在，未覆盖"]
    assert str(UsageError("缺少 --unit")) == "zygj: error: 缺少 --unit"


@pytest.mark.parametrize(
    ("loc", "described"),
    [
        (("records", 2, "value"), "第 3 条记录的 value"),
        (("measures", 0, "lead", 1), "第 1 项措施的 第 2 个牵头单位"),
        (("targets", 4), "第 5 个目标"),
        (("units", 0, "aliases", 2), "第 1 个单位的 第 3 个别名"),
        (("document", "date"), "document的 date"),
        (("records",), "records"),  # a list named without an index: its key as written
        ((), "文件顶层"),
    ],
)  # fmt: skip
def test_describe_loc(loc: tuple[int | str, ...], described: str) -> None:
    assert describe_loc(loc) == described


def test_display_path_is_relative_inside_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "plan" / "units.yaml") == "plan/units.yaml"
    assert display_path(Path("plan/units.yaml")) == "plan/units.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert display_path(outside) == str(outside)


def test_checked_returns_the_value_without_errors() -> None:
    warning = Diagnostic("p.yaml", 1, 1, "提醒", severity="warning")
    assert checked([1, 2], [warning]) == [1, 2]


def test_checked_raises_the_errors_only() -> None:
    warning = Diagnostic("p.yaml", 1, 1, "提醒", severity="warning")
    error = Diagnostic("p.yaml", 3, 5, "坏")
    with pytest.raises(ZygjError) as raised:
        checked([1], [warning, error])
    assert raised.value.diagnostics == [error]


def test_checked_without_a_value_raises_what_was_said() -> None:
    # A loader that gave up with warnings only still fails, and says why.
    warning = Diagnostic("p.yaml", None, None, "提醒", severity="warning")
    with pytest.raises(ZygjError) as raised:
        checked(None, [warning])
    assert raised.value.diagnostics == [warning]
