"""The only writer: results to stdout, diagnostics to stderr, through :func:`for_stream`."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TextIO

from zygj.core.diagnostics import Diagnostic
from zygj.output.listings import RenderOptions

#: Diagnostics printed at most; the rest are counted.
MAX_PRINTED = 100


def render_options(stream: TextIO | None = None, all_columns: bool = False) -> RenderOptions:
    """How a table fits ``stream`` (stdout by default): its width, whether it is a terminal.

    A terminal gets the table as wide as the window, in colour; piped or redirected
    (or written to a file with -o, ``stream`` a buffer) without COLUMNS, 160 columns
    keep rows whole and readable.
    """
    import os

    from rich.console import Console

    target = sys.stdout if stream is None else stream
    width = None
    if not target.isatty() and not os.environ.get("COLUMNS"):
        width = 160
    console = Console(file=target, highlight=False, emoji=False, soft_wrap=False, width=width)
    # A legacy Windows console (no VT) took rich's colours through Win32 calls, which text
    # rendered ahead cannot carry: there the table comes uncoloured rather than with raw escapes.
    colours = None if console.legacy_windows else console.color_system
    return RenderOptions(
        width=console.width,
        all_columns=all_columns,
        terminal=console.is_terminal,
        color_system=colours,
        encoding=console.encoding,
    )


def file_options(all_columns: bool = False) -> RenderOptions:
    """Options for text written to a file (-o): never a terminal, 160 wide unless COLUMNS says."""
    import io

    return render_options(io.StringIO(), all_columns)


#: Drawings of the terminal outputs and what a legacy code page (GBK on Chinese Windows)
#: shows instead; the BOM only marks a UTF-8 file and is dropped on such a stream.
_FALLBACKS = {"█": "#", "░": "-", "▏": "|", "●": "*", "\ufeff": ""}


def for_stream(text: str, stream: object) -> str:
    """``text`` as ``stream`` can encode it: drawings replaced, anything else escaped visibly.

    A redirect on Chinese Windows writes GBK, which has no bar characters and no BOM;
    user text that GBK lacks is shown as \\uXXXX rather than dropped or crashing.
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if encoding.lower().replace("-", "").replace("_", "") in (
        "utf8",
        "utf8sig",
        "utf16",
        "utf32",
        "gb18030",
    ):
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    for char, fallback in _FALLBACKS.items():
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            text = text.replace(char, fallback)
    return text.encode(encoding, errors="backslashreplace").decode(encoding)


def write_stdout(text: str) -> None:
    sys.stdout.write(for_stream(text, sys.stdout))
    sys.stdout.flush()


#: What a message must never hand to the terminal raw: C0 controls but tab and line
#: feed (ESC starts a terminal command), DEL, C1 controls (CSI U+009B too), bidi
#: controls and lone surrogates (bytes of an argument that were not UTF-8).
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never sent raw.

    A message quotes what the user typed or a file held (a unit name, a path);
    echoed raw, an escape sequence would recolour, clear or retitle the terminal.
    """

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python keeps it
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


def print_diagnostics(diagnostics: Iterable[Diagnostic], style: str = "human") -> None:
    """Diagnostics on stderr: ``path:line:col: error: message``, or GitHub annotations.

    At most :data:`MAX_PRINTED` are printed, then how many more there are: a
    wrong file can have millions, and nobody reads past the first screens.
    """
    shown = list(diagnostics)
    cut = MAX_PRINTED if len(shown) > MAX_PRINTED + 1 else len(shown)  # never "1 more not listed"
    for diagnostic in shown[:cut]:
        line = _github_annotation(diagnostic) if style == "github" else diagnostic.format()
        sys.stderr.write(for_stream(printable(line) + "\n", sys.stderr))
    if cut < len(shown):
        more = Diagnostic(
            "zygj", None, None, f"另有 {len(shown) - cut} 个问题未列出（共 {len(shown)} 个）"
        )
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
