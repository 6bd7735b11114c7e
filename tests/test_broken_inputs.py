"""Broken and hostile input: every mistake gets its exact located message and exit code.

Two kinds of fixture:

* files on disk under tests/fixtures/broken/ (a small fictitious plan, copies of it
  with one defect each, and broken progress files), so people can look at them
  and run ``zygj validate --plan tests/fixtures/broken/plan-tab`` themselves;
* copies of the real plan/ with one text replacement each (:func:`broken_plan`),
  which keeps the repository small and tests the real files' positions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import PLAN_DIR, zygj_script
from tests.positions import at, line_of, position_of
from zygj.cli.main import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "broken"
MINI_PLAN = FIXTURES / "mini-plan"
#: A broken file must be answered quickly (the issue asks for under a second).
FAST = 1.0


def run(runner: CliRunner, *args: str) -> tuple[Result, float]:
    started = time.perf_counter()
    result = runner.invoke(app, list(args))
    return result, time.perf_counter() - started


def assert_clean_failure(result: Result, code: int) -> None:
    """Exit ``code``, a message on stderr, and no Python traceback anywhere."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip()


def broken_plan(folder: Path, file: str, old: str, new: str) -> Path:
    """A copy of the real plan in ``folder``/plan with ``old`` replaced once by ``new``."""
    plan = folder / "plan"
    shutil.copytree(PLAN_DIR, plan)
    path = plan / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {file}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


# ------------------------------------------------------------ plan fixtures on disk

# Positions come from the fixture files (tests/positions.py): a line added to one moves them.
MISSPELT_AT = at(FIXTURES / "plan-misspelt-unit" / "measures.yaml", "市人设局")
TAB_AT = at(FIXTURES / "plan-tab" / "targets.yaml", "\top: ge")
TAG_AT = at(FIXTURES / "plan-python-tag" / "units.yaml", "!!python")
DUPLICATE = FIXTURES / "plan-duplicate-key" / "measures.yaml"
DUPLICATE_AT, FIRST_SECTION = (
    at(DUPLICATE, "section: 2"),
    line_of(DUPLICATE, "section: 1\n    section: 2"),
)
UNCLOSED = FIXTURES / "plan-unclosed-quote" / "targets.yaml"
UNCLOSED_AT = at(
    UNCLOSED, "1.2", after='id: "'
)  # the next quote closes it: the scan stops just after
QUOTE_LINE, QUOTE_COL = position_of(UNCLOSED, '"培训技能人才')

DISK_PLANS = {
    "plan-misspelt-unit": [
        f"plan-misspelt-unit/measures.yaml:{MISSPELT_AT}: error: 第 1 项措施的单位“市人设局”未在 units.yaml 中声明"
        "；是否是指：市人力资源社会保障局？"
    ],
    "plan-tab": [
        f"plan-tab/targets.yaml:{TAB_AT}: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
    ],
    "plan-python-tag": [
        f"plan-python-tag/units.yaml:{TAG_AT}: error: 不允许的标签：zygj 只读取普通 YAML，"
        "出于安全拒绝 !! 或 ! 开头的对象标签"
    ],
    "plan-duplicate-key": [
        f"plan-duplicate-key/measures.yaml:{DUPLICATE_AT}: error: 键“section”重复：第 {FIRST_SECTION} 行已经写过一次"
        "（YAML 只会保留后一个，前面的内容会丢失）"
    ],
    "plan-unclosed-quote": [
        f"plan-unclosed-quote/targets.yaml:{UNCLOSED_AT}: error: 引号没有闭合：第 {QUOTE_LINE} 行第 {QUOTE_COL} 列的引号没有闭合，"
        "从那里到这里的内容都被当成了引号内的文字"
    ],
}


def test_the_mini_plan_itself_is_valid(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    result, _ = run(runner, "validate", "--plan", "mini-plan")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "已检查方案文件夹 mini-plan（units.yaml、measures.yaml、targets.yaml）："
        "2 个单位、2 项措施、3 个目标，未发现问题\n"
    )


@pytest.mark.parametrize("folder", sorted(DISK_PLANS))
def test_disk_plan_fixture_has_exactly_one_defect(folder: str) -> None:
    """Each broken plan on disk is the mini plan with one file changed (so its message is its only one)."""
    changed = [
        name
        for name in ("units.yaml", "measures.yaml", "targets.yaml")
        if (FIXTURES / folder / name).read_bytes() != (MINI_PLAN / name).read_bytes()
    ]
    assert len(changed) == 1


