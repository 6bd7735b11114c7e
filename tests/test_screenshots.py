"""The documentation's pictures cannot go stale (issue 21, item 8).

docs/screenshots/make_screenshots.py makes every picture from what zygj produces and
records, in sources.txt, a digest of what each shows in a normalised form (the HTML
source, the text a tmux terminal shows, the workbook's cells): pixels vary with fonts
and anti-aliasing, these do not. This test makes the same forms today and fails when
a committed picture no longer shows them.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO

SHOTS = REPO / "docs" / "screenshots"
#: Pictures of the .docx 通报 and 催办 (made with --docx; output/gongwen.py's tests check them).
DOCX_PICTURES = {"通报-公文-第1页.png", "催办通知-市教育体育局.png"}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_screenshots", SHOTS / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_picture_is_made_by_the_script() -> None:
    script = _script()
    manifest = script.read_manifest()
    assert set(manifest) == set(script.SOURCES)
    on_disk = {path.name for path in SHOTS.glob("*.png")}
    assert on_disk - DOCX_PICTURES == set(manifest)
    # Every picture the documentation shows is one of them.
    shown = {
        line.split("screenshots/")[1].split(")")[0]
        for path in [REPO / "README.md", *REPO.glob("docs/*.md")]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "](screenshots/" in line
    }
    assert shown <= on_disk


def test_committed_pictures_show_what_zygj_makes_today(tmp_path: Path) -> None:
    script = _script()
    manifest = script.read_manifest()
    names = [
        name for name, (tools, _) in script.SOURCES.items() if all(shutil.which(t) for t in tools)
    ]
    today = script.digests(tmp_path, names)
    stale = [name for name in names if today[name] != manifest[name]]
    assert stale == [], (
        f"docs/screenshots 中 {stale} 已过时：请运行 python docs/screenshots/make_screenshots.py"
    )
