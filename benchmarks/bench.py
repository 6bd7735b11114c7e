"""Benchmark of issue 5's four goals, run side by side on this machine.

    .venv/bin/python benchmarks/bench.py            # 100k vs 1M records for the scaling check
    .venv/bin/python benchmarks/bench.py --quick    # 10k vs 100k (faster, same goals)

It generates its own data in a temporary folder (seeded random records over the
real target ids of the bundled plan, six reporting units, 2019–2020), runs the
installed `zygj` entry point next to this Python from that folder, and prints a
Markdown table: median wall time over several runs and the peak RSS of each run
(``os.wait4`` rusage of that very child process).

Every figure is a whole process, started the way a user starts it: the
interpreter, the imports and the work. Goal 3 compares like with like: the bare
``yaml.load(…, Loader=yaml.CSafeLoader)`` is also a fresh ``python -I`` process
that reads the same file. Each command runs once untimed first (warm disk cache
and, for the plan cache, the state of every run after the first one of the day).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ZYGJ = str(BIN / "zygj")
PYTHON = sys.executable
UNIT = "市人力资源社会保障局"
AS_OF = "2021-01-01"
SEED = 20181231


@dataclass
class Timing:
    label: str
    times: list[float]
    rss_kb: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err.decode()}")
    return elapsed, usage.ru_maxrss  # kB on Linux


def measure(label: str, argv: list[str], cwd: Path, env: dict[str, str], runs: int) -> Timing:
    run_once(argv, cwd, env)  # warm-up, untimed
    times, rss = [], []
    for _ in range(runs):
        elapsed, peak = run_once(argv, cwd, env)
        times.append(elapsed)
        rss.append(peak)
    timing = Timing(label, times, rss)
    print(
        f"  {label}: median {timing.median * 1000:.0f} ms, peak {timing.peak_mb:.0f} MB",
        file=sys.stderr,
    )
    return timing


# ----------------------------------------------------------------------- data


def plan_targets() -> tuple[list[tuple[str, str, float | None, bool]], list[str]]:
    """(id, op, figure, percent) of every target of the bundled plan, and every unit's name."""
    from zygj.load.plan import bundled_plan_dir, load_checked_plan

    plan = load_checked_plan(bundled_plan_dir())
    targets = []
    for t in plan.targets:
        figure = t.value if t.value is not None else t.min
        targets.append((t.id, t.op, figure, t.is_percent))
    units = [u.name for u in plan.units_file.units]
    return targets, units


def records(n: int) -> list[tuple[str, str, str, str, str]]:
    """n seeded random records: (target, date, unit, value, status), as text.

    Each (target, unit, date) appears once: two different figures for the same
    one are a conflict that zygj refuses, as a clerk's ledger never holds.
    """
    targets, units = plan_targets()
    rng = random.Random(SEED)
    start = dt.date(2019, 1, 1)
    days = (dt.date(2022, 12, 31) - start).days + 1
    combos = len(targets) * len(units) * days
    if n > combos:
        raise SystemExit(f"at most {combos} distinct records")
    out = []
    for index in rng.sample(range(combos), n):
        index, day = divmod(index, days)
        target_index, unit_index = divmod(index, len(units))
        target, op, figure, percent = targets[target_index]
        unit = units[unit_index]
        date = (start + dt.timedelta(days=day)).isoformat()
        value = status = ""
        if op == "qualitative":
            status = rng.choice(("not_started", "in_progress", "done"))
        elif percent:
            value = f"{rng.uniform(1.5, 100):.1f}"
        else:
            value = f"{rng.uniform(0, (figure or 100) * 0.4):.1f}"
        out.append((target, date, unit, value, status))
    return out


