"""The cycle over a workspace (issue 23 items 3, 4): one form per unit with a sheet per plan,
collect routing every row to its plan's ledger (all or nothing, idempotent), the portfolio
通报, one 催办 per unit, one 考评 across plans with the plans' weights."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.workspace_fixture import make_workspace
from zygj.cli.main import app

AS_OF = "2020-07-01"
SINCE = "2020-03-31"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """78号 (gongjiang), 42号 (nongji) and the two-measure plan (jineng), whose units
    市人力资源社会保障局 (lead) and 市财政局 (responsible) are the 78号 plan's too."""
    root = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args))


def fill(
    path: Path, sheet: str, figures: dict[str, tuple[object, str | None]], day: str = "2020-06-30"
) -> None:
    """Fill rows of one sheet of a form: target id → (填报值, 状态)."""
    book = load_workbook(path)
    ws = book[sheet]
    left = dict(figures)
    for row in ws.iter_rows(min_row=6):
        if row[0].value in left:
            value, status = left.pop(str(row[0].value))
            row[6].value, row[7].value, row[8].value = value, day, status
    assert not left, left
    book.save(path)


@pytest.fixture
def forms(runner: CliRunner, ws: Path) -> Path:
    result = run(runner, "progress", "template", "--all", "-o", "表", "--as-of", "2020-06-30")
    assert result.exit_code == 0, result.output
    return ws / "表"


# ------------------------------------------------------------------ forms


def test_a_unit_in_two_plans_gets_one_workbook_with_a_sheet_per_plan(
    runner: CliRunner, forms: Path
) -> None:
    book = load_workbook(forms / "填报表-市人力资源社会保障局.xlsx")
    assert book.sheetnames == ["资阳工匠", "技能培训", "填报说明"]
    assert (
        book.security is not None and book.security.lockStructure
    )  # sheets name the plans: not renamed
    mini = book["技能培训"]
    assert mini["A2"].value.startswith("依据：")
    assert "填报单位（盖章）：市人力资源社会保障局" in mini["A2"].value
    assert [c.value for c in mini[5]][:6] == [
        "目标编号",
        "目标名称",
        "指标",
        "截止日期",
        "职责",
        "单位",
    ]
    assert [row[0].value for row in mini.iter_rows(min_row=6)] == ["1.1", "1.2", "2.1"]
    # One plan's units only: a form for the 78号 plan alone has its one sheet.
    assert load_workbook(forms / "填报表-市教育体育局.xlsx").sheetnames == ["资阳工匠", "填报说明"]


