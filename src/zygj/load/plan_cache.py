"""The validated-plan cache: a clean plan, as plain data, keyed by its files' content.

Like beancount's ledger cache, it only saves time and never changes an answer:

* the key is the plan files' bytes themselves (and which ones exist), zygj's
  version and its own source files (size and mtime), and the Python running it;
  the cache file is named by a checksum of the key and stores the whole key, so
  a hit is a stored key equal byte for byte to the current one (exact, and no
  need to load OpenSSL's hashlib at every run); any edit gives another key;
* only a plan with no problem at all is stored, so a hit stands for
  "loaded and checked, nothing to report";
* the file holds plain values only (``marshal`` of tuples, lists, text and
  numbers: no pickle, nothing in it is ever run); the plan's dataclasses are
  rebuilt by name from a fixed list of :mod:`zygj.core.models` classes, and
  anything else in the file makes it a miss;
* files are written atomically (temporary file, then rename), readable by their
  owner only; a cache folder or file that is a symbolic link, not owned by the
  user, or writable by others is not trusted, and a corrupt file is ignored
  (and the plan loaded the normal way);
* ``ZYGJ_NO_CACHE=1`` turns it off. The folder is ``$XDG_CACHE_HOME/zygj``,
  else ``~/.cache/zygj``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "ZYGJ_NO_CACHE"
_FORMAT = b"zygj-plan-cache/3"  # 3: marshal of plain values (2 was a pickle)
_MAX_KEY_FILE = 64 * 1024 * 1024  # as zygj.files.reading.MAX_FILE_BYTES
_KEEP = 128  # cache files kept (a workspace of 30 plans holds 31); older ones are removed


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "zygj"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "zygj" / "cache"
    return Path.home() / ".cache" / "zygj"


_STAMP: list[bytes] = []  # the code stamp of this run (a workspace asks once per plan)


def _code_stamp() -> bytes:
    """zygj's version and its source files: an edited checkout never reuses old results."""
    if _STAMP:
        return _STAMP[0]
    from zygj import __version__

    package = Path(__file__).parent.parent  # src/zygj and its layers
    parts = [__version__, sys.version, sys.prefix]
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__" and d != "_bundled_plan")
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                shown = os.path.relpath(os.path.join(folder, name), package)
                parts.append(f"{shown}:{stat.st_size}:{stat.st_mtime_ns}")
    _STAMP.append("\n".join(parts).encode())
    return _STAMP[0]


def key_for(folder: Path, names: Sequence[str]) -> bytes | None:
    """The cache key of a plan folder, or None (cache off, or a file unreadable)."""
    if not enabled():
        return None
    parts = [_FORMAT]
    try:
        parts.append(_code_stamp())
        for name in names:
            path = folder / name
            parts.append(b"\0" + name.encode() + b"\0")
            if not path.exists():
                parts.append(b"absent")
                continue
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_KEY_FILE:
                return None  # a device, a pipe, a huge file: the normal loader refuses it
            data = path.read_bytes()
            parts.append(str(len(data)).encode() + b"\0" + data)
    except (OSError, ValueError):
        return None  # the normal loader reports the problem
    return b"".join(parts)


_SUFFIX = ".plan-cache"


def _file(key: bytes) -> Path:
    # Two checksums name the file; the key stored inside decides whether it is a hit.
    return cache_dir() / f"plan-{zlib.crc32(key):08x}{zlib.adler32(key):08x}{_SUFFIX}"


def _trusted(info: os.stat_result, kind: int) -> bool:
    """Ours alone: the right kind (not a link), owned by us, writable by no one else."""
    if stat.S_IFMT(info.st_mode) != kind:
        return False
    return not (hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022))


def _folder_trusted(folder: Path) -> bool:
    try:
        return _trusted(os.lstat(folder), stat.S_IFDIR)
    except OSError:
        return False


# ------------------------------------------------------------ plain values

_DATE = "@date"


def _classes(extra: Sequence[type] = ()) -> dict[str, type]:
    """The classes a cache file may hold: the plan files', and ``extra`` (a workspace's file)."""
    from zygj.core import models

    return {
        cls.__name__: cls
        for cls in (
            models.Unit,
            models.Rename,
            models.Group,
            models.UnitsFile,
            models.Document,
            models.Period,
            models.Section,
            models.Erratum,
            models.Milestone,
            models.Measure,
            models.MeasuresFile,
            models.TargetDefaults,
            models.Lights,
            models.Target,
            models.Scoring,
            models.TargetsFile,
            models.YearEnd,
            models.Office,
            *extra,
        )
    }


