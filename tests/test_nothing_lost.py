"""Nothing a user wrote is deleted or overwritten; no exit 3 from input."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import PLAN_DIR, REPO, zygj_script
from zygj.cli.main import app

MINI_PLAN = REPO / "tests" / "fixtures" / "broken" / "mini-plan"
SOURCE_78 = REPO / "docs" / "source" / "plan-2018-78.txt"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def renamed_plan(folder: Path, names: dict[str, str]) -> Path:
    """The mini plan with its two units renamed; measure 2 led by the second unit (so both owe)."""
    folder.mkdir()
    for source in MINI_PLAN.iterdir():
        text = source.read_text(encoding="utf-8")
        text = text.replace(
            "每年举办技能大赛1次。\n    lead: [市人力资源社会保障局]",
            "每年举办技能大赛1次。\n    lead: [市财政局]",
        )
        for old, new in names.items():
            text = text.replace(old, new)
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ------------------------------------------- 1. init --force replaces only its own files


def _a_plan_folder_with_other_files(folder: Path) -> dict[str, bytes]:
    """The layout of examples/plan-guofa-2018-42: the source, a ledger, a repository, beside the plan."""
    folder.mkdir(exist_ok=True)
    mine = {
        "source.txt": SOURCE_78.read_bytes(),
        "progress.yaml": b'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n',
        ".git/HEAD": b"ref: refs/heads/main\n",
        "units.yaml": b"# an older draft\n",
    }
    for name, data in mine.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return mine


def test_init_force_keeps_every_file_it_did_not_write(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    mine = _a_plan_folder_with_other_files(folder)
    result = runner.invoke(app, ["init", str(folder / "source.txt"), "-o", str(folder), "--force"])
    assert result.exit_code == 0, result.stderr
    assert files_in(folder) == [
        ".git",
        ".git/HEAD",
        "REVIEW.md",
        "measures.yaml",
        "progress.yaml",
        "source.txt",
        "targets.yaml",
        "units.yaml",
    ]
    for name in ("source.txt", "progress.yaml", ".git/HEAD"):
        assert (folder / name).read_bytes() == mine[name]
    assert (
        (folder / "units.yaml")
        .read_text(encoding="utf-8")
        .startswith("# 由 zygj init 从 source.txt 起草")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "plan"
    ]  # no temporary or "old" folder left


@pytest.mark.parametrize("output", [".", "$PWD"])
def test_init_force_into_the_working_folder_keeps_it(
    runner: CliRunner, here: Path, output: str
) -> None:
    mine = _a_plan_folder_with_other_files(here)
    target = str(here) if output == "$PWD" else output
    result = runner.invoke(app, ["init", "source.txt", "-o", target, "--force"])
    assert result.exit_code == 0, result.stderr
    assert here.is_dir()
    for name in ("source.txt", "progress.yaml", ".git/HEAD"):
        assert (here / name).read_bytes() == mine[name]
    assert "措施" in (here / "measures.yaml").read_text(encoding="utf-8")


def test_init_without_force_still_refuses_a_folder_with_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "plan"
    mine = _a_plan_folder_with_other_files(folder)
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", str(folder)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{folder}: error: 目录 {folder} 已存在且不为空：请换一个目录，或加 --force 覆盖\n"
    )
    assert (folder / "units.yaml").read_bytes() == mine["units.yaml"]


def test_init_force_refuses_a_folder_in_place_of_its_file_and_writes_nothing(
    runner: CliRunner, here: Path
) -> None:
    (here / "plan" / "REVIEW.md").mkdir(parents=True)
    (here / "plan" / "REVIEW.md" / "笔记.txt").write_text("我的笔记", encoding="utf-8")
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", "plan", "--force"])
    assert result.exit_code == 2
    assert result.stderr == (
        "plan/REVIEW.md: error: 这不是普通文件（而是文件夹、设备或管道），--force 也不替换它，未写入任何文件\n"
    )
    assert files_in(here / "plan") == ["REVIEW.md", "REVIEW.md/笔记.txt"]


def test_init_force_with_a_read_only_file_changes_none_of_the_four(
    runner: CliRunner, here: Path
) -> None:
    folder = here / "plan"
    folder.mkdir()
    for name in ("units.yaml", "measures.yaml", "targets.yaml", "REVIEW.md"):
        (folder / name).write_text(f"# 旧的 {name}\n", encoding="utf-8")
    (folder / "targets.yaml").chmod(0o444)
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", "plan", "--force"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "plan/targets.yaml: error: 文件是只读的（权限 -r--r--r--），未改动：确需修改请先取消只读属性\n"
    )
    for name in ("units.yaml", "measures.yaml", "targets.yaml", "REVIEW.md"):
        assert (folder / name).read_text(encoding="utf-8") == f"# 旧的 {name}\n"
    assert files_in(folder) == [
        "REVIEW.md",
        "measures.yaml",
        "targets.yaml",
        "units.yaml",
    ]  # no temporary left


# ------------------------------------- 1. multi-file writers: names computed and checked first


def test_template_all_refuses_two_units_that_become_one_file(runner: CliRunner, here: Path) -> None:
    plan = renamed_plan(here / "p", {"市人力资源社会保障局": "甲/局", "市财政局": "甲:局"})
    result = runner.invoke(
        app, ["progress", "template", "--all", "-o", "forms", "--plan", str(plan)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "zygj: error: 单位“甲/局”和“甲:局”会写入同一个文件 填报表-甲_局.xlsx"
        '（文件名中不能有 \\ / : * ? " < > | 和空白，这些字符都换成了 _，且不区分大小写），未生成任何文件：'
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成并用 -o 另起文件名\n"
    )
    assert not (here / "forms").exists()


def test_remind_refuses_two_units_that_become_one_file(runner: CliRunner, here: Path) -> None:
    plan = renamed_plan(here / "p", {"市人力资源社会保障局": "甲/局", "市财政局": "甲:局"})
    result = runner.invoke(
        app,
        ["remind", "-o", "notices", "-f", "markdown", "--as-of", "2022-03-01", "--plan", str(plan)],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "zygj: error: 单位“甲/局”和“甲:局”会写入同一个文件 催办通知-甲_局.md"
        '（文件名中不能有 \\ / : * ? " < > | 和空白，这些字符都换成了 _，且不区分大小写），未生成任何文件：'
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成到不同的文件夹\n"
    )
    assert not (here / "notices").exists()


def test_names_differing_only_in_case_are_one_file_on_windows_and_macos(
    runner: CliRunner, here: Path
) -> None:
    plan = renamed_plan(here / "p", {"市人力资源社会保障局": "ABC局", "市财政局": "abc局"})
    result = runner.invoke(
        app, ["progress", "template", "--all", "-o", "forms", "--plan", str(plan)]
    )
    assert result.exit_code == 2
    assert "单位“ABC局”和“abc局”会写入同一个文件 填报表-abc局.xlsx" in result.stderr
    assert not (here / "forms").exists()


def test_an_over_long_unit_name_is_refused_before_any_form_is_written(
    runner: CliRunner, here: Path
) -> None:
    long_name = (
        "市" + "很" * 78 + "局"
    )  # 80 characters, 240 bytes: with 填报表- and .xlsx past the limit
    plan = renamed_plan(here / "p", {"市财政局": long_name})
    result = runner.invoke(
        app, ["progress", "template", "--all", "-o", "forms", "--plan", str(plan)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"zygj: error: 单位“{long_name}”的文件名过长（255 字节，最多 241 字节，一个汉字占 3 字节），未生成任何文件："
        "请在 units.yaml 中改用可区分的较短名称，或用 --unit 逐个生成并用 -o 另起文件名\n"
    )
    assert not (here / "forms").exists()  # the first unit's form is not written either
    single = runner.invoke(app, ["progress", "template", "--unit", long_name, "--plan", str(plan)])
    assert single.exit_code == 2
    assert "的文件名过长" in single.stderr and single.stderr.endswith(
        "请用 -o 另起一个较短的文件名\n"
    )
    assert not list(here.glob("*.xlsx"))


def test_template_all_with_one_read_only_form_writes_none(runner: CliRunner, here: Path) -> None:
    args = ["progress", "template", "--all", "-o", "forms", "--plan", str(MINI_PLAN)]
    assert runner.invoke(app, args).exit_code == 0
    forms = sorted((here / "forms").iterdir())
    assert len(forms) == 2
    before = {p: p.read_bytes() for p in forms}
    forms[-1].chmod(0o444)
    result = runner.invoke(app, [*args, "--force", "--as-of", "2021-06-30"])
    assert result.exit_code == 2
    assert "文件是只读的" in result.stderr
    assert {p: p.read_bytes() for p in forms} == before  # the writable one is not rewritten either
    assert sorted(p.name for p in (here / "forms").iterdir()) == [p.name for p in forms]


# ---------------------------------------------------------- 1. lock files never follow links


def test_a_link_planted_as_the_lock_file_is_refused(runner: CliRunner, here: Path) -> None:
    (here / "progress.yaml").write_text(
        'records:\n  - target: "1.1"\n    date: 2020-06-30\n    value: 1\n', encoding="utf-8"
    )
    outside = here / "elsewhere" / "planted"
    outside.parent.mkdir()
    (here / ".progress.yaml.lock").symlink_to(outside)
    before = (here / "progress.yaml").read_bytes()
    result = runner.invoke(
        app,
        ["progress", "add", "1.1", "--value", "2", "--date", "2020-10-01", "--plan", str(PLAN_DIR)],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        ".progress.yaml.lock: error: 锁文件是一个符号链接，拒绝使用（它本应是 zygj 建的空文件）：请删除它后重试\n"
    )
    assert not outside.exists()
    assert (here / "progress.yaml").read_bytes() == before


def test_a_pipe_planted_as_the_lock_file_is_refused(runner: CliRunner, here: Path) -> None:
    (here / "progress.yaml").write_text("records: []\n", encoding="utf-8")
    os.mkfifo(here / ".progress.yaml.lock")
    result = runner.invoke(
        app,
        ["progress", "add", "1.1", "--value", "2", "--date", "2020-10-01", "--plan", str(PLAN_DIR)],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        ".progress.yaml.lock: error: 锁文件不是普通文件（而是管道、设备或文件夹），拒绝使用：请删除它后重试\n"
    )


# ----------------------------------------------------- 5. options: bounded, never exit 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--year", "0"], "--year 应为 1900 到 2200 之间的年份，实际为 0"),
        (["score", "--year", "9999"], "--year 应为 1900 到 2200 之间的年份，实际为 9999"),
        (["score", "--year", "10000"], "--year 应为 1900 到 2200 之间的年份，实际为 10000"),
        (["score", "--year", "-5"], "--year 应为 1900 到 2200 之间的年份，实际为 -5"),
        (["score", "--as-of", "9999-12-31"], "--as-of 应在 1900-01-01 到 2200-12-31 之间，实际为 9999-12-31"),
        (["report", "--as-of", "0001-01-01"], "--as-of 应在 1900-01-01 到 2200-12-31 之间，实际为 0001-01-01"),
        (["remind", "-f", "json", "--within", "99999999"], "--within 应为 0 到 36500 之间的天数，实际为 99999999"),
        (["remind", "-f", "json", "--within", "-1"], "--within 应为 0 到 36500 之间的天数，实际为 -1"),
        (["remind", "-f", "json", "--since", "0001-01-01"],
         "--since 应在 1900-01-01 到 2200-12-31 之间，实际为 0001-01-01"),
    ],
)  # fmt: skip
def test_numeric_and_date_options_out_of_range_are_usage_errors(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "--plan", str(MINI_PLAN)])
    assert (result.exit_code, result.stderr) == (2, f"zygj: error: {message}\n")


def test_the_edges_of_the_ranges_are_accepted(runner: CliRunner) -> None:
    for args in (
        ["score", "--year", "1900"],
        ["score", "--year", "2200"],
        ["score", "--as-of", "2200-12-31"],
        ["remind", "-f", "json", "--within", "36500", "--as-of", "2200-12-31"],
    ):
        result = runner.invoke(app, [*args, "--plan", str(MINI_PLAN)])
        assert result.exit_code in (0, 2), result.stderr
        assert "应为" not in result.stderr and "应在" not in result.stderr


# ------------------------------------------------------- 5. init: documents that are broken


def test_init_an_impossible_date_in_the_document_is_no_date_and_no_crash(
    runner: CliRunner, here: Path
) -> None:
    (here / "方案.txt").write_text(
        "关于印发某方案的通知\n\n各区县：\n\n一、加强工作（市财政局牵头）\n\n市政府\n2020年2月30日\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["init", "方案.txt", "-o", "plan"])
    assert result.exit_code == 0, result.stderr
    review = (here / "plan" / "REVIEW.md").read_text(encoding="utf-8")
    assert "- [ ] 方案.txt：没有找到成文日期：document.date 未填，请按原件填写" in review
    assert "2020-02-30" not in (here / "plan" / "measures.yaml").read_text(encoding="utf-8")


def test_the_writer_refuses_an_impossible_date_in_a_draft(tmp_path: Path) -> None:
    from zygj.drafting.model import Draft, DraftingError, ReviewItem
    from zygj.drafting.writing import write_plan_folder

    draft = Draft(
        "方案.txt",
        {"units": []},
        {"document": {"date": "2020-02-30"}},
        {"targets": []},
        review=[ReviewItem("period", "方案.txt:8", "实施期推定")],
    )
    with pytest.raises(DraftingError) as caught:
        write_plan_folder(draft, tmp_path / "plan")
    assert [d.format() for d in caught.value.diagnostics] == [
        "方案.txt:8: error: 原文中的日期 2020年2月30日 不存在（2020-02-30）：请核对原文（如成文日期）后重试"
    ]
    assert not (tmp_path / "plan").exists()


def _docx(**parts: bytes | None) -> bytes:
    """A minimal real .docx with some parts replaced (bytes) or left out (None)."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、加强工作（市财政局牵头）")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            key = (
                info.filename.replace("/", "_").replace(".", "_").replace("[", "").replace("]", "")
            )
            data = parts.get(key, source.read(info.filename))
            if data is not None:
                archive.writestr(info.filename, data)
    return out.getvalue()


