"""docs/rules-owes.md's examples run: each ```console block in a fresh folder holding the plan,
the examples and the CSV files the document declares (``<!-- file: NAME -->`` before a ```csv
block), its output compared line by line as the README's are."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PLAN_DIR, REPO, zygj_script
from tests.test_readme import _trimmed, matches

DOC = REPO / "docs" / "rules-owes.md"


def _blocks() -> tuple[dict[str, str], list[tuple[int, list[tuple[str, list[str]]]]]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    files: dict[str, str] = {}
    blocks: list[tuple[int, list[tuple[str, list[str]]]]] = []
    i = 0
    while i < len(lines):
        fence = re.fullmatch(r"```(console|csv)", lines[i])
        if not fence:
            i += 1
            continue
        start = i + 1
        body: list[str] = []
        i += 1
        while lines[i] != "```":
            body.append(lines[i])
            i += 1
        if fence.group(1) == "csv":
            name = re.fullmatch(r"<!-- file: (\S+) -->", lines[start - 2])
            assert name, f"{DOC.name}:{start}: a csv block needs <!-- file: NAME --> before it"
            files[name.group(1)] = "\n".join(body) + "\n"
        else:
            commands: list[tuple[str, list[str]]] = []
            for text in body:
                if text.startswith("$ "):
                    commands.append((text[2:], []))
                else:
                    commands[-1][1].append(text)
            blocks.append((start, commands))
        i += 1
    return files, blocks


FILES, BLOCKS = _blocks()


def test_the_document_has_examples() -> None:
    assert len(BLOCKS) >= 6 and {"q4.csv", "t.csv"} <= set(FILES)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"rules-owes.md:{line}" for line, _ in BLOCKS])
def test_rules_owes_example(block: tuple[int, list[tuple[str, list[str]]]], tmp_path: Path) -> None:
    line, commands = block
    work = tmp_path / "work"
    work.mkdir()
    (work / "plan").symlink_to(PLAN_DIR)
    (work / "examples").symlink_to(REPO / "examples")
    for name, text in FILES.items():
        (work / name).write_text(text, encoding="utf-8")
    bin_dir = Path(zygj_script()[0]).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "80", "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
    for key in ("ZYGJ_PLAN", "FORCE_COLOR"):
        env.pop(key, None)
    for command, expected in commands:
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=60, check=False)  # fmt: skip
        # A CSV starts with an invisible BOM (for Excel); the document cannot show it.
        actual = _trimmed(done.stdout.replace("\ufeff", "").splitlines())
        assert "Traceback" not in done.stdout, done.stdout
        assert matches(_trimmed(expected), actual), f"{DOC.name}:{line}: `$ {command}` printed:\n" + "\n".join(actual)