def _fields(cls: type) -> tuple[str, ...]:
    names: tuple[str, ...] = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    return names


def encode(value: Any, extra: Sequence[type] = ()) -> Any:
    """A plan file as plain values: a dataclass is (class name, *fields), a date (@date, ordinal)."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, list):
        return [encode(item, extra) for item in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return (_DATE, value.toordinal())
    cls = type(value)
    if cls.__name__ in _classes(extra):
        return (cls.__name__, *(encode(getattr(value, name), extra) for name in _fields(cls)))
    raise TypeError(f"not plain plan data: {cls.__name__}")


#: Values stored as they are: the common case, kept out of a call to :func:`decode`
#: (a workspace of 30 plans decodes some 40,000 values at every run).
_PLAIN = frozenset((str, int, float, bool, type(None)))


def decode(value: Any, classes: dict[str, tuple[type, tuple[str, ...]]]) -> Any:
    """The inverse of :func:`encode`; anything it did not write raises ValueError.

    The objects are rebuilt without running their ``__init__`` (the data was
    validated before it was stored, and only by this user): only known classes,
    their own field names, and plain values are accepted.
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        for item in value:
            if type(item) not in _PLAIN:
                return [item if type(item) in _PLAIN else decode(item, classes) for item in value]
        return value  # plain values only: marshal's own fresh list, kept as it is
    if kind is tuple and value and type(value[0]) is str:
        if value[0] == _DATE and len(value) == 2 and type(value[1]) is int:
            return dt.date.fromordinal(value[1])
        known = classes.get(value[0])
        if known is not None and len(value) == len(known[1]) + 1:
            cls, names = known
            built: Any = object.__new__(cls)
            fields = [
                item
                if type(item) in _PLAIN or (type(item) is list and not item)
                else decode(item, classes)
                for item in value[1:]
            ]
            built.__dict__.update(zip(names, fields, strict=True))
            return built
    raise ValueError("not a value the cache writes")


# -------------------------------------------------------------- the files


def load(key: bytes, extra: Sequence[type] = ()) -> Any | None:
    """The cached payload, or None on a miss or any doubt about the file (``extra``:
    classes beyond the plan files' that the payload may hold)."""
    path = _file(key)
    if not _folder_trusted(path.parent):
        return None
    try:
        # O_NONBLOCK: a pipe planted at the cache's name would otherwise wait for a
        # writer forever; it opens at once and is then found not to be a file.
        flags = (
            os.O_RDONLY
            | getattr(os, "O_NONBLOCK", 0)
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(path, flags)
    except OSError:  # absent, or a symbolic link (O_NOFOLLOW)
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno()), stat.S_IFREG):
                return None  # not written by us: never read it
            stored = marshal.loads(handle.read())
        if type(stored) is not tuple or len(stored) != 3 or stored[0] != _FORMAT:
            raise ValueError("another format")
        if stored[1] != key:
            return None
        classes = {name: (cls, _fields(cls)) for name, cls in _classes(extra).items()}
        return tuple(decode(part, classes) for part in stored[2])
    except Exception:  # corrupt, truncated, written by another version: rebuild
        _remove(path)
        return None


def store(key: bytes, payload: Any, extra: Sequence[type] = ()) -> None:
    """Write the payload atomically; a cache that cannot be written is simply skipped."""
    folder = cache_dir()
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _folder_trusted(folder):
            return
        data = marshal.dumps((_FORMAT, key, [encode(part, extra) for part in payload]))
        temporary = folder / f".{_file(key).stem}.{os.getpid()}.tmp"
        _remove(temporary)
        flags = (
            os.O_WRONLY
            | os.O_CREAT
            | os.O_EXCL
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(temporary, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, _file(key))
        temporary = None
        _prune(folder)
    except Exception:
        if temporary is not None:
            _remove(temporary)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob(f"plan-*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[_KEEP:]:
        _remove(old)
    for leftover in folder.glob("plan-*.pickle"):  # the format before 3
        _remove(leftover)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
