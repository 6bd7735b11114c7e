"""One registry of output formats: file names imply formats, help lists them, renderers only return text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePath

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app
from zygj.load.plan import load_checked_plan
from zygj.output.formats import FORMATS, choose
from zygj.output.listings import RenderOptions
from zygj.rules.report import Report, build_report

BASE = ["report", "--as-of", "2020-12-31", "--plan", str(PLAN_DIR), "-p", str(EXAMPLE_PROGRESS)]


@pytest.fixture(scope="module")
def report() -> Report:
    plan = load_checked_plan(PLAN_DIR)
    return build_report(
        plan, EXAMPLE_PROGRESS, dt.date(2020, 12, 31), ["section", "unit"], dt.date(2020, 6, 30)
    )


@pytest.mark.parametrize("name", [f.name for f in FORMATS.values() if f.from_suffix])
def test_each_suffix_implies_its_format(name: str) -> None:
    for suffix in FORMATS[name].suffixes:
        assert choose(None, PurePath(f"通报{suffix.upper()}")) is FORMATS[name]


def test_the_terminal_table_is_asked_for_or_the_default() -> None:
    assert choose(None, PurePath("通报.txt")).name == "plain"
    assert choose(None, PurePath("通报.yaml")).name == "table"
    assert choose(None, None).name == "table"
    assert (
        choose("csv", PurePath("通报.md")).name == "csv"
    )  # then the suffix is checked against csv


def test_the_help_lists_every_format(runner: CliRunner) -> None:
    report_help = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "300"}).stdout
    targets_help = runner.invoke(app, ["targets", "--help"], env={"COLUMNS": "300"}).stdout
    assert "-f, --format <table|plain|markdown|csv|json|html|docx>" in report_help
    assert "（.txt .md .csv .json .html .docx）" in report_help
    assert "-f, --format <table|plain|markdown|csv|json>" in targets_help


@pytest.mark.parametrize("name", list(FORMATS))
def test_renderers_return_what_they_render_and_print_nothing(
    report: Report, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rendered = FORMATS[name].render(report, RenderOptions(width=80))
    assert capsys.readouterr() == ("", "")
    assert isinstance(rendered, bytes if name == "docx" else str)
    assert len(rendered) > 500


@pytest.mark.parametrize("width", [60, 100, 200])
def test_the_terminal_table_fits_the_width_it_is_given(report: Report, width: int) -> None:
    text = FORMATS["table"].render(report, RenderOptions(width=width, terminal=True))
    assert isinstance(text, str)
    rules = [
        line for line in text.splitlines() if "───" in line
    ]  # each table's rule under its header
    assert len(rules) == 4  # 按部分, 按牵头单位, 需关注, 本期变化 (未报送 is a list of units)
    assert "（数字为未报送的目标数；逐项明细用 -f html 或 -f json）" in text
    assert all(cell_len(line) <= width for line in rules)
    assert ("未显示" in text) == (width < 200)
    wide = FORMATS["table"].render(report, RenderOptions(width=width, all_columns=True))
    assert isinstance(wide, str)
    assert "未显示" not in wide


@pytest.mark.parametrize("name", ["table", "plain", "markdown", "csv", "json", "html"])
def test_a_file_holds_what_the_screen_shows(runner: CliRunner, tmp_path: Path, name: str) -> None:
    shown = runner.invoke(app, [*BASE, "-f", name])
    path = tmp_path / f"通报{FORMATS[name].suffixes[0]}"
    written = runner.invoke(app, [*BASE, "-f", name, "-o", str(path)])
    assert written.exit_code == 0, written.stderr
    assert path.read_text(encoding="utf-8") == shown.stdout
