"""Safe writes: a lock, a temporary file, fsync, an atomic rename.

A progress file is appended to by hand-run commands on shared folders; a crash
or a second writer must never leave it half-written or drop a record.

Every writer works on the *real* file: a path reached through a symbolic link
is resolved first, so the lock of ``link.yaml`` and of ``real.yaml`` is one lock
(beside the real file), and the rename replaces the real file, never the link.
A rewrite keeps the file's owner, group and mode; a file without write
permission (by its mode: root ignores modes, so they are checked here) is
refused, and so is one whose owner a rewrite would change.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from zygj.core.diagnostics import UsageError, display_path

#: A temporary file this old is a killed writer's leftover, whoever made it.
STALE_TEMP_SECONDS = 3600


def real_path(path: Path) -> Path:
    """The file that writing to ``path`` changes: symbolic links resolved.

    A dangling link is refused: writing through it would create a file somewhere
    the user did not name, and a lock beside the link would guard nothing.
    """
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if not real.exists():
        raise UsageError(
            f"这是一个指向不存在文件的符号链接（指向 {real}），拒绝写入", display_path(path)
        )
    return real


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temps(path: Path, everything: bool) -> None:
    """Remove temporary files a killed writer left beside ``path``.

    Under the lock (``everything``) no other writer of this file is running, so
    every leftover goes; without it only files older than an hour do.
    """
    folder = path.parent if str(path.parent) else Path(".")
    prefix = _temp_prefix(path)
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and (
                    everything or now - info.st_mtime > STALE_TEMP_SECONDS
                ):
                    os.unlink(entry.path)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (a sidecar ``.lock`` file beside the real file).

    The data file itself is replaced by rename, so a lock on its own inode would
    not exclude a second writer; the sidecar outlives the renames.
    """
    path = real_path(path)
    lock_path = path.with_name(f".{path.name}.lock")
    handle = os.fdopen(_open_lock(lock_path), "r+b")
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows office machines
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        _remove_stale_temps(path, everything=True)
        yield
    finally:
        handle.close()  # closing releases the lock


