"""Where a piece of text sits in a fixture file, 1-based as zygj's diagnostics print it.

Tests that expect a located message inside a shared fixture (tests/fixtures/…, the bundled
plan, the examples) compute the line and column here instead of writing them down: adding a
line to a fixture then moves the expected position with it, and the test still asserts the
whole message. A test that writes its own small broken file inline keeps literal positions.

Columns count characters (a Chinese character is one column), as the YAML parser does.
"""

from __future__ import annotations

from pathlib import Path


def position_in(text: str, needle: str, nth: int = 1, *, after: str = "") -> tuple[int, int]:
    """(line, column) where the ``nth`` occurrence of ``needle`` starts in ``text``.

    ``after`` is text that must come right before the needle (it may span lines); the
    position is still that of the needle itself. Fails when there are fewer occurrences,
    so a fixture that loses the text breaks the test loudly instead of shifting it.
    """
    if nth < 1:
        raise ValueError(f"nth counts from 1, not {nth}")
    target = after + needle
    start = -1
    for _ in range(nth):
        start = text.find(target, start + 1)
        if start < 0:
            raise AssertionError(f"{target!r} occurs fewer than {nth} times")
    offset = start + len(after)
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def position_of(
    path: Path, needle: str, nth: int = 1, *, after: str = "", encoding: str = "utf-8-sig"
) -> tuple[int, int]:
    """(line, column) of the ``nth`` ``needle`` (right after ``after``) in the file at ``path``."""
    return position_in(path.read_text(encoding=encoding), needle, nth, after=after)


def line_of(
    path: Path, needle: str, nth: int = 1, *, after: str = "", encoding: str = "utf-8-sig"
) -> int:
    """The line of the ``nth`` ``needle`` (right after ``after``) in the file at ``path``."""
    return position_of(path, needle, nth, after=after, encoding=encoding)[0]


def at(
    path: Path, needle: str, nth: int = 1, *, after: str = "", encoding: str = "utf-8-sig"
) -> str:
    """``line:col`` of the ``nth`` ``needle``, as it follows the file name in a diagnostic."""
    line, col = position_of(path, needle, nth, after=after, encoding=encoding)
    return f"{line}:{col}"
