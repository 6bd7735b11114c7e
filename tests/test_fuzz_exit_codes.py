"""One fuzz test per surface touched — exit 0, 1 or 2 only, nothing written on failure.

Each test drives the command line (CliRunner, which catches what ``main`` would
turn into exit 3) with generated input and asserts the invariants a user relies
on: a Chinese diagnostic instead of a crash, and no file left behind by a run
that failed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from tests.conftest import REPO
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def outcome(result: Result) -> int:
    """The exit code, after checking it is a documented one and nothing escaped as a crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code:
        assert result.stderr.strip(), "a failure without a message"
        assert "Traceback" not in result.stderr
        assert "\x1b" not in result.stderr
    return result.exit_code


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


years = st.integers(min_value=-(10**6), max_value=10**6) | st.sampled_from(
    [0, 1, 1899, 1900, 2200, 2201, 9999, 10**30]
)
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
date_texts = (
    dates
    | st.text(max_size=12)
    | st.sampled_from(["2020-02-30", "0000-01-01", "9999-12-31", "2020-13-01"])
)


def test_score_year_and_as_of(runner: CliRunner) -> None:
    counter = iter(range(10**6))

    @SETTINGS
    @given(year=st.none() | years, as_of=st.none() | date_texts)
    def run(year: int | None, as_of: str | None) -> None:
        args = ["score", "-f", "json", "--plan", str(MINI_PLAN)]
        if year is not None:
            args += ["--year", str(year)]
        if as_of is not None:
            args += ["--as-of", as_of]
        next(counter)
        code = outcome(runner.invoke(app, args))
        if year is not None and not 1900 <= year <= 2200:
            assert code == 2

    run()
    assert next(counter) >= 20  # the examples did run


def test_remind_within_as_of_and_since(runner: CliRunner, tmp_path: Path) -> None:
    counter = iter(range(10**6))

    @SETTINGS
    @given(
        within=st.integers(min_value=-(10**9), max_value=10**9),
        as_of=date_texts,
        since=st.none() | date_texts,
    )
    def run(within: int, as_of: str, since: str | None) -> None:
        folder = tmp_path / f"notices-{next(counter)}"
        args = [
            "remind",
            "-f",
            "markdown",
            "-o",
            str(folder),
            "--within",
            str(within),
            "--as-of",
            as_of,
            "--plan",
            str(MINI_PLAN),
        ]
        if since is not None:
            args += ["--since", since]
        code = outcome(runner.invoke(app, args))
        if code:
            assert not folder.exists()
        if not 0 <= within <= 36500:
            assert code == 2

    run()
    assert next(counter) >= 20  # the examples did run


#: Unit names with what file names and outputs cannot hold: separators, case, invisible and odd characters.
unit_names = st.text(
    alphabet=st.sampled_from(
        [*"甲局乙/:\\*?|<> aA", "\u200b", "\u202e", "\ufffe", "\ufdd0", "\u00ad", "\x1b"]
    ),
    min_size=1,
    max_size=90,
)


def test_template_all_and_remind_with_hostile_unit_names(runner: CliRunner, tmp_path: Path) -> None:
    counter = iter(range(10**6))

    @SETTINGS
    @given(first=unit_names, second=unit_names)
    def run(first: str, second: str) -> None:
        n = next(counter)
        plan = tmp_path / f"plan-{n}"
        shutil.copytree(MINI_PLAN, plan)
        for path in plan.iterdir():
            text = path.read_text(encoding="utf-8")
            text = text.replace(
                "每年举办技能大赛1次。\n    lead: [市人力资源社会保障局]",
                "每年举办技能大赛1次。\n    lead: [市财政局]",
            )
            # Double-quoted YAML escapes keep every generated character writable in the file.
            for old, new in (("市人力资源社会保障局", first), ("市财政局", second)):
                quoted = (
                    '"' + new.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
                )
                text = text.replace(old, quoted)
            path.write_text(text, encoding="utf-8")
        forms, notices = tmp_path / f"forms-{n}", tmp_path / f"notices-{n}"
        made = outcome(
            runner.invoke(
                app, ["progress", "template", "--all", "-o", str(forms), "--plan", str(plan)]
            )
        )
        if made:
            assert not forms.exists()
        else:
            assert len(entries(forms)) == 2  # one form per unit, none written over another
        reminded = outcome(
            runner.invoke(
                app,
                [
                    "remind",
                    "-f",
                    "docx",
                    "-o",
                    str(notices),
                    "--as-of",
                    "2022-03-01",
                    "--plan",
                    str(plan),
                ],
            )
        )
        if reminded:
            assert not notices.exists()
        exported = tmp_path / f"export-{n}.xlsx"
        if not outcome(runner.invoke(app, ["export", "-o", str(exported), "--plan", str(plan)])):
            assert exported.stat().st_size > 0
        elif exported.exists():
            raise AssertionError("a failed export left a file")

    run()
    assert next(counter) >= 20  # the examples did run


