"""The .docx 通报 lists 未计入 records as the web page does, and only when there are some."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from tests.test_quarter_cycle import HRSS, invoke

HEADER = "target,date,unit,value,status,year"


def docx_of(runner: CliRunner, tmp_path: Path, rows: list[str]) -> Document:
    (tmp_path / "p.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "通报.docx"
    result = invoke(
        runner, "report", "-p", str(tmp_path / "p.csv"), "--as-of", "2020-06-30", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    return Document(str(out))


def test_a_record_from_a_unit_not_asked_is_listed_as_uncounted(
    runner: CliRunner, tmp_path: Path
) -> None:
    # 雁江区 is not among 5.1's reporters: its 5000 is not added, and the 通报 says so.
    document = docx_of(
        runner, tmp_path, [f"5.1,2020-06-30,{HRSS},10000,,", "5.1,2020-06-30,雁江区,5000,,"]
    )
    texts = [p.text for p in document.paragraphs]
    # Under 存在问题, and as an 附件 of its own (the 公文 sets figures without spaces).
    assert any(
        t.startswith("1条记录的填报单位不是该目标的填报单位，未计入完成情况（见附件") for t in texts
    )
    assert "未计入的记录" in texts
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "编号" and t.rows[0].cells[1].text == "单位"
    )
    assert [c.text for c in table.rows[1].cells][:4] == ["5.1", "雁江区", "2020-06-30", "5000"]


def test_no_uncounted_section_without_uncounted_records(runner: CliRunner, tmp_path: Path) -> None:
    document = docx_of(runner, tmp_path, [f"5.1,2020-06-30,{HRSS},10000,,"])
    assert not any("未计入" in p.text for p in document.paragraphs)


def test_measure_shows_each_units_part_where_several_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`zygj measure N` shows the 分项 under its targets: the lead decides 11.2, a co-unit's 已完成 is shown only."""
    (tmp_path / "p.csv").write_text(
        f"{HEADER}\n11.2,2020-06-30,市文化广电新闻出版局,,推进中,\n11.2,2020-06-30,市经济和信息化委,,已完成,\n",
        encoding="utf-8",
    )
    result = invoke(
        runner,
        "measure",
        "11",
        "-p",
        str(tmp_path / "p.csv"),
        "--as-of",
        "2020-06-30",
        "-f",
        "plain",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "11.2 各单位填报：市文化广电新闻出版局 推进中（2020-06-30）；市经济和信息化委 已完成（2020-06-30，仅作参考）"
    )
