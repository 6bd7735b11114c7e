"""Benchmark of the quarterly cycle (issue 10, item 10), whole processes as a user runs them.

    .venv/bin/python benchmarks/bench_cycle.py

1. `zygj collect` of 26 .xlsx forms of ~50 filled rows each (goal ≤ 3 s);
2. `zygj report` over the folder of those forms vs over the one merged ledger (goal ≤ 1.5×);
3. `zygj report` over a 100,000-record CSV vs a bare `csv.reader` pass over the same file
   in a fresh `python -I` (goal ≤ 5×).

Median wall time of 5 runs (collect: 1) after one untimed run; data generated in a
temporary folder. Both ratios of issue 18 (items 2 and 3 here) come out of the same run,
on the same machine, with a verdict each.

What each side of item 3 includes (like with like: two whole processes, timed alike):

* `zygj report … -f json`: starting Python, importing Typer and zygj, reading the plan
  (from its cache, as every run after the first does), reading and checking the CSV
  file, computing the report and writing its JSON to a pipe, and exiting;
* the bare pass: starting Python (`-I`) and `csv.reader` over every line of the same
  file, every cell split into a string (nothing else done with them).

The two are run alternately, so that a busy machine slows both alike. zygj runs from
bytecode as an installed copy does: a PYTHONDONTWRITEBYTECODE inherited from the shell
would make it compile every module on every run (the bare pass, with `-I`, ignores it
and uses the standard library's bytecode), so the timed runs get a bytecode cache of
their own in the temporary folder instead. A last line gives the same comparison in
one process (after the imports): the reading and computing alone.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ZYGJ = str(BIN / "zygj")
REPO = Path(__file__).resolve().parent.parent
PLAN = str(REPO / "plan")


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment of the timed runs: bytecode read and written, in ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


ENV: dict[str, str] = {}


def timed(args: list[str], cwd: Path, runs: int = 5) -> float:
    return timed_alternately([args], cwd, runs)[0]


def timed_alternately(commands: list[list[str]], cwd: Path, runs: int = 5) -> list[float]:
    """The median wall time of each command, after one untimed run, the commands taking turns."""
    for args in commands:
        subprocess.run(args, cwd=cwd, check=True, capture_output=True, env=ENV or None)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for args, kept in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(args, cwd=cwd, check=True, capture_output=True, env=ENV or None)
            kept.append(time.perf_counter() - start)
    return [statistics.median(kept) for kept in times]


#: The same comparison in one process, after the imports: build and render the report,
#: then the bare csv.reader pass (each the best of 5).
IN_PROCESS = """
import csv, datetime as dt, sys, time
from pathlib import Path
from zygj.load.plan import load_checked_plan
from zygj.output.formats import FORMATS
from zygj.output.listings import RenderOptions
from zygj.rules.report import build_report

plan = load_checked_plan(Path(sys.argv[2]))
def report():
    built = build_report(plan, Path(sys.argv[1]), dt.date(2021, 1, 1), ["section", "unit"])
    FORMATS["json"].render(built, RenderOptions())
def bare():
    for _ in csv.reader(open(sys.argv[1], encoding="utf-8")):
        pass
