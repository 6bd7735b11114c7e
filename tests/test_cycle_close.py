"""`remind` (催办通知), `score` (考评) and the `scoring:` block, as a user sees them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app
from zygj.load.ledger import load_checked_progress
from zygj.load.plan import load_checked_plan
from zygj.rules.completion import evaluate_all
from zygj.rules.reminders import missing_forms
from zygj.rules.reporters import reporters_of

PROGRESS = ["--progress", str(EXAMPLE_PROGRESS)]


def _json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# ------------------------------------------------------------------------ remind


def test_remind_json_lists_overdue_and_due_soon_per_unit(runner: CliRunner) -> None:
    data = _json(runner, "remind", *PROGRESS, "--as-of", "2020-12-10")
    units = [(n["unit"], n["reasons"]) for n in data["notices"]]
    assert units == [
        ("市人力资源社会保障局", ["临近截止 23 项", "逾期 4 项"]),
        ("市教育体育局", ["临近截止 6 项"]),
        ("市经济和信息化委", ["临近截止 3 项"]),
        ("市文化广电新闻出版局", ["临近截止 2 项"]),  # 11.2 is done: its lead's 已完成 decides
        ("高新区管委会", ["临近截止 1 项"]),
    ]
    hr = data["notices"][0]
    assert [(t["id"], t["year"]) for t in hr["overdue"]] == [
        ("6.1", 2019), ("18.1", 2019), ("18.2", 2019), ("21.1", 2019),
    ]  # fmt: skip
    assert all(t["status"] == "overdue" for t in hr["overdue"])
    assert data["within"] == 30 and data["since"] is None


def test_remind_within_narrows_due_soon(runner: CliRunner) -> None:
    data = _json(runner, "remind", *PROGRESS, "--as-of", "2020-11-15")
    assert [(n["unit"], n["reasons"]) for n in data["notices"]] == [
        ("市人力资源社会保障局", ["逾期 4 项"])
    ]
    wide = _json(runner, "remind", *PROGRESS, "--as-of", "2020-11-15", "--within", "60")
    assert len(wide["notices"]) == 5


def test_remind_since_lists_forms_not_returned(runner: CliRunner) -> None:
    data = _json(
        runner,
        "remind",
        *PROGRESS,
        "--as-of",
        "2020-11-15",
        "--since",
        "2020-06-30",
        "--unit",
        "高新区",
    )
    [notice] = data["notices"]
    assert {k: v for k, v in notice.items() if k != "missing"} == {
        "unit": "高新区管委会",
        "file": None,
        "reasons": ["未报送进展 1 项"],
        "due_soon": [],
        "overdue": [],
        "missing_forms": ["13.1"],
    }
    # Each item says the unit's role (负责: it owns 13.1) and its own figure (none sent yet).
    assert [(m["id"], m["role"], m["own_value"]) for m in notice["missing"]] == [
        ("13.1", "owner", None)
    ]


def test_missing_forms_counts_each_expected_unit_without_a_record() -> None:
    plan = load_checked_plan(PLAN_DIR)
    ledger = load_checked_progress(plan, EXAMPLE_PROGRESS)
    as_of = dt.date(2020, 12, 30)
    results = evaluate_all(plan, ledger.records, as_of)
    missing = missing_forms(plan, results, ledger.records, dt.date(2020, 6, 30), as_of)
    # 13.1 on 12-30: nobody has reported since 06-30, so each of its four units owes a report.
    owed = [m.unit for m in missing if m.result.instance.key == "13.1"]
    reporters = reporters_of(plan, next(t for t in plan.targets if t.id == "13.1"))
    assert reporters[0] == "高新区管委会"
    assert owed == reporters and len(owed) == 4
    # On 12-31 its owner reports 13.1 已完成: nothing more is owed on it by anyone.
    as_of = dt.date(2020, 12, 31)
    results = evaluate_all(plan, ledger.records, as_of)
    missing = missing_forms(plan, results, ledger.records, dt.date(2020, 6, 30), as_of)
    assert [r.status for r in results if r.instance.key == "13.1"] == ["done"]
    assert not [m for m in missing if m.result.instance.key == "13.1"]
    # A year of an annual target that closed before the period asks for nothing.
    assert not [m for m in missing if m.result.instance.year == 2019]


def test_remind_writes_one_markdown_notice_per_unit(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "催办"
    result = runner.invoke(
        app,
        [
            "remind",
            *PROGRESS,
            "--as-of",
            "2020-12-10",
            "--unit",
            "市教育体育局",
            "-f",
            "markdown",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    path = out / "催办通知-市教育体育局.md"
    assert result.stdout == (f"已生成 1 份催办通知（截至 2020-12-10）：\n  {path}：临近截止 6 项\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# 关于抓紧推进《实施“资阳工匠”培养工程责任分工方案》相关目标任务的催办通知\n\n"
        "督办编号：资府督办〔2020〕\u3000\u3000号\n\n市教育体育局：\n\n"
        "根据《实施“资阳工匠”培养工程责任分工方案》（资府办发〔2018〕78号）分工，截至2020年12月10日，"
        "你单位有以下事项需要办理：临近截止 6 项。"
    )
    assert "## 一、临近截止的目标" in text
    assert "| 7.2    | 技师学院" in text
    assert text.rstrip().endswith("资阳市人民政府办公室\n\n2020年12月10日")
    again = runner.invoke(
        app,
        [
            "remind",
            *PROGRESS,
            "--as-of",
            "2020-12-10",
            "--unit",
            "市教育体育局",
            "-f",
            "markdown",
            "-o",
            str(out),
        ],
    )
    assert again.exit_code == 2
    assert "文件已存在，未覆盖" in again.stderr and "--force" in again.stderr


def test_remind_says_when_nobody_owes_anything(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["remind", *PROGRESS, "--as-of", "2019-01-15", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0
    assert result.stdout == "截至 2019-01-15，没有需要催办的事项，未生成文件\n"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_remind_unknown_unit_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["remind", *PROGRESS, "--unit", "教育体育", "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("zygj: error: 未找到单位“教育体育”")
    assert "市教育体育局" in result.stderr


def test_remind_needs_a_folder(runner: CliRunner) -> None:
    result = runner.invoke(app, ["remind", *PROGRESS, "--as-of", "2020-12-10"])
    assert result.exit_code == 2
    assert "请用 -o 给出写入催办通知的文件夹" in result.stderr


# ------------------------------------------------------------------------- score


def test_score_default_scheme_ranks_with_ties(runner: CliRunner) -> None:
    data = _json(runner, "score", *PROGRESS, "--year", "2020")
    assert (
        data["scheme"] == "default" and data["as_of"] == "2021-01-31"
    )  # the end of the backfill window
    ranking = [(u["rank"], u["unit"], u["score"], u["missed_forms"]) for u in data["units"]]
    # One form a quarter: 高新区 reported only in Q4 (3 missed); 市人社局 in Q2, Q3 and Q4.
    assert ranking[:5] == [
        (1, "高新区管委会", 97.0, 3),
        # 11.2 is reported done by its lead (市文广新局), whose word decides it: 1 of 3, less 2 forms.
        (2, "市文化广电新闻出版局", 31.33, 2),
        (3, "市人力资源社会保障局", 29.0, 1),
        # Judged after the deadline, 14.1 (3100 of 5000) is 逾期 and earns nothing.
        (4, "市教育体育局", 0.0, 3),
        (4, "市经济和信息化委", 0.0, 3),
    ]
    # Then the units asked to report that own no scored target: their 少报 deduction alone,
    # ties in units.yaml order (市总工会 reported nothing in Q1–Q3, 市妇联 nothing all year).
    rest = {unit: (rank, score, missed) for rank, unit, score, missed in ranking[5:]}
    assert rest["市总工会"] == (6, -3.0, 3) and rest["市妇联"][1:] == (-4.0, 4)
    assert all(u["targets"] == 0 for u in data["units"][5:])


def test_score_agrees_with_the_report(runner: CliRunner) -> None:
    """Every status behind a score is the report's status for that target."""
    report = _json(runner, "report", *PROGRESS, "--as-of", "2021-01-31")  # 2020's assessment date
    statuses = {(t["id"], t["year"]): t["status"] for t in report["targets"]}
    owners = {(t["id"], t["year"]): t["owner"] for t in report["targets"]}
    data = _json(runner, "score", *PROGRESS, "--year", "2020")
    for unit in data["units"]:
        for part in unit["contributions"]:
            target, _, year = part["target"].partition("@")
            key = (target, int(year) if year else None)
            assert part["status"] == statuses[key]
            assert owners[key] == unit["unit"]
        counted = sum(unit["counts"].values())
        assert counted == unit["targets"]


