"""File names made from unit names: computed all at once, refused before anything is written.

``progress template --all`` and ``remind`` write one file per unit. A unit name
may hold characters no file name can (``甲/局``); they become ``_``, so two units
can end up with one file name (``甲/局`` and ``甲:局``), and a long name can pass
the file system's limit. Both are found here, for every file, before the first
one is written: one unit's file must never silently replace another's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from zygj.core.diagnostics import UsageError

#: Characters Windows forbids in a file name, and white space (awkward in a shell).
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
#: Most file systems allow 255 bytes in one name; an atomic write also needs its
#: temporary sibling ``.<name>.XXXXXXXX.tmp`` (14 bytes more).
MAX_NAME_BYTES = 255 - len(".") - len(".XXXXXXXX.tmp")


def safe_name(name: str) -> str:
    """``name`` with the characters a file name cannot hold replaced by ``_``."""
    return UNSAFE_NAME.sub("_", name)


def _same_file_key(file_name: str) -> str:
    """Names one file system may treat as one file: case-insensitive (Windows, macOS), normalised."""
    return unicodedata.normalize("NFKC", file_name).casefold()


def check_name_length(file_name: str, unit: str, hint: str) -> None:
    size = len(file_name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise UsageError(
            f"单位“{unit}”的文件名过长（{size} 字节，最多 {MAX_NAME_BYTES} 字节，一个汉字占 3 字节），"
            f"未生成任何文件：{hint}"
        )


def unit_files(folder: Path, units: Iterable[str], pattern: str, hint: str) -> dict[str, Path]:
    """Each unit's file in ``folder`` (``pattern`` with ``{}`` for the unit), all checked.

    Refuses (nothing written yet) a file name that is too long and two units whose
    names become the same file name.
    """
    files: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for unit in units:
        file_name = pattern.format(safe_name(unit))
        check_name_length(file_name, unit, hint)
        key = _same_file_key(file_name)
        if key in owners:
            raise UsageError(
                f"单位“{owners[key]}”和“{unit}”会写入同一个文件 {file_name}"
                '（文件名中不能有 \\ / : * ? " < > | 和空白，这些字符都换成了 _，且不区分大小写），'
                f"未生成任何文件：{hint}"
            )
        owners[key] = unit
        files[unit] = folder / file_name
    return files