def _open_lock(lock_path: Path) -> int:
    """Open (or create) the lock sidecar itself, never what a link planted there points to.

    A symbolic link at the sidecar's name would make zygj create or open a file
    outside the folder; a pipe would block. Both are refused: the sidecar may be
    deleted at any time, so the message says to delete it.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    shown = display_path(lock_path)
    if lock_path.is_symlink():  # also on systems without O_NOFOLLOW
        raise UsageError(
            "锁文件是一个符号链接，拒绝使用（它本应是 zygj 建的空文件）：请删除它后重试", shown
        )
    try:
        fd = os.open(lock_path, flags, 0o666)
    except OSError as exc:
        if lock_path.is_symlink():  # planted between the check and the open
            raise UsageError(
                "锁文件是一个符号链接，拒绝使用（它本应是 zygj 建的空文件）：请删除它后重试", shown
            ) from None
        raise UsageError(f"无法创建锁文件：{exc.strerror or exc}", shown) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UsageError(
            "锁文件不是普通文件（而是管道、设备或文件夹），拒绝使用：请删除它后重试", shown
        )
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def _may_write(info: os.stat_result) -> bool:
    """Whether the file's mode lets the current user write it (root included)."""
    if os.name == "nt":  # pragma: no cover - Windows: the read-only attribute
        return bool(info.st_mode & stat.S_IWUSR)
    uid = os.geteuid()
    if uid == 0:  # root may write anything; respect a file nobody may write
        return bool(info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if info.st_uid == uid:
        return bool(info.st_mode & stat.S_IWUSR)
    if info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        return bool(info.st_mode & stat.S_IWGRP)
    return bool(info.st_mode & stat.S_IWOTH)


def check_writable(path: Path) -> None:
    """Refuse an existing file the user has no write permission for (before any work)."""
    path = real_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"无法读取文件信息：{exc.strerror or exc}", display_path(path)) from None
    if stat.S_ISREG(info.st_mode) and not _may_write(info):
        raise UsageError(
            f"文件是只读的（权限 {stat.filemode(info.st_mode)}），未改动：确需修改请先取消只读属性",
            display_path(path),
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    A symbolic link is followed, so the file it points to is replaced, not the link.
    The existing file's owner, group and mode are kept.
    """
    atomic_write_all([(path, data)])


@contextlib.contextmanager
def new_folder(folder: Path) -> Iterator[None]:
    """Make ``folder`` (and its parents) for the files written in the block.

    A folder that cannot be made is a usage error, not a crash; one made here is
    removed again when the block fails, so a failed run leaves nothing behind.
    """
    made = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法创建文件夹：{exc.strerror or exc}", display_path(folder)) from None
    try:
        yield
    except BaseException:
        for created in made:  # innermost first; a folder someone filled meanwhile stays
            with contextlib.suppress(OSError):
                created.rmdir()
        raise


def atomic_write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files as nearly at once as a file system allows.

    Every file is checked and written complete to its temporary file first; only
    when all of them are on disk are they renamed into place. A failure before
    the renames (a full disk, a read-only file, a name too long) leaves every
    target as it was.
    """
    staged: list[_Staged] = []
    try:
        for path, data in files:
            staged.append(_stage(path, data))
        for done, item in enumerate(staged):
            temp, item.temp = item.temp, None
            try:
                assert temp is not None
                os.replace(temp, item.real)
            except OSError as exc:
                item.temp = temp
                # A rename rarely fails once the file is written; say what did change.
                before = f"（此前的 {done} 个文件已写入）" if done else ""
                raise UsageError(
                    f"写入失败，原文件未改动{before}：{exc.strerror or exc}", item.shown
                ) from None
    finally:
        for item in staged:
            if item.temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(item.temp)
    if os.name != "nt":  # make the renames themselves durable
        for folder in dict.fromkeys(item.folder for item in staged):
            with contextlib.suppress(OSError):
                dir_fd = os.open(folder, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)


@dataclass
class _Staged:
    """A file written complete beside its target, waiting for the rename."""

    temp: str | None
    real: Path
    folder: Path
    shown: str


def _stage(path: Path, data: bytes) -> _Staged:
    shown = display_path(path)
    path = real_path(path)
    check_writable(path)
    folder = path.parent if str(path.parent) else Path(".")
    old: os.stat_result | None = None
    with contextlib.suppress(FileNotFoundError):
        old = path.stat()
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise UsageError("这不是普通文件（可能是设备或管道），拒绝写入", shown)
    if old is None:
        # mkstemp makes 0600 files; a new export on a shared folder must be as
        # readable as any file the user creates, so apply the umask ourselves.
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = old.st_mode & 0o7777
    _remove_stale_temps(path, everything=False)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"无法在该文件夹中写入：{exc.strerror or exc}", shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if old is not None and hasattr(os, "fchown"):
                _keep_owner(handle.fileno(), old, shown)
            os.fchmod(handle.fileno(), mode) if hasattr(os, "fchmod") else os.chmod(temp_name, mode)
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise UsageError(f"写入失败，原文件未改动：{exc.strerror or exc}", shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return _Staged(temp_name, path, folder, shown)


def _keep_owner(fd: int, old: os.stat_result, shown: str) -> None:
    """Give the new file the old one's owner and group, or refuse the rewrite."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, old.st_gid)  # a member of the group may keep the group
    mine = os.fstat(fd)
    if mine.st_uid != old.st_uid:
        raise UsageError(
            "该文件属于另一位用户，改写后所有者会变成你，未改动：请由文件所有者操作，"
            "或让管理员调整文件夹的权限",
            shown,
        )
    if mine.st_gid != old.st_gid:
        raise UsageError("改写后文件的用户组会改变（你不在原来的组中），未改动", shown)