def write_csv(path: Path, n: int) -> None:
    lines = ["target,date,unit,value,status,note"]
    lines += [f"{t},{d},{u},{v},{s}," for t, d, u, v, s in records(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_yaml(path: Path, n: int) -> None:
    parts = ["records:\n"]
    for t, d, u, v, s in records(n):
        parts.append(f'  - target: "{t}"\n    date: {d}\n    unit: {u}\n')
        if v:
            parts.append(f"    value: {v}\n")
        if s:
            parts.append(f"    status: {s}\n")
    path.write_text("".join(parts), encoding="utf-8")


# ----------------------------------------------------------------------- main


FLOOR = """\
from typing import Annotated

import rich.console, rich.table, typer, yaml

app = typer.Typer()


@app.command()
def measures(unit: Annotated[str | None, typer.Option("--unit")] = None) -> None:
    rich.console.Console().print(unit)


app()
"""


def generate(work: Path, small: int, big: int) -> None:
    for n in sorted({small, 100_000, big}):
        write_csv(work / f"{n // 1000}k.csv", n)
    write_yaml(work / "10k.yaml", 10_000)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{dt.date.today().isoformat()}；{os.cpu_count()} 核（nproc {len(os.sched_getaffinity(0))}），"
        f"CPU {cpu}；Python {platform.python_version()}；{platform.system()} {platform.release()}"
    )


def verdict(ok: bool) -> str:
    return "达成" if ok else "**未达成**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scaling check on 10k vs 100k")
    parser.add_argument("--runs", type=int, default=11, help="runs of the quick commands")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the big reports")
    parser.add_argument(
        "--generate", nargs=3, metavar=("DIR", "SMALL", "BIG"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]), int(args.generate[2]))
        return

    small, big = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZYGJ_")}
    env["COLUMNS"] = "120"
    with tempfile.TemporaryDirectory(prefix="zygj-bench-") as tmp:
        work = Path(tmp)
        env["XDG_CACHE_HOME"] = str(work / "cache")  # a cold cache of our own, warmed below
        print(f"generating data in {work} …", file=sys.stderr)
        # In a child process: a forked child's peak RSS starts at its parent's size,
        # so this process stays small for the measurements to be the commands' own.
        subprocess.run(
            [PYTHON, __file__, "--generate", str(work), str(small), str(big)], check=True
        )
        # zygj's bytecode, as `pip install` of the wheel leaves it: in a checkout run with
        # PYTHONDONTWRITEBYTECODE=1 every start would otherwise compile zygj's sources
        # again (~10 ms), which no installed copy pays (the stack's own .pyc exist).
        import zygj

        subprocess.run(
            [PYTHON, "-m", "compileall", "-q", str(Path(zygj.__file__).parent)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print("measuring …", file=sys.stderr)

        stack = measure(
            "stack import",
            [PYTHON, "-I", "-c", "import yaml, pydantic, typer, rich.console, rich.table"],
            work,
            env,
            args.runs,
        )
        # The floor under goal 1: a Typer program with one command and one option,
        # doing nothing. (Typer 0.29 builds a Pydantic TypeAdapter per option when it
        # parses the command line, which the bare import does not pay for: zygj pins <0.29.)
        (work / "floor.py").write_text(FLOOR, encoding="utf-8")
        floor = measure(
            "typer floor", [PYTHON, "-I", "floor.py", "--unit", UNIT], work, env, args.runs
        )
        measures = measure("measures", [ZYGJ, "measures", "--unit", UNIT], work, env, args.runs)
        validate = measure("validate", [ZYGJ, "validate"], work, env, args.runs)

        def report(name: str, runs: int) -> Timing:
            return measure(
                f"report {name}",
                [ZYGJ, "report", "--progress", name, "--as-of", AS_OF, "--format", "json"],
                work,
                env,
                runs,
            )

        csv100k = report("100k.csv", args.big_runs)
        small_t = csv100k if small == 100_000 else report(f"{small // 1000}k.csv", args.big_runs)
        big_t = csv100k if big == 100_000 else report(f"{big // 1000}k.csv", args.big_runs)
        yaml_report = report("10k.yaml", args.runs)
        yaml_bare = measure(
            "bare yaml.load",
            [
                PYTHON,
                "-I",
                "-c",
                "import yaml; yaml.load(open('10k.yaml', 'rb'), Loader=yaml.CSafeLoader)",
            ],
            work,
            env,
            args.runs,
        )

    ms = lambda t: f"{t.median * 1000:.0f} ms"  # noqa: E731
    r1 = measures.median / stack.median
    r2t = csv100k.median
    r2m = csv100k.peak_mb
    r2s = big_t.median / small_t.median
    r3 = yaml_report.median / yaml_bare.median
    r4 = validate.median / measures.median
    rows = [
        (
            "1 日常查询",
            f"`zygj measures --unit {UNIT}`",
            ms(measures),
            '`python -I -c "import yaml, pydantic, typer, rich.console, rich.table"`',
            ms(stack),
            f"{r1:.2f}×",
            "≤ 1.00×",
            verdict(r1 <= 1.0),
        ),
        (
            "1 参考",
            "最小 Typer 程序（一个命令、一个选项，只打印）",
            ms(floor),
            "同上（导入）",
            ms(stack),
            f"{floor.median / stack.median:.2f}×",
            "—",
            "—",
        ),
        (
            "2 规模",
            "`zygj report --progress 100k.csv --as-of 2021-01-01 --format json`",
            f"{ms(csv100k)}，峰值内存 {r2m:.0f} MB",
            "—",
            "—",
            f"{r2t:.2f} s / {r2m:.0f} MB",
            "≤ 2 s，≤ 300 MB",
            verdict(r2t <= 2.0 and r2m <= 300),
        ),
        (
            "2 规模（×10）",
            f"同上，{big // 1000}k 条记录",
            f"{ms(big_t)}，峰值内存 {big_t.peak_mb:.0f} MB",
            f"同上，{small // 1000}k 条记录",
            ms(small_t),
            f"{r2s:.2f}×",
            "≤ 12×",
            verdict(r2s <= 12),
        ),
        (
            "3 YAML 进度",
            "`zygj report --progress 10k.yaml --as-of 2021-01-01 --format json`",
            ms(yaml_report),
            '`python -I -c "import yaml; yaml.load(…, Loader=yaml.CSafeLoader)"`',
            ms(yaml_bare),
            f"{r3:.2f}×",
            "≤ 1.3×",
            verdict(r3 <= 1.3),
        ),
        (
            "4 校验",
            "`zygj validate`",
            ms(validate),
            "目标 1 的 `zygj measures`",
            ms(measures),
            f"{r4:.2f}×",
            "≤ 1.1×",
            verdict(r4 <= 1.1),
        ),
    ]
    print(f"测试环境：{machine()}")
    print(
        f"中位数：快速命令各 {args.runs} 次、大报告各 {args.big_runs} 次（另有 1 次预热不计）；"
        "内存为各次运行中子进程的最大常驻内存（峰值 RSS）。\n"
    )
    print("| 目标 | zygj 命令 | 耗时 | 对照 | 对照耗时 | 比值/数值 | 要求 | 结果 |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
