"""Which progress files to read: files and folders named on the command line.

A folder stands for every progress file directly inside it (.yaml, .yml, .csv,
.xlsx), in name order; Excel's lock files (~$…) and hidden files are skipped.
The same file named twice is read once. A folder holding no progress file is
a usage error: nothing is ever dropped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from zygj.core.diagnostics import UsageError, display_path

PROGRESS_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".xlsm")


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """The progress files that ``paths`` name, in order, each once."""
    files: list[Path] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            inside = sorted(
                (p for p in path.iterdir()
                 if p.is_file() and p.suffix.lower() in PROGRESS_SUFFIXES
                 and not p.name.startswith(("~$", "."))),
                key=lambda p: p.name,
            )  # fmt: skip
            if not inside:
                raise UsageError(
                    "文件夹中没有进度文件（.yaml、.yml、.csv、.xlsx）", display_path(path)
                )
        else:
            inside = [path]
        for file in inside:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files
