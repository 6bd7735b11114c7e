"""The two consoles: results to stdout, diagnostics to stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from zygj.core.diagnostics import Diagnostic

#: Diagnostics printed at most; the rest are counted.
MAX_PRINTED = 100


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
    """Diagnostics on stderr: ``path:line:col: error: message``, or GitHub annotations.

    At most :data:`MAX_PRINTED` are printed, then how many more there are: a
    wrong file can have millions, and nobody reads past the first screens.
    """
    shown = list(diagnostics)
    cut = MAX_PRINTED if len(shown) > MAX_PRINTED + 1 else len(shown)  # never "1 more not listed"
    for diagnostic in shown[:cut]:
        line = _github_annotation(diagnostic) if style == "github" else diagnostic.format()
        sys.stderr.write(line + "\n")
    if cut < len(shown):
        more = Diagnostic("zygj", None, None, f"另有 {len(shown) - cut} 个问题未列出（共 {len(shown)} 个）")
        sys.stderr.write((_github_annotation(more) if style == "github" else more.format()) + "\n")
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
