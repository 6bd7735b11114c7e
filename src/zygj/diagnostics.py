"""One diagnostic type and one exit-code policy for the whole tool.

Every problem zygj finds in a user's files becomes a :class:`Diagnostic` with the
file, 1-based line and column where it sits. Loaders and checks *return* them;
only the CLI decides how to print them and which exit code follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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


def exit_code_for(diagnostics: Iterable[Diagnostic]) -> int:
    return EXIT_DATA if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    here = Path.cwd()
    if absolute.is_relative_to(here):
        return str(absolute.relative_to(here))
    return str(path)