@pytest.mark.parametrize(("folder", "expected"), sorted(DISK_PLANS.items()))
def test_disk_plan_fixture_message(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    folder: str,
    expected: list[str],
) -> None:
    # Run from a scratch copy: a !!python tag that ran would leave a marker file here.
    shutil.copytree(FIXTURES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    result, took = run(runner, "validate", "--plan", folder)
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == expected
    assert result.stdout == (
        f"已检查方案文件夹 {folder}（units.yaml、measures.yaml、targets.yaml）：发现 {len(expected)} 个问题\n"
    )
    assert took < FAST
    assert not (tmp_path / "zygj-pwned-marker").exists()


# -------------------------------------------------- the real plan, one defect each

# Where each defect lands, computed from the real plan: no edit below adds a line above it.
# A literal column is one that the replacement text itself decides.
PM, PT, PU = (PLAN_DIR / name for name in ("measures.yaml", "targets.yaml", "units.yaml"))
MEASURE_3 = at(PM, '"no": 3\n    section: 1')  # the measure, not the section of the same number
M3_SECTION_LINE, M3_SECTION_COL = position_of(PM, "section: 1", after='"no": 3\n    ')
TITLE_LINE, TITLE_COL = position_of(PT, "省级及以上技能大师工作室", after="title: ")
NEXT_QUOTE = at(PT, "1.2", after='id: "')  # the next quote closes it: the scan stops just after
ID_12, ID_13, VALUE_1 = at(PT, '"1.2"'), at(PT, '"1.3"'), at(PT, "1\n", after="    value: ")
FINANCE_KIND = line_of(PU, "kind: 市级部门", after="name: 市财政局\n    ")

REAL_PLAN_CASES = [
    pytest.param(
        "measures.yaml",
        "responsible: [市人才办, 市教育体育局",
        "responsible: [市人设局, 市教育体育局",
        [
            f"plan/measures.yaml:{at(PM, '市人才办', after='responsible: [')}: error: 第 1 项措施的单位“市人设局”未在 units.yaml 中声明"
            "；是否是指：市人力资源社会保障局？"
        ],
        id="misspelt-unit",
    ),
    pytest.param(
        "measures.yaml",
        '  - "no": 3\n    section: 1\n',
        '  - "no": 3\n    sectoin: 1\n',
        [
            f"plan/measures.yaml:{MEASURE_3}: error: 第 3 项措施的 section 缺少必填字段",
            f"plan/measures.yaml:{M3_SECTION_LINE}:{M3_SECTION_COL}: error: 第 3 项措施的 sectoin 是不认识的字段（可能拼写有误）",
        ],
        id="unknown-key",
    ),
    pytest.param(
        "measures.yaml",
        '  - "no": 3\n    section: 1\n',
        '  - "no": 3\n    section: 1\n    section: 1\n',
        [
            f"plan/measures.yaml:{M3_SECTION_LINE + 1}:5: error: 键“section”重复：第 {M3_SECTION_LINE} 行已经写过一次"
            "（YAML 只会保留后一个，前面的内容会丢失）"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        "targets.yaml",
        "    op: ge\n",
        "\top: ge\n",
        [
            f"plan/targets.yaml:{line_of(PT, '    op: ge')}:1: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
        ],
        id="tab",
    ),
    pytest.param(
        "targets.yaml",
        "    title: 省级及以上技能大师工作室\n",
        '    title: "省级及以上技能大师工作室\n',
        [
            f"plan/targets.yaml:{NEXT_QUOTE}: error: 引号没有闭合：第 {TITLE_LINE} 行第 {TITLE_COL} 列的引号没有闭合，"
            "从那里到这里的内容都被当成了引号内的文字"
        ],
        id="unclosed-quote",
    ),
    pytest.param(
        "targets.yaml",
        "    quote: 建成1个省级及以上层次的技能大师工作室\n",
        "    quote: 建成10个省级及以上层次的技能大师工作室\n",
        [
            f"plan/targets.yaml:{at(PT, '建成1个省级及以上层次的技能大师工作室', after='quote: ')}: error: 目标 1.1 的 quote“建成10个省级及以上层次的技能大师工作室”"
            "不是第 1 项措施原文中的原话"
        ],
        id="quote-not-in-text",
    ),
    pytest.param(
        "targets.yaml",
        '  - id: "1.2"\n',
        '  - id: "1.1"\n',
        [
            f"plan/targets.yaml:{ID_12}: error: 目标编号 1.1 重复",
            f"plan/targets.yaml:{ID_13}: error: 第 1 项措施的目标应按顺序编号：这里应为 1.2，实际为 1.3",
        ],
        id="duplicate-target-id",
    ),
    pytest.param(
        "targets.yaml",
        "    value: 1\n",
        "    value: 一\n",
        [f"plan/targets.yaml:{VALUE_1}: error: 第 1 个目标的 value 应为数字，实际为 “一”"],
        id="value-not-number",
    ),
    pytest.param(
        "units.yaml",
        "  - name: 市财政局\n    kind: 市级部门\n",
        "  - name: 市财政局\n    kind: 市级部门\n    kind: 市级部门\n",
        [
            f"plan/units.yaml:{FINANCE_KIND + 1}:5: error: 键“kind”重复：第 {FINANCE_KIND} 行已经写过一次（YAML 只会保留后一个，前面的内容会丢失）"
        ],
        id="duplicate-unit-key",
    ),
    pytest.param(
        "units.yaml",
        "    kind: 市级部门\n",
        '    kind: !!python/object/apply:os.system ["touch zygj-pwned-marker"]\n',
        [
            f"plan/units.yaml:{at(PU, '市级部门', after='kind: ')}: error: 不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"
        ],
        id="python-tag",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), REAL_PLAN_CASES)
def test_real_plan_with_one_defect(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    expected: list[str],
) -> None:
    broken_plan(tmp_path, file, old, new)
    monkeypatch.chdir(tmp_path)
    result, took = run(runner, "validate", "--plan", "plan")
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == expected
    assert took < FAST
    assert not (tmp_path / "zygj-pwned-marker").exists()


def test_duplicate_measure_number_is_named(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken_plan(
        tmp_path, "measures.yaml", '  - "no": 2\n    section: 1\n', '  - "no": 1\n    section: 1\n'
    )
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", "plan")
    assert_clean_failure(result, 1)
    where = at(PLAN_DIR / "measures.yaml", "2\n    section: 1", after='"no": ')
    assert result.stderr.splitlines()[0] == f"plan/measures.yaml:{where}: error: 措施序号 1 重复"


def test_gbk_plan_file_suggests_utf8(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan = broken_plan(tmp_path, "units.yaml", "units:", "units:")
    text = (plan / "units.yaml").read_text(encoding="utf-8")
    (plan / "units.yaml").write_bytes(text.encode("gbk"))
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", "plan")
    assert_clean_failure(result, 1)
    assert result.stderr == (
        # The first byte that GBK writes differently: the file's first Chinese character.
        f"plan/units.yaml:{at(PLAN_DIR / 'units.yaml', '资')}: error: 文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在编辑器中“另存为”UTF-8 编码后重试"
        "（记事本：文件 → 另存为 → 编码选 UTF-8；WPS：另存为时选择 UTF-8）\n"
    )


def test_bom_plan_files_are_accepted(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan)
    for name in ("units.yaml", "measures.yaml", "targets.yaml"):
        path = plan / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result, _ = run(runner, "validate", "--plan", str(plan))
    assert result.exit_code == 0, result.stderr
    assert "26 个单位、27 项措施、39 个目标，未发现问题" in result.stdout


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: p.write_bytes(b""),
            "plan/units.yaml:1:1: error: 文件是空的（没有任何 YAML 内容）",
        ),
        (
            lambda p: p.write_bytes(b"# only a comment\n"),
            "plan/units.yaml:1:1: error: 文件是空的（没有任何 YAML 内容）",
        ),
        (lambda p: p.unlink(), "plan/units.yaml: error: 文件不存在"),
        (lambda p: (p.unlink(), p.mkdir()), "plan/units.yaml: error: 这是一个文件夹，不是文件"),
    ],
    ids=["empty", "comments-only", "missing", "folder"],
)
def test_plan_file_empty_missing_or_folder(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make: object, expected: str
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan)
    make(plan / "units.yaml")  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", "plan")
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == [expected]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda t: None, "nope: error: 方案文件夹不存在"),
        (
            lambda t: (t / "nope").write_text("x"),
            "nope: error: 应为方案文件夹（内含 measures.yaml 等），但这是一个文件",
        ),
        (lambda t: (t / "nope").mkdir(), "nope: error: 方案文件夹中没有 measures.yaml"),
    ],
    ids=["missing", "a-file", "empty-folder"],
)
def test_plan_folder_problems_are_usage_errors(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setup: object, expected: str
) -> None:
    setup(tmp_path)  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", "nope")
    assert_clean_failure(result, 2)
    assert result.stderr.splitlines() == [expected]


