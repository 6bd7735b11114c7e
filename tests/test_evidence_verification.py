"""佐证材料, 核查 and 销号 (issue 24 items 1, 2, 3, 6): evidence travels with the forms into a
hashed store, the office's decisions go into their own append-only file, and the statuses,
催办, 通报 and 考评 follow. Every hostile input gets a located Chinese message and loses nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import PLAN_DIR, REPO
from zygj.cli.main import app

EXAMPLES = REPO / "examples" / "verification"
PLAN = ["--plan", str(PLAN_DIR)]
OWNER = "市人力资源社会保障局"
HEADER = "目标编号,单位,填报值,日期,状态,说明,佐证材料\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, [*args, *PLAN])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def form(
    folder: Path, rows: str, files: dict[str, bytes] | None = None, name: str = "人社.csv"
) -> Path:
    """A unit's CSV form in ``folder`` and the evidence files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(HEADER + textwrap.dedent(rows), encoding="utf-8")
    for relative, data in (files or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder / name


def collect(runner: CliRunner, source: str = "表", ledger: str = "台账.yaml") -> Result:
    return run(runner, "collect", source, "-o", ledger, "--as-of", "2020-11-30", "-f", "json")


def targets(
    runner: CliRunner, as_of: str = "2020-11-30", ledger: str = "台账.yaml", plan: Path = PLAN_DIR
) -> dict[str, dict]:
    result = runner.invoke(
        app, ["targets", "-p", ledger, "--as-of", as_of, "-f", "json", "--plan", str(plan)]
    )
    assert result.exit_code == 0, result.output
    return {
        (t["id"] if t["year"] is None else f"{t['id']}@{t['year']}"): t
        for t in json.loads(result.stdout)
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ------------------------------------------------------------------ collect: the store


def test_collect_stores_each_file_under_its_hash_and_keeps_the_name(
    runner: CliRunner, here: Path
) -> None:
    names, photo = "名单\n".encode(), b"\x89PNG fake"
    form(
        here / "表",
        f"1.3,{OWNER},3,2020-11-20,,,名单.txt；现场/照片.PNG\n",
        {"名单.txt": names, "现场/照片.PNG": photo},
    )
    result = collect(runner)
    assert result.exit_code == 0, result.output
    store = here / "台账.佐证"
    assert snapshot(store) == {f"{sha(names)}.txt": names, f"{sha(photo)}.png": photo}
    ledger = (here / "台账.yaml").read_text(encoding="utf-8")
    assert f'evidence: "名单.txt（sha256:{sha(names)}）；照片.PNG（sha256:{sha(photo)}）"' in ledger
    assert (
        json.loads(result.stdout)["records"][0]["evidence"]
        == f"名单.txt（sha256:{sha(names)}）；照片.PNG（sha256:{sha(photo)}）"
    )
    # The same forms again: nothing new, nothing rewritten.
    before = snapshot(here)
    again = collect(runner)
    assert again.exit_code == 0 and json.loads(again.stdout)["new"] == 0
    assert snapshot(here) == before


def test_csv_ledger_gets_an_evidence_column(runner: CliRunner, here: Path) -> None:
    form(here / "表", f"4.1,{OWNER},,2020-11-20,已完成,,培训.txt\n", {"培训.txt": b"x"})
    assert collect(runner, ledger="台账.csv").exit_code == 0
    lines = (here / "台账.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "target,date,unit,value,status,note,year,evidence"
    assert lines[1].endswith(f",培训.txt（sha256:{sha(b'x')}）")
    assert (here / "台账.佐证" / f"{sha(b'x')}.txt").read_bytes() == b"x"
    assert targets(runner, ledger="台账.csv")["4.1"]["status"] == "done"


def test_same_name_different_content_both_kept(runner: CliRunner, here: Path) -> None:
    form(
        here / "表",
        f"1.3,{OWNER},3,2020-11-20,,,甲/名单.txt\n1.1,{OWNER},1,2020-11-20,,,乙/名单.txt\n",
        {"甲/名单.txt": b"one", "乙/名单.txt": b"two"},
    )
    assert collect(runner).exit_code == 0
    assert snapshot(here / "台账.佐证") == {
        f"{sha(b'one')}.txt": b"one",
        f"{sha(b'two')}.txt": b"two",
    }


HOSTILE = [
    ("不存在.txt", "不存在（应在填报表所在文件夹"),
    ("../秘密.txt", "含有“..”，指向填报表所在文件夹之外"),
    ("/etc/passwd", "是绝对路径：请写相对填报表所在文件夹的路径"),
    ("C:/Windows/win.ini", "是绝对路径"),
    ("链接.txt", "经过符号链接（链接.txt），拒绝读取：请放入文件本身"),
    ("链目录/a.txt", "经过符号链接（链目录），拒绝读取"),
    ("子目录", "不是普通文件（是文件夹、管道或设备）"),
    ("大文件.bin", "有 20.0 MB，超过上限 20.0 MB：请压缩图片或只附必要的页"),
]


@pytest.mark.parametrize(("name", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_evidence_refuses_the_whole_collection(
    runner: CliRunner, here: Path, name: str, message: str
) -> None:
    (here / "秘密.txt").write_text("secret", encoding="utf-8")
    folder = here / "表"
    form(
        folder,
        f"1.1,{OWNER},1,2020-11-20,,,好的.txt\n1.3,{OWNER},3,2020-11-20,,,{name}\n",
        {"好的.txt": b"ok"},
    )
    (folder / "链接.txt").symlink_to(here / "秘密.txt")
    (folder / "链目录").symlink_to(here, target_is_directory=True)
    (folder / "子目录").mkdir()
    with open(folder / "大文件.bin", "wb") as big:  # sparse: 20 MB + 1 byte without writing them
        big.truncate(20 * 1024 * 1024 + 1)
    result = collect(runner)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"表/人社.csv:3: error: 目标 1.3（{OWNER}）的佐证材料“{name}”")
    assert message in result.stderr
    assert not (here / "台账.yaml").exists() and not (here / "台账.佐证").exists()


def test_missing_file_refuses_and_keeps_the_existing_ledger(runner: CliRunner, here: Path) -> None:
    form(here / "表", f"1.1,{OWNER},1,2020-11-20,,,a.txt\n", {"a.txt": b"a"})
    assert collect(runner).exit_code == 0
    form(here / "表", f"1.1,{OWNER},1,2020-11-20,,,a.txt\n1.3,{OWNER},3,2020-11-25,,,丢了.txt\n")
    before = snapshot(here)
    result = collect(runner)
    assert result.exit_code == 1
    assert (
        "表/人社.csv:3: error: 目标 1.3（市人力资源社会保障局）的佐证材料“丢了.txt”不存在"
        in result.stderr
    )
    assert snapshot(here) == before


def test_altered_store_file_is_never_overwritten(runner: CliRunner, here: Path) -> None:
    form(here / "表", f"1.1,{OWNER},1,2020-11-20,,,a.txt\n", {"a.txt": b"a"})
    assert collect(runner).exit_code == 0
    stored = here / "台账.佐证" / f"{sha(b'a')}.txt"
    stored.write_bytes(b"tampered")
    form(here / "表2", f"1.3,{OWNER},3,2020-11-25,,,a.txt\n", {"a.txt": b"a"})
    before = snapshot(here)
    result = collect(runner, "表2")
    assert result.exit_code == 1
    assert (
        f"台账.佐证/{sha(b'a')}.txt: error: 佐证库中已有同名文件而内容与其名称（sha256）不符"
        in result.stderr
    )
    assert snapshot(here) == before


def test_same_record_with_other_evidence_is_a_conflict(runner: CliRunner, here: Path) -> None:
    form(here / "表", f"1.1,{OWNER},1,2020-11-20,,,a.txt\n", {"a.txt": b"a"})
    assert collect(runner).exit_code == 0
    form(here / "表2", f"1.1,{OWNER},1,2020-11-20,,,b.txt\n", {"b.txt": b"b"})
    result = collect(runner, "表2")
    assert result.exit_code == 1
    assert (
        "表2/人社.csv:2: error: 目标 1.1（市人力资源社会保障局）的记录与 台账.yaml:4 的相同，佐证材料却不同："
        "补充的佐证请用新的日期另报一条记录"
    ) in result.stderr


def test_an_xlsx_form_reads_the_column(runner: CliRunner, here: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["目标编号", "单位", "日期", "状态", "佐证材料"])
    sheet.append(["4.1", OWNER, "2020-11-20", "已完成", "照片.jpg"])
    (here / "表").mkdir()
    book.save(here / "表" / "人社.xlsx")
    (here / "表" / "照片.jpg").write_bytes(b"jpg")
    assert collect(runner).exit_code == 0
    assert (here / "台账.佐证" / f"{sha(b'jpg')}.jpg").exists()


# ------------------------------------------------------------------ validate and evidence


def test_validate_finds_missing_and_altered_files(runner: CliRunner, here: Path) -> None:
    form(
        here / "表",
        f"1.1,{OWNER},1,2020-11-20,,,a.txt\n1.3,{OWNER},3,2020-11-20,,,b.txt\n",
        {"a.txt": b"a", "b.txt": b"b"},
    )
    assert collect(runner).exit_code == 0
    assert run(runner, "validate", "-p", "台账.yaml").exit_code == 0
    (here / "台账.佐证" / f"{sha(b'a')}.txt").unlink()
    (here / "台账.佐证" / f"{sha(b'b')}.txt").write_bytes(b"changed")
    result = run(runner, "validate", "-p", "台账.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"台账.yaml:4: error: 目标 1.1（{OWNER}）的佐证材料“a.txt”在佐证库中不存在（应为 台账.佐证/{sha(b'a')}.txt）",
        f"台账.yaml:9: error: 目标 1.3（{OWNER}）的佐证材料“b.txt”已被改动（台账.佐证/{sha(b'b')}.txt 的 sha256 为 "
        f"{sha(b'changed')[:12]}…，台账记的是 {sha(b'b')[:12]}…）",
    ]
    listed = run(runner, "evidence", "1.3", "-p", "台账.yaml", "-f", "json")
    assert listed.exit_code == 1
    (entry,) = json.loads(listed.stdout)
    assert (entry["name"], entry["sha256"], entry["ok"], entry["source"]) == (
        "b.txt",
        sha(b"b"),
        False,
        "台账.yaml:9",
    )


def test_a_hand_written_digest_must_match_the_store(runner: CliRunner, here: Path) -> None:
    (here / "台账.yaml").write_text(
        f'records:\n  - target: "4.1"\n    date: 2020-11-20\n    status: done\n    evidence: "x.txt（sha256:{"0" * 64}）"\n',
        encoding="utf-8",
    )
    result = run(runner, "validate", "-p", "台账.yaml")
    assert result.exit_code == 1
    assert (
        f"台账.yaml:2: error: 目标 4.1（{OWNER}）的佐证材料“x.txt”在佐证库中不存在" in result.stderr
    )


# ------------------------------------------------------------------ verify


@pytest.fixture
def collected(runner: CliRunner, here: Path) -> Path:
    result = run(
        runner, "collect", str(EXAMPLES / "首次报送"), "-o", "台账.yaml", "--as-of", "2020-11-30"
    )
    assert result.exit_code == 0, result.output
    return here


def verify(runner: CliRunner, *args: str) -> Result:
    return run(runner, "verify", *args, "-p", "台账.yaml", "--date", "2020-11-30")


def test_statuses_follow_the_decisions(runner: CliRunner, collected: Path) -> None:
    before = targets(runner)
    assert all("review" not in t for t in before.values())  # no verification file: as before
    assert verify(runner, "1.3", "--accept").exit_code == 0
    returned = verify(runner, "11.1", "--unit", "市文广新局", "--return", "--reason", "名单未盖章")
    assert (
        returned.stdout
        == "已记录到 台账.核查.yaml：目标 11.1，市文化广电新闻出版局，退回（理由：名单未盖章）\n"
    )
    now = targets(runner)
    assert (now["1.3"]["status"], now["1.3"]["review"]) == ("done", "accepted")
    assert (now["4.1"]["status"], now["4.1"]["review"]) == ("done", "pending")
    assert (now["11.1"]["status"], now["11.1"]["review"], now["11.1"]["review_note"]) == (
        "in_progress",
        "returned",
        "名单未盖章（2020年11月30日退回）",
    )
    assert now["1.2"].get("review") is None  # not done: nothing to verify
    plain = run(
        runner,
        "targets",
        "-p",
        "台账.yaml",
        "--as-of",
        "2020-11-30",
        "--measure",
        "11",
        "-f",
        "plain",
    ).stdout
    assert "推进中（退回）" in plain
    # After the deadline a returned target is overdue, not in progress.
    late = targets(runner, "2021-01-05")
    assert (late["11.1"]["status"], late["11.1"]["review"]) == ("overdue", "returned")
    report = json.loads(
        run(runner, "report", "-p", "台账.yaml", "--as-of", "2020-11-30", "-f", "json").stdout
    )
    assert report["overall"]["done_total"] == 3 and report["overall"]["in_progress"] == 1
    assert report["review"] == {"needs_evidence": 0, "pending": 2, "accepted": 1, "returned": 1}


def test_a_new_report_after_a_decision_is_pending_again(runner: CliRunner, collected: Path) -> None:
    assert (
        verify(
            runner, "11.1", "--unit", "市文广新局", "--return", "--reason", "名单未盖章"
        ).exit_code
        == 0
    )
    assert (
        run(
            runner, "collect", str(EXAMPLES / "补报"), "-o", "台账.yaml", "--as-of", "2020-12-15"
        ).exit_code
        == 0
    )
    assert targets(runner, "2020-12-15")["11.1"]["review"] == "pending"
    assert (
        targets(runner, "2020-11-30")["11.1"]["review"] == "returned"
    )  # as of the day before, still returned
    assert (
        run(
            runner,
            "verify",
            "11.1",
            "-u",
            "市文广新局",
            "--accept",
            "-p",
            "台账.yaml",
            "--date",
            "2020-12-15",
        ).exit_code
        == 0
    )
    assert targets(runner, "2020-12-15")["11.1"]["review"] == "accepted"


def test_returned_item_is_in_the_next_reminder_with_its_reason(
    runner: CliRunner, collected: Path
) -> None:
    assert (
        verify(
            runner, "11.1", "--unit", "市文广新局", "--return", "--reason", "名单未盖章"
        ).exit_code
        == 0
    )
    result = run(
        runner,
        "remind",
        "-p",
        "台账.yaml",
        "--as-of",
        "2020-12-01",
        "--unit",
        "市文广新局",
        "-f",
        "json",
    )
    (notice,) = json.loads(result.stdout)["notices"]
    assert notice["reasons"] == ["临近截止 2 项", "核查退回 1 项"]
    assert [(i["id"], i["review_note"]) for i in notice["returned"]] == [
        ("11.1", "名单未盖章（2020年11月30日退回）")
    ]
    assert "11.1" not in [
        i["id"] for i in notice["due_soon"] + notice["overdue"] + notice["missing"]
    ]
    markdown = run(
        runner,
        "remind",
        "-p",
        "台账.yaml",
        "--as-of",
        "2020-12-01",
        "--unit",
        "市文广新局",
        "-f",
        "markdown",
        "-o",
        "催办",
    )
    assert markdown.exit_code == 0
    text = (collected / "催办" / "催办通知-市文化广电新闻出版局.md").read_text(encoding="utf-8")
    assert "## 二、核查退回、需补充后重新报送的目标" in text
    assert "| 传统技艺传承人数量大幅度增加（退回理由：名单未盖章（2020年11月30日退回）） |" in text
    docx = run(
        runner,
        "remind",
        "-p",
        "台账.yaml",
        "--as-of",
        "2020-12-01",
        "--unit",
        "市文广新局",
        "-o",
        "催办docx",
    )
    assert docx.exit_code == 0


BAD_DECISIONS = [
    (
        ["99.1", "--accept"],
        "zygj verify: error: 核查记录未改动：新核查结论的 target 目标“99.1”不存在（zygj targets 可列出全部目标）",
    ),
    (
        ["1.3", "--accept", "--unit", "市人设局"],
        "zygj verify: error: 核查记录未改动：新核查结论的 unit 单位“市人设局”未在 units.yaml 中声明；是否是指：市人力资源社会保障局？",
    ),
    (
        ["1.2", "--accept"],
        "zygj verify: error: 核查记录未改动：新核查结论的 target “1.2”：台账中没有市人力资源社会保障局对目标 1.2 的记录，无从核查",
    ),
    (
        ["1.3", "--accept", "--unit", "市教体局"],
        "zygj verify: error: 核查记录未改动：新核查结论的 target “1.3”：台账中没有市教育体育局对目标 1.3 的记录，无从核查",
    ),
    (
        ["6.1", "--accept"],
        "zygj verify: error: 核查记录未改动：新核查结论的 year 缺失：目标 6.1 是年度目标，请写明核查的是哪一年（2019、2020）",
    ),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_DECISIONS, ids=[a[0][0] + a[0][-1] for a in BAD_DECISIONS]
)
def test_a_wrong_decision_writes_nothing(
    runner: CliRunner, collected: Path, args: list[str], message: str
) -> None:
    assert verify(runner, "1.3", "--accept").exit_code == 0
    before = (collected / "台账.核查.yaml").read_bytes()
    result = verify(runner, *args)
    assert (result.exit_code, result.stderr.strip()) == (1, message)
    assert (collected / "台账.核查.yaml").read_bytes() == before


def test_verify_usage_errors(runner: CliRunner, collected: Path) -> None:
    both = verify(runner, "1.3", "--accept", "--return", "--reason", "x")
    assert (both.exit_code, both.stderr) == (
        2,
        "zygj: error: 请用 --accept（销号）或 --return（退回）给出核查结论，二者选一\n",
    )
    bare = verify(runner, "1.3", "--return")
    assert bare.exit_code == 2 and "须用 --reason 写明理由" in bare.stderr
    assert not (collected / "台账.核查.yaml").exists()


def test_decisions_only_ever_append(runner: CliRunner, collected: Path) -> None:
    assert verify(runner, "1.3", "--accept").exit_code == 0
    first = (collected / "台账.核查.yaml").read_bytes()
    assert verify(runner, "1.3", "--return", "--reason", "复查发现名单有误").exit_code == 0
    second = (collected / "台账.核查.yaml").read_bytes()
    assert second.startswith(first) and second.endswith(
        '  - target: "1.3"\n    unit: "市人力资源社会保障局"\n    decision: "return"\n'
        '    reason: "复查发现名单有误"\n    date: 2020-11-30\n'.encode()
    )
    assert targets(runner)["1.3"]["review"] == "returned"  # the later decision stands


BROKEN_FILES = [
    (
        'decisions:\n  - target: "1.3"\n    unit: 市人社局\n    decision: maybe\n    date: 2020-11-30\n',
        "台账.核查.yaml:4:15: error: 第 1 条核查结论的 decision ",
    ),
    (
        'decisions:\n  - target: "1.3"\n    unit: 市人社局\n    decision: return\n    date: 2020-11-30\n',
        "台账.核查.yaml:2:5: error: 第 1 条核查结论：退回（return）须写明理由 reason",
    ),
    (
        'decisions:\n  - target: "99.9"\n    unit: 市人社局\n    decision: accept\n    date: 2020-11-30\n',
        "台账.核查.yaml:2:13: error: 第 1 条核查结论的 target 目标“99.9”不存在（zygj targets 可列出全部目标）",
    ),
    (
        "verdicts: []\n",
        "台账.核查.yaml:1:1: error: 核查记录应以 decisions: 开头，下面每条结论以“- ”开头",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), BROKEN_FILES, ids=["word", "reason", "target", "shape"]
)
def test_a_broken_verification_file_is_located_everywhere(
    runner: CliRunner, collected: Path, text: str, message: str
) -> None:
    (collected / "台账.核查.yaml").write_text(text, encoding="utf-8")
    for command in (
        ["validate", "-p", "台账.yaml"],
        ["report", "-p", "台账.yaml", "--as-of", "2020-11-30"],
        ["verify", "4.1", "--accept", "-p", "台账.yaml"],
    ):
        result = run(runner, *command)
        assert result.exit_code == 1, command
        assert message in result.stderr, (command, result.stderr)
    assert (collected / "台账.核查.yaml").read_text(encoding="utf-8") == text


# ------------------------------------------------------------------ the plan's settings


def plan_with(tmp_path: Path, defaults: str = "", scoring: str = "") -> Path:
    plan = tmp_path / "方案"
    shutil.copytree(PLAN_DIR, plan)
    path = plan / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  approx_tolerance: 0.10 ", defaults + "  approx_tolerance: 0.10 ", 1)
    path.write_text(text + scoring, encoding="utf-8")
    return plan


def test_evidence_required_makes_a_bare_completion_needs_evidence(
    runner: CliRunner, collected: Path
) -> None:
    plan = plan_with(collected, defaults="  evidence_required: true\n")
    got = targets(runner, plan=plan)
    assert (got["4.1"]["status"], got["4.1"]["review"]) == (
        "in_progress",
        "needs_evidence",
    )  # no evidence
    assert (got["1.3"]["status"], got["1.3"].get("review")) == (
        "done",
        None,
    )  # with evidence, no verification file
    text = runner.invoke(
        app,
        [
            "targets",
            "-p",
            "台账.yaml",
            "--as-of",
            "2020-11-30",
            "--measure",
            "4",
            "-f",
            "plain",
            "--plan",
            str(plan),
        ],
    ).stdout
    assert "推进中（待补佐证）" in text
    # A target may say otherwise.
    relaxed = plan / "targets.yaml"
    relaxed.write_text(
        relaxed.read_text(encoding="utf-8").replace(
            '  - id: "4.1"\n', '  - id: "4.1"\n    evidence_required: false\n', 1
        ),
        encoding="utf-8",
    )
    assert targets(runner, plan=plan)["4.1"]["status"] == "done"


def test_the_form_gets_the_column_only_when_the_plan_asks(runner: CliRunner, here: Path) -> None:
    plain = runner.invoke(
        app,
        ["progress", "template", "-u", "市人社局", "--as-of", "2020-12-31", "-o", "a.csv", *PLAN],
    )
    assert plain.exit_code == 0
    assert not (here / "a.csv").read_text(encoding="utf-8-sig").splitlines()[0].endswith("佐证材料")
    plan = plan_with(here, defaults="  evidence_required: true\n")
    for name in ("b.csv", "b.xlsx"):
        made = runner.invoke(
            app,
            [
                "progress",
                "template",
                "-u",
                "市人社局",
                "--as-of",
                "2020-12-31",
                "-o",
                name,
                "--plan",
                str(plan),
            ],
        )
        assert made.exit_code == 0, made.output
    assert (
        (here / "b.csv")
        .read_text(encoding="utf-8-sig")
        .splitlines()[0]
        .endswith(",填报口径,佐证材料")
    )
    from openpyxl import load_workbook

    sheet = load_workbook(here / "b.xlsx")["目标"]
    assert [c.value for c in sheet[5]][-2:] == ["填报口径", "佐证材料"]
    assert "只填黄色的 6 列（填报值、日期、状态、说明、年度、佐证材料）" in str(sheet["A3"].value)
    assert sheet.cell(6, 13).protection.locked is False


def test_verified_only_scores_only_accepted_completions(runner: CliRunner, collected: Path) -> None:
    plan = plan_with(collected, scoring="\nscoring:\n  verified_only: true\n")

    def score() -> dict[str, float]:
        result = runner.invoke(
            app,
            [
                "score",
                "-p",
                "台账.yaml",
                "--as-of",
                "2020-12-31",
                "-f",
                "json",
                "--plan",
                str(plan),
            ],
        )
        assert result.exit_code == 0, result.output
        return {s["unit"]: s["score"] for s in json.loads(result.stdout)["units"]}

    got = targets(runner, plan=plan)
    assert (
        got["1.3"]["review"] == "pending"
    )  # verified_only: pending even without a verification file
    pending = score()[OWNER]
    assert (
        run(
            runner,
            "verify",
            "1.3",
            "--accept",
            "-p",
            "台账.yaml",
            "--date",
            "2020-11-30",
            "--plan",
            str(plan),
        ).exit_code
        == 0
    )
    assert score()[OWNER] > pending


# ------------------------------------------------------------------ outputs


def test_the_html_report_and_the_workbook_link_the_evidence(
    runner: CliRunner, collected: Path
) -> None:
    assert (
        verify(
            runner, "11.1", "--unit", "市文广新局", "--return", "--reason", "名单未盖章"
        ).exit_code
        == 0
    )
    assert (
        run(
            runner, "report", "-p", "台账.yaml", "--as-of", "2020-11-30", "-o", "通报.html"
        ).exit_code
        == 0
    )
    page = (collected / "通报.html").read_text(encoding="utf-8")
    digest = sha((EXAMPLES / "首次报送" / "市文广新局" / "传承人名单.txt").read_bytes())
    assert (
        f'<a href="%E5%8F%B0%E8%B4%A6.%E4%BD%90%E8%AF%81/{digest}.txt">传承人名单.txt</a>' in page
    )
    assert "核查：退回 1 项，待核查 3 项，已销号 0 项" in page
    assert (
        run(
            runner, "export", "-p", "台账.yaml", "--as-of", "2020-11-30", "-o", "台账.xlsx"
        ).exit_code
        == 0
    )
    from openpyxl import load_workbook

    sheet = load_workbook(collected / "台账.xlsx")["进度记录"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "佐证材料"
    cell = sheet.cell(5, len(header))
    assert cell.value == f"传承人名单.txt（sha256:{digest}）"
    assert cell.hyperlink is not None and cell.hyperlink.target == f"台账.佐证/{digest}.txt"
    assert (
        run(
            runner, "report", "-p", "台账.yaml", "--as-of", "2020-11-30", "-o", "通报.docx"
        ).exit_code
        == 0
    )


def test_without_evidence_or_verification_nothing_changes(runner: CliRunner, here: Path) -> None:
    """A ledger without either: no review key, no 核查 section, no 佐证材料 column."""
    shutil.copy(REPO / "examples" / "progress-example.yaml", here / "p.yaml")
    data = json.loads(
        run(runner, "report", "-p", "p.yaml", "--as-of", "2020-12-31", "-f", "json").stdout
    )
    assert all("review" not in t for t in data["targets"])
    assert (
        "核查"
        not in run(runner, "report", "-p", "p.yaml", "--as-of", "2020-12-31", "-f", "plain").stdout
    )


# ------------------------------------------------------------------ a killed writer


KILLER = """
import os, signal, sys
real, suffix = os.replace, sys.argv[1]
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith(suffix):
        os.kill(os.getpid(), signal.SIGKILL)  # killed between the complete temp file and the rename
    return real(src, dst, *args, **kwargs)
os.replace = replace
from zygj.cli.main import main
sys.argv = ["zygj", *sys.argv[2:]]
main()
"""


def killed(tmp_path: Path, suffix: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, suffix, *args, *PLAN],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_verify_leaves_the_file_whole(runner: CliRunner, collected: Path) -> None:
    assert verify(runner, "1.3", "--accept").exit_code == 0
    before = (collected / "台账.核查.yaml").read_bytes()
    killed(
        collected,
        "台账.核查.yaml",
        "verify",
        "1.1",
        "--accept",
        "-p",
        "台账.yaml",
        "--date",
        "2020-11-30",
    )
    assert (collected / "台账.核查.yaml").read_bytes() == before
    assert run(runner, "validate", "-p", "台账.yaml").exit_code == 0
    # The next writer, under the lock, clears the killed one's temporary file and appends.
    assert [p.name for p in collected.glob(".台账.核查.yaml.*.tmp")] != []
    assert verify(runner, "1.1", "--accept").exit_code == 0
    assert [p.name for p in collected.glob(".台账.核查.yaml.*.tmp")] == []
    assert (collected / "台账.核查.yaml").read_bytes().startswith(before)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_collect_leaves_the_ledger_whole(runner: CliRunner, here: Path) -> None:
    form(here / "表", f"1.1,{OWNER},1,2020-11-20,,,a.txt\n", {"a.txt": b"a"})
    assert collect(runner).exit_code == 0
    before = (here / "台账.yaml").read_bytes()
    form(here / "表2", f"1.3,{OWNER},3,2020-11-25,,,b.txt\n", {"b.txt": b"b"})
    # Killed after the evidence files are in place, before the ledger's rename: the ledger is
    # as it was; the stored file is an unreferenced copy, which the next collect keeps.
    killed(here, "台账.yaml", "collect", "表2", "-o", "台账.yaml", "--as-of", "2020-11-30")
    assert (here / "台账.yaml").read_bytes() == before
    assert run(runner, "validate", "-p", "台账.yaml").exit_code == 0
    assert collect(runner, "表2").exit_code == 0
    assert run(runner, "validate", "-p", "台账.yaml").exit_code == 0
    assert targets(runner)["1.3"]["actual"] == 3


def test_validate_checks_a_forms_files_before_collect(runner: CliRunner, here: Path) -> None:
    form(
        here / "表",
        f"1.1,{OWNER},1,2020-11-20,,,有.txt\n1.3,{OWNER},3,2020-11-20,,,没有.txt\n",
        {"有.txt": b"x"},
    )
    result = run(runner, "validate", "-p", "表")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"表/人社.csv:3: error: 目标 1.3（{OWNER}）的佐证材料“没有.txt”不存在（应在填报表所在文件夹 表 中）\n"
    )


def test_an_annual_target_is_verified_year_by_year(runner: CliRunner, here: Path) -> None:
    assert (
        run(
            runner,
            "progress",
            "add",
            "6.1",
            "--status",
            "已完成",
            "--date",
            "2020-12-20",
            "-p",
            "台账.yaml",
        ).exit_code
        == 0
    )
    early = run(
        runner,
        "verify",
        "6.1",
        "--year",
        "2019",
        "--accept",
        "-p",
        "台账.yaml",
        "--date",
        "2020-12-30",
    )
    assert early.stderr == (
        "zygj verify: error: 核查记录未改动：新核查结论的 target “6.1”：台账中没有市人力资源社会保障局"
        "对目标 6.1（2019 年度）的记录，无从核查\n"
    )
    far = run(
        runner,
        "verify",
        "6.1",
        "--year",
        "2030",
        "--accept",
        "-p",
        "台账.yaml",
        "--date",
        "2020-12-30",
    )
    assert "新核查结论的 year 2030 不在目标 6.1 的考核年度（2019、2020）之内" in far.stderr
    assert (
        run(
            runner,
            "verify",
            "6.1",
            "--year",
            "2020",
            "--return",
            "--reason",
            "无名单",
            "-p",
            "台账.yaml",
            "--date",
            "2020-12-30",
        ).exit_code
        == 0
    )
    got = targets(runner, "2020-12-30")
    assert (got["6.1@2020"]["status"], got["6.1@2020"]["review"]) == ("in_progress", "returned")
    assert got["6.1@2019"]["status"] == "overdue" and "review" not in got["6.1@2019"]
