"""`zygj progress add`: the old bytes stay, the write is atomic and locked, bad records write nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app
from zygj.core.diagnostics import ZygjError
from zygj.load.ledger import checked_new_record
from zygj.load.progress.yaml import append_record
from zygj.load.yaml_doc import parse_yaml

ADD = ["progress", "add", "1.1", "--value", "2", "--date", "2020-10-01", "--plan", str(PLAN_DIR)]
BLOCK = '  - target: "1.1"\n    date: 2020-10-01\n    value: 2\n'
RECORD = '  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n'


def add(runner: CliRunner, path: Path, *extra: str) -> Result:
    return runner.invoke(app, [*ADD, "--progress", str(path), *extra])


def added_message(path: Path, count: int) -> str:
    return f"已追加到 {path}：目标 1.1，2020-10-01，市人力资源社会保障局，2（共 {count} 条记录）\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ----------------------------------------------------------- bytes kept exactly


def test_example_file_is_a_prefix_of_the_new_file(runner: CliRunner, here: Path) -> None:
    old = EXAMPLE_PROGRESS.read_bytes()
    (here / "p.yaml").write_bytes(old)
    result = add(runner, Path("p.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == added_message(Path("p.yaml"), 23)
    assert (here / "p.yaml").read_bytes() == old + BLOCK.encode()


def test_trailing_comments_stay_last(runner: CliRunner, here: Path) -> None:
    head = "# 进度\nrecords:\n" + RECORD
    tail = "\n# 以下为说明：\n#   每季度末填报一次\n"
    (here / "p.yaml").write_text(head + tail, encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    assert (here / "p.yaml").read_text(encoding="utf-8") == head + BLOCK + tail


def test_comments_inside_the_last_record_stay_inside(runner: CliRunner, here: Path) -> None:
    head = "records:\n" + RECORD + "    # 已与财政局核对\n"
    (here / "p.yaml").write_text(head, encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    assert (here / "p.yaml").read_text(encoding="utf-8") == head + BLOCK


def test_quoting_and_odd_spacing_of_old_records_are_untouched(
    runner: CliRunner, here: Path
) -> None:
    head = (
        "records:   # 注释\n"
        "- {target: '1.1', date: 2020-03-31, value: 0, note: \"一季度：未启动\"}\n"
        '-   target: "1.1"\n'
        "    date:   2020-06-30\n"
        "    value: 1\n"
        "    note: |\n"
        "      多行说明\n"
        "      第二行\n"
    )
    (here / "p.yaml").write_text(head + "\n\n", encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    new_block = textwrap.dedent(BLOCK)  # the list's dashes are at column 0 here
    assert (here / "p.yaml").read_text(encoding="utf-8") == head + new_block + "\n\n"


def test_crlf_and_bom_are_kept(runner: CliRunner, here: Path) -> None:
    old = b"\xef\xbb\xbf" + ("# 用记事本保存\nrecords:\n" + RECORD).replace("\n", "\r\n").encode()
    (here / "p.yaml").write_bytes(old)
    assert add(runner, Path("p.yaml")).exit_code == 0
    new = (here / "p.yaml").read_bytes()
    assert new == old + BLOCK.replace("\n", "\r\n").encode()
    assert new.count(b"\n") == new.count(b"\r\n")


def test_file_without_final_newline(runner: CliRunner, here: Path) -> None:
    old = "records:\n" + RECORD.rstrip("\n")
    (here / "p.yaml").write_text(old, encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    assert (here / "p.yaml").read_text(encoding="utf-8") == old + "\n" + BLOCK


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("# 空台账\nrecords: []\n", "# 空台账\nrecords:\n" + BLOCK),
        ("records: []  # 尚无记录\n", "records:  # 尚无记录\n" + BLOCK),
        ("records:\n", "records:\n" + BLOCK),
        ("records:\n# 以后每条记录写在这里\n", "records:\n" + BLOCK + "# 以后每条记录写在这里\n"),
        ("records: ~\n", "records:\n" + BLOCK),
        ("# 只有注释\n", "# 只有注释\nrecords:\n" + BLOCK),
    ],
    ids=["empty-list", "empty-list-comment", "null", "null-then-comment", "tilde", "comments-only"],
)
def test_empty_records(runner: CliRunner, here: Path, old: str, new: str) -> None:
    (here / "p.yaml").write_text(old, encoding="utf-8")
    result = add(runner, Path("p.yaml"))
    assert result.exit_code == 0, result.stderr
    assert (here / "p.yaml").read_text(encoding="utf-8") == new


def test_missing_file_is_created(runner: CliRunner, here: Path) -> None:
    result = add(runner, Path("new.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == added_message(Path("new.yaml"), 1)
    assert (here / "new.yaml").read_text(encoding="utf-8") == (
        "# zygj 进度文件：每条记录是一个单位对一个目标、截至某日的累计数。\n"
        "# 字段：target（目标编号，加引号）、date、unit、value、status、note。\n"
        "records:\n" + BLOCK
    )


def test_text_is_spliced_before_a_following_top_level_key() -> None:
    """The splice itself (the CLI then refuses such a file: progress files have only records)."""
    text = "records:\n" + RECORD + "# 附注\nsummary: 1\n"
    fields: dict[str, object] = {"target": "1.1", "date": dt.date(2020, 10, 1), "value": 2.0}
    new = append_record(text, parse_yaml(text, "p.yaml"), fields)
    assert new == "records:\n" + RECORD + BLOCK + "# 附注\nsummary: 1\n"


def test_an_aliased_last_record_is_not_split(runner: CliRunner, here: Path) -> None:
    old = 'records:\n  - &first {target: "1.1", date: 2020-06-30, value: 1}\n  - *first\n'
    (here / "p.yaml").write_text(old, encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    assert (here / "p.yaml").read_text(encoding="utf-8") == old + BLOCK


def test_what_was_written_reads_back(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text("records: []\n", encoding="utf-8")
    result = add(
        runner, Path("p.yaml"), "--unit", "人社局", "--note", '他说："好"\n第二行 # 不是注释'
    )
    assert result.exit_code == 0, result.stderr
    [record] = parse_yaml((here / "p.yaml").read_text(encoding="utf-8"), "p").data["records"]
    assert record == {
        "target": "1.1",
        "date": "2020-10-01",
        "unit": "市人力资源社会保障局",
        "value": 2,
        "note": '他说："好"\n第二行 # 不是注释',
    }


# --------------------------------------------------- nothing written when wrong


GOOD = "# 台账\nrecords:\n" + RECORD


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["progress", "add", "9.9", "--value", "1"], 1,
         "zygj progress add: error: 新记录的 target 目标“9.9”不存在（zygj targets 可列出全部目标）"
         "；第 9 项措施的目标有 9.1、9.2"),
        # A rejected record is exit 1 whatever field is wrong (the unit as the target).
        (["progress", "add", "1.1", "--value", "1", "--unit", "市人设局"], 1,
         "zygj progress add: error: 新记录的 unit 单位“市人设局”未在 units.yaml 中声明；是否是指：市人力资源社会保障局？"),
        (["progress", "add", "9.2", "--value", "120"], 1,
         "zygj progress add: error: 新记录的 value 应为 0—100 之间的百分数（65 表示 65％），实际为 120"),
        (["progress", "add", "1.1", "--value", "1", "--date", "2020-13-01"], 2,
         "zygj: error: --date 应为日期 YYYY-MM-DD（如 2021-01-01），实际为“2020-13-01”"),
        (["progress", "add", "1.1"], 2, "zygj: error: 请用 --value 给出累计数，或用 --status 给出状态"),
    ],
    ids=["unknown-target", "unknown-unit", "percent-over-100", "bad-date", "no-figure"],
)  # fmt: skip
def test_invalid_record_writes_nothing(
    runner: CliRunner, here: Path, args: list[str], code: int, message: str
) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    before = (here / "p.yaml").read_bytes()
    result = runner.invoke(
        app,
        [*args, "--date", "2020-10-01", "--progress", "p.yaml", "--plan", str(PLAN_DIR)]
        if "--date" not in args
        else [*args, "--progress", "p.yaml", "--plan", str(PLAN_DIR)],
    )
    assert result.exit_code == code, result.stderr
    assert result.stderr.splitlines() == [message]
    assert (here / "p.yaml").read_bytes() == before
    assert sorted(p.name for p in here.iterdir() if p.name != ".p.yaml.lock") == ["p.yaml"]


def test_negative_value_writes_nothing(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    before = (here / "p.yaml").read_bytes()
    result = add(runner, Path("p.yaml"), "--value", "-5")
    assert result.exit_code != 0
    assert (here / "p.yaml").read_bytes() == before


def test_checked_new_record_leaves_a_negative_value_to_the_plan() -> None:
    # A growth rate may fall below zero: whether -5 is allowed depends on the target.
    record = checked_new_record({"target": "1.1", "date": dt.date(2020, 10, 1), "value": -5.0})
    assert record.value == -5.0


def test_negative_value_gets_a_message(runner: CliRunner, here: Path) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    result = add(runner, Path("p.yaml"), "--value", "-5")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "zygj progress add: error: 新记录的 value 应不小于 0，实际为 -5（只有增长率、相对目标可以填负数）\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"records:\n" + RECORD.encode() + b"\tvalue: 3\n",
            "p.yaml:5:1: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格",
        ),
        (
            '# 台账\nrecords:\n  - target: "1.1"\n    date: 2020-06-30\n    unit: 财政局\n    value: 1\n'.encode(
                "gbk"
            ),
            "p.yaml:1:4: error: 文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在编辑器中“另存为”UTF-8 编码后重试"
            "（记事本：文件 → 另存为 → 编码选 UTF-8；WPS：另存为时选择 UTF-8）",
        ),
        (
            b'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: -1\n',
            "p.yaml:4:12: error: 第 1 条记录的 value 应不小于 0，实际为 -1（只有增长率、相对目标可以填负数）",
        ),
        (
            b'records: [{target: "1.1", date: 2020-06-30, value: 1}]\n',
            "p.yaml:1:10: error: records 使用了行内 [ ] 写法或不是列表：请改为每条记录一行“- ”的写法后再追加",
        ),
        (
            b"- target: 1.1\n",
            "p.yaml:1:1: error: 进度文件应以 records: 开头，下面每条记录以“- ”开头",
        ),
    ],
    ids=["tab", "gbk", "old-record-invalid", "flow-list", "no-records-key"],
)
def test_broken_existing_file_is_left_alone(
    runner: CliRunner, here: Path, content: bytes, message: str
) -> None:
    (here / "p.yaml").write_bytes(content)
    result = add(runner, Path("p.yaml"))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [message]
    assert (here / "p.yaml").read_bytes() == content


def test_problem_in_the_existing_file_is_reported_at_its_real_line() -> None:
    """appended_file checks the file as it is before splicing (the new record moves lines)."""
    from zygj.load.ledger import appended_file
    from zygj.load.plan import load_checked_plan

    raw = ("records:\n" + RECORD + "summary: 1\n").encode()
    fields: dict[str, object] = {"target": "1.1", "date": dt.date(2020, 10, 1), "value": 2.0}
    with pytest.raises(ZygjError) as caught:
        appended_file(load_checked_plan(PLAN_DIR), "p.yaml", raw, fields)
    assert [d.format() for d in caught.value.diagnostics] == [
        "p.yaml:5:1: error: summary 是不认识的字段（可能拼写有误）"
    ]


def test_appended_file_keeps_bom_and_returns_the_ledger() -> None:
    from zygj.load.ledger import appended_file
    from zygj.load.plan import load_checked_plan

    raw = b"\xef\xbb\xbf" + ("records:\n" + RECORD).encode()
    fields: dict[str, object] = {"target": "1.1", "date": dt.date(2020, 10, 1), "value": 2.0}
    data, ledger = appended_file(load_checked_plan(PLAN_DIR), "p.yaml", raw, fields)
    assert data == raw + BLOCK.encode()
    assert [(r.target, r.value, r.line) for r in ledger.records] == [
        ("1.1", 1.0, 2),
        ("1.1", 2.0, 5),
    ]


def test_cli_reports_existing_file_problem_at_its_real_line(runner: CliRunner, here: Path) -> None:
    content = ("records:\n" + RECORD + "summary: 1\n").encode()
    (here / "p.yaml").write_bytes(content)
    result = add(runner, Path("p.yaml"))
    assert result.exit_code == 1
    assert result.stderr == "p.yaml:5:1: error: summary 是不认识的字段（可能拼写有误）\n"
    assert (here / "p.yaml").read_bytes() == content


# ------------------------------------------------------------- atomic writing


def test_failed_rename_leaves_the_old_file_and_no_temporary(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")

    def no_space(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    result = add(runner, Path("p.yaml"))
    assert result.exit_code == 2
    assert result.stderr == "p.yaml: error: 写入失败，原文件未改动：No space left on device\n"
    assert (here / "p.yaml").read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in here.iterdir()) == [".p.yaml.lock", "p.yaml"]


def test_data_is_fsynced_before_the_rename(
    runner: CliRunner, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    assert add(runner, Path("p.yaml")).exit_code == 0
    assert events[:2] == ["fsync", "replace"]


def test_mode_is_kept_and_symlinks_are_followed(runner: CliRunner, here: Path) -> None:
    (here / "real.yaml").write_text(GOOD, encoding="utf-8")
    (here / "real.yaml").chmod(0o640)
    (here / "link.yaml").symlink_to("real.yaml")
    assert add(runner, Path("link.yaml")).exit_code == 0
    assert (here / "link.yaml").is_symlink()
    assert (here / "real.yaml").read_text(encoding="utf-8") == GOOD + BLOCK
    assert (here / "real.yaml").stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------- concurrency

_WORKER = """
import sys
from typer.testing import CliRunner
from zygj.cli.main import app
runner = CliRunner()
worker, count, plan = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(count):
    result = runner.invoke(app, ["progress", "add", "1.1", "--value", str(i), "--date", f"2020-10-{i + 1:02d}",
                                 "--note", f"{worker}-{i}", "--progress", "p.yaml", "--plan", plan])
    assert result.exit_code == 0, result.output
