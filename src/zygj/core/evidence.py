"""佐证材料 as a record names them. No I/O here (the store is :mod:`zygj.files.evidence`).

On a unit's form the 佐证材料 cell names files beside the form, relative to its
folder, separated by "；" (or ";", "、", a line break): ``培训名单.xlsx；现场/照片1.jpg``.
``collect`` copies each file into the ledger's evidence store under its content hash
and writes the record's cell as entries ``原名（sha256:64 位十六进制）`` joined by "；":
the original name for people, the hash for the store and for ``validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

#: Largest evidence file accepted (bytes): photos, scans and lists, not videos or archives of them.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
#: The evidence store beside a ledger ``台账.yaml`` is the folder ``台账.佐证``.
STORE_SUFFIX = ".佐证"
#: The separator a ledger writes between entries; a form may use any of :data:`_FORM_SEPARATORS`.
SEPARATOR = "；"
_FORM_SEPARATORS = re.compile(r"[；;、\n\r]+")
_ENTRY = re.compile(r"^(?P<name>.+)（sha256:(?P<digest>[0-9a-f]{64})）$")


@dataclass(frozen=True)
class Evidence:
    """One evidence file of a record: its original name and, once stored, its sha256."""

    name: str
    digest: str | None = None

    @property
    def stored_name(self) -> str:
        """Its file name in the store: the hash and the original suffix (``ab12….jpg``)."""
        assert self.digest is not None
        suffix = PurePosixPath(self.name).suffix.lower()
        return self.digest + (suffix if re.fullmatch(r"\.[0-9a-z]{1,8}", suffix) else "")

    @property
    def entry(self) -> str:
        return self.name if self.digest is None else f"{self.name}（sha256:{self.digest}）"


def parse_evidence(cell: str | None) -> list[Evidence]:
    """The files a cell names, hashed (ledger) or not (form), in order, blanks dropped."""
    if cell is None:
        return []
    found: list[Evidence] = []
    for part in _FORM_SEPARATORS.split(cell):
        part = part.strip()
        if not part:
            continue
        match = _ENTRY.match(part)
        found.append(Evidence(match["name"], match["digest"]) if match else Evidence(part))
    return found


def evidence_cell(items: list[Evidence]) -> str:
    return SEPARATOR.join(item.entry for item in items)


def path_problem(name: str) -> str | None:
    """Why a form's file name may not be used (None: it may): it must stay in the form's folder."""
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "含有控制字符"
    if (
        PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or PureWindowsPath(name).drive
    ):
        return "是绝对路径：请写相对填报表所在文件夹的路径"
    parts = re.split(r"[\\/]", name)
    if ".." in parts:
        return "含有“..”，指向填报表所在文件夹之外"
    if "（sha256:" in name:
        return "含有“（sha256:”，这是台账保留的写法"
    return None
