"""Every ```console block of README.md and of docs/*.md is run, and its output compared with the text's.

Each ``$ command`` line runs in bash, in a fresh folder, with the installed ``zygj``
first on PATH, an 80-column window and no colour; its output (stdout and stderr, as
a terminal interleaves them) must be the lines under it. A line that is only "…"
stands for any number of lines the document leaves out; an excerpt that skips lines
must say so. A block whose command needs files of its own (a broken plan, a filled-in
form) names its setup in the HTML comment just before it: ``<!-- readme: NAME -->``.

The README stays short (what zygj is, set-up, everyday commands, exit codes); the rest
is in docs/, and the relative links between them must lead somewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR, REPO, zygj_script

README = REPO / "README.md"
# Every Markdown file under docs/ is run like the README: a page moved there is not a page left untested.
DOCUMENTS = [README, *sorted((REPO / "docs").rglob("*.md"))]
README_MAX_LINES = 350
SKIP = "…"


@dataclass(frozen=True)
class Block:
    file: str  # the document, relative to the repository: README.md, docs/cycle.md…
    line: int  # where the block starts in it
    setup: str
    commands: list[tuple[str, list[str]]]  # each command and the output shown under it

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.setup}"


def console_blocks(document: Path) -> list[Block]:
    name = document.relative_to(REPO).as_posix()
    lines = document.read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        fence = re.fullmatch(r"(\s*)```console", lines[i])
        if not fence:
            i += 1
            continue
        indent = len(fence.group(1))
        previous = lines[i - 1].strip() if i else ""
        marker = re.fullmatch(r"<!-- readme: ([\w-]+) -->", previous)
        start = i + 1
        i += 1
        body: list[str] = []
        while lines[i].strip() != "```":
            body.append(lines[i][indent:])
            i += 1
        commands: list[tuple[str, list[str]]] = []
        for text in body:
            if text.startswith("$ "):
                commands.append((text[2:], []))
            else:
                assert commands, f"{name}:{start}: a console block starts with a $ line"
                commands[-1][1].append(text)
        blocks.append(Block(name, start, marker.group(1) if marker else "default", commands))
        i += 1
    return blocks


# ----------------------------------------------------------------- the setups


def _default(work: Path) -> None:
    """The repository's examples, test fixtures and plan, as in a fresh clone."""
    for name in ("examples", "tests"):
        (work / name).symlink_to(REPO / name)
    (work / "plan").symlink_to(PLAN_DIR)


def _with_progress(work: Path) -> None:
    """A clerk's folder: the example figures saved as progress.yaml."""
    _default(work)
    shutil.copy(EXAMPLE_PROGRESS, work / "progress.yaml")


def _broken_plan(work: Path) -> None:
    """plan/ and 我的方案/ as a maintainer left them: 市人社局 mistyped 市人设局 in measure 1."""
    _default(work)
    (work / "plan").unlink()
    for name in ("plan", "我的方案"):
        shutil.copytree(PLAN_DIR, work / name)
        measures = work / name / "measures.yaml"
        lines = measures.read_text(encoding="utf-8").split("\n")
        assert lines[54].strip() == "lead: [市人力资源社会保障局]", lines[54]
        lines[54] = lines[54].replace("市人力资源社会保障局", "市人设局")
        measures.write_text("\n".join(lines), encoding="utf-8")


