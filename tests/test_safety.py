"""Output guards: spreadsheet formula injection and HTML escaping."""

from __future__ import annotations

import csv
import io

import pytest

from zygj.output.escaping import html_text, spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.example","点击")', '\'=HYPERLINK("http://evil.example","点击")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+", "'+"),
        ("- 未完成", "'- 未完成"),
    ],
)
def test_formula_starts_are_neutralised(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


@pytest.mark.parametrize(
    "cell", ["-5", "-0.5", "+3", "-1e3", "1+1", "市人社局", "a=b", "", "65%", " =1"]
)
def test_plain_text_and_signed_numbers_are_kept(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell


@pytest.mark.parametrize("value", [-5, -0.25, 0, 3.5, None, True])
def test_non_text_values_pass_through_unchanged(value: object) -> None:
    assert spreadsheet_safe(value) is value


def test_csv_round_trip_keeps_negative_numbers_numeric() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheet_safe(c) for c in ["=1+1", "-5", -5, "@x"]])
    assert buffer.getvalue() == "'=1+1,-5,-5,'@x\r\n"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("'单引号'", "&#x27;单引号&#x27;"),
        ("A&B 市人社局", "A&amp;B 市人社局"),
        ("&amp;", "&amp;amp;"),
        (None, ""),
        (65.5, "65.5"),
    ],
)
def test_html_text_escapes_content_and_attributes(value: object, escaped: str) -> None:
    assert html_text(value) == escaped
