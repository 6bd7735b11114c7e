"""佐证材料 in a workspace: a plan that asks for evidence gets the column on its sheet of the
unit's form, and `collect -w` stores each named file beside that plan's own ledger, as
one-plan `collect` does — all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.workspace_fixture import make_workspace
from zygj.cli.main import app

UNIT = "市人力资源社会保障局"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    targets = root / "gongjiang" / "targets.yaml"
    data = targets.read_text(encoding="utf-8")
    assert "defaults:\n" in data
    targets.write_text(
        data.replace("defaults:\n", "defaults:\n  evidence_required: true\n", 1), encoding="utf-8"
    )
    monkeypatch.chdir(root)
    return root


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args))


def filled_form(runner: CliRunner, ws: Path, evidence: str) -> Path:
    done = run(runner, "progress", "template", "--all", "-o", "表", "--as-of", "2020-06-30")
    assert done.exit_code == 0, done.output
    form = ws / "表" / f"填报表-{UNIT}.xlsx"
    book = load_workbook(form)
    sheet = book["资阳工匠"]
    headers = [c.value for c in sheet[5]]
    assert headers[-1] == "佐证材料"  # the plan asks for evidence: its sheet has the column
    guide = [row[0].value for row in book["填报说明"].iter_rows()]
    assert "佐证材料" in guide  # and the guide says how to name the files
    for row in sheet.iter_rows(min_row=6):
        if row[0].value == "1.1":
            row[6].value, row[7].value, row[8].value = 1, "2020-06-30", "已完成"
            row[len(headers) - 1].value = evidence
    book.save(form)
    return form


def test_collect_stores_the_evidence_beside_the_plans_ledger(runner: CliRunner, ws: Path) -> None:
    form = filled_form(runner, ws, "名单.txt")
    (form.parent / "名单.txt").write_text("张三\n李四\n", encoding="utf-8")
    done = run(runner, "collect", str(form))
    assert done.exit_code == 0, done.output
    digest = hashlib.sha256("张三\n李四\n".encode()).hexdigest()
    store = ws / "gongjiang" / "progress.佐证"
    assert [p.name for p in store.iterdir()] == [f"{digest}.txt"]
    ledger = (ws / "gongjiang" / "progress.csv").read_text(encoding="utf-8")
    assert f"名单.txt（sha256:{digest}）" in ledger
    again = run(runner, "collect", str(form))  # the same form again: nothing new, nothing rewritten
    assert again.exit_code == 0, again.output
    assert (ws / "gongjiang" / "progress.csv").read_text(encoding="utf-8") == ledger


def test_a_missing_evidence_file_writes_nothing(runner: CliRunner, ws: Path) -> None:
    form = filled_form(runner, ws, "名单.txt")
    done = run(runner, "collect", str(form))
    assert done.exit_code == 1
    assert "名单.txt" in done.stderr
    assert not (ws / "gongjiang" / "progress.csv").exists()
    assert not (ws / "gongjiang" / "progress.佐证").exists()
