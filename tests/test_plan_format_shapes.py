"""The plan format carries what real documents say.

An owner without a lead, growth and relative targets, milestones, merged rows, the
report due day and collectives without members — on the fictional county plan
``tests/fixtures/format20`` (a 民生实事 table listing only 责任单位).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.positions import at
from zygj.cli.main import app
from zygj.core.plan import Plan, report_due_date
from zygj.load.plan import load_plan as load_with_diagnostics
from zygj.rules.query import target_role
from zygj.rules.reporters import reporter_role, reporters_of

PLAN = Path(__file__).parent / "fixtures" / "format20"
MEASURES, TARGETS = PLAN / "measures.yaml", PLAN / "targets.yaml"


def load_plan(folder: Path) -> Plan:
    plan, _ = load_with_diagnostics(folder)
    assert plan is not None
    return plan


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    for source in PLAN.iterdir():
        text = source.read_text(encoding="utf-8")
        if source.name == name:
            assert old in text, old
            text = text.replace(old, new, 1)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def states(tmp_path: Path, records: str, as_of: str) -> dict[str, dict[str, Any]]:
    progress = tmp_path / "p.yaml"
    progress.write_text("records:\n" + records, encoding="utf-8")
    code, stdout, stderr = run(
        "targets", "--format", "json", "--as-of", as_of, "--progress", progress, "--plan", PLAN
    )
    assert code == 0, stderr
    return {
        r["id"] if r["year"] is None else f"{r['id']}@{r['year']}": r for r in json.loads(stdout)
    }


# ------------------------------------------------------------------ owners


def test_the_plan_validates_with_one_warning_for_several_responsible_units() -> None:
    code, stdout, stderr = run("validate", "--plan", PLAN)
    assert code == 0
    assert stderr.strip().endswith(
        f"{MEASURES.name}:{at(MEASURES, '[县住建局, 县水务局]')}: warning: 第 2 项措施没有牵头单位，有 2 个责任单位："
        "由列第一位的“县住建局”负责（其他单位按配合计）；如不是它，请用 owner 写明"
    )
    assert "未发现问题" in stdout


def test_the_sole_responsible_unit_owns_and_is_never_a_partner() -> None:
    plan = load_plan(PLAN)
    targets = {t.id: t for t in plan.targets}
    assert plan.owner_of(targets["1"]) == plan.owner_of(targets["1.1"]) == "县水务局"
    assert target_role(plan, targets["1.1"], "县水务局") == "owner"
    assert reporter_role(plan, targets["1.1"], "县水务局") == "owner"
    # Several responsible units: owner: names one, else the first listed; the others are partners.
    assert plan.owner_of(targets["3"]) == "县教育局"
    assert plan.owner_of(targets["2"]) == "县住建局"
    assert reporters_of(plan, targets["2"]) == ["县住建局", "县水务局"]
    assert reporter_role(plan, targets["2"], "县水务局") == "partner"


def test_progress_add_defaults_to_the_sole_responsible_unit(tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    code, _, stderr = run(
        "progress",
        "add",
        "1.1",
        "--value",
        "1",
        "--date",
        "2024-03-31",
        "--progress",
        progress,
        "--plan",
        PLAN,
    )
    assert code == 0, stderr  # it used to refuse: no default unit without a lead
    found = states(
        tmp_path, progress.read_text(encoding="utf-8").split("records:\n")[1], "2024-04-01"
    )
    assert (found["1.1"]["actual"], found["1.1"]["parts"][0]["unit"]) == (1, "县水务局")


def test_remind_and_score_reach_units_without_a_lead(tmp_path: Path) -> None:
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "1.1", date: 2024-03-31, value: 1}\n', encoding="utf-8"
    )
    code, stdout, stderr = run(
        "remind",
        "--format",
        "json",
        "--as-of",
        "2024-11-05",
        "--progress",
        progress,
        "--plan",
        PLAN,
    )
    assert code == 0, stderr
    notices = {n["unit"]: n for n in json.loads(stdout)["notices"]}
    assert [i["id"] for i in notices["县水务局"]["overdue"]] == ["1", "1.1"]
    assert {i["role"] for i in notices["县水务局"]["overdue"]} == {"owner"}
    code, stdout, stderr = run(
        "score", "--format", "json", "--year", "2024", "--progress", progress, "--plan", PLAN
    )
    assert code == 0, stderr
    ranked = {u["unit"] for u in json.loads(stdout)["units"]}
    assert {"县水务局", "县住建局", "县教育局", "县发展改革局", "各街道"} <= ranked


# ------------------------------------------------------------------ growth and relative


def test_a_year_to_date_growth_above_the_target_is_in_progress(tmp_path: Path) -> None:
    found = states(tmp_path, '  - {target: "5.1", date: 2024-07-31, value: 5.8}\n', "2024-08-10")
    row = found["5.1@2024"]
    assert (row["status"], row["actual"], row["value"], row["op"]) == (
        "in_progress",
        5.8,
        6.2,
        "growth",
    )
    assert row["completion"] < 1


@pytest.mark.parametrize(
    ("value", "status"),
    [(5.7, "done"), (5.69, "overdue"), (8, "done")],  # 6.2 左右 with band 0.5: 5.7 meets it
)
def test_the_full_year_growth_is_judged_at_its_band(
    tmp_path: Path, value: float, status: str
) -> None:
    found = states(
        tmp_path, f'  - {{target: "5.1", date: 2024-12-31, value: {value}}}\n', "2025-02-10"
    )
    assert found["5.1@2024"]["status"] == status


def test_a_year_end_growth_sent_in_january_meets_on_31_december(tmp_path: Path) -> None:
    found = states(
        tmp_path, '  - {target: "5.1", date: 2025-01-20, year: 2024, value: 6.0}\n', "2025-01-25"
    )
    assert (found["5.1@2024"]["status"], found["5.1@2024"]["met_on"]) == ("done", "2024-12-31")


@pytest.mark.parametrize(
    ("income", "status"),
    [(6.0, "done"), (5.9, "overdue")],  # 与经济增长同步: at least the reported growth (6.0)
)
def test_a_relative_target_is_judged_against_the_reported_reference(
    tmp_path: Path, income: float, status: str
) -> None:
    records = (
        '  - {target: "5.1", date: 2024-12-31, value: 6.0}\n'
        f'  - {{target: "5.2", date: 2024-12-31, value: {income}}}\n'
    )
    assert states(tmp_path, records, "2025-02-10")["5.2@2024"]["status"] == status


def test_a_relative_target_without_its_reference_figure_is_not_met(tmp_path: Path) -> None:
    found = states(tmp_path, '  - {target: "5.2", date: 2024-12-31, value: 9}\n', "2024-12-31")
    assert found["5.2@2024"]["status"] == "in_progress"


def test_a_negative_growth_target_is_met_by_a_smaller_fall(tmp_path: Path) -> None:
    folder = edited(tmp_path, "targets.yaml", "value: 6.2\n    band: 0.5", "value: -2")
    progress = tmp_path / "p.yaml"
    progress.write_text(
        'records:\n  - {target: "5.1", date: 2024-12-31, value: 0}\n', encoding="utf-8"
    )
    code, stdout, stderr = run(
        "targets",
        "--format",
        "json",
        "--as-of",
        "2024-12-31",
        "--progress",
        progress,
        "--plan",
        folder,
    )
    assert code == 0, stderr
    assert next(r for r in json.loads(stdout) if r["id"] == "5.1")["status"] == "done"


# ------------------------------------------------------------------ milestones


def test_milestones_are_tasks_with_their_own_deadline(tmp_path: Path) -> None:
    found = states(
        tmp_path, '  - {target: "3-2", date: 2024-09-20, status: 已完成}\n', "2024-10-01"
    )
    assert (found["3-1"]["status"], found["3-1"]["deadline"], found["3-1"]["title"]) == (
        "overdue",
        "2024-05-31",
        "动工：新建县第三中学",
    )
    assert found["3-2"]["status"] == "done"
    assert (found["3"]["status"], found["3"]["deadline"]) == ("not_started", "2024-11-30")


# ------------------------------------------------------------------ merged rows, collectives


def test_merged_rows_keep_the_documents_numbering() -> None:
    code, stdout, _ = run("measures", "--format", "json", "--plan", PLAN)
    assert code == 0
    assert [(m["no"], m["label"]) for m in json.loads(stdout)][2:5] == [
        (3, "3."),
        (4, "3."),
        (5, "4."),
    ]


def test_a_collective_without_members_is_one_addressee_everywhere(tmp_path: Path) -> None:
    code, stdout, stderr = run("measures", "--unit", "各街道", "--format", "json", "--plan", PLAN)
    assert code == 0, stderr
    assert [m["no"] for m in json.loads(stdout)] == [6]
    found = states(
        tmp_path,
        '  - {target: "6", date: 2024-06-20, unit: 各街道, status: 已完成}\n',
        "2024-06-30",
    )
    assert found["6"]["status"] == "done"
    assert found["6"]["owner"] == "各街道"
    (tmp_path / "p.yaml").write_text(
        'records:\n  - {target: "1.1", date: 2024-03-31, value: 1}\n', encoding="utf-8"
    )
    code, stdout, stderr = run(
        "remind",
        "--unit",
        "各街道",
        "--as-of",
        "2024-07-05",
        "--format",
        "json",
        "--progress",
        tmp_path / "p.yaml",
        "--plan",
        PLAN,
    )
    assert code == 0, stderr
    notices = json.loads(stdout)["notices"]
    assert [(n["unit"], [i["id"] for i in n["overdue"]]) for n in notices] == [("各街道", ["6"])]


# ------------------------------------------------------------------ report due


@pytest.mark.parametrize(
    ("wording", "period_end", "due"),
    [
        ("每季度末月20日前", "2024-06-30", "2024-06-20"),
        ("每季度末月20日前", "2024-05-31", "2024-06-20"),
        ("每季度结束后10日内", "2024-09-30", "2024-10-10"),
        ("每月25日前", "2024-02-29", "2024-02-25"),
        ("每半年末月20日前", "2024-03-31", "2024-06-20"),
        ("每年12月20日前", "2024-12-31", "2024-12-20"),
    ],
)
def test_the_report_due_day(tmp_path: Path, wording: str, period_end: str, due: str) -> None:
    folder = edited(tmp_path, "measures.yaml", "每季度末月20日前", wording)
    assert report_due_date(
        load_plan(folder), dt.date.fromisoformat(period_end)
    ) == dt.date.fromisoformat(due)


def test_no_report_due_day_is_none(tmp_path: Path) -> None:
    folder = edited(tmp_path, "measures.yaml", "  report_due: 每季度末月20日前\n", "")
    assert report_due_date(load_plan(folder), dt.date(2024, 6, 30)) is None


# ------------------------------------------------------------------ rejected forms

LEAD_LINE = at(MEASURES, '- "no": 3').split(":")[0]
T11, T51, T52 = (at(TARGETS, f'id: "{k}"') for k in ("1.1", "5.1", "5.2"))
REF = at(TARGETS, '"5.1"', after="reference: ")
MEASURE_3 = f"{MEASURES.name}:{int(LEAD_LINE)}:5"

REJECTED = [
    (
        "measures.yaml",
        "每季度末月20日前",
        "每季度20日前",
        f"measures.yaml:{at(MEASURES, '每季度末月20日前')}: error: document的 report_due：报送时限“每季度20日前”"
        "没有说是哪个月：请写“每季度末月20日前”或“每季度结束后20日内”",
    ),
    (
        "measures.yaml",
        "每季度末月20日前",
        "每月31日前",
        f"measures.yaml:{at(MEASURES, '每季度末月20日前')}: error: document的 report_due：报送时限“每月31日前”"
        "中的 31 日不是每个月都有：请写 1—28 日",
    ),
    (
        "measures.yaml",
        "每季度末月20日前",
        "尽快",
        f"measures.yaml:{at(MEASURES, '每季度末月20日前')}: error: document的 report_due：不认识的报送时限“尽快”"
        "（可写 每季度末月20日前、每季度结束后10日内、每月25日前、每半年末月20日前、每年12月20日前）",
    ),
    (
        "measures.yaml",
        "    owner: 县教育局\n",
        "    owner: 县水务局\n",
        f"{MEASURE_3}: error: 第 3 项措施：owner“县水务局”应为本措施的责任单位之一（responsible）",
    ),
    (
        "measures.yaml",
        "    responsible: [县教育局, 县住建局]\n",
        "    lead: [县教育局]\n    responsible: [县住建局]\n",
        f"{MEASURE_3}: error: 第 3 项措施：有牵头单位时由第一个牵头单位负责，不能再写 owner",
    ),
    (
        "measures.yaml",
        "{name: 投入使用, deadline: 2024年9月底前}",
        "{name: 动工, deadline: 2024年9月底前}",
        f"{MEASURE_3}: error: 第 3 项措施：第 2 个节点“动工”与前面的节点重名",
    ),
    (
        "measures.yaml",
        "{name: 投入使用, deadline: 2024年9月底前}",
        "{name: 投入使用, deadline: 长期坚持}",
        f"measures.yaml:{at(MEASURES, '2024年9月底前')}: error: 第 3 项措施的节点“投入使用”须有确定的日期"
        "（如 2024年5月底前），不能是“长期坚持”",
    ),
    (
        "measures.yaml",
        "{name: 投入使用, deadline: 2024年9月底前}",
        "{name: 投入使用, deadline: 尽快}",
        f"measures.yaml:{at(MEASURES, '2024年9月底前')}: error: 第 3 项措施的节点“投入使用”：不认识的完成时限“尽快”",
    ),
    (
        "targets.yaml",
        "    value: 6.2\n",
        "",
        f"targets.yaml:{T51}: error: 第 2 个目标：op 为 growth 时必须给出 value（同比增长率，如 6.2）",
    ),
    (
        "targets.yaml",
        '    reference: "5.1"\n',
        "",
        f'targets.yaml:{T52}: error: 第 3 个目标：op 为 relative 时必须给出 reference（对照的目标编号，如 "1.1"）',
    ),
    (
        "targets.yaml",
        '    reference: "5.1"\n',
        '    reference: "5.9"\n',
        f"targets.yaml:{REF}: error: 目标 5.2 的 reference“5.9”不是本方案的目标（zygj targets 可列出全部目标）",
    ),
    (
        "targets.yaml",
        '    reference: "5.1"\n',
        '    reference: "5.2"\n',
        f"targets.yaml:{REF}: error: 目标 5.2 不能以自己为 reference",
    ),
    (
        "targets.yaml",
        "    value: 2\n",
        "    value: 2\n    band: 1\n",
        f"targets.yaml:{T11}: error: 第 1 个目标：只有 op: growth 或 op: relative 的目标才能设置 band",
    ),
    (
        "targets.yaml",
        "    value: 2\n",
        "    value: -2\n",
        f"targets.yaml:{T11}: error: 第 1 个目标：value 不能为负数（实际为 -2）："
        "只有 op: growth 的增长率、op: relative 的百分点可以为负",
    ),
    (
        "targets.yaml",
        "    value: 2\n",
        '    value: 2\n    reference: "5.1"\n',
        f"targets.yaml:{T11}: error: 第 1 个目标：只有 op: relative 的目标才能设置 reference",
    ),
    (
        "targets.yaml",
        "    band: 0.5\n",
        "    band: 0.5\n    pace: linear\n",
        f"targets.yaml:{T51}: error: 第 2 个目标：增长率、相对目标按全年数考核，"
        "不能按序时进度（pace: linear）比较，请写 pace: none 或不写",
    ),
    (
        "targets.yaml",
        "    band: 0.5\n",
        "    band: 0.5\n    min: 5\n",
        f"targets.yaml:{T51}: error: 第 2 个目标：op 为 growth 时不能有 min/max（“左右”请用 band）",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), REJECTED)
def test_rejected_forms_are_located(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    folder = edited(tmp_path, name, old, new)
    code, _, stderr = run("validate", "--plan", folder)
    assert code == 1
    errors = [
        line.removeprefix(f"{folder}/") for line in stderr.splitlines() if ": error: " in line
    ]
    assert message in errors or any(e.startswith(message) for e in errors), errors


def test_the_schema_carries_the_new_fields() -> None:
    _, stdout, _ = run("schema", "measures")
    schema = json.dumps(json.loads(stdout), ensure_ascii=False)
    for needle in ('"report_due"', '"milestones"', '"owner"', "节点名称"):
        assert needle in schema
    _, stdout, _ = run("schema", "targets")
    target = json.loads(stdout)["$defs"]["Target"]["properties"]
    assert {"growth", "relative"} <= set(target["op"]["enum"])
    assert "minimum" not in json.dumps(target["value"]) and target["band"]
    assert "reference" in target


def test_the_form_calls_the_sole_responsible_unit_owner() -> None:
    from zygj.rules.forms import form_rows

    plan = load_plan(PLAN)
    rows = form_rows(plan, "县水务局", owned_only=False, years=None)
    assert {(row.target.id, row.role) for row in rows} == {
        ("1", "owner"),
        ("1.1", "owner"),
        ("2", "partner"),
    }
    rows = form_rows(plan, "县教育局", owned_only=False, years=None)
    assert [(row.target.id, row.role) for row in rows][:3] == [
        ("3", "owner"),
        ("3-1", "owner"),
        ("3-2", "owner"),
    ]