# ---------------------------------------------------------- progress fixtures on disk

PROGRESS = FIXTURES / "progress"
DUPLICATE_VALUE = line_of(PROGRESS / "duplicate-key.yaml", "value: 200")
OPEN_QUOTE_LINE, OPEN_QUOTE_COL = position_of(PROGRESS / "unclosed-quote.yaml", '"1.1')
END_LINE = (
    line_of(PROGRESS / "unclosed-quote.yaml", "value: 200") + 1
)  # its last line: the end of the file
UNKNOWN_TARGET = at(PROGRESS / "unknown-target.yaml", '"1.9"')
TAB_INDENT = at(PROGRESS / "tab-indent.yaml", "\tdate")
CSV_QUOTE = line_of(PROGRESS / "unclosed-quote.csv", '"说明')
CSV_ROW = line_of(PROGRESS / "value-not-number.csv", "三千")

DISK_PROGRESS = {
    "value-not-number.yaml": f"progress/value-not-number.yaml:{at(PROGRESS / 'value-not-number.yaml', '三千')}: error: 第 3 条记录的 value 应为数字，实际为 “三千”",
    "unknown-target.yaml": f"progress/unknown-target.yaml:{UNKNOWN_TARGET}: error: 第 2 条记录的 target 目标“1.9”不存在"
    "（zygj targets 可列出全部目标）；第 1 项措施的目标有 1.1、1.2",
    "misspelt-unit.yaml": f"progress/misspelt-unit.yaml:{at(PROGRESS / 'misspelt-unit.yaml', '市人设局')}: error: 第 2 条记录的 unit 单位“市人设局”"
    "未在 units.yaml 中声明；是否是指：市人力资源社会保障局？",
    "percent-over-100.yaml": f"progress/percent-over-100.yaml:{at(PROGRESS / 'percent-over-100.yaml', '120')}: error: 第 1 条记录的 value 应为 0—100 之间的百分数"
    "（65 表示 65％），实际为 120",
    "duplicate-key.yaml": f"progress/duplicate-key.yaml:{at(PROGRESS / 'duplicate-key.yaml', 'value: 250')}: error: "
    f"键“value”重复：第 {DUPLICATE_VALUE} 行已经写过一次"
    "（YAML 只会保留后一个，前面的内容会丢失）",
    "tab-indent.yaml": f"progress/tab-indent.yaml:{TAB_INDENT}: error: 使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格",
    "unclosed-quote.yaml": f"progress/unclosed-quote.yaml:{END_LINE}:1: error: 引号没有闭合："
    f"第 {OPEN_QUOTE_LINE} 行第 {OPEN_QUOTE_COL} 列开始的引号直到文件末尾都没有闭合",
    "bad-date.yaml": f"progress/bad-date.yaml:{at(PROGRESS / 'bad-date.yaml', '2020-13-01')}: error: 第 1 条记录的 date 应为日期，格式 YYYY-MM-DD"
    "（如 2020-12-31），实际为 “2020-13-01”",
    "unknown-key.yaml": f"progress/unknown-key.yaml:{at(PROGRESS / 'unknown-key.yaml', 'vaule')}: error: 第 1 条记录的 vaule 是不认识的字段（可能拼写有误）",
    "target-not-quoted.yaml": f"progress/target-not-quoted.yaml:{at(PROGRESS / 'target-not-quoted.yaml', '1.1', after='target: ')}: error: 第 1 条记录的 target 应为文字，"
    '实际为 1.1：编号之类请加引号，如 "1.1"',
    "python-tag.yaml": f"progress/python-tag.yaml:{at(PROGRESS / 'python-tag.yaml', '!!python')}: error: 不允许的标签：zygj 只读取普通 YAML，"
    "出于安全拒绝 !! 或 ! 开头的对象标签",
    # The first byte GBK writes differently from UTF-8: the file's first Chinese character.
    "gbk.yaml": f"progress/gbk.yaml:{at(PROGRESS / 'gbk.yaml', '损', encoding='gbk')}: error: 文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在编辑器中“另存为”UTF-8 编码后重试"
    "（记事本：文件 → 另存为 → 编码选 UTF-8；WPS：另存为时选择 UTF-8）",
    "empty.yaml": "progress/empty.yaml:1:1: error: 文件是空的（没有任何 YAML 内容）",
    "alias-bomb.yaml": f"progress/alias-bomb.yaml:{at(PROGRESS / 'alias-bomb.yaml', 'a0:')}: error: 锚点和别名（& 与 *）展开后过大，疑似“别名炸弹”，拒绝读取",
    "fullwidth-comma.csv": "progress/fullwidth-comma.csv:1:1: error: CSV 表头用全角逗号“，”分隔：请用英文半角逗号“,”"
    "分隔各列（表头应为 target,date,unit,value,status,note）",
    "unclosed-quote.csv": f"progress/unclosed-quote.csv:{CSV_QUOTE}: error: 英文双引号没有闭合：从这一行起直到文件末尾都在引号之内",
    "value-not-number.csv": f"progress/value-not-number.csv:{CSV_ROW}:4: error: 第 {CSV_ROW} 行的 value 应为数字，实际为 “三千”",
}
GOOD_PROGRESS = ["bom.yaml", "bom.csv", "gbk.csv"]


