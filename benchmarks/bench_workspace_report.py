"""Benchmark of issue 23 item 6 (the report half): the portfolio 通报 over a workspace with
100,000 records vs the one-plan 通报 over the same number of records (goal ≤ 1.5×).

    .venv/bin/python benchmarks/bench_workspace_report.py            # 10 plans, 100,000 records
    .venv/bin/python benchmarks/bench_workspace_report.py --plans 30 # 30 plans, same records

Data, generated in a temporary folder with a fixed seed (benchmarks/bench.py's generator:
the bundled plan's real target ids, every unit, 2019–2022):

* one plan: the bundled plan and one 100,000-record CSV ledger;
* the workspace: ``--plans`` copies of the bundled plan (keys p01, p02 …, each its own
  folder), the same 100,000 records dealt round-robin into the plans' own ledgers
  (``<plan>/progress.csv``), so both sides read, check and evaluate the same records.

Both run the installed ``zygj`` as a user does (``report --as-of 2021-01-01 --format json``;
the one-plan side with ``--plan … --progress …``, the workspace side with ``-w``), each once
untimed (warm disk cache, the plans' caches filled), then alternately, median of ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import machine, records  # noqa: E402  (the same seeded records as bench.py)

ZYGJ = str(Path(sys.executable).parent / "zygj")
PLAN = HERE.parent / "plan"
AS_OF = "2021-01-01"
RECORDS = 100_000


def write_data(work: Path, plans: int) -> None:
    rows = [f"{t},{d},{u},{v},{s}," for t, d, u, v, s in records(RECORDS)]
    header = "target,date,unit,value,status,note\n"
    (work / "one.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    ws = work / "ws"
    ws.mkdir()
    entries = []
    for index in range(plans):
        key = f"p{index + 1:02d}"
        shutil.copytree(PLAN, ws / key)
        mine = rows[index::plans]
        (ws / key / "progress.csv").write_text(header + "\n".join(mine) + "\n", encoding="utf-8")
        entries.append(f"  - key: {key}\n    path: {key}\n    title: 方案{index + 1}\n")
    (ws / "workspace.yaml").write_text(
        "workspace:\n  name: 基准工作区\nplans:\n" + "".join(entries), encoding="utf-8"
    )


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the child's rusage) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_data(work, args.plans)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("ZYGJ_PLAN", "ZYGJ_WORKSPACE", "PYTHONDONTWRITEBYTECODE")
        }
        env["XDG_CACHE_HOME"] = str(work / "cache")
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        one = [
            ZYGJ,
            "report",
            "--plan",
            str(PLAN),
            "--progress",
            "one.csv",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]
        many = [ZYGJ, "report", "-w", "ws", "--as-of", AS_OF, "--format", "json"]
        run(one, work, env)
        run(many, work, env)
        times: dict[str, list[tuple[float, float]]] = {"one": [], "many": []}
        for _ in range(args.runs):
            times["one"].append(run(one, work, env))
            times["many"].append(run(many, work, env))
    wall = [statistics.median(t[0] for t in times[k]) for k in ("one", "many")]
    cpu = [statistics.median(t[1] for t in times[k]) for k in ("one", "many")]
    print(f"测试环境：{machine()}；中位数 {args.runs} 次（另有 1 次预热不计）")
    print()
    print(
        "| 目标 | zygj 命令 | 耗时（CPU） | 对照 | 对照耗时（CPU） | 比值（CPU 比值） | 要求 | 结果 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    ratio, cpu_ratio = wall[1] / wall[0], cpu[1] / cpu[0]
    print(
        f"| 6 工作区通报 | `zygj report -w 工作区 --as-of {AS_OF} --format json`（{args.plans} 个方案，共 {RECORDS:,} 条记录） "
        f"| {wall[1] * 1000:.0f} ms（{cpu[1] * 1000:.0f} ms） "
        f"| `zygj report --plan plan --progress one.csv …`（1 个方案，同样的 {RECORDS:,} 条） "
        f"| {wall[0] * 1000:.0f} ms（{cpu[0] * 1000:.0f} ms） | {ratio:.2f}×（{cpu_ratio:.2f}×） | ≤ 1.5× "
        f"| {'达成' if ratio <= 1.5 else '**未达成**'} |"
    )


if __name__ == "__main__":
    main()