"""


def test_two_processes_appending_ten_each_lose_nothing(here: Path) -> None:
    (here / "p.yaml").write_text(GOOD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZYGJ_PLAN"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, name, "10", str(PLAN_DIR)], cwd=here, env=env
        )
        for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    text = (here / "p.yaml").read_text(encoding="utf-8")
    assert text.startswith(GOOD)
    notes = [r.get("note") for r in parse_yaml(text, "p").data["records"]]
    assert sorted(n for n in notes if n) == sorted(f"{w}-{i}" for w in "ab" for i in range(10))
    for worker in "ab":  # each process's records in its own order
        mine = [n for n in notes if n and n.startswith(worker)]
        assert mine == [f"{worker}-{i}" for i in range(10)]


def test_concurrent_entry_point_appends(here: Path) -> None:
    (here / "p.yaml").write_text("records: []\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZYGJ_PLAN"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zygj",
                "progress",
                "add",
                "1.1",
                "--value",
                str(i),
                "--date",
                f"2020-10-{i + 1:02d}",
                "--progress",
                "p.yaml",
                "--plan",
                str(PLAN_DIR),
            ],
            cwd=here,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.startswith("已追加到 p.yaml：目标 1.1，2020-10-0")
    records = parse_yaml((here / "p.yaml").read_text(encoding="utf-8"), "p").data["records"]
    assert sorted(r["value"] for r in records) == [0, 1, 2, 3]


def test_a_new_file_gets_the_usual_permissions(runner: CliRunner, here: Path) -> None:
    old = os.umask(0o022)
    try:
        result = add(runner, Path("new.yaml"), "--value", "1")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (here / "new.yaml").stat().st_mode & 0o777 == 0o644