def test_every_progress_fixture_is_listed() -> None:
    on_disk = {p.name for p in (FIXTURES / "progress").iterdir()}
    assert on_disk == set(DISK_PROGRESS) | set(GOOD_PROGRESS)


@pytest.mark.parametrize(("name", "expected"), sorted(DISK_PROGRESS.items()))
def test_disk_progress_fixture_message(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, expected: str
) -> None:
    shutil.copytree(FIXTURES, tmp_path / "broken")
    monkeypatch.chdir(tmp_path / "broken")
    result, took = run(runner, "validate", "--plan", "mini-plan", "--progress", f"progress/{name}")
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == [expected]
    assert (
        result.stdout
        == "已检查方案文件夹 mini-plan（units.yaml、measures.yaml、targets.yaml）：发现 1 个问题\n"
    )
    assert took < FAST
    assert not (tmp_path / "broken" / "zygj-pwned-marker").exists()


@pytest.mark.parametrize("name", GOOD_PROGRESS)
def test_bom_and_gbk_progress_files_are_read(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(FIXTURES)
    result, _ = run(runner, "validate", "--plan", "mini-plan", "--progress", f"progress/{name}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"未发现问题；进度文件 progress/{name} 无误\n")


def test_gbk_csv_figures_and_text_are_read_correctly(monkeypatch: pytest.MonkeyPatch) -> None:
    from zygj.load.ledger import load_checked_progress
    from zygj.load.plan import load_checked_plan

    monkeypatch.chdir(FIXTURES)
    ledger = load_checked_progress(load_checked_plan(Path("mini-plan")), Path("progress/gbk.csv"))
    [record] = ledger.records
    assert (record.target, record.unit, record.value, record.note) == (
        "1.1",
        "市人力资源社会保障局",
        200.0,
        "已完成培训",
    )


def test_gb18030_only_characters_in_csv(tmp_path: Path) -> None:
    """A character outside GBK (CJK extension B) written by Excel as GB18030 survives."""
    from zygj.load.ledger import load_checked_progress
    from zygj.load.plan import load_checked_plan

    path = tmp_path / "p.csv"
    path.write_bytes("target,date,value,note\n1.1,2020-06-30,5,𠀀字与㐀字\n".encode("gb18030"))
    [record] = load_checked_progress(load_checked_plan(MINI_PLAN), path).records
    assert record.note == "𠀀字与㐀字"


def test_undecodable_csv_is_a_located_message(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "p.csv").write_bytes(b"target,date\n1.1,2020-01-01\xff\n")
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "p.csv")
    assert_clean_failure(result, 1)
    assert result.stderr == (
        "p.csv:2:15: error: 无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）：请在 Excel 或 WPS 中"
        "“另存为”CSV UTF-8（逗号分隔）后重试\n"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("target,date,unit,value\n1.1，2020-01-01，市人社局，1\n",
         "p.csv:2:1: error: 这一行用全角逗号“，”分隔：请改用英文半角逗号“,”分隔各列"),
        ("target,date,unit,value,note\n1.1,2020-01-01,市人社局,1,说明,含逗号\n",
         "p.csv:2:6: error: 这一行有 6 列，比表头的 5 列多：内容中含逗号时，请把整格用英文双引号括起来"
         "（Excel 另存为 CSV 会自动这样做）"),
        ('target,date\n"1.1"x,2020-01-01\n',
         'p.csv:2: error: 英文双引号只能括住整格：引号闭合后应紧跟逗号；格内的引号请写成两个（""）'),
    ],
    ids=["fullwidth-row", "extra-column", "quote-then-text"],
)  # fmt: skip
def test_csv_row_problems(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / "p.csv").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "p.csv")
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == [expected]


