"""`zygj report --format html`: one self-contained, escaped page, checked in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_PROGRESS, PLAN_DIR
from zygj.cli.main import app

AS_OF = (
    "2020-06-01"  # example progress: bars of every colour, 4 overdue and 38 behind (36 not started)
)
BASE = ["report", "--plan", str(PLAN_DIR), "--progress", str(EXAMPLE_PROGRESS), "--as-of", AS_OF]
EVIL = '市教育<script>alert("x")</script>&体育局'


def _report_json(runner: CliRunner, args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _attention(data: dict[str, object]) -> list[dict[str, object]]:
    targets = data["targets"]
    assert isinstance(targets, list)
    return [t for t in targets if t["status"] == "overdue" or t["behind"]]


def _write_report(runner: CliRunner, args: list[str], path: Path) -> str:
    result = runner.invoke(app, [*args, "--format", "html", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def test_html_report_is_one_self_contained_page(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    result = runner.invoke(app, [*BASE, "--format", "html", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已写入 {path}（html，截至 {AS_OF}：45 个目标，逾期 4，滞后 38）\n"
    page = path.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
    assert "<title>资府办发〔2018〕78号 完成情况（截至 2020-06-01）</title>" in page
    assert "<h1>资府办发〔2018〕78号 完成情况</h1>" in page
    for font in ('"Microsoft YaHei"', '"PingFang SC"', '"Noto Sans CJK SC"', "sans-serif"):
        assert font in page
    # Nothing fetched from anywhere: no script, no stylesheet link, no web font, no URL.
    for outside in ("<script", "<link", "@import", "url(", "http:", "https:", "src="):
        assert outside not in page
    # One bar per part (8) and per lead unit (5), each a filled rect over a track.
    assert len(re.findall(r'<rect class="bar (green|yellow|red)"', page)) == 8 + 5
    assert page.count('<rect class="track"') == 8 + 5
    assert "<h2>按部分</h2>" in page and "<h2>按牵头单位</h2>" in page
    assert "<h2>需关注：逾期 4 项，滞后 38 项</h2>" in page


def test_html_table_lists_overdue_then_behind_with_their_lights(
    runner: CliRunner, tmp_path: Path
) -> None:
    page = _write_report(runner, BASE, tmp_path / "report.html")
    expected = _attention(_report_json(runner, BASE))
    rows = re.findall(
        r'<tr class="([a-z_ ]+)" data-light="(\w+)">.*?</td><td class="nowrap" data-label="编号">([^<]+)</td>',
        page,
    )
    assert [label for _, _, label in rows][:7] == [
        "6.1（2019年）",
        "18.1（2019年）",
        "18.2（2019年）",
        "21.1（2019年）",
        "1.1",
        "1.2",
        "1.3",
    ]
    assert len(rows) == len(expected) == 42  # a target nobody reported on is behind too
    # Not started after its first quarter: red when held to 序时进度, yellow when judged
    # against the target itself (定性任务, level figures: pace none).
    listed = [t for t in expected if t["status"] == "overdue"] + [
        t for t in expected if t["status"] != "overdue"
    ]
    assert [light for _, light, _ in rows] == [t["light"] for t in listed]
    assert {light for _, light, _ in rows} == {"red", "yellow"}
    assert [cls for cls, _, _ in rows][:6] == ["overdue"] * 4 + [
        "in_progress behind",
        "not_started behind",
    ]
    assert '<circle cx="6" cy="6" r="6" fill="#c62828"/></svg>红' in page
    assert '<td class="title" data-label="目标">劳动者参加职业培训</td>' in page
    assert '<td class="nowrap" data-label="指标">约15000名</td>' in page


def test_html_bars_follow_the_summaries(runner: CliRunner, tmp_path: Path) -> None:
    page = _write_report(runner, BASE, tmp_path / "report.html")
    data = _report_json(runner, BASE)
    by_unit = data["by_unit"]
    assert isinstance(by_unit, list)
    widths = re.findall(r'<rect class="bar (\w+)" x="\d+" y="\d+" width="([\d.]+)"', page)
    unit_widths = widths[8:]
    assert [float(w) for _, w in unit_widths] == [round(360 * u["completion"], 1) for u in by_unit]
    # Red when a target is overdue, yellow when one is behind, green otherwise.
    expected = ["red" if u["overdue"] else "yellow" if u["behind"] else "green" for u in by_unit]
    assert [light for light, _ in unit_widths] == expected


def test_html_no_attention_says_so(runner: CliRunner, tmp_path: Path) -> None:
    args = ["report", "--plan", str(PLAN_DIR), "--as-of", "2018-12-24"]  # the plan's first day
    page = _write_report(runner, args, tmp_path / "r.html")
    assert "<h2>需关注：逾期 0 项，滞后 0 项</h2>" in page
    assert '<p class="empty" id="attention-empty">没有逾期或滞后的目标。</p>' in page
    assert "尚无进度记录" in page


def _evil_plan(tmp_path: Path) -> Path:
    """A copy of the plan whose education unit is named with markup in it."""
    folder = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, folder)
    for name in ("units.yaml", "measures.yaml", "targets.yaml"):
        file = folder / name
        file.write_text(
            file.read_text(encoding="utf-8").replace("市教育体育局", EVIL), encoding="utf-8"
        )
    return folder


def test_html_escapes_user_text(runner: CliRunner, tmp_path: Path) -> None:
    folder = _evil_plan(tmp_path)
    args = ["report", "--plan", str(folder), "--as-of", "2021-01-01"]
    page = _write_report(runner, args, tmp_path / "r.html")
    escaped = "市教育&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;体育局"
    assert "<script" not in page and 'alert("x")' not in page
    assert (
        page.count(f'<td data-label="责任单位">{escaped}</td>') == 6
    )  # its six overdue targets (7.1–7.6)
    assert f'text-anchor="end">{escaped}</text>' in page  # its bar's label


def test_html_without_output_goes_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, [*BASE, "--format", "html"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stdout.rstrip().endswith("</html>")


def test_output_suffix_chooses_the_format(runner: CliRunner, tmp_path: Path) -> None:
    for name, start in (
        ("r.html", "<!DOCTYPE html>"),
        ("r.md", "# 资府办发〔2018〕78号 完成情况（截至 2020-06-01）\n"),
        (
            "r.csv",
            "\ufeff汇总方式,名称,目标数,已完成,其中逾期完成,推进中,未启动,逾期,滞后,完成度\r\n",
        ),
        ("r.json", "{\n"),
        ("r.txt", "资府办发〔2018〕78号 完成情况（截至 2020-06-01，"),
    ):
        result = runner.invoke(app, [*BASE, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().decode("utf-8").startswith(start), name


def test_csv_report_is_one_table(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    assert runner.invoke(app, [*BASE, "--format", "csv", "-o", str(path)]).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[1] == "总体,全部,45,2,0,3,36,4,38,7%"
    assert lines[2] == "部分,（一）实施高技能人才培养开发工程,3,0,0,1,2,0,3,0%"
    assert lines[-5] == "牵头单位,市人力资源社会保障局,32,2,0,3,23,4,25,10%"
    assert len(lines) == 1 + 1 + 8 + 5
    # The same as on the screen.
    assert runner.invoke(app, [*BASE, "--format", "csv"]).stdout.replace(
        "\r\n", "\n"
    ) == raw.decode("utf-8").replace("\r\n", "\n")


def test_markdown_report_has_headings_and_tables(runner: CliRunner) -> None:
    out = runner.invoke(app, [*BASE, "--format", "markdown"]).stdout
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# 资府办发〔2018〕78号 完成情况（截至 2020-06-01）",
        "## 按部分",
        "## 按牵头单位",
        "## 需关注：逾期 4 项，滞后 38 项",
        "## 未报送（截至目前）：39 项目标有单位未报送",
    ]
    assert "| 部分 " in out and "|---" in out
    assert "| 红灯 | 5.1            | 推进中（滞后） | 劳动者参加职业培训" in out
    assert "**" not in out  # headings, not bold lines


def test_table_output_to_a_file_has_no_colour_codes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    result = runner.invoke(app, [*BASE, "-f", "table", "-o", str(path)])
    assert result.stdout.startswith(f"已写入 {path}（table，")
    text = path.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "●红" in text and "按牵头单位" in text


def test_output_to_a_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*BASE, "--format", "html", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}: error: 这是一个文件夹，请给出文件名\n"


# ---------------------------------------------------------------- in a browser


def chromium_args(user_data: Path) -> list[str]:
    return [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={user_data}",
    ]


def run_chromium(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB/RGBA PNG with zlib alone: (width, height, RGB pixels)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    pixels: list[tuple[int, int, int]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        pixels.extend((line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels))
        previous = line
    return width, height, pixels


def near(pixel: tuple[int, int, int], colour: str, slack: int = 8) -> bool:
    wanted = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
    return all(abs(a - b) <= slack for a, b in zip(pixel, wanted, strict=True))


needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="没有 chromium：在 Debian/Ubuntu 上 apt-get install chromium fonts-noto-cjk 后可运行浏览器测试",
)


@pytest.mark.browser
@needs_chromium
def test_report_renders_in_headless_chromium(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    _write_report(runner, BASE, page)
    url = page.resolve().as_uri()

    dom = run_chromium([*chromium_args(tmp_path / "profile-dom"), "--dump-dom", url])
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert '<html lang="zh-CN">' in html
    assert "<h1>资府办发〔2018〕78号 完成情况</h1>" in html
    assert len(re.findall(r'<svg class="chart" id="chart-\d"', html)) == 2
    assert len(re.findall(r'<rect class="bar (?:green|yellow|red)"', html)) == 13
    assert html.count("<tr class=") == 42  # the table's rows survived parsing
    assert html.count('<svg class="dot"') == 42

    shot = tmp_path / "report.png"
    done = run_chromium(
        [
            *chromium_args(tmp_path / "profile-shot"),
            f"--screenshot={shot}",
            "--window-size=1280,1400",
            "--hide-scrollbars",
            url,
        ]
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert len(data) > 30_000  # a page of text and charts, not an empty canvas
    width, height, pixels = png_pixels(data)
    assert (width, height) == (1280, 1400)
    counts = Counter(pixels)
    white = sum(n for p, n in counts.items() if min(p) >= 250)
    assert white < 0.97 * len(pixels), "the screenshot is (nearly) blank"
    red = sum(n for p, n in counts.items() if near(p, "#c62828"))
    green = sum(n for p, n in counts.items() if near(p, "#2e7d32"))
    track = sum(n for p, n in counts.items() if near(p, "#eceff1", 2))
    assert red > 2_000, red  # red bars, the overdue segment, the six dots
    assert green > 300, green  # section (三)'s bar and the done segment
    assert track > 20_000, track  # 13 bar tracks, 360 × 18 px each, mostly unfilled
    # Some pixels are dark: text was drawn (with a CJK font, else boxes still count).
    assert sum(n for p, n in counts.items() if max(p) < 90) > 5_000


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("width", [390, 1280])
def test_report_reads_on_a_phone_without_panning(
    runner: CliRunner, tmp_path: Path, width: int
) -> None:
    """The 通报 circulates in WeChat: at 390 px the page must not pan sideways and every
    piece of text is at least 12 px (the SVG charts, scaled down, made theirs ~4 px)."""
    from tests.browser import LAYOUT_PROBE, Browser

    page = tmp_path / "report.html"
    _write_report(runner, BASE, page)
    with Browser(tmp_path / "profile") as browser:
        browser.open(page.resolve().as_uri(), width, 844, mobile=width < 600)
        layout = browser.evaluate(LAYOUT_PROBE)
    assert layout["viewport"] == width
    assert layout["page"] <= width and layout["body"] <= width, layout
    small = [s for s in layout["sizes"] if s["size"] < 12]
    assert small == []
    texts = " ".join(s["text"] for s in layout["sizes"])
    assert "（一）实施高技能人才培养开发工程" in texts and "市人力资源社会保障局" in texts
    box = layout["tableBox"]
    # On a phone each row is a card of "header value" lines: nothing to scroll, even inside
    # the table's box (责任单位 was off-screen behind a sideways swipe).
    assert box["scroll"] == box["client"]


@pytest.mark.browser
@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="没有 pdftotext（poppler-utils）")
def test_report_prints_on_a4_landscape_with_the_desktop_charts(
    runner: CliRunner, tmp_path: Path
) -> None:
    from tests.browser import Browser

    page = tmp_path / "report.html"
    _write_report(runner, BASE, page)
    pdf = tmp_path / "report.pdf"
    with Browser(tmp_path / "profile") as browser:
        browser.open(page.resolve().as_uri(), 1280, 900)
        browser.print_pdf(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+84\d\.\d+ x 59\d\.\d+ pts \(A4\)", info), info  # landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "需关注：逾期 4 项，滞后 38 项" in text and "21.1（2019年）" in text
    # The SVG charts print (their counts line), not the phone's stacked rows.
    assert text.count("12 个目标 · 已完成 0 · 逾期 0 · 滞后 11") == 1
