"""The office's own paragraphs for the 通报 (``report --text FILE``).

The file is plain UTF-8 text in sections keyed by a heading line, Markdown-like::

    ## 主要成效
    各牵头单位……（一段）

    （另一段，段与段之间空一行）

    ## 下一步工作要求
    ……

A heading is a line starting with ``#`` (any number) followed by one of
:data:`SECTIONS`; the paragraphs under it follow the computed sentences of that
part of the 通报. Lines of one paragraph are joined without a space (Chinese
text); a blank line ends a paragraph. Text before the first heading, an unknown
heading or a heading given twice is an error at its line.
"""

from __future__ import annotations

from pathlib import Path

from zygj.core.diagnostics import EXIT_USAGE, Diagnostic, ZygjError, display_path
from zygj.files.reading import read_bytes

#: The 通报's parts an office may add paragraphs to, in the order they are printed.
SECTIONS = ("总体情况", "本期变化", "主要成效", "存在问题", "下一步工作要求")


def parse_office_text(text: str, shown: str) -> dict[str, list[str]]:
    """Each section's paragraphs; every problem with its line."""
    sections: dict[str, list[str]] = {}
    problems: list[Diagnostic] = []
    current: list[str] | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph and current is not None:
            current.append("".join(paragraph))
        paragraph.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            flush()
            name = line.lstrip("#").strip()
            if name not in SECTIONS:
                problems.append(
                    Diagnostic(
                        shown, number, None, f"未知的小节“{name}”：可用 {'、'.join(SECTIONS)}"
                    )
                )
                current = None
            elif name in sections:
                problems.append(Diagnostic(shown, number, None, f"小节“{name}”重复出现"))
                current = None
            else:
                current = sections[name] = []
            continue
        if not line:
            flush()
            continue
        if current is None and not problems:
            problems.append(
                Diagnostic(
                    shown,
                    number,
                    None,
                    f"正文应写在小节标题之下：先写一行“## 小节名”（{'、'.join(SECTIONS)}）",
                )
            )
        paragraph.append(line)
    flush()
    if problems:
        raise ZygjError(problems, EXIT_USAGE)
    return sections


def read_office_text(path: Path) -> dict[str, list[str]]:
    shown = display_path(path)
    data = read_bytes(path, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ZygjError(
            [Diagnostic(shown, line, None, "不是 UTF-8 编码的文本：请另存为 UTF-8")], EXIT_USAGE
        ) from None
    return parse_office_text(text, shown)
