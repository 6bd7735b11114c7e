"""`zygj init` on the shapes local offices publish (issue 20, items 2, 3 and 5).

Three small documents written after the real shapes the issue describes, in
tests/fixtures/drafting/shapes/: a county 民生实事 table flattened one cell per line (as
copied from a web page), a district 政府工作报告分工 with role lines after each item, and a
2012 city 实施意见 with “2012年起5年内” and items ending in role clauses of every common
wording. Each is drafted with exact expectations (tasks, units per role, period,
deadlines) and the draft is run through `zygj validate`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import REPO
from zygj.cli.main import app
from zygj.core.deadlines import parse_deadline
from zygj.drafting import draft_plan
from zygj.drafting.outline import header_role
from zygj.drafting.roles import split_units

SHAPES = REPO / "tests" / "fixtures" / "drafting" / "shapes"
COUNTY = SHAPES / "county-minsheng-2023.txt"
DISTRICT = SHAPES / "district-gzbg-2024.txt"
CITY = SHAPES / "city-ssyj-2012.txt"


def init(runner: CliRunner, source: Path, out: Path) -> tuple[dict[str, Any], str, str]:
    """Run `zygj init`; (measures.yaml as data, REVIEW.md, stdout)."""
    result = runner.invoke(app, ["init", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    measures = yaml.safe_load((out / "measures.yaml").read_text(encoding="utf-8"))
    return measures, (out / "REVIEW.md").read_text(encoding="utf-8"), result.stdout


def roles(measures: dict[str, Any]) -> list[tuple[list[str], list[str], list[str]]]:
    return [
        (m.get("lead", []), m.get("responsible", []), m.get("cooperating", []))
        for m in measures["measures"]
    ]


def validate(runner: CliRunner, folder: Path) -> str:
    result = runner.invoke(app, ["validate", "--plan", str(folder)])
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def due_dates(measures: dict[str, Any]) -> list[str | None]:
    start = measures["period"]["start"]
    end = measures["period"]["end"]
    found: list[str | None] = []
    for m in measures["measures"]:
        if "deadline" not in m:
            found.append(None)
            continue
        deadline = parse_deadline(m["deadline"], start, end)
        found.append(deadline.date.isoformat() if deadline.date else deadline.kind)
    return found


# --------------------------------------------------------------- the county table


def test_county_minsheng_table_flattened_one_cell_per_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    measures, review, stdout = init(runner, COUNTY, tmp_path / "plan")
    assert [m["text"] for m in measures["measures"]] == [
        "新建城区公办幼儿园2所，新增学位540个",
        "实施城区雨污分流改造，改造老旧管网12公里",
        "改造提升老旧小区15个，惠及居民2836户",
        "为全县60周岁以上老年人免费健康体检1万名左右",
        "新建村级养老服务站10个",
        "新增城镇就业1200人，农村劳动力转移就业3000人",
        "建设城乡公交候车亭40座",
    ]
    # The 责任单位 column: units stacked in one cell are split at their endings.
    assert roles(measures) == [
        ([], ["县教育局", "县住建局"], []),
        ([], ["县水务局", "县住建局", "县护城河指挥部"], []),
        ([], ["县住建局"], []),
        ([], ["县卫生健康局"], []),
        ([], ["县民政局"], []),
        ([], ["县人力资源社会保障局"], []),
        ([], ["县交通运输局", "县城投公司"], []),
    ]
    assert measures["period"] == {"start": dt.date(2023, 2, 10), "end": dt.date(2023, 12, 31)}
    assert due_dates(measures) == [
        "2023-08-31",
        "2023-12-31",
        "2023-11-30",
        "2023-09-30",
        "2023-10-31",
        "2023-12-31",
        "2023-06-30",
    ]
    # The signature after the last row is not a cell of it.
    assert measures["document"]["issuer"] == "清河县人民政府办公室"
    assert measures["document"]["plan_title"] == "2023年县政府民生实事项目责任分工"
    assert "addressees" not in measures["measures"][0]
    assert "草稿按原样通过 zygj validate" in stdout
    assert "**通过校验**" in review
    assert "未发现问题" in validate(runner, tmp_path / "plan")


def test_county_table_from_html_and_docx_reads_the_same(runner: CliRunner, tmp_path: Path) -> None:
    """The same table as a web page (<td> cells) and as a .docx table, its task column
    headed 民生实事: found by its shape (the longest text), not by a header word."""
    import docx

    rows = [
        ("序号", "民生实事", "责任单位", "完成时限"),
        ("1", "新建城区公办幼儿园2所，新增学位540个", "县教育局县住建局", "8月底"),
        (
            "2",
            "实施城区雨污分流改造，改造老旧管网12公里",
            "县水务局县住建局县护城河指挥部",
            "12月底前",
        ),
    ]
    head = "<p>清河县人民政府办公室关于印发2023年县政府民生实事项目责任分工的通知</p>"
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><body>{head}<table>{cells}</table><p>清河县人民政府办公室</p><p>2023年2月10日</p></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("清河县人民政府办公室关于印发2023年县政府民生实事项目责任分工的通知")
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("清河县人民政府办公室")
    document.add_paragraph("2023年2月10日")
    word = tmp_path / "table.docx"
    document.save(str(word))
    for source in (page, word):
        draft = draft_plan(source)
        assert [
            (m["text"], m["responsible"], m["deadline"]) for m in draft.measures["measures"]
        ] == [
            ("新建城区公办幼儿园2所，新增学位540个", ["县教育局", "县住建局"], "8月底"),
            (
                "实施城区雨污分流改造，改造老旧管网12公里",
                ["县水务局", "县住建局", "县护城河指挥部"],
                "12月底前",
            ),
        ], source.name
        assert draft.validates, [p.format() for p in draft.problems]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("承办单位", "responsible"), ("责任部门", "responsible"), ("牵头部门", "lead"),
        ("牵头责任单位", "lead"), ("配合部门", "cooperating"), ("协办单位", "cooperating"),
        ("完成时限", "deadline"), ("办结时间", "deadline"), ("时间节点", "deadline"),
        ("工作任务", "task"), ("序号", "label"), ("民生实事", None), ("重点工作", None),
    ],
)  # fmt: skip
def test_header_words(header: str, role: str | None) -> None:
    # 民生实事 and 重点工作 have no fixed role: the task column is the longest-text one.
    assert header_role(header) == role


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("县水务局县住建局县护城河指挥部", ["县水务局", "县住建局", "县护城河指挥部"]),
        ("县委办县政府办", ["县委办", "县政府办"]),
        ("县交通运输局县城投公司", ["县交通运输局", "县城投公司"]),
        ("区人民政府", ["区人民政府"]),
        ("县人力资源社会保障局", ["县人力资源社会保障局"]),
        ("市委市政府督查室", ["市委市政府督查室"]),  # 市委 is too short to be a unit of its own
        ("市发展改革委、市财政局", ["市发展改革委", "市财政局"]),
    ],
)
def test_stacked_units_split_at_their_endings(cell: str, names: list[str]) -> None:
    assert split_units(cell)[0] == names


# ----------------------------------------------------------- the district report


def test_district_report_role_lines_after_each_item(runner: CliRunner, tmp_path: Path) -> None:
    measures, review, _ = init(runner, DISTRICT, tmp_path / "plan")
    texts = [m["text"] for m in measures["measures"]]
    assert texts[0] == "全区地区生产总值增长6%左右，一般公共预算收入增长5%。"
    assert texts[5] == "新建改扩建中小学、幼儿园4所，新增学位2400个。"
    assert not any("单位" in t for t in texts)  # the role lines are not glued into the text
    assert roles(measures) == [
        (["区发改局"], ["区财政局", "区统计局"], []),
        (["区发改局"], ["区住建局", "区自然资源分局", "各街道办事处"], []),
        (["区市场监管局"], ["区科工局"], []),
        (["区民政局"], ["区财政局", "区卫健委"], []),
        (["区住建局"], ["区财政局", "区自然资源分局"], []),
        ([], ["区教育局"], []),
        (["区城管委"], ["区交通支队", "区住建局", "各街道办事处"], []),
    ]
    # Not one item is given the notice's addressees, and REVIEW.md does not say they list none.
    assert not any("addressees" in m for m in measures["measures"])
    assert "没有列出单位" not in review
    assert [(s["label"], s["title"]) for s in measures["sections"]] == [
        ("一、", "全力推动经济稳中求进"),
        ("二、", "持续保障和改善民生"),
        ("三、", "提升城市治理水平"),
    ]
    assert [m["section"] for m in measures["measures"]] == [1, 1, 1, 2, 2, 2, 3]
    assert measures["period"] == {"start": dt.date(2024, 3, 8), "end": dt.date(2024, 12, 31)}
    # A target of an item without its own year falls due at the end of the period; every
    # count after a verb of doing is one (issue 20 item 4), the growth rates too.
    targets = yaml.safe_load((tmp_path / "plan" / "targets.yaml").read_text(encoding="utf-8"))
    assert [(t["id"], t["op"], t["value"], t["unit_of_measure"]) for t in targets["targets"]] == [
        ("1.1", "growth", 6, "%"), ("1.2", "growth", 5, "%"), ("3.1", "ge", 3000, "户"),
        ("3.2", "ge", 10, "家"), ("4.1", "ge", 5, "个"), ("4.2", "ge", 200, "张"),
        ("5.1", "ge", 1200, "套"), ("6.1", "ge", 4, "所"), ("6.2", "ge", 2400, "个"),
        ("7.1", "ge", 30, "条"), ("7.2", "ge", 1500, "个"),
    ]  # fmt: skip
    assert {t.get("deadline") for t in targets["targets"]} == {dt.date(2024, 12, 31)}
    assert "未发现问题" in validate(runner, tmp_path / "plan")


def test_unnumbered_heading_is_a_section_not_part_of_an_item(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        "\n".join(
            [
                "武汉市2023年政府工作报告目标任务责任分解方案",
                "——推进教育高质量发展",
                "1.推进普通高中优质多样化发展。(责任单位:市教育局)",
                "2.加强师德师风建设。(责任单位:市教育局)",
                "——加快建设健康武汉",
                "3.谋划推进长江新区医疗综合体项目。(牵头单位:市卫健委;责任单位:长江新区管委会)",
                "保障措施",
                "4.加强组织领导。（责任单位：市政府办公厅）",
                "武汉市人民政府办公厅",
                "2023年2月1日",
            ]
        ),
        encoding="utf-8",
    )
    draft = draft_plan(source)
    measures = draft.measures
    assert [(s["title"], s["no"]) for s in measures["sections"]] == [
        ("推进教育高质量发展", 1), ("加快建设健康武汉", 2), ("保障措施", 3),
    ]  # fmt: skip
    assert [(m["text"], m["section"]) for m in measures["measures"]] == [
        ("推进普通高中优质多样化发展。", 1),
        ("加强师德师风建设。", 1),
        ("谋划推进长江新区医疗综合体项目。", 2),
        ("加强组织领导。", 3),
    ]
    assert measures["measures"][2]["lead"] == ["市卫健委"]
    assert measures["measures"][2]["responsible"] == ["长江新区管委会"]
    assert measures["document"]["title"] == "武汉市2023年政府工作报告目标任务责任分解方案"
    assert draft.validates, [p.format() for p in draft.problems]


# ------------------------------------------------------------ the 2012 city opinion


def test_city_opinion_2012_period_and_role_clauses(runner: CliRunner, tmp_path: Path) -> None:
    measures, review, _ = init(runner, CITY, tmp_path / "plan")
    document = measures["document"]
    # 二〇一二年五月十日: the 成文日期 in Chinese numerals, never 1970-01-01.
    assert document["date"] == dt.date(2012, 5, 10)
    assert document["issuer"] == "南江市人民政府"
    assert document["addressees"] == "各县（市、区）人民政府，市政府各部门、各直属机构"
    # 2012年起5年内 → 2012 to 2016.
    assert measures["period"]["start"] == dt.date(2012, 5, 10)
    assert measures["period"]["end"] == dt.date(2016, 12, 31)
    assert (
        "实施期推定为 2012-05-10 至 2016-12-31（成文日期、“2012年起5年内”、“三年内”自成文日期起算），"
        "每年目标按 [2012, 2013, 2014, 2015, 2016] 逐年考核：请核对"
    ) in review
    # Every wording of the clause: ，/；/space between roles, half-width brackets, 由…牵头.
    assert roles(measures) == [
        (["市民政局"], [], ["市发展改革委", "市财政局", "市国土资源局"]),
        (["市民政局"], [], ["市财政局", "市老龄办"]),
        (["市民政局"], [], ["市工信委", "市财政局"]),
        ([], ["市民政局", "市财政局"], []),
        (["市人社局"], [], ["市民政局", "市教育局"]),
        (["市卫生局"], [], ["市民政局"]),
        (["市国土资源局"], [], ["市规划局"]),
        (["市物价局"], [], ["市供电公司", "市水务集团"]),
        ([], ["市民政局"], []),
        (["市财政局"], [], ["市民政局"]),
    ]
    texts = [m["text"] for m in measures["measures"]]
    assert texts[7] == "完善养老服务扶持政策。对养老机构用水、用电、用气按居民生活类价格执行。"
    # The signature is not glued into the last item.
    assert texts[9] == "加大资金投入。市财政每年安排养老服务业发展专项资金，并逐年增加。"
    # 一、总体目标 holds no item: its text goes to document.intro, the outline keeps the rest.
    assert [(s["no"], s["label"], s["title"]) for s in measures["sections"]] == [
        (1, "二、", "主要任务"),
        (2, "三、", "保障措施"),
    ]
    assert document["intro"].startswith("一、总体目标\n2012年起5年内，基本建立")
    assert [m["section"] for m in measures["measures"]] == [1] * 8 + [2] * 2
    targets = yaml.safe_load((tmp_path / "plan" / "targets.yaml").read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in targets["targets"]}
    # “2016年底前 … 至少建成1所” falls due in 2016, it is not a yearly target.
    assert by_id["1.2"]["deadline"] == dt.date(2016, 12, 31) and "annual" not in by_id["1.2"]
    assert by_id["2.1"]["deadline"] == dt.date(2016, 12, 31)
    assert "未发现问题" in validate(runner, tmp_path / "plan")


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("2012年起5年内，建成养老服务体系。", ("2012-05-10", "2016-12-31")),
        ("“十四五”期间，建成养老服务体系。", ("2012-05-10", "2025-12-31")),
        ("到2020年，建成养老服务体系。", ("2012-05-10", "2020-12-31")),
        ("三年内建成养老服务体系。", ("2012-05-10", "2014-12-31")),
        ("建成养老服务体系。", ("2012-05-10", "2012-12-31")),
    ],
)
def test_period_from_the_text(tmp_path: Path, sentence: str, period: tuple[str, str]) -> None:
    source = tmp_path / "opinion.txt"
    source.write_text(
        "\n".join(
            [
                "南江市人民政府关于加快发展养老服务业的实施意见",
                "各县（市、区）人民政府：",
                f"一、{sentence}（牵头单位：市民政局）",
                "南江市人民政府",
                "2012年5月10日",
            ]
        ),
        encoding="utf-8",
    )
    draft = draft_plan(source)
    got = draft.measures["period"]
    assert (got["start"], got["end"]) == period


def test_undated_document_gets_no_placeholder_date(runner: CliRunner, tmp_path: Path) -> None:
    """No 成文日期 and no year anywhere: no 1970-01-01, the gap is a review item, the
    validate errors are in REVIEW.md and the command says the draft does not validate."""
    source = tmp_path / "undated.txt"
    source.write_text(
        "关于做好养老服务工作的通知\n各县（市、区）人民政府：\n"
        "一、加快养老机构建设。（牵头单位：市民政局）\n",
        encoding="utf-8",
    )
    measures, review, stdout = init(runner, source, tmp_path / "plan")
    assert "date" not in measures["document"] and "period" not in measures
    assert "1970" not in (tmp_path / "plan" / "measures.yaml").read_text(encoding="utf-8")
    assert "- [ ] undated.txt：没有找到成文日期：document.date 未填，请按原件填写" in review
    assert "**未通过校验**（2 个错误，见“校验结果”）" in review
    assert "- [ ] measures.yaml:4：错误：period 缺少必填字段" in review
    assert "草稿未通过 zygj validate：2 个错误，已列在 REVIEW.md 的“校验结果”" in stdout
    result = runner.invoke(app, ["validate", "--plan", str(tmp_path / "plan")])
    assert result.exit_code == 1
    assert "measures.yaml:4" in result.stdout + result.stderr


def test_undated_document_dated_by_its_stated_years(tmp_path: Path) -> None:
    source = tmp_path / "undated.txt"
    source.write_text(
        "关于加快发展养老服务业的实施意见\n各县（市、区）人民政府：\n"
        "一、2012年起5年内建成养老服务体系。（牵头单位：市民政局）\n",
        encoding="utf-8",
    )
    draft = draft_plan(source)
    assert draft.measures["period"] == {"start": "2012-01-01", "end": "2016-12-31"}
    assert [p.message for p in draft.problems] == ["document的 date 缺少必填字段"]


CORPUS = REPO / "tests" / "fixtures" / "drafting" / "corpus"


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_each_corpus_draft_validates_as_written(name: str) -> None:
    """Every real document of the corpus drafts to a plan validate accepts, except the
    Wuhan page, a fragment that carries no 成文日期 (which init does not invent)."""
    draft = draft_plan(CORPUS / name / "source.txt")
    errors = [p.message for p in draft.problems if p.severity == "error"]
    if name == "wuhan-2023-fragment":
        assert errors == ["document的 date 缺少必填字段"]
        assert [m["no"] for m in draft.measures["measures"]] == list(range(204, 213))
    else:
        assert errors == []


def test_flattened_table_with_a_broken_task_and_a_section_row(tmp_path: Path) -> None:
    """A task cell wrapped over two lines, and a section row (一、…) between rows: the
    columns after the task are read from the row's end; rows before the first section
    row get a section of their own."""
    source = tmp_path / "table.txt"
    source.write_text(
        "\n".join(
            [
                "清河县人民政府办公室关于印发2023年县政府民生实事项目责任分工的通知",
                "2023年县政府民生实事项目责任分工",
                *("序号", "民生实事", "责任单位", "完成时限"),
                *("1", "新建城区公办幼儿园2所，", "新增学位540个", "县教育局县住建局", "8月底"),
                "一、城乡建设",
                *("2", "改造老旧管网12公里", "县水务局", "12月底前"),
                "清河县人民政府办公室",
                "2023年2月10日",
            ]
        ),
        encoding="utf-8",
    )
    draft = draft_plan(source)
    assert draft.measures["sections"] == [
        {"no": 1, "label": "", "title": "2023年县政府民生实事项目责任分工"},
        {"no": 2, "label": "一、", "title": "城乡建设"},
    ]
    assert [
        (m["section"], m["text"], m["responsible"], m["deadline"])
        for m in draft.measures["measures"]
    ] == [
        (1, "新建城区公办幼儿园2所，新增学位540个", ["县教育局", "县住建局"], "8月底"),
        (2, "改造老旧管网12公里", ["县水务局"], "12月底前"),
    ]
    assert draft.units["units"][0] == {"name": "县教育局", "kind": "县级部门"}
    assert draft.validates, [p.format() for p in draft.problems]


def test_a_leader_line_after_an_item_is_neither_text_nor_unit(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        "\n".join(
            [
                "东城区2024年政府工作报告重点工作分工方案",
                "一、全力推动经济稳中求进",
                "1.全年实施重点项目60个。",
                "责任领导:王明副区长",
                "牵头单位:区发改局",
                "责任单位:区住建局",
                "东城区人民政府办公室",
                "2024年3月8日",
            ]
        ),
        encoding="utf-8",
    )
    draft = draft_plan(source)
    measure = draft.measures["measures"][0]
    assert (measure["text"], measure["lead"], measure["responsible"]) == (
        "全年实施重点项目60个。",
        ["区发改局"],
        ["区住建局"],
    )
    assert [r.message for r in draft.review if r.kind == "roles"] == [
        "第1项后的“责任领导:王明副区长”是领导分工，方案文件不记：请核对"
    ]


def test_county_table_flattened_in_a_web_page(tmp_path: Path) -> None:
    """The page itself: one <p> per cell, as the county site publishes the table."""
    lines = [line for line in COUNTY.read_text(encoding="utf-8").splitlines() if line]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>民生实事</title></head><body>"
        + "".join(f"<p>{line}</p>" for line in lines)
        + "</body></html>",
        encoding="utf-8",
    )
    from_page = draft_plan(page)
    from_text = draft_plan(COUNTY)
    assert from_page.measures["measures"] == from_text.measures["measures"]
    assert from_page.measures["period"] == from_text.measures["period"]
    assert from_page.validates