def test_one_unit_form_says_how_many_plans(runner: CliRunner, ws: Path) -> None:
    result = run(
        runner, "progress", "template", "-u", "市财政局", "-o", "财政.xlsx", "--as-of", "2020-06-30"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("已生成 财政.xlsx：市财政局 在 2 个方案中的 ")
    assert load_workbook(ws / "财政.xlsx").sheetnames == ["资阳工匠", "技能培训", "填报说明"]


# ------------------------------------------------------------------ collect


def ledger_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines() if path.exists() else []


def test_collect_routes_each_sheet_to_its_plans_ledger_once(
    runner: CliRunner, ws: Path, forms: Path
) -> None:
    form = forms / "填报表-市人力资源社会保障局.xlsx"
    fill(form, "资阳工匠", {"1.1": (1, "已完成"), "5.1": (9000, None)})
    fill(form, "技能培训", {"1.1": (600, None)})
    result = run(runner, "collect", str(form), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(p["plan"], p["ledger"], p["new"]) for p in data["plans"]] == [
        ("gongjiang", "gongjiang/progress.csv", 2), ("nongji", "nongji/progress.csv", 0),
        ("jineng", "jineng/progress.csv", 1),
    ]  # fmt: skip
    assert ledger_lines(ws / "jineng" / "progress.csv")[1:] == [
        "1.1,2020-06-30,市人力资源社会保障局,600,,,"
    ]
    assert [line.split(",")[0] for line in ledger_lines(ws / "gongjiang" / "progress.csv")[1:]] == [
        "1.1",
        "5.1",
    ]
    assert not (ws / "nongji" / "progress.csv").exists()
    # The two plans' 1.1 are different targets: each plan reads its own figure.
    report = json.loads(run(runner, "report", "--as-of", AS_OF, "-f", "json").stdout)
    assert [p["overall"]["done_total"] for p in report["plans"]] == [1, 0, 0]
    before = {key: (ws / key / "progress.csv").read_bytes() for key in ("gongjiang", "jineng")}
    again = run(runner, "collect", str(form))
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == "已汇总 1 份填报表：新增 0 条记录"
    assert {key: (ws / key / "progress.csv").read_bytes() for key in before} == before


def test_collect_writes_no_ledger_when_any_sheet_is_wrong(
    runner: CliRunner, ws: Path, forms: Path
) -> None:
    good = forms / "填报表-市财政局.xlsx"
    fill(good, "资阳工匠", {"22.1": (3, None)})
    bad = forms / "填报表-市人力资源社会保障局.xlsx"
    fill(bad, "技能培训", {"1.2": (120, None)})  # a percentage above 100
    result = run(runner, "collect", str(good), str(bad))
    assert result.exit_code == 1
    assert result.stderr == (
        "表/填报表-市人力资源社会保障局.xlsx:7:7: error: 工作表“技能培训”第 7 行“填报值”列（G7） "
        "应为 0—100 之间的百分数（65 表示 65％），实际为 120\n"
    )
    assert not (ws / "gongjiang" / "progress.csv").exists()
    assert not (ws / "jineng" / "progress.csv").exists()


def test_collect_refuses_a_sheet_of_no_plan_and_an_unknown_target(
    runner: CliRunner, ws: Path, forms: Path
) -> None:
    form = forms / "填报表-市人力资源社会保障局.xlsx"
    book = load_workbook(form)
    book.security = None  # what a clerk could do with another program: rename a sheet
    book["技能培训"].title = "技能"
    sheet = book["资阳工匠"]
    sheet["A6"].value = "99.1"
    sheet["G6"].value = 5
    sheet["H6"].value = "2020-06-30"
    book.save(form)
    fill(form, "技能", {"1.1": (600, None)})
    result = run(runner, "collect", str(form))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "表/填报表-市人力资源社会保障局.xlsx:6:1: error: 工作表“资阳工匠”第 6 行“目标编号”列（A6） "
        "目标“99.1”不存在（zygj targets 可列出全部目标）",
        "表/填报表-市人力资源社会保障局.xlsx: error: 工作表“技能”不是本工作区任何方案的工作表"
        "（应为 资阳工匠、农业机械化、技能培训 之一）：整份未汇总；请用 zygj progress template -w 重新生成填报表",
    ]
    assert not (ws / "jineng" / "progress.csv").exists()


def test_collect_refuses_a_one_plan_file(runner: CliRunner, ws: Path) -> None:
    (ws / "a.csv").write_text("target,date,value\n1.1,2020-06-30,1\n", encoding="utf-8")
    result = run(runner, "collect", "a.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "a.csv: error: 不是工作区的填报表：工作区汇总只读 zygj progress template -w 生成的 .xlsx 填报表"
        "（每个方案一个工作表）；单个方案的进度文件请用 zygj collect --plan 该方案文件夹 汇总\n"
    )
    assert run(runner, "collect", "a.csv", "-o", "x.csv").stderr == (
        "zygj: error: 使用工作区时不用 -o：各方案的记录分别记入各自的台账（workspace.yaml 的 ledger）\n"
    )


# ------------------------------------------------------------------ 通报


@pytest.fixture
def collected(runner: CliRunner, ws: Path, forms: Path) -> Path:
    hr = forms / "填报表-市人力资源社会保障局.xlsx"
    fill(hr, "资阳工匠", {"1.1": (1, "已完成")})
    fill(hr, "技能培训", {"1.1": (600, None)})
    fill(forms / "填报表-市教育体育局.xlsx", "资阳工匠", {"7.4": (20500, None)})
    result = run(runner, "collect", str(hr), str(forms / "填报表-市教育体育局.xlsx"))
    assert result.exit_code == 0, result.output
    return ws