def _good_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于印发某方案的通知")
    document.add_paragraph("各区县：")
    document.add_paragraph("一、加强工作（市财政局牵头，市教育体育局负责）")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "序号"
    table.cell(0, 1).text = "牵头单位"
    document.add_paragraph("2020年2月28日")
    document.save(buffer)
    return buffer.getvalue()


GOOD_DOCX = _good_docx()


def _with_document(xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(GOOD_DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(
                info.filename,
                xml if info.filename == "word/document.xml" else source.read(info.filename),
            )
    return out.getvalue()


DOCUMENT_XML = zipfile.ZipFile(io.BytesIO(GOOD_DOCX)).read("word/document.xml")

#: A .docx broken three ways: bytes of the file flipped, the body's XML cut or spliced, tags nested deep.
docx_files = st.one_of(
    st.lists(
        st.tuples(st.integers(0, len(GOOD_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ).map(lambda flips: bytes(dict(flips).get(i, b) for i, b in enumerate(GOOD_DOCX))),
    st.tuples(st.integers(0, len(DOCUMENT_XML)), st.binary(max_size=40)).map(
        lambda cut: _with_document(DOCUMENT_XML[: cut[0]] + cut[1] + DOCUMENT_XML[cut[0] :])
    ),
    st.integers(1, 3000).map(
        lambda depth: _with_document(
            DOCUMENT_XML.replace(
                b"<w:body>",
                b"<w:body>"
                + b"<w:tbl><w:tr><w:tc>" * depth
                + b"<w:p/>"
                + b"</w:tc></w:tr></w:tbl>" * depth,
            )
        )
    ),
)

#: Text sources: numbered items, date-shaped lines (some impossible), markup and control characters.
text_lines = st.one_of(
    st.sampled_from(
        [
            "一、加强工作（市财政局牵头）",
            "（一）推进（市教育体育局负责）",
            "2020年2月30日",
            "2020年2月28日",
            "0000年1月1日",
            "关于印发某方案的通知",
            "各区县：",
            "<b>市</b>政府",
            "到2025年达到100%以上",
        ]
    ),
    st.text(max_size=30),
)


def test_init_with_broken_documents(runner: CliRunner, tmp_path: Path) -> None:
    counter = iter(range(10**6))

    @SETTINGS
    @given(
        source=st.one_of(
            docx_files.map(lambda d: (".docx", d)),
            st.lists(text_lines, max_size=12).map(
                lambda ls: (".txt", "\n".join(ls).encode("utf-8", "surrogatepass"))
            ),
        )
    )
    def run(source: tuple[str, bytes]) -> None:
        n = next(counter)
        suffix, data = source
        path = tmp_path / f"方案-{n}{suffix}"
        path.write_bytes(data)
        out = tmp_path / f"plan-{n}"
        code = outcome(runner.invoke(app, ["init", str(path), "-o", str(out)]))
        if code:
            assert not out.exists()
        else:
            assert entries(out) == ["REVIEW.md", "measures.yaml", "targets.yaml", "units.yaml"]
        assert not [
            p for p in tmp_path.iterdir() if p.name.startswith(".")
        ]  # no temporary folder left

    run()
    assert next(counter) >= 20  # the examples did run