def best(work):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)
print(best(report), best(bare))
"""


def make_forms(folder: Path) -> None:
    """26 forms (one per unit, repeating units as needed) with ~50 filled rows each."""
    from openpyxl import Workbook

    sys.path.insert(0, str(REPO / "src"))
    from zygj.load.plan import load_checked_plan

    plan = load_checked_plan(Path(PLAN))
    numeric = [t for t in plan.targets if t.op != "qualitative" and not t.annual]
    units = [u.name for u in plan.units_file.units]
    rng = random.Random(10)
    folder.mkdir()
    for i in range(26):
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "目标"
        ws.append(["目标编号", "单位", "填报值", "日期", "状态", "说明"])
        unit = units[i % len(units)]
        for row in range(50):
            target = numeric[row % len(numeric)]
            day = dt.date(2019, 1, 1) + dt.timedelta(days=row * 7 + i)
            ws.append([target.id, unit, rng.randint(0, 100), day, "推进中", f"第{row}条"])
        wb.save(folder / f"form-{i:02d}.xlsx")


def make_csv(path: Path, count: int) -> None:
    """A ledger as a 督查室 keeps it: each target's figures from the units expected to report it.

    (Figures from a unit not expected to report a target are not counted, and each one
    is listed in the report as 未计入: a ledger of those measures its listing, not its reading.)
    """
    sys.path.insert(0, str(REPO / "src"))
    from zygj.load.plan import load_checked_plan
    from zygj.rules.reporters import reporters_of

    plan = load_checked_plan(Path(PLAN))
    pairs = [
        (t.id, unit)
        for t in plan.targets
        if t.op != "qualitative"
        for unit in reporters_of(plan, t)
    ]
    rng = random.Random(20181231)
    lines = ["target,date,unit,value,status,note"]
    start = dt.date(2019, 1, 1)
    for i in range(count):  # one record per target and unit a day: no two conflict
        day = start + dt.timedelta(days=i // len(pairs))
        target, unit = pairs[i % len(pairs)]
        lines.append(f"{target},{day.isoformat()},{unit},{rng.randint(0, 100)},,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        ENV.update(bytecode_env(here / "pycache"))
        make_forms(here / "forms")
        collect = timed(
            [ZYGJ, "collect", "forms", "-o", "ledger.yaml", "--plan", PLAN], here, runs=1
        )
        # The timed run above found the ledger already written by the untimed one: time a fresh one too.
        (here / "ledger.yaml").unlink()
        start = time.perf_counter()
        subprocess.run(
            [ZYGJ, "collect", "forms", "-o", "ledger.yaml", "--plan", PLAN],
            cwd=here,
            check=True,
            capture_output=True,
            env=ENV,
        )
        fresh = time.perf_counter() - start
        report = [ZYGJ, "report", "--as-of", "2021-01-01", "--plan", PLAN, "-f", "json"]
        folder = timed([*report, "-p", "forms"], here)
        merged = timed([*report, "-p", "ledger.yaml"], here)
        make_csv(here / "big.csv", 100_000)
        big, bare = timed_alternately(
            [
                [*report, "-p", "big.csv"],
                [
                    sys.executable,
                    "-I",
                    "-c",
                    "import csv,sys\nfor _ in csv.reader(open(sys.argv[1], encoding='utf-8')): pass",
                    "big.csv",
                ],
            ],
            here,
        )
        measured = subprocess.run(
            [sys.executable, "-c", IN_PROCESS, "big.csv", PLAN],
            cwd=here,
            check=True,
            capture_output=True,
            text=True,
            env=ENV,
        ).stdout.split()
        inside, bare_inside = float(measured[0]), float(measured[1])
    folder_ratio, csv_ratio = folder / merged, big / bare
    print("| 项目 | 时间 | 目标 | 结果 |")
    print("|---|---|---|---|")
    print(
        f"| collect 26 份 .xlsx（约 50 行/份），新台账 | {fresh:.2f} s | ≤ 3 s | {verdict(fresh <= 3)} |"
    )
    print(
        f"| collect 同样 26 份，台账已有（全部重复） | {collect:.2f} s | ≤ 3 s | {verdict(collect <= 3)} |"
    )
    print(
        f"| report -p 文件夹 / report -p 汇总台账 | {folder:.2f} s / {merged:.2f} s = {folder_ratio:.2f}× "
        f"| ≤ 1.5× | {verdict(folder_ratio <= 1.5)} |"
    )
    print(
        f"| report 10 万行 CSV / 裸 csv.reader（两个完整进程） | {big:.3f} s / {bare:.3f} s = {csv_ratio:.2f}× "
        f"| ≤ 5× | {verdict(csv_ratio <= 5)} |"
    )
    print(
        f"| 参考：同一进程内（不含启动和导入）读取、计算、生成 JSON / 裸 csv.reader | {inside:.3f} s / "
        f"{bare_inside:.3f} s = {inside / bare_inside:.2f}× | — | — |"
    )


def verdict(ok: bool) -> str:
    return "达成" if ok else "**未达成**"


if __name__ == "__main__":
    main()
