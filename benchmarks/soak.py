"""Soak of issues 12 and 22 (hostile input): the largest malformed inputs, time and peak memory.

    .venv/bin/python benchmarks/soak.py            # every input (several minutes, ~1 GB of temp files)
    .venv/bin/python benchmarks/soak.py --quick    # the smaller ones

Not a timed test: it prints, per input, the exit code, the wall time and the peak
RSS of that very `zygj validate` process (``os.wait4`` rusage, and the children's
``resource.getrusage`` maximum as a cross-check), the first line of its stderr and
how many lines it printed, next to the goal of the issue: any input up to the
64 MB limit accepted or refused within 10 s and 1 GB; special files refused before
reading; errors capped. Inputs are generated in a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZYGJ = str(Path(sys.executable).with_name("zygj"))
MINI_PLAN = HERE.parent / "tests" / "fixtures" / "broken" / "mini-plan"
MB = 1024 * 1024
GOAL_SECONDS, GOAL_MB = 10.0, 1024


def malformed_yaml(path: Path, size: int) -> None:
    """Records each wrong in four ways (unknown target, impossible date, not a number, unknown field)."""
    record = '  - target: "9.9"\n    date: 2020-13-45\n    unit: 不存在的单位\n    value: abc\n    extra: 1\n'
    path.write_text("records:\n" + record * (size // len(record.encode())), encoding="utf-8")


def long_line_yaml(path: Path, size: int) -> None:
    """One 64 KB line of list dashes before a syntax error (the quadratic message regex)."""
    path.write_text(
        'records:\n  - target: "1.1"\n    note: x\n' + "- " * (size // 2) + ': "\n',
        encoding="utf-8",
    )


def malformed_csv(path: Path, size: int) -> None:
    row = "9.9,2020-13-45,不存在的单位,abc,说明\n"
    path.write_text(
        "target,date,unit,value,note\n" + row * (size // len(row.encode())), encoding="utf-8"
    )


def _xlsx_with_sheet(path: Path, sheet_xml: bytes) -> None:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = (
                sheet_xml
                if item.filename == "xl/worksheets/sheet1.xml"
                else source.read(item.filename)
            )
            target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)


def big_sheet_xlsx(path: Path, size: int) -> None:
    """A sheet of ``size`` bytes of XML: a header and rows of wrong records (compresses ~10:1)."""
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>target</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
    )
    parts, total, r = [head], len(head), 2
    while total < size:
        row = (
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>9.{r}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>2020-13-45</t></is></c><c r="C{r}"><v>{r}</v></c></row>'
        ).encode()
        parts.append(row)
        total += len(row)
        r += 1
    parts.append(b"</sheetData></worksheet>")
    _xlsx_with_sheet(path, b"".join(parts))


def zip_bomb_xlsx(path: Path, size: int) -> None:
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    _xlsx_with_sheet(path, head + b" " * size + b"</sheetData></worksheet>")


def xfd_form_xlsx(path: Path, size: int) -> None:
    """Issue 22: a small form with one cell per row in column XFD (openpyxl pads every row to 16,384 cells)."""
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>target</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
    )
    rows = [f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>'.encode() for r in range(2, size)]
    _xlsx_with_sheet(path, head + b"".join(rows) + b"</sheetData></worksheet>")


def xfd_form_xlsx_rich(path: Path, size: int) -> None:
    """The same, with rich text in a shared string: read by openpyxl, not the plain reader."""
    xfd_form_xlsx(path, size)
    data = path.read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                body = body.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
            target.writestr(item.filename, body)


def tiny_values_yaml(path: Path, size: int) -> None:
    """Issue 22: megabytes of one-character values ("[1,1,1,…]"), each a node with two marks."""
    path.write_text("records: [" + "1," * (size // 2 - 8) + "1]\n", encoding="utf-8")


def valid_yaml(path: Path, size: int) -> None:
    record = '  - target: "1.1"\n    date: 2020-06-30\n    unit: 市人力资源社会保障局\n    value: 100\n    note: 说明文字\n'
    path.write_text("records:\n" + record * (size // len(record.encode())), encoding="utf-8")


def valid_csv(path: Path, size: int) -> None:
    row = "1.1,2020-06-30,市人力资源社会保障局,100,说明文字\n"
    path.write_text(
        "target,date,unit,value,note\n" + row * (size // len(row.encode())), encoding="utf-8"
    )


def quoted_csv(path: Path, size: int) -> None:
    """Valid rows with a quoted note: read row by row, not by the plain fast path."""
    row = '1.1,2020-06-30,市人力资源社会保障局,100,"说明,文字"\n'
    path.write_text(
        "target,date,unit,value,note\n" + row * (size // len(row.encode())), encoding="utf-8"
    )


def plan_of_many_years(path: Path, size: int) -> None:
    """Issue 22: a plan whose period runs to 9999 with annual_years 2020…9999 (a folder, read by --plan)."""
    shutil.copytree(MINI_PLAN, path)
    measures = path / "measures.yaml"
    years = ", ".join(str(y) for y in range(2020, 10000))
    text = measures.read_text(encoding="utf-8").replace("end: 2021-12-31", "end: 9999-12-31")
    measures.write_text(
        text.replace("annual_years: [2020, 2021]", f"annual_years: [{years}]"), encoding="utf-8"
    )


def fifo(path: Path, size: int) -> None:
    os.mkfifo(path)


def dev_zero(path: Path, size: int) -> None:
    path.symlink_to("/dev/zero")


INPUTS: list[tuple[str, str, Callable[[Path, int], None], int, bool]] = [
    # label, file name, generator, size, in --quick
    (
        "malformed YAML, just under its 8 MB limit",
        "bad-8mb-limit.yaml",
        malformed_yaml,
        8 * MB - 1024,
        False,
    ),
    ("malformed YAML, 63 MB", "bad-63mb.yaml", malformed_yaml, 63 * MB, False),
    ("YAML, one 64 KB line of dashes", "long-line.yaml", long_line_yaml, 64 * 1024, True),
    ("malformed CSV, 63 MB", "bad-63mb.csv", malformed_csv, 63 * MB, True),
    ("xlsx, 150 MB sheet (≈15 MB file)", "big-150mb.xlsx", big_sheet_xlsx, 150 * MB, True),
    ("xlsx, 19 MB sheet (under the 20 MB bound)", "big-19mb.xlsx", big_sheet_xlsx, 19 * MB, False),
    ("xlsx zip bomb, 1 GB of spaces", "bomb.xlsx", zip_bomb_xlsx, 1024 * MB, False),
    (
        "YAML, 8 MB of one-character values (issue 22)",
        "tiny-8mb.yaml",
        tiny_values_yaml,
        8 * MB - 1024,
        True,
    ),
    ("valid YAML, just under 8 MB", "valid-8mb.yaml", valid_yaml, 8 * MB - 1024, False),
    ("valid CSV, 63 MB", "valid-63mb.csv", valid_csv, 63 * MB, False),
    ("valid CSV with quoted cells, 63 MB", "quoted-63mb.csv", quoted_csv, 63 * MB, False),
    (
        "valid CSV with quoted cells, just under 200,000 rows",
        "quoted-200k.csv",
        quoted_csv,
        199_990 * 66,
        False,
    ),
    (
        "xlsx form, one cell per row in column XFD (issue 22)",
        "xfd.xlsx",
        xfd_form_xlsx,
        200_000,
        True,
    ),
    (
        "the same, read by openpyxl (1904 dates)",
        "xfd-openpyxl.xlsx",
        xfd_form_xlsx_rich,
        200_000,
        True,
    ),
    (
        "plan, period to 9999, annual_years 2020…9999 (issue 22)",
        "plan-9999",
        plan_of_many_years,
        0,
        True,
    ),
    ("FIFO as progress file", "fifo.yaml", fifo, 0, True),
    ("/dev/zero as progress file", "zero.yaml", dev_zero, 0, True),
]


def run(path: Path, cwd: Path) -> tuple[int, float, int, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "ZYGJ_PLAN"}
    env["ZYGJ_NO_CACHE"] = "1"
    started = time.perf_counter()
    command = (
        ["--plan", str(path)]
        if path.is_dir()
        else ["--plan", str(MINI_PLAN), "--progress", str(path)]
    )
    proc = subprocess.Popen(
        [ZYGJ, "validate", *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, elapsed, usage.ru_maxrss, err.decode("utf-8", "replace").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the smaller inputs")
    parser.add_argument("--only", help="only the inputs whose label contains this text")
    parser.add_argument("--make", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        for _, name, make, size, _ in INPUTS:
            if name == args.make[0]:
                make(Path(args.make[1]), size)
        return
    work = Path(tempfile.mkdtemp(prefix="zygj-soak-"))
    print(
        f"zygj soak — {sys.platform}, Python {sys.version.split()[0]}, goal: ≤ {GOAL_SECONDS:g} s and ≤ {GOAL_MB} MB each\n"
    )
    print("| input | file size | exit | time | peak RSS | stderr lines | first line | goal |")
    print("|---|---|---|---|---|---|---|---|")
    try:
        for label, name, _make, _size, quick in INPUTS:
            if (args.quick and not quick) or (args.only and args.only not in label):
                continue
            path = work / name
            # Made by another process: a child forked from a parent that built a 150 MB
            # sheet would count that memory in its own peak RSS.
            subprocess.run([sys.executable, __file__, "--make", name, str(path)], check=True)
            on_disk = (
                path.lstat().st_size
                if path.is_symlink() or not path.exists()
                else path.stat().st_size
            )
            code, seconds, rss_kb, lines = run(path, work)
            ok = seconds <= GOAL_SECONDS and rss_kb / 1024 <= GOAL_MB and code in (0, 1, 2)
            first = (lines[0] if lines else "").replace(str(work) + "/", "")[:90]
            print(
                f"| {label} | {on_disk / MB:.1f} MB | {code} | {seconds:.1f} s | {rss_kb / 1024:.0f} MB "
                f"| {len(lines)} | {first} | {'✓' if ok else '✗'} |"
            )
            sys.stdout.flush()
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"\nlargest child peak RSS (getrusage RUSAGE_CHILDREN, the input generators included): {children.ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
