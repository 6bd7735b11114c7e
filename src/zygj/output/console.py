"""The two consoles: results to stdout, diagnostics to stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from zygj.core.diagnostics import Diagnostic


@cache
def _console(stderr: bool) -> Console:
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        # Piped or redirected: no terminal to fit, so keep rows whole and readable.
        width = 160
    return Console(stderr=stderr, highlight=False, emoji=False, soft_wrap=False, width=width)


def stdout_console() -> Console:
    return _console(False)


def reset_consoles() -> None:
    """Forget cached consoles (CliRunner swaps sys.stdout between invocations)."""
    _console.cache_clear()


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def print_diagnostics(diagnostics: Iterable[Diagnostic], style: str = "human") -> None:
    """Diagnostics on stderr: ``path:line:col: error: message``, or GitHub annotations."""
    for diagnostic in diagnostics:
        line = _github_annotation(diagnostic) if style == "github" else diagnostic.format()
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _github_annotation(diagnostic: Diagnostic) -> str:
    """``::error file=…,line=…,col=…::message``, escaped as GitHub's toolkit does."""
    props = [f"file={_github_property(diagnostic.path)}"]
    if diagnostic.line is not None:
        props.append(f"line={diagnostic.line}")
    if diagnostic.col is not None:
        props.append(f"col={diagnostic.col}")
    return f"::{diagnostic.severity} {','.join(props)}::{_github_data(diagnostic.message)}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")