def test_score_explain_adds_up(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["score", *PROGRESS, "--year", "2020", "--explain", "文广新局", "-f", "plain"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "市文化广电新闻出版局 考评得分明细"
    assert "11.2    传统技艺得到有效保护和传承" in result.stdout
    assert lines[-1] == (
        "合计 33.33 = 100 × Σ(权重 × 得分比例) ÷ Σ权重 3；少报 2 份扣 2 分；得分 31.33，第 2 名"
    )


def test_score_by_declared_scheme(runner: CliRunner, plan_copy: Path) -> None:
    targets = plan_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    scheme = (
        'scoring:\n  done: 1\n  in_progress: 0.5\n  missed_form: 0\n  weights:\n    "11.2": 2\n'
    )
    text = text.replace(
        '  - id: "11.2"\n', '  - id: "11.2"\n    combine: sum\n', 1
    )  # the lead's word decides
    targets.write_text(text.replace("targets:\n", scheme + "targets:\n", 1), encoding="utf-8")
    data = _json(
        runner,
        "score",
        "--plan",
        str(plan_copy),
        *PROGRESS,
        "--year",
        "2020",
        "--explain",
        "文广新局",
    )
    # 11.2 done (weight 2), 11.1 not started, 12.1 qualitative in progress: 100 × 2 / 4.
    assert data["score"] == 50.0 and data["deduction"] == 0
    assert [(c["target"], c["weight"], c["share"]) for c in data["contributions"]] == [
        ("11.1", 1.0, 0.0), ("11.2", 2.0, 1.0), ("12.1", 1.0, 0.0),
    ]  # fmt: skip
    table = _json(runner, "score", "--plan", str(plan_copy), *PROGRESS, "--year", "2020")
    assert table["scheme"] == "plan"


def test_score_csv_has_the_counts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", *PROGRESS, "--year", "2019", "-f", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "\ufeff名次,单位,得分,目标数,按时完成,逾期完成,推进中,未启动,逾期,未达力争,少报,扣分",
        # Reported in Q4 2019 only; judged on 2020-01-31, the four unreported instances are 逾期.
        "1,市人力资源社会保障局,30.33,6,2,0,0,0,4,0,3,3",
        # The units asked to report that own no 2019 target: their 少报 deduction alone.
        "2,市人才办,-4.00,0,0,0,0,0,0,0,4,4",
    ]


# --------------------------------------------------------------- bad scoring:


def test_bad_scoring_block_is_located(runner: CliRunner, plan_copy: Path) -> None:
    targets = plan_copy / "targets.yaml"
    lines = targets.read_text(encoding="utf-8").split("\n")
    at = lines.index("targets:")
    block = ["scoring:", "  done_late: 1.5", "  bonus: 3", "  weights:", '    "1.1": -2',
             '    "99.9": 2']  # fmt: skip
    targets.write_text("\n".join(lines[:at] + block + lines[at:]), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    first = at + 1
    shown = f"{plan_copy}/targets.yaml"
    assert (
        f"{shown}:{first + 1}:14: error: scoring的 done_late 应不大于 1，实际为 1.5"
        in result.stderr
    )
    assert (
        f"{shown}:{first + 2}:3: error: scoring的 bonus 是不认识的字段（可能拼写有误）"
        in result.stderr
    )
    assert (
        f"{shown}:{first + 4}:12: error: scoring的 weights的 1.1 应不小于 0，实际为 -2"
        in result.stderr
    )
    # With the model's errors fixed, the cross-check names the unknown target.
    fixed = [line for line in block if "1.5" not in line and "bonus" not in line]
    fixed = [line.replace("-2", "2") for line in fixed]
    targets.write_text("\n".join(lines[:at] + fixed + lines[at:]), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert result.exit_code == 1
    assert (
        f"{shown}:{first + 3}:13: error: scoring.weights 中的目标“99.9”不存在（zygj targets 可列出全部目标）"
        in result.stderr
    )


def test_html_report_has_the_ranking(runner: CliRunner) -> None:
    page = runner.invoke(app, ["report", *PROGRESS, "--as-of", "2020-12-31", "-f", "html"]).stdout
    section = page[page.index('<section id="ranking">') :]
    section = section[: section.index("</section>")]
    assert "<h2>2020 年度考评排名</h2>" in section
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", section)
    # The 通报 of 2020-12-31 ranks 2020 as it stands that day.
    scores = _json(runner, "score", *PROGRESS, "--as-of", "2020-12-31")["units"]
    assert [tuple(cells[i : i + 3]) for i in range(0, len(cells), 12)] == [
        (str(u["rank"]), u["unit"], f"{u['score']:.2f}") for u in scores
    ]


# ------------------------------------------------------------- forms per period


def test_forms_are_owed_once_per_ended_period() -> None:
    import datetime as dt

    from zygj.rules.assessment import periods

    quarters = periods("quarter", 2020, dt.date(2020, 7, 1))
    assert quarters == [
        (dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        (dt.date(2020, 4, 1), dt.date(2020, 6, 30)),
    ]
    assert len(periods("quarter", 2020, dt.date(2020, 6, 29))) == 1  # Q2 not over yet
    assert len(periods("month", 2020, dt.date(2020, 12, 31))) == 12
    assert periods("year", 2020, dt.date(2020, 12, 30)) == []
    assert periods("year", 2020, dt.date(2020, 12, 31)) == [
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    ]


def test_form_period_is_declared_in_the_scheme(runner: CliRunner, plan_copy: Path) -> None:
    """A yearly form: 高新区管委会 reported in 2020, so it owes nothing (with quarters it owes 3)."""
    targets = plan_copy / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8") + "\nscoring:\n  form_period: year\n", encoding="utf-8"
    )
    data = _json(runner, "score", *PROGRESS, "--year", "2020", "--plan", str(plan_copy))
    missed = {u["unit"]: u["missed_forms"] for u in data["units"]}
    assert missed["高新区管委会"] == 0 and missed["市人力资源社会保障局"] == 0
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("form_period: year", "form_period: week"),
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["validate", "--plan", str(plan_copy)])
    assert refused.exit_code == 1
    assert "form_period" in refused.stderr and "month" in refused.stderr