def _body(inner: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + inner + b"</w:body></w:document>"
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"word_document_xml": b"<w:document"},
            "文件已损坏：其中的 word/document.xml 第 1 行第 12 列不是格式正确的 XML",
        ),
        (
            {"word_document_xml": b""},
            "文件已损坏：其中的 word/document.xml 第 1 行第 1 列不是格式正确的 XML",
        ),
        (
            {"Content_Types_xml": b"<x"},
            "文件已损坏：其中的 [Content_Types].xml 第 1 行第 3 列不是格式正确的 XML",
        ),
        (
            {"word__rels_document_xml_rels": b"garbage"},
            "文件已损坏：其中的 word/_rels/document.xml.rels 第 1 行第 1 列不是格式正确的 XML",
        ),
        (
            {"word_document_xml": _body(b"<w:p>" + b"<w:r>" * 3000 + b"</w:r>" * 3000 + b"</w:p>")},
            "文件已损坏：其中的 word/document.xml 第 1 行第 ",
        ),
        (
            {
                "word_document_xml": _body(
                    b"<w:tbl><w:tr><w:tc>" * 2000 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 2000
                )
            },
            "列嵌套层数过深",
        ),
        (
            {"word_document_xml": b'<?xml version="1.0"?><foo/>'},
            "不是有效的 .docx 文件：文件结构不完整或已损坏",
        ),
        ({"_rels__rels": b"<Relationships/>"}, "不是有效的 .docx 文件：文件结构不完整或已损坏"),
        ({"word_document_xml": None}, "不是有效的 .docx 文件"),
        (
            {
                "word_document_xml": _body(
                    b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p/></w:tc>'
                    b"</w:tr></w:tbl>"
                )
            },
            "不是有效的 .docx 文件：文件结构不完整或已损坏",
        ),
    ],
)
def test_init_a_malformed_docx_is_a_data_error_and_writes_nothing(
    runner: CliRunner, here: Path, parts: dict[str, bytes | None], message: str
) -> None:
    (here / "方案.docx").write_bytes(_docx(**parts))
    result = runner.invoke(app, ["init", "方案.docx", "-o", "plan"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("方案.docx: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in here.iterdir()) == ["方案.docx"]


def test_init_a_table_cell_wider_than_word_allows_is_located(runner: CliRunner, here: Path) -> None:
    inner = b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999999"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
    (here / "方案.docx").write_bytes(_docx(word_document_xml=_body(inner)))
    result = runner.invoke(app, ["init", "方案.docx", "-o", "plan"])
    assert (result.exit_code, result.stderr) == (
        1,
        "方案.docx:表1第1行第1格: error: 单元格跨 99999999999 列，不是 Word 能做出的表格（最多 63 列）：文件已损坏\n",
    )


def test_init_a_docx_bomb_is_refused_before_it_is_expanded(runner: CliRunner, here: Path) -> None:
    filler = b"<w:p/>" * (6 * 1024 * 1024)  # 37 MB of XML, a few dozen KB compressed
    (here / "方案.docx").write_bytes(_docx(word_document_xml=_body(filler)))
    assert (here / "方案.docx").stat().st_size < 1024 * 1024
    result = runner.invoke(app, ["init", "方案.docx", "-o", "plan"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "方案.docx: error: 文件解压后过大（正文等 XML 部分共 37 MB，上限 16 MB）：不像是一份方案，请确认是否选错了文件\n"
    )
    assert not (here / "plan").exists()


# ------------------------------------------------ 5. the environment: a folder, the cache


def test_a_deleted_working_folder_is_a_usage_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "sys.argv = ['zygj', 'units', '--plan', sys.argv[2]]; from zygj.cli.main import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(gone), str(PLAN_DIR)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "zygj: error: 当前所在的文件夹已不存在（可能已被删除或移走）：请先 cd 到一个存在的文件夹再运行\n"
    )


def test_a_pipe_at_the_plan_cache_path_does_not_hang(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ZYGJ_PLAN", "ZYGJ_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    command = [*zygj_script(), "units", "-f", "json", "--plan", str(MINI_PLAN)]
    assert subprocess.run(command, env=env, capture_output=True, timeout=60).returncode == 0
    (cached,) = (tmp_path / "cache" / "zygj").glob("plan-*")
    cached.unlink()
    os.mkfifo(cached)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "市财政局" in done.stdout


def test_init_reads_text_in_tracked_insertions_content_controls_and_smart_tags(
    runner: CliRunner, here: Path
) -> None:
    def para(*pieces: str) -> str:
        return "<w:p>" + "".join(pieces) + "</w:p>"

    def run(text: str) -> str:
        return f"<w:r><w:t>{text}</w:t></w:r>"

    inner = "".join(
        [
            para(run("关于印发某方案的通知")),
            para(run("各区县：")),
            para(
                run("一、加强工作"),
                '<w:ins w:id="1" w:author="a">',
                run("（市财政局牵头）"),
                "</w:ins>",
                '<w:del w:id="2" w:author="a"><w:r><w:delText>（市已删局牵头）</w:delText></w:r></w:del>',
            ),
            para(
                run("二、扩大开放（"),
                '<w:smartTag w:uri="urn:x" w:element="place">',
                run("市商务局"),
                "</w:smartTag>",
                run("牵头）"),
            ),
            "<w:sdt><w:sdtContent>",
            para(run("三、推进改革（市教育体育局负责）")),
            "</w:sdtContent></w:sdt>",
            para(
                run("四、组织实施（市政府办公室牵头）")
            ),  # the drafter reads the last item as the closing
            para(run("2020年2月28日")),
        ]
    ).encode()
    (here / "方案.docx").write_bytes(_docx(word_document_xml=_body(inner)))
    result = runner.invoke(app, ["init", "方案.docx", "-o", "plan"])
    assert result.exit_code == 0, result.stderr
    measures = (here / "plan" / "measures.yaml").read_text(encoding="utf-8")
    assert "text: 加强工作" in measures and "lead: [市财政局]" in measures
    assert "推进改革" in measures and "市教育体育局" in measures
    assert "lead: [市商务局]" in measures
    assert "市已删局" not in measures


def test_a_folder_that_cannot_be_made_is_a_usage_error(runner: CliRunner, here: Path) -> None:
    (here / "一个文件").write_text("", encoding="utf-8")
    for args in (
        ["remind", "-o", "一个文件/通知", "--as-of", "2022-03-01"],
        ["progress", "template", "--all", "-o", "一个文件/表"],
    ):
        result = runner.invoke(app, [*args, "--plan", str(MINI_PLAN)])
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith("一个文件/")
        assert "Not a directory" in result.stderr or "File exists" in result.stderr
    assert sorted(p.name for p in here.iterdir()) == ["一个文件"]


def test_init_a_source_of_millions_of_lines_is_refused_at_once(
    runner: CliRunner, here: Path
) -> None:
    (here / "方案.txt").write_text("\n" * 4_000_000, encoding="utf-8")
    result = runner.invoke(app, ["init", "方案.txt", "-o", "plan"])
    assert (result.exit_code, result.stderr) == (
        1,
        "方案.txt: error: 原文过长（共 4000001 行，上限 30000 行）：一份分工方案通常不过几千行，请确认是否选错了文件\n",
    )
    (here / "方案.docx").write_bytes(_docx(word_document_xml=_body(b"<w:p/>" * 60_000)))
    result = runner.invoke(app, ["init", "方案.docx", "-o", "plan"])
    assert (result.exit_code, result.stderr) == (
        1,
        "方案.docx: error: 原文过长（共 60000 段，上限 30000 段）：一份分工方案通常不过几千段，请确认是否选错了文件\n",
    )
    assert not (here / "plan").exists()


def test_init_force_never_writes_through_a_link_in_the_folder(
    runner: CliRunner, here: Path
) -> None:
    (here / "plan").mkdir()
    (here / "重要.txt").write_text("别处的文件", encoding="utf-8")
    (here / "plan" / "measures.yaml").symlink_to(here / "重要.txt")
    result = runner.invoke(app, ["init", str(SOURCE_78), "-o", "plan", "--force"])
    assert (result.exit_code, result.stderr) == (
        2,
        "plan/measures.yaml: error: 这是一个符号链接，--force 也不经它改写别处的文件，未写入任何文件：请先删除它\n",
    )
    assert (here / "重要.txt").read_text(encoding="utf-8") == "别处的文件"
    assert files_in(here / "plan") == ["measures.yaml"]