# ------------------------------------------------------ I/O problems: exit code 2


def test_missing_progress_file(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "nope.yaml")
    assert_clean_failure(result, 2)
    assert result.stderr == "nope.yaml: error: 文件不存在\n"


def test_empty_folder_as_progress_is_a_usage_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "records.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "records.yaml")
    assert_clean_failure(result, 2)
    assert (
        result.stderr == "records.yaml: error: 文件夹中没有进度文件（.yaml、.yml、.csv、.xlsx）\n"
    )


def _write_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, or (as root, who reads anything) an open() that is refused."""
    path.write_text(
        'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n', encoding="utf-8"
    )
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)


def test_unreadable_progress_file(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    _write_unreadable(tmp_path / "locked.yaml", monkeypatch)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "locked.yaml")
    assert_clean_failure(result, 2)
    assert result.stderr == "locked.yaml: error: 没有读取该文件的权限\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_really_chmod_000(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "locked.yaml"
    path.write_text("records: []\n", encoding="utf-8")
    path.chmod(0)
    result, _ = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "locked.yaml")
    assert_clean_failure(result, 2)
    assert result.stderr == "locked.yaml: error: 没有读取该文件的权限\n"


def test_size_limit(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import zygj.files.reading

    monkeypatch.setattr(zygj.files.reading, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.csv"
    path.write_bytes(b"target,date,value\n" + b"1.1,2020-06-30,1\n" * 70_000)
    monkeypatch.chdir(tmp_path)
    result, took = run(runner, "validate", "--plan", str(MINI_PLAN), "--progress", "huge.csv")
    assert_clean_failure(result, 1)
    assert (
        result.stderr
        == "huge.csv: error: 文件过大（1.1 MB），超过上限 1 MB，请确认是否选错了文件\n"
    )
    assert took < FAST


# ------------------------------------------------------- the installed entry point


def entry(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items() if k != "ZYGJ_PLAN"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "zygj", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return done, time.perf_counter() - started


def test_entry_point_broken_plan(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "plan-misspelt-unit", tmp_path / "plan-misspelt-unit")
    done, took = entry("validate", "--plan", "plan-misspelt-unit", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == DISK_PLANS["plan-misspelt-unit"]
    assert "Traceback" not in done.stderr
    assert took < 3  # a fresh interpreter included; the check itself is well under FAST


def test_entry_point_python_tag_runs_nothing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "plan-python-tag", tmp_path / "plan-python-tag")
    done, _ = entry("validate", "--plan", "plan-python-tag", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == DISK_PLANS["plan-python-tag"]
    assert not (tmp_path / "zygj-pwned-marker").exists()


def test_entry_point_alias_bomb_fails_fast(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "broken")
    done, took = entry(
        "validate",
        "--plan",
        "mini-plan",
        "--progress",
        "progress/alias-bomb.yaml",
        cwd=tmp_path / "broken",
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [DISK_PROGRESS["alias-bomb.yaml"]]
    assert took < 3


def test_entry_point_missing_file_is_exit_2(tmp_path: Path) -> None:
    done, _ = entry("validate", "--plan", str(MINI_PLAN), "--progress", "nope.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "nope.csv: error: 文件不存在\n"


def test_installed_script_reports_gbk_yaml(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "broken")
    done = subprocess.run(
        [*zygj_script(), "validate", "--plan", "mini-plan", "-p", "progress/gbk.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "broken",
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [DISK_PROGRESS["gbk.yaml"]]
