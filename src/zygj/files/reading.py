"""Reading users' files: size limit, special files, encodings.

Nothing here prints. Problems come back as :class:`ZygjError` carrying located
:class:`Diagnostic` values.
"""

from __future__ import annotations

import stat
from pathlib import Path

from zygj.core.diagnostics import EXIT_DATA, EXIT_USAGE, Diagnostic, ZygjError, display_path

#: Hand-kept plan and progress files are small; a 100,000-record ledger is about
#: 10 MB as CSV. Anything far beyond is a wrong file, not a ledger.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, shown: str | None = None) -> bytes:
    """Read a whole file, turning every OS problem into a Chinese message."""
    shown = shown if shown is not None else display_path(path)
    try:
        if path.is_dir():
            raise ZygjError([Diagnostic(shown, None, None, "这是一个文件夹，不是文件")], EXIT_USAGE)
        info = path.stat()
        size = info.st_size
    except FileNotFoundError:
        raise ZygjError([Diagnostic(shown, None, None, "文件不存在")], EXIT_USAGE) from None
    except OSError as exc:
        raise ZygjError(
            [Diagnostic(shown, None, None, f"无法读取文件：{exc.strerror or exc}")], EXIT_USAGE
        ) from None
    if not stat.S_ISREG(info.st_mode):
        # /dev/zero reads forever, a FIFO waits for a writer: refused before reading.
        raise ZygjError(
            [Diagnostic(shown, None, None, "这不是普通文件（而是设备、管道或套接字），拒绝读取")],
            EXIT_USAGE,
        )
    if size > MAX_FILE_BYTES:
        raise ZygjError([Diagnostic(shown, None, None, _too_large(size))], EXIT_DATA)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a file still growing stops at the limit
    except PermissionError:
        raise ZygjError(
            [Diagnostic(shown, None, None, "没有读取该文件的权限")], EXIT_USAGE
        ) from None
    except OSError as exc:
        raise ZygjError(
            [Diagnostic(shown, None, None, f"无法读取文件：{exc.strerror or exc}")], EXIT_USAGE
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise ZygjError([Diagnostic(shown, None, None, _too_large(len(data)))], EXIT_DATA)
    return data


def _too_large(size: int) -> str:
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB），超过上限 "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB，请确认是否选错了文件"
    )


def decode_utf8(raw: bytes, shown: str) -> str:
    """Decode UTF-8 (with or without BOM); anything else is a located error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    1,
                    1,
                    "文件是 UTF-16（Unicode）编码：请在编辑器中“另存为”UTF-8 编码后重试",
                )
            ],
            EXIT_DATA,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after the BOM: the offset in the file is 3 bytes on.
        bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        line, col = byte_position(raw, exc.start + bom)
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    line,
                    col,
                    "文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在编辑器中“另存为”UTF-8 编码后重试"
                    "（记事本：文件 → 另存为 → 编码选 UTF-8；WPS：另存为时选择 UTF-8）",
                )
            ],
            EXIT_DATA,
        ) from None


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` of ``raw``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    before = raw[start:offset]
    if line == 1 and before.startswith(b"\xef\xbb\xbf"):
        before = before[3:]
    return line, len(before.decode("utf-8", errors="replace")) + 1


def decode_text_guess(raw: bytes, shown: str = "") -> str:
    """Decode a CSV saved by Excel/WPS: strict UTF-8 first, then GB18030.

    The order matters: valid UTF-8 almost never decodes as meaningful GB18030 text,
    but GB18030 accepts nearly any byte string, so trying it first would garble
    UTF-8 files silently. Excel's "Unicode text" (UTF-16 with a BOM) is read too.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _refuse_mixed_encodings(raw, exc.start, shown)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("gb18030", errors="replace")) + 1
        raise ZygjError(
            [
                Diagnostic(
                    shown or "?",
                    line,
                    col,
                    "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）：请在 Excel 或 WPS 中"
                    "“另存为”CSV UTF-8（逗号分隔）后重试",
                )
            ],
            EXIT_DATA,
        ) from None


def _refuse_mixed_encodings(raw: bytes, bad: int, shown: str) -> None:
    """A file that is UTF-8 in some lines and not in others (pasted together) is refused.

    Decoded as GB18030 as a whole, its UTF-8 lines would turn into nonsense
    characters without any error, and the record would be stored garbled.
    """
    utf8_line = False
    for line in raw.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        utf8_line = True
        break
    if not utf8_line:
        return
    line_no, col = byte_position(raw, bad)
    raise ZygjError(
        [
            Diagnostic(
                shown or "?",
                line_no,
                col,
                "文件中混有两种编码：有的行是 UTF-8，这一行却不是（可能是从别处复制粘贴来的）。"
                "请在 Excel 或 WPS 中把整个文件“另存为”CSV UTF-8（逗号分隔）后重试",
            )
        ],
        EXIT_DATA,
    )
