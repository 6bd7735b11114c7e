"""The 通报 and the 催办通知 as 公文 (.docx, GB/T 9704-2012).

Read back with python-docx (page, margins, fonts, sizes, paragraph order, the
tables' figures against `report --format json`), and — when LibreOffice and
poppler are installed — converted to PDF: page size, where the text stands,
page numbers, and nothing drawn outside the text block.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app
from zygj.load.plan import load_checked_plan

PROGRESS = ["--progress", str(EXAMPLE_PROGRESS)]
AS_OF = "2020-12-31"


def _east_asian_font(run: Any) -> str | None:
    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gongwen")
    runner = CliRunner()
    report = folder / "report.docx"
    done = runner.invoke(app, ["report", *PROGRESS, "--as-of", AS_OF, "-o", str(report)])
    assert done.exit_code == 0, done.output
    assert done.stdout == f"已写入 {report}（docx，截至 2020-12-31：45 个目标，逾期 4，滞后 30）\n"
    notices = folder / "notices"
    done = runner.invoke(
        app,
        [
            "remind",
            *PROGRESS,
            "--as-of",
            "2020-12-01",
            "--since",
            "2020-06-30",
            "--unit",
            "市人力资源社会保障局",
            "-o",
            str(notices),
        ],
    )
    assert done.exit_code == 0, done.output
    data = runner.invoke(app, ["report", *PROGRESS, "--as-of", AS_OF, "-f", "json"])
    (folder / "report.json").write_text(data.stdout, encoding="utf-8")
    scores = runner.invoke(
        app, ["score", *PROGRESS, "--as-of", AS_OF, "-f", "json"]
    )  # the 通报's day
    (folder / "score.json").write_text(scores.stdout, encoding="utf-8")
    return {
        "report": report,
        "notice": notices / "催办通知-市人力资源社会保障局.docx",
        "json": folder / "report.json",
        "score": folder / "score.json",
    }


def test_page_is_a4_with_the_gbt9704_margins(files: dict[str, Path]) -> None:
    for path in (files["report"], files["notice"]):
        section = Document(str(path)).sections[0]
        width, height = section.page_width, section.page_height
        top, left, right, bottom = (
            section.top_margin,
            section.left_margin,
            section.right_margin,
            section.bottom_margin,
        )
        assert width is not None and height is not None
        assert None not in (top, left, right, bottom)
        # Lengths are stored in twips: equal to the millimetre within 0.05 mm.
        assert _mm(width) == 210 and _mm(height) == 297  # A4
        assert _mm(top) == 37  # 天头
        assert _mm(left) == 28  # 订口
        assert _mm(width - left - right) == 156  # 版心
        assert _mm(height - top - bottom) == 225


def _mm(length: Any) -> float:
    return round(int(length) / 36000, 1)  # EMU → mm


def test_body_is_3hao_fangsong_22_lines(files: dict[str, Path]) -> None:
    document = Document(str(files["report"]))
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    line = normal.paragraph_format.line_spacing
    assert abs(line.pt * 22 - 225 / 25.4 * 72) < 0.5  # 22 lines fill the 225 mm block
    fonts = _font_fallbacks(files["report"])
    assert fonts["仿宋_GB2312"] == "仿宋" and fonts["方正小标宋简体"] == "宋体"
    assert fonts["楷体_GB2312"] == "楷体"


def _font_fallbacks(path: Path) -> dict[str, str]:
    """The font table's declared fonts and the fallback (altName) each names."""
    import zipfile

    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(zipfile.ZipFile(path).read("word/fontTable.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return {
        font.get(f"{w}name"): font.find(f"{w}altName").get(f"{w}val")
        for font in root.iter(f"{w}font")
        if font.find(f"{w}altName") is not None
    }


def test_report_paragraphs_in_order_with_their_fonts(files: dict[str, Path]) -> None:
    document = Document(str(files["report"]))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    # 版头 (the plan's office block): the mark, the 发文字号 with its number left to write in.
    assert [p.text for p in paragraphs[:2]] == [
        "资阳市人民政府办公室文件",
        "资府办督〔2020〕\u3000\u3000号",
    ]
    title = paragraphs[2]
    # Broken after a whole word (工程), never inside one.
    assert (
        title.text
        == "关于《实施“资阳工匠”培养工程\n责任分工方案》落实情况的通报\n（截至2020年12月31日）"
    )
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(_east_asian_font(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}
    assert (
        paragraphs[3].text
        == "各县（区）人民政府，高新区管委会，临空经济区管委会，市级各部门（单位）："
    )
    headings = [p for p in paragraphs if re.match("^[一二三四五六]、", p.text)]
    assert [h.text for h in headings] == [
        "一、总体情况",
        "二、主要成效",
        "三、存在问题",
        "四、下一步工作要求",
    ]
    assert all(_east_asian_font(h.runs[0]) == "黑体" for h in headings)
    overall = paragraphs[paragraphs.index(headings[0]) + 1].text
    data = json.loads(files["json"].read_text(encoding="utf-8"))["overall"]
    assert overall == (  # figures without spaces, as a 公文 sets them
        f"截至2020年12月31日，《实施“资阳工匠”培养工程责任分工方案》（资府办发〔2018〕78号）确定的"
        f"{data['total']}项目标中，已完成{data['done'] + data['done_late']}项（其中逾期完成"
        f"{data['done_late']}项），推进中{data['in_progress']}项（其中滞后{data['in_progress_behind']}项），"
        f"未启动{data['not_started']}项（其中滞后{data['not_started_behind']}项），逾期未完成{data['overdue']}项，总体完成度"
        f"{round(data['completion'] * 100)}%。"
    )
    # 署名 and 成文日期 (Arabic numerals; the report's as-of date by default), right-aligned.
    texts = [p.text for p in paragraphs]
    signed = texts.index("资阳市人民政府办公室")
    assert texts[signed + 1] == "2020年12月31日"
    assert paragraphs[signed + 1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_page_numbers_odd_right_even_left(files: dict[str, Path]) -> None:
    document = Document(str(files["report"]))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        xml = paragraph._p.xml
        assert 'w:instr="PAGE"' in xml
        texts = "".join(t.text for t in paragraph._p.iter(qn("w:t")))
        assert texts == "— 1 —"
        sizes = {s.get(qn("w:val")) for s in paragraph._p.iter(qn("w:sz"))}
        assert sizes == {"28"}  # 4号 = 14 pt
        fonts = {f.get(qn("w:eastAsia")) for f in paragraph._p.iter(qn("w:rFonts"))}
        assert fonts == {"宋体"}
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent == Pt(14)


def _table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_tables_agree_with_the_json_report(files: dict[str, Path]) -> None:
    document = Document(str(files["report"]))
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    sections, attention, missing, ranking = document.tables
    rows = _table_rows(sections)
    assert rows[0] == [
        "部分",
        "目标数",
        "已完成",
        "其中逾期完成",
        "推进中",
        "未启动",
        "逾期",
        "滞后",
        "完成度",
    ]
    assert rows[1:] == [
        [
            s["label"],
            str(s["total"]),
            str(s["done_total"]),
            str(s["done_late"]),
            str(s["in_progress"]),
            str(s["not_started"]),
            str(s["overdue"]),
            str(s["behind"]),
            f"{round(s['completion'] * 100)}%",
        ]
        for s in data["by_section"]
    ]
    flagged = [t for t in data["targets"] if t["status"] == "overdue"] + [
        t for t in data["targets"] if t["behind"] and t["status"] != "overdue"
    ]
    rows = _table_rows(attention)[1:]
    assert [r[0].split("\n")[0] for r in rows] == [t["id"] for t in flagged]
    assert [r[3] for r in rows] == [t["deadline"] for t in flagged]
    assert [r[7] for r in rows] == [t["owner"] for t in flagged]
    silent = [t for t in data["targets"] if t["missing_reporters"]]
    rows = _table_rows(missing)[1:]
    assert [r[0].split("\n")[0] for r in rows] == [t["id"] for t in silent]
    order = [u.name for u in load_checked_plan(PLAN_DIR).units_file.units]
    # The same units as the JSON, in the office's order (units.yaml), never code point.
    assert [r[3] for r in rows] == [
        "、".join(sorted(t["missing_reporters"], key=order.index)) for t in silent
    ]
    scores = json.loads(files["score"].read_text(encoding="utf-8"))["units"]
    assert [(r[0], r[1], r[2]) for r in _table_rows(ranking)[1:]] == [
        (str(u["rank"]), u["unit"], f"{u['score']:.2f}") for u in scores
    ]
    for table in document.tables:  # every table is exactly as wide as the text block
        widths = [cell.width for cell in table.rows[0].cells]
        assert abs(sum(widths) - Mm(156)) < Mm(0.5)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_report_since_the_last_tongbao_lists_what_changed(tmp_path: Path) -> None:
    """With --since, the 公文 gets 本期变化 (the same targets and transitions as the JSON)."""
    report = tmp_path / "since.docx"
    args = ["report", *PROGRESS, "--as-of", AS_OF, "--since", "2020-06-30"]
    done = CliRunner().invoke(app, [*args, "-o", str(report)])
    assert done.exit_code == 0, done.output
    data = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    document = Document(str(report))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert [t for t in texts if re.match("^[一二三四五六]、", t)] == [
        "一、总体情况",
        "二、本期变化",
        "三、主要成效",
        "四、存在问题",
        "五、下一步工作要求",
    ]
    changes = _table_rows(document.tables[1])  # 附件2, after 各部分目标完成情况
    assert changes[0] == ["编号", "目标", "上期状态", "本期状态", "本期实际", "变化", "状态变化"]
    changed = [
        t
        for t in data["targets"]
        if t["id"] + (f"（{t['year']}年）" if t["year"] else "")
        in {r[0].replace("\n", "") for r in changes[1:]}
    ]
    assert len(changed) == len(changes) - 1 > 0
    new_done = sum(1 for row in changes[1:] if row[6] == "新完成")
    assert new_done == sum(1 for t in data["targets"] if t["transition"] == "新完成") > 0
    sentence = texts[texts.index("二、本期变化") + 1]
    assert sentence.startswith(
        f"2020年6月30日至2020年12月31日，{len(changed)}项目标有变化，其中新完成{new_done}项"
    )


def test_notice_structure(files: dict[str, Path]) -> None:
    document = Document(str(files["notice"]))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "关于抓紧推进《实施“资阳工匠”培养工程\n责任分工方案》相关目标任务的催办通知"
    assert texts[1] == "督办编号：资府督办〔2020〕\u3000\u3000号"
    assert texts[2] == "市人力资源社会保障局："
    assert texts[5:7] == ["一、临近截止的目标", "二、已逾期未完成的目标"]
    assert texts[-2:] == ["资阳市人民政府办公室", "2020年12月1日"]
    due, overdue, missing = document.tables
    assert [r[0] for r in _table_rows(overdue)[1:]] == [
        "6.1\n（2019年）",
        "18.1\n（2019年）",
        "18.2\n（2019年）",
        "21.1\n（2019年）",
    ]
    assert len(_table_rows(due)) == 1 + 23
    assert len(_table_rows(missing)) == 1 + 35  # 未报送进展 35 项, as the command said


# ------------------------------------------------------------ through LibreOffice

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdftoppm")
needs_office = pytest.mark.skipif(
    not (SOFFICE and POPPLER), reason="needs LibreOffice (soffice) and poppler-utils"
)
PT_MM = 25.4 / 72


@pytest.fixture(scope="module")
def pdfs(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    profile = out / "profile"
    sources = [files["report"], files["notice"]]
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {"report": out / "report.pdf", "notice": out / "催办通知-市人力资源社会保障局.pdf"}


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as (x0, y0, x1, y1) in mm from the top left, with the text."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
        pages.append(
            [
                (float(a) * PT_MM, float(b) * PT_MM, float(c) * PT_MM, float(d) * PT_MM, t)
                for a, b, c, d, t in words
            ]
        )
    return pages


@needs_office
def test_pdf_page_size_and_text_block(pdfs: dict[str, Path]) -> None:
    for pdf in pdfs.values():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "Page size:       595.3" in info.stdout and "(A4)" in info.stdout
        for words in _words(pdf):
            body = [w for w in words if w[1] < 262]
            assert min(w[0] for w in body) >= 28 - 0.5  # 订口
            assert max(w[2] for w in body) <= 28 + 156 + 0.5
            assert min(w[1] for w in body) >= 37 - 0.5  # 天头
            assert max(w[3] for w in body) <= 37 + 225 + 0.5


@needs_office
def test_pdf_page_numbers(pdfs: dict[str, Path]) -> None:
    pages = _words(pdfs["report"])
    assert len(pages) >= 2
    for number, words in enumerate(pages, start=1):
        foot = [w for w in words if w[1] >= 262]
        assert [w[4] for w in foot] == ["—", str(number), "—"]
        assert all(262 + 5 <= w[1] <= 262 + 10 for w in foot)  # about 7 mm below the block
        if number % 2:  # odd: right, one character (14 pt ≈ 4.9 mm) in
            assert abs(foot[-1][2] - (28 + 156 - 14 * PT_MM)) < 1
        else:
            assert abs(foot[0][0] - (28 + 14 * PT_MM)) < 1


@needs_office
def test_pdf_tables_show_the_json_figures(pdfs: dict[str, Path], files: dict[str, Path]) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdfs["report"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    for section in data["by_section"]:
        figures = [
            section[k]
            for k in (
                "total",
                "done",
                "done_late",
                "in_progress",
                "not_started",
                "overdue",
                "behind",
            )
        ]
        row = r"\s+".join(str(f) for f in figures) + rf"\s+{round(section['completion'] * 100)}%"
        assert re.search(row, text), section["label"]


def _pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header is not None
    width, height = int(header.group(1)), int(header.group(2))
    return width, height, data[header.end() :]


@needs_office
def test_pdf_nothing_drawn_outside_the_text_block(pdfs: dict[str, Path], tmp_path: Path) -> None:
    """Rendered pages: every dark pixel above the footer lies inside the 156 × 225 mm block."""
    dpi = 72
    for name, pdf in pdfs.items():
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(tmp_path / name)], check=True
        )
        for image in sorted(tmp_path.glob(f"{name}-*.pgm")):
            width, height, pixels = _pgm(image)
            mm = dpi / 25.4
            left, right = (28 - 1) * mm, (28 + 156 + 1) * mm
            top, bottom = (37 - 1) * mm, (37 + 225 + 1) * mm
            for y in range(height):
                if y > bottom:
                    break  # the page number lives below the block
                row = pixels[y * width : (y + 1) * width]
                for x, value in enumerate(row):
                    if value < 128:
                        assert left <= x <= right and y >= top, (image.name, x / mm, y / mm)
