"""The validated-plan cache: a clean plan, pickled, keyed by its files' content.

Like beancount's ledger cache, it only saves time and never changes an answer:

* the key is the plan files' bytes themselves (and which ones exist), zygj's
  version and its own source files (size and mtime), and the Python running it;
  the cache file is named by a checksum of the key and stores the whole key, so
  a hit is a stored key equal byte for byte to the current one (exact, and no
  need to load OpenSSL's hashlib at every run); any edit gives another key;
* only a plan with no problem at all is stored, so a hit stands for
  "loaded and checked, nothing to report";
* files are written atomically (temporary file, then rename), readable by their
  owner only, and a cache file that is not ours, unreadable or corrupt is ignored
  (and the plan loaded the normal way);
* ``ZYGJ_NO_CACHE=1`` turns it off. The folder is ``$XDG_CACHE_HOME/zygj``,
  else ``~/.cache/zygj``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "ZYGJ_NO_CACHE"
_FORMAT = b"zygj-plan-cache/2"  # 2: plain dataclasses, no Pydantic models
_KEEP = 16  # cache files kept; older ones (plans since edited) are removed


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "zygj"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "zygj" / "cache"
    return Path.home() / ".cache" / "zygj"


def _code_stamp() -> bytes:
    """zygj's version and its source files: an edited checkout never reuses old results."""
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
    return "\n".join(parts).encode()


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
            data = path.read_bytes()
            parts.append(str(len(data)).encode() + b"\0" + data)
    except (OSError, ValueError):
        return None  # the normal loader reports the problem
    return b"".join(parts)


def _file(key: bytes) -> Path:
    # Two checksums name the file; the key stored inside decides whether it is a hit.
    return cache_dir() / f"plan-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pickle"


def load(key: bytes) -> Any | None:
    """The cached payload, or None on a miss or any doubt about the file."""
    path = _file(key)
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and (stat.st_uid != os.getuid() or stat.st_mode & 0o022):
                return None  # not written by us: never unpickle it
            stored_key, payload = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated, written by another version: rebuild
        _remove(path)
        return None
    return payload if stored_key == key else None


def store(key: bytes, payload: Any) -> None:
    """Write the payload atomically; a cache that cannot be written is simply skipped."""
    folder = cache_dir()
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = pickle.dumps((key, payload), protocol=pickle.HIGHEST_PROTOCOL)
        temporary = folder / f".{_file(key).stem}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, _file(key))
        temporary = None
        _prune(folder)
    except Exception:
        if temporary is not None:
            _remove(temporary)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("plan-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[_KEEP:]:
        _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
