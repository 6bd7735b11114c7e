"""One diagnostic type and one exit-code policy for the whole tool.

Every problem zygj finds in a user's files becomes a :class:`Diagnostic` with the
file, 1-based line and column where it sits. Loaders and checks *return* them;
only the CLI decides how to print them and which exit code follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

EXIT_OK = 0
#: The data has problems (plan, progress file): fix the file.
EXIT_DATA = 1
#: The tool could not run as asked: bad option, missing or unreadable file.
EXIT_USAGE = 2
#: A bug in zygj itself (never the user's data): reported without a traceback.
EXIT_INTERNAL = 3

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """A located problem: ``path:line:col: error: message``."""

    path: str
    line: int | None
    col: int | None
    message: str
    severity: Severity = "error"
    #: How many problems the line stands for: 1, or more for a summary such as
    #: "共有 500 处错误，只列出了前 100 处" (which stands for the 400 not listed).
    count: int = 1

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.severity}: {self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line or 0, self.col or 0)


class ZygjError(Exception):
    """Raised when work cannot go on; carries its diagnostics and exit code."""

    def __init__(self, diagnostics: Iterable[Diagnostic], exit_code: int = EXIT_DATA) -> None:
        self.diagnostics = list(diagnostics)
        self.exit_code = exit_code
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(ZygjError):
    """A usage or I/O problem (exit code 2), optionally tied to a file."""

    def __init__(self, message: str, path: str = "zygj") -> None:
        super().__init__([Diagnostic(path, None, None, message)], exit_code=EXIT_USAGE)


def error_count(diagnostics: Iterable[Diagnostic]) -> int:
    """How many errors the diagnostics report, summarised ones included."""
    return sum(d.count for d in diagnostics if d.severity == "error")


def exit_code_for(diagnostics: Iterable[Diagnostic]) -> int:
    return EXIT_DATA if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    here = Path.cwd()
    if absolute.is_relative_to(here):
        return str(absolute.relative_to(here))
    return str(path)


#: How the entries of each top-level list are counted in messages.
_ENTRY_NOUNS = {
    "records": "条记录",
    "measures": "项措施",
    "targets": "个目标",
    "units": "个单位",
    "sections": "个部分",
    "errata": "条勘误",
    "decisions": "条核查结论",
    "aliases": "个别名",
    "lead": "个牵头单位",
    "responsible": "个责任单位",
    "plans": "个方案",
}


def describe_loc(loc: Sequence[int | str]) -> str:
    """('records', 2, 'value') → '第 3 条记录的 value'."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        step = loc[i]
        following = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(step, str) and isinstance(following, int) and step in _ENTRY_NOUNS:
            parts.append(f"第 {following + 1} {_ENTRY_NOUNS[step]}")
            i += 2
            continue
        parts.append(str(step))
        i += 1
    return "的 ".join(parts) if parts else "文件顶层"


class Locator(Protocol):
    """Where a Pydantic ``loc`` such as ('records', 3, 'value') sits in a file, and its name.

    One implementation per format: a YAML document, a CSV file, a sheet of a
    workbook, and the record given on the command line.
    """

    path: str

    def position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]: ...

    def key_position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]: ...

    def describe(self, loc: Sequence[int | str]) -> str: ...


ValueT = TypeVar("ValueT")


def checked(value: ValueT | None, diagnostics: list[Diagnostic]) -> ValueT:
    """The value a loader returned, or a ZygjError with every error it found.

    Loaders return ``(value, diagnostics)``; a command that cannot go on
    without the value calls this once.
    """
    errors = [d for d in diagnostics if d.severity == "error"]
    if value is None or errors:
        raise ZygjError(errors or diagnostics)
    return value
