"""佐证材料 on disk: a file named on a form, read safely; the ledger's evidence store.

A form names its files relative to its own folder. A name is refused when it leaves
that folder (``..``, an absolute path), when the file or any folder on the way is a
symbolic link (it could lead anywhere, and would be copied as whatever it points to
at the time), when it is not a regular file, or when it is larger than
:data:`zygj.core.evidence.MAX_EVIDENCE_BYTES`. The store holds each file once, under
its sha256 and suffix; a file there is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from zygj.core.evidence import MAX_EVIDENCE_BYTES, STORE_SUFFIX, Evidence, path_problem


class EvidenceProblem(Exception):
    """Why a named file cannot be used: a message for the record's cell."""


def store_of(ledger: Path) -> Path:
    """The evidence store beside a ledger: ``台账.yaml`` → ``台账.佐证/``."""
    return ledger.with_name(ledger.stem + STORE_SUFFIX)


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_evidence(folder: Path, name: str) -> tuple[bytes, str]:
    """The bytes of the file ``name`` under ``folder`` and their sha256; EvidenceProblem if refused."""
    why = path_problem(name)
    if why is not None:
        raise EvidenceProblem(f"佐证材料“{name}”{why}")
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise EvidenceProblem(
                f"佐证材料“{name}”经过符号链接（{part}），拒绝读取：请放入文件本身"
            )
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        raise EvidenceProblem(
            f"佐证材料“{name}”不存在（应在填报表所在文件夹 {folder} 中）"
        ) from None
    except OSError as exc:
        raise EvidenceProblem(f"佐证材料“{name}”无法读取：{exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise EvidenceProblem(f"佐证材料“{name}”不是普通文件（是文件夹、管道或设备）")
    if info.st_size > MAX_EVIDENCE_BYTES:
        raise EvidenceProblem(
            f"佐证材料“{name}”有 {_size_text(info.st_size)}，超过上限 {_size_text(MAX_EVIDENCE_BYTES)}："
            "请压缩图片或只附必要的页"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_EVIDENCE_BYTES + 1)
    except OSError as exc:
        raise EvidenceProblem(f"佐证材料“{name}”无法读取：{exc.strerror or exc}") from None
    if len(data) > MAX_EVIDENCE_BYTES:  # grew while being read
        raise EvidenceProblem(f"佐证材料“{name}”超过上限 {_size_text(MAX_EVIDENCE_BYTES)}")
    return data, hashlib.sha256(data).hexdigest()


def stored_problem(store: Path, item: Evidence) -> str | None:
    """What is wrong with a ledger entry's stored copy (None: present, with its hash)."""
    if item.digest is None:
        return f"佐证材料“{item.name}”没有 sha256：台账中的佐证材料应由 zygj collect 写入"
    path = store / item.stored_name
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return f"佐证材料“{item.name}”在佐证库中不存在（应为 {path}）"
    except OSError as exc:
        return f"佐证材料“{item.name}”无法读取（{path}）：{exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return f"佐证材料“{item.name}”在佐证库中不是普通文件（{path}）"
    digest = file_digest(path)
    if digest != item.digest:
        return f"佐证材料“{item.name}”已被改动（{path} 的 sha256 为 {digest[:12]}…，台账记的是 {item.digest[:12]}…）"
    return None


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
