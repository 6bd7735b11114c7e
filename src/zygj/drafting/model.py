"""The values the drafting steps pass around: places in the source, review items, the draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zygj.core.diagnostics import EXIT_DATA, Diagnostic, ZygjError


@dataclass(frozen=True)
class Loc:
    """A place in the source: ``file:line`` for text, ``file:表1第3行第2格`` for a .docx table."""

    file: str
    line: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    paragraph: int | None = None

    def __str__(self) -> str:
        if self.table is not None:
            where = f"表{self.table}"
            if self.row is not None:
                where += f"第{self.row}行"
            if self.cell is not None:
                where += f"第{self.cell}格"
            return f"{self.file}:{where}"
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.paragraph is not None:
            return f"{self.file}:第{self.paragraph}段"
        return self.file


@dataclass(frozen=True)
class ReviewItem:
    """One guess for a person to check, with the place in the source it came from.

    ``kind`` is a short code (``unit_kind``, ``alias``, ``joined``, ``latin``,
    ``missing_char``, ``op``, ``deadline``, ``addressees``, ``group``, ``period``,
    ``roles``, ``qualitative``, ``growth``, ``closing``, ``validate``, ``meta``);
    ``suggestion`` carries machine-readable data for
    the guesses that propose a change, e.g. ``{"alias": "市教育育体局", "name":
    "市教育体育局"}`` for a suspected slip in a unit name.
    """

    kind: str
    where: str
    message: str
    suggestion: dict[str, str] | None = None


@dataclass
class Draft:
    """The drafted plan folder: the three files as plain data, and the review list."""

    source: str
    units: dict[str, Any]
    measures: dict[str, Any]
    targets: dict[str, Any]
    review: list[ReviewItem] = field(default_factory=list)
    #: Notes for the header comments of measures.yaml (conventions found in the document).
    conventions: list[str] = field(default_factory=list)
    #: 完成时限 that core's grammar cannot read: measure number → the text, kept as a
    #: comment in measures.yaml (the measure itself has no deadline, so the draft validates).
    unread_deadlines: dict[int, str] = field(default_factory=dict)
    #: What ``zygj validate`` says of the draft as it will be written (checked before writing).
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def validates(self) -> bool:
        """The draft passes ``zygj validate`` as written (warnings allowed, no error)."""
        return not any(p.severity == "error" for p in self.problems)

    def suggested_aliases(self) -> dict[str, str]:
        """The review's alias suggestions: written name → the name it likely stands for."""
        return {
            item.suggestion["alias"]: item.suggestion["name"]
            for item in self.review
            if item.kind == "alias" and item.suggestion
        }


class DraftingError(ZygjError):
    """The document cannot be drafted from (wrong format, encrypted, nothing recognised).

    Exit code 1, like any problem of the user's data; ``message`` is the Chinese text alone.
    """

    def __init__(self, message: str, path: str) -> None:
        self.message = message
        super().__init__([Diagnostic(path, None, None, message)], exit_code=EXIT_DATA)
