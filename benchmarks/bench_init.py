"""Benchmark of `zygj init`'s drafting core (issue 14: a 100-measure document in ≤ 2 s).

    .venv/bin/python benchmarks/bench_init.py              # 100 measures, .txt and .docx
    .venv/bin/python benchmarks/bench_init.py --measures 500

It writes a synthetic 分工方案 in a temporary folder — ten sections of ten measures,
each with a quantity phrase, a 牵头单位 and a 责任单位 list, once as the table-as-lines
text of a web page and once as a .docx table — and prints the median wall time of
``draft_plan`` plus ``write_plan_folder`` over several runs, and of a whole fresh
process (interpreter, imports and work) for the .txt. Not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CN = "一二三四五六七八九十"
UNITS = [
    "市发展改革委",
    "市教育体育局",
    "市财政局",
    "市人力资源社会保障局",
    "市商务局",
    "市总工会",
    "团市委",
]
PHRASES = [
    "到2020年，建成{n}个示范基地",
    "每年至少组织{n}名劳动者参加培训",
    "到2020年，培训人数达到{n}万人次左右",
    "到2020年，建成{n}—{m}个工作室",
    "到2020年，参加人数突破{n}万人次",
]


def measure_text(i: int) -> str:
    phrase = PHRASES[i % len(PHRASES)].format(n=i % 9 + 1, m=i % 9 + 3)
    return f"围绕重点产业推进第{i}项工作，完善工作机制，加强统筹协调。{phrase}，形成长效机制。"


def write_txt(path: Path, count: int) -> None:
    lines = ["某府办发〔2023〕1号", "某市人民政府办公室", "关于印发某项工程责任分工方案的通知", "", "各县（区）人民政府：", "",
             "某市人民政府办公室", "2023年1月5日", "", "某项工程责任分工方案", "",
             "\t序号", "\t工作措施", "\t牵头单位", "\t责任单位", ""]  # fmt: skip
    per_section = max(1, count // 10)
    for i in range(1, count + 1):
        if (i - 1) % per_section == 0:
            section = (i - 1) // per_section
            lines += [f"\t（{CN[section % 10]}）", f"\t实施第{section + 1}项工程"]
        else:
            lines += ["\t", "\t"]
        lead = UNITS[i % len(UNITS)]
        others = "、".join(u for u in UNITS if u != lead)[:40].rstrip("、")
        lines += [f"\t{i}．{measure_text(i)}", f"\t{lead}", f"\t{others}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_docx(path: Path, count: int) -> None:
    import docx

    document = docx.Document()
    for line in (
        "某市人民政府办公室",
        "关于印发某项工程责任分工方案的通知",
        "某府办发〔2023〕1号",
        "各县（区）人民政府：",
        "某市人民政府办公室",
        "2023年1月5日",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=5)
    for cell, header in zip(
        table.rows[0].cells, ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"], strict=True
    ):
        cell.text = header
    per_section = max(1, count // 10)
    for i in range(1, count + 1):
        if (i - 1) % per_section == 0:
            row = table.add_row()
            row.cells[0].merge(
                row.cells[4]
            ).text = f"{CN[((i - 1) // per_section) % 10]}、第{i}部分"
        cells = table.add_row().cells
        lead = UNITS[i % len(UNITS)]
        cells[0].text, cells[1].text, cells[2].text = str(i), measure_text(i), lead
        cells[3].text = "、".join(u for u in UNITS if u != lead)
        cells[4].text = "2023年底前"
    document.save(str(path))


def timed(function: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from zygj.drafting import draft_plan, write_plan_folder

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        txt, docx_path = base / "plan.txt", base / "plan.docx"
        write_txt(txt, args.measures)
        write_docx(docx_path, args.measures)
        rows = []
        for source in (txt, docx_path):
            draft = draft_plan(source)  # warm: imports, disk cache
            measures = len(draft.measures["measures"])
            targets = len(draft.targets["targets"])

            def once(source: Path = source) -> None:
                write_plan_folder(draft_plan(source), base / "out", force=True)

            seconds = timed(once, args.runs)
            rows.append((source.suffix, measures, targets, seconds))
        code = (
            "import sys; from pathlib import Path; from zygj.drafting import draft_plan, write_plan_folder; "
            "write_plan_folder(draft_plan(Path(sys.argv[1])), Path(sys.argv[2]), force=True)"
        )

        def process() -> None:
            subprocess.run([sys.executable, "-c", code, str(txt), str(base / "out2")], check=True)

        fresh = timed(process, args.runs)

    print(f"| source | measures | targets | draft + write (median of {args.runs}) | goal |")
    print("|---|---:|---:|---:|---|")
    for suffix, measures, targets, seconds in rows:
        print(f"| {suffix} | {measures} | {targets} | {seconds * 1000:.0f} ms | ≤ 2 s |")
    print(f"| .txt, whole fresh process | {args.measures} | | {fresh * 1000:.0f} ms | ≤ 2 s |")


if __name__ == "__main__":
    main()