def _form(work: Path, value: str) -> None:
    from openpyxl import load_workbook

    _default(work)
    subprocess.run(
        [*zygj_script(), "progress", "template", "--unit", "市教体局", "--as-of", "2020-12-31"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    path = work / "填报表-市教育体育局.xlsx"
    book = load_workbook(path)
    sheet = book["目标"]
    figures = {"7.1": 1, "7.2": 0, "7.4": 18500}
    for row in sheet.iter_rows(min_row=2):
        target = row[0].value
        if target in figures:
            row[6].value = figures[target]
            row[7].value = "2020-12-20"
        if target == "7.1":
            row[8].value = "已完成"
        if row[0].row == 7:
            row[6].value = value
            row[7].value = "2020-12-20"
    book.save(path)


def _form_mistyped(work: Path) -> None:
    """The form 市教育体育局 filled in, with a figure written in words (G7: 一所)."""
    _form(work, "一所")


def _form_filled(work: Path) -> None:
    """The same form once the figure is written as a number."""
    _form(work, "0")


def _hostile(work: Path) -> None:
    """常见错误 of issue 12: the mini plan, and the files a clerk or an attacker might hand in."""
    from openpyxl import Workbook

    shutil.copytree(REPO / "tests" / "fixtures" / "broken" / "mini-plan", work / "plan")
    (work / "progress.yaml").write_text(
        'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 33:20\n'
        '  - target: "1.1"\n    date: 20200930\n    value: true\n',
        encoding="utf-8",
    )
    header = ["目标编号", "日期", "单位", "填报值"]
    merged = Workbook()
    sheet = merged.active
    assert sheet is not None
    sheet.title = "填报"
    for row in (header, ["1.1", "2020-06-30", "市财政局", 5], ["1.1", "2020-06-30", None, 7]):
        sheet.append(row)
    sheet.merge_cells("C2:C3")
    merged.save(work / "合并.xlsx")
    two = Workbook()
    sheet = two.active
    assert sheet is not None
    sheet.title = "填报"
    sheet.append(header)
    sheet.append(["1.1", "2020-06-30", None, 5])
    second = two.create_sheet("二季度")
    second.append(header)
    second.append(["1.1", "2020-09-30", None, 9])
    two.save(work / "两个表.xlsx")
    (work / "进度.csv").write_bytes(
        "target,date,value,note\n1.1,2020-06-30,5,第一季度\n".encode()
        + "1.1,2020-09-30,7,第二季度\n".encode("gbk")
    )
    os.mkfifo(work / "管道.yaml")


def _workspace(work: Path) -> None:
    """督查事项/: a workspace of the 78号 plan, the 42号 example and the two-measure test plan."""
    from tests.workspace_fixture import make_workspace

    _default(work)
    make_workspace(work / "督查事项")


def _workspace_cycle(work: Path) -> None:
    """The example workspace (examples/workspace) as the office keeps it: the folder is the workspace."""
    shutil.copytree(REPO / "examples" / "workspace", work, dirs_exist_ok=True)


def _workspace_collected(work: Path) -> None:
    """The example workspace once the returned forms are collected into each plan's ledger."""
    _workspace_cycle(work)
    subprocess.run(
        [*zygj_script(), "collect", "收回的填报表"], cwd=work, check=True, capture_output=True
    )


SETUPS: dict[str, Callable[[Path], None]] = {
    "workspace-cycle": _workspace_cycle,
    "workspace-collected": _workspace_collected,
    "hostile": _hostile,
    "default": _default,
    "progress": _with_progress,
    "broken-plan": _broken_plan,
    "form-mistyped": _form_mistyped,
    "form-filled": _form_filled,
    "workspace": _workspace,
}


# ----------------------------------------------------------------- comparing


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` is ``actual`` where each line "…" may stand for any number of lines."""
    if not expected:
        return not actual
    head = expected[0]
    if head.strip() == SKIP:
        rest = expected[1:]
        return any(matches(rest, actual[n:]) for n in range(len(actual) + 1))
    return bool(actual) and head == actual[0] and matches(expected[1:], actual[1:])


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


BLOCKS = [block for document in DOCUMENTS for block in console_blocks(document)]


def test_the_readme_has_console_blocks() -> None:
    assert len(BLOCKS) >= 15
    assert {block.setup for block in BLOCKS} == set(SETUPS)
    # The everyday commands keep their real output in the README itself.
    assert len([block for block in BLOCKS if block.file == "README.md"]) >= 10


def test_the_docs_pages_are_run() -> None:
    """The pages the README sends readers to are among the documents whose examples run."""
    files = {block.file for block in BLOCKS}
    assert {"README.md", "docs/cycle.md", "docs/plan-format.md", "docs/errors.md"} <= files
    assert {"docs/rules.md", "docs/json.md", "docs/development.md"} <= {
        document.relative_to(REPO).as_posix() for document in DOCUMENTS
    }


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move what is not set-up or "
        "an everyday command into docs/"
    )


@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_readme_example(block: Block, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    SETUPS[block.setup](work)
    bin_dir = Path(zygj_script()[0]).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    for key in ("ZYGJ_PLAN", "ZYGJ_WORKSPACE", "FORCE_COLOR"):
        env.pop(key, None)
    for command, expected in block.commands:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=60,
            check=False,
        )
        # A CSV starts with an invisible BOM (for Excel); the README cannot show it.
        actual = _trimmed(done.stdout.replace("\ufeff", "").splitlines())
        assert "Traceback" not in done.stdout, done.stdout
        assert matches(_trimmed(expected), actual), (
            f"{block.file}:{block.line}: `$ {command}` printed:\n" + "\n".join(actual)
        )


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "  …"], ["a", "b"], True),
        (["a", "c"], ["a", "b", "c"], False),  # a skip must say "…"
        (["a"], ["a", "b"], False),
        (["…", "c"], ["a", "b"], False),
    ],
)
def test_excerpts_say_where_they_skip(expected: list[str], actual: list[str], same: bool) -> None:
    assert matches(expected, actual) is same


# ----------------------------------------------------------------- links

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _prose(document: Path) -> list[tuple[int, str]]:
    """(line number, line) of the document's lines outside ``` fences (where a "#" is output, not a heading)."""
    prose, fenced = [], False
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            prose.append((number, line))
    return prose


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation (also full-width) dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(document: Path) -> set[str]:
    found: set[str] = set()
    for _, line in _prose(document):
        heading = re.fullmatch(r"#{1,6} (.+)", line)
        if heading:
            slug = base = anchor(heading.group(1))
            repeat = 0
            while slug in found:  # GitHub numbers a repeated heading: name, name-1, name-2…
                repeat += 1
                slug = f"{base}-{repeat}"
            found.add(slug)
    return found


def broken_links(document: Path) -> list[str]:
    """The relative links (and images) of a document whose file or heading does not exist."""
    broken = []
    for number, line in _prose(document):
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            path, _, fragment = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            if not linked.exists():
                broken.append(f"{document.name}:{number}: {target}: no such file")
            elif fragment and fragment not in anchors(linked):
                broken.append(f"{document.name}:{number}: {target}: no such heading")
    return broken


@pytest.mark.parametrize(
    "document", DOCUMENTS, ids=[d.relative_to(REPO).as_posix() for d in DOCUMENTS]
)
def test_relative_links_lead_somewhere(document: Path) -> None:
    assert broken_links(document) == []


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("与 Excel/WPS 配合：台账、填报表", "与-excelwps-配合台账填报表"),
        ("`zygj measure N`：一项措施的全部内容", "zygj-measure-n一项措施的全部内容"),
        ("完成情况网页（随通报印发）", "完成情况网页随通报印发"),
        ("JSON 接口", "json-接口"),
    ],
)
def test_anchors_are_githubs(heading: str, expected: str) -> None:
    assert anchor(heading) == expected


def test_a_link_into_nothing_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# 别处\n\n## 有的标题\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# 页\n\n[好](other.md#有的标题) [也好](#页) `[代码](nowhere.md)` [网](https://example.org/x)\n"
        "[坏文件](gone.md) [坏标题](other.md#没有的标题)\n```\n# 输出里的井号\n```\n[坏](#输出里的井号)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md:4: gone.md: no such file",
        "page.md:4: other.md#没有的标题: no such heading",
        "page.md:8: #输出里的井号: no such heading",
    ]