def test_each_plans_figures_are_its_own_report(runner: CliRunner, collected: Path) -> None:
    whole = json.loads(
        run(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-f", "json").stdout
    )
    for entry in whole["plans"]:
        alone = runner.invoke(
            app,
            [
                "report",
                "--plan",
                entry["key"],
                "--as-of",
                AS_OF,
                "--since",
                SINCE,
                "-f",
                "json",
                *(["-p", f"{entry['key']}/progress.csv"] if entry["records"] else []),
            ],
        )
        assert entry["overall"] == json.loads(alone.stdout)["overall"], entry["key"]
    assert whole["total"]["total"] == sum(p["overall"]["total"] for p in whole["plans"])
    assert whole["records"] == 3
    # --plan-key: that plan's own report, byte for byte.
    key_report = run(runner, "report", "--plan-key", "gongjiang", "--as-of", AS_OF, "-f", "plain")
    plan_report = run(
        runner,
        "report",
        "--plan",
        "gongjiang",
        "-p",
        "gongjiang/progress.csv",
        "--as-of",
        AS_OF,
        "-f",
        "plain",
    )
    assert key_report.stdout == plan_report.stdout


def test_silent_units_are_listed_once_with_their_plans(runner: CliRunner, collected: Path) -> None:
    data = json.loads(
        run(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-f", "json").stdout
    )
    finance = [m for m in data["missing"] if m["unit"] == "市财政局"]
    assert len(finance) == 1
    assert set(finance[0]["plans"]) == {"gongjiang", "jineng"}
    assert finance[0]["count"] == sum(len(ids) for ids in finance[0]["plans"].values())
    text = run(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-f", "plain").stdout
    line = next(line for line in text.splitlines() if line.startswith("市财政局 "))
    assert line.split()[1:] == [str(finance[0]["count"]), *line.split()[2:]]
    assert "资阳工匠" in line and "技能培训" in line


def test_the_portfolio_page_is_one_self_contained_file(runner: CliRunner, collected: Path) -> None:
    result = run(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-o", "通报.html")
    assert result.exit_code == 0, result.output
    page = (collected / "通报.html").read_text(encoding="utf-8")
    assert "<h1>资阳市人民政府督查室 2020 年督查事项 完成情况</h1>" in page
    assert 'id="missing-table"' in page and "技能培训" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_the_portfolio_gongwen(runner: CliRunner, collected: Path) -> None:
    from docx import Document

    result = run(
        runner, "report", "--as-of", AS_OF, "--since", SINCE, "--number", "12", "-o", "通报.docx"
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "已写入 通报.docx（docx，截至 2020-07-01：3 个方案，81 个目标，逾期 6，滞后 71）\n"
    )
    document = Document(str(collected / "通报.docx"))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert "关于资阳市人民政府督查室 2020 年督查事项落实情况的通报" in "".join(texts)
    body = "\n".join(texts)
    assert "纳入督查的3个方案共有目标81项" in body.replace("\n", "")
    assert "附件：1．各方案目标完成情况" in texts
    # 未报送: 市财政局 once, though it owes reports in two plans.
    silent = next(t for t in texts if "未报送进展的目标" in t)
    assert silent.count("市财政局") == 1
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells][:2] == ["方案", "目标数"]
    assert [r.cells[0].text for r in first.rows[1:]] == [
        "资阳工匠",
        "农业机械化",
        "技能培训",
        "合计",
    ]


# ------------------------------------------------------------------ 催办, 考评


def test_one_notice_per_unit_over_its_plans(runner: CliRunner, collected: Path) -> None:
    result = run(runner, "remind", "--as-of", AS_OF, "--since", SINCE, "-f", "json")
    assert result.exit_code == 0, result.output
    notices = json.loads(result.stdout)["notices"]
    units = [n["unit"] for n in notices]
    assert len(units) == len(set(units))
    finance = next(n for n in notices if n["unit"] == "市财政局")
    assert list(finance["plans"]) == ["gongjiang", "jineng"]
    written = run(
        runner,
        "remind",
        "--as-of",
        AS_OF,
        "--since",
        SINCE,
        "-u",
        "财政局",
        "-f",
        "markdown",
        "-o",
        "催办",
    )
    assert written.exit_code == 0, written.output
    text = (collected / "催办" / "催办通知-市财政局.md").read_text(encoding="utf-8")
    assert "## 一、资阳工匠（资府办发〔2018〕78号）" in text
    assert "## 二、技能培训（" in text
    assert text.count("# 关于抓紧推进") == 1


def test_score_is_the_weighted_mean_of_the_plans_scores(runner: CliRunner, collected: Path) -> None:
    data = json.loads(run(runner, "score", "--as-of", AS_OF, "-f", "json").stdout)
    hr = next(u for u in data["units"] if u["unit"] == "市人力资源社会保障局")
    plans = {p["plan"]: p for p in hr["plans"]}
    assert set(plans) == {"gongjiang", "jineng"}  # 42号 assigns no unit anything
    # Weights 1 and 1 (nongji's 0.5 does not count: it does not assess the unit).
    assert plans["gongjiang"]["share"] == plans["jineng"]["share"] == 0.5
    expected = round(
        (plans["gongjiang"]["plan_score"]["score"] + plans["jineng"]["plan_score"]["score"]) / 2, 2
    )
    assert hr["score"] == expected
    alone = runner.invoke(
        app,
        ["score", "--plan", "jineng", "-p", "jineng/progress.csv", "--as-of", AS_OF, "-f", "json"],
    )
    one = next(u for u in json.loads(alone.stdout)["units"] if u["unit"] == "市人力资源社会保障局")
    assert plans["jineng"]["plan_score"] == one
    explained = run(
        runner, "score", "--as-of", AS_OF, "--explain", "人社局", "-f", "plain"
    ).stdout.splitlines()
    assert explained[0] == "市人力资源社会保障局 考评得分（跨方案）"
    assert [line.split()[0] for line in explained[3:5]] == ["资阳工匠", "技能培训"]
    assert explained[-1].startswith(f"得分 {expected:.2f} = Σ(占比 × 本方案得分)")


def test_plan_and_workspace_together_are_a_usage_error(runner: CliRunner, ws: Path) -> None:
    result = run(runner, "report", "--plan", "gongjiang", "-w", ".")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "zygj: error: --workspace 和 --plan 不能同时使用：查工作区的全部方案用 --workspace，只查一个方案用 --plan\n"
    )
    assert run(runner, "report", "-w", ".", "-p", "x.csv").exit_code == 2
    by = run(runner, "report", "--by", "unit")
    assert by.exit_code == 2
    assert (
        by.stderr
        == "zygj: error: 工作区的通报按方案和单位汇总，不用 --by；一个方案的分组请加 --plan-key 简称\n"
    )
    assert (
        run(runner, "report", "--by", "unit", "--plan-key", "jineng", "--as-of", AS_OF).exit_code
        == 0
    )


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="没有 chromium")
def test_the_portfolio_page_never_pans_sideways(
    runner: CliRunner, collected: Path, tmp_path: Path
) -> None:
    from tests.browser import Browser
    from tests.test_phone_page import PROBE

    assert (
        run(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-o", "通报.html").exit_code == 0
    )
    with Browser(tmp_path / "profile") as browser:
        for width in (390, 1280):
            browser.open(
                (collected / "通报.html").resolve().as_uri(), width, 844, mobile=width < 600
            )
            seen = browser.evaluate(PROBE)
            assert seen["page"] <= width, (width, seen)
            if width == 390:
                assert seen["outsideCount"] == 0, seen["outside"]


def test_one_plan_collect_still_needs_its_ledger(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import PLAN_DIR

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.csv").write_text("target,date,value\n22.1,2020-06-30,1\n", encoding="utf-8")
    result = runner.invoke(app, ["collect", "a.csv", "--plan", str(PLAN_DIR)])
    assert result.exit_code == 2
    assert (
        result.stderr == "zygj: error: 请用 -o 给出汇总台账（.yaml 或 .csv），如 -o progress.yaml\n"
    )
