"""Benchmark of issue 23's query goal: an everyday query over a workspace of 30 plans of
30 measures each costs at most 1.2 times the same query on one of those plans.

    .venv/bin/python benchmarks/bench_workspace_query.py            # 21 runs of each
    .venv/bin/python benchmarks/bench_workspace_query.py --runs 7   # quicker

It writes the workspace into a temporary folder (30 generated plans: 30 measures in 3
sections, 30 targets, the same 12 city units in every plan, and the shared units.yaml),
runs the installed `zygj` next to this Python with a private plan cache (each plan is
cached on its own, the workspace file and the shared registry together), warms every
command once, then runs the one-plan and the workspace command alternately and prints
the median of each and their ratio as a Markdown table.

:func:`make_workspace` is reusable (the report benchmark of the same issue builds its
workspace with it).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ZYGJ = str(BIN / "zygj")
UNITS = [
    "市人力资源社会保障局", "市财政局", "市教育体育局", "市经济和信息化委", "市住房城乡建设局",
    "市科技知识产权局", "市文化广电新闻出版局", "市国资委", "市总工会", "市交通运输局", "市商务局",
    "市发展改革委",
]  # fmt: skip
AS_OF = "2020-08-01"


def own_unit(index: int) -> str:
    """The unit only plan ``index`` names (a 专项 plan's own 工作专班)."""
    return f"市专班{index:02d}"


def _units_yaml(index: int | None = None) -> str:
    lines = ["units:"]
    for name in UNITS:
        lines += [f"  - name: {name}", "    kind: 市级部门"]
    if index is not None:
        lines += [f"  - name: {own_unit(index)}", "    kind: 工作专班"]
    return "\n".join(lines) + "\n"


def _plan_files(index: int, measures: int) -> dict[str, str]:
    """One generated plan: its units (the 12 city units), measures and targets."""
    measures_lines = [
        "document:",
        f"  number: 测试〔2020〕{index}号",
        "  issuer: 资阳市人民政府办公室",
        "  date: 2020-01-01",
        f"  title: 关于印发第 {index} 号测试方案的通知",
        "period:",
        "  start: 2020-01-01",
        "  end: 2021-12-31",
        "sections:",
    ]
    sections = 3
    for s in range(1, sections + 1):
        measures_lines += [
            f'  - "no": {s}',
            f"    label: （{'一二三'[s - 1]}）",
            f"    title: 第 {s} 部分",
        ]
    measures_lines.append("measures:")
    targets_lines = ["targets:"]
    for no in range(1, measures + 1):
        lead = own_unit(index) if no % 10 == 0 else UNITS[(index + no) % len(UNITS)]
        shared = [UNITS[(index + no + k) % len(UNITS)] for k in (1, 2)]
        if no % 10 == 5:
            shared.append(own_unit(index))
        quote = f"完成第 {no} 项任务 {no * 10} 个"
        measures_lines += [
            f'  - "no": {no}',
            f"    section: {1 + (no - 1) * sections // measures}",
            f"    text: 第 {index} 号方案第 {no} 项措施：到2021年，{quote}以上。",
            f"    lead: [{lead}]",
            f"    responsible: [{', '.join(shared)}]",
        ]
        month = 1 + (no * 7 + index) % 12
        targets_lines += [
            f'  - id: "{no}.1"',
            f"    measure: {no}",
            f"    title: 第 {no} 项任务",
            f"    quote: {quote}",
            "    op: ge",
            f"    value: {no * 10}",
            "    unit_of_measure: 个",
            f"    deadline: {2020 + no % 2}-{month:02d}-28",
        ]
    return {
        "units.yaml": _units_yaml(index),
        "measures.yaml": "\n".join(measures_lines) + "\n",
        "targets.yaml": "\n".join(targets_lines) + "\n",
    }


def make_workspace(folder: Path, plans: int = 30, measures: int = 30) -> Path:
    """A workspace of ``plans`` generated plans of ``measures`` measures each, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = ["workspace:", "  name: 基准测试工作区", "plans:"]
    for index in range(1, plans + 1):
        key = f"p{index:02d}"
        (folder / key).mkdir(exist_ok=True)
        for name, text in _plan_files(index, measures).items():
            (folder / key / name).write_text(text, encoding="utf-8")
        entries += [f"  - key: {key}", f"    path: {key}"]
    (folder / "workspace.yaml").write_text("\n".join(entries) + "\n", encoding="utf-8")
    (folder / "units.yaml").write_text(_units_yaml(), encoding="utf-8")
    return folder


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed


#: (label, query, goal). The goal compares like with like: a unit only plan p01 names
#: gets the same answer from the workspace as from p01 alone, so the ratio is what the
#: other 29 plans cost. A unit every plan names gets 30 plans' answer: shown for scale.
QUERIES = [
    ("日常查询", ["measures", "--unit", own_unit(1)], "≤ 1.2×"),
    ("到期目标", ["targets", "--unit", own_unit(1), "--due-within", "90", "--as-of", AS_OF], "—"),
    ("日常查询（30 个方案都有该单位）", ["measures", "--unit", "市人力资源社会保障局"], "—"),
    ("到期目标（全部方案）", ["targets", "--due-within", "90", "--as-of", AS_OF], "—"),
    ("单位负担", ["units"], "—"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zygj-bench-ws-") as tmp:
        root = make_workspace(Path(tmp) / "ws")
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache"), "COLUMNS": "160"}
        # As an installed zygj runs: its byte code compiled once (pip does it), never at each run.
        for name in ("ZYGJ_PLAN", "ZYGJ_WORKSPACE", "ZYGJ_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        rows = []
        for label, query, goal in QUERIES:
            one = [ZYGJ, *query, "--plan", str(root / "p01")]
            many = [ZYGJ, *query, "--workspace", str(root)]
            for argv in (one, many):
                run_once(
                    argv, Path(tmp), env
                )  # warm-up: fills the cache, as after the first run of the day
            one_times, many_times = [], []
            for _ in range(args.runs):  # alternately: a slow moment of the machine hits both
                one_times.append(run_once(one, Path(tmp), env))
                many_times.append(run_once(many, Path(tmp), env))
            a, b = statistics.median(one_times), statistics.median(many_times)
            print(
                f"  {label}: one plan {a * 1000:.0f} ms, workspace {b * 1000:.0f} ms",
                file=sys.stderr,
            )
            rows.append((label, query, goal, a, b))
    print(
        f"测试环境：{time.strftime('%Y-%m-%d')}；{os.cpu_count()} 核；Python {platform.python_version()}；"
        f"{platform.system()} {platform.release()}；每项 {args.runs} 次交替运行的中位数（另有 1 次预热不计）。\n"
    )
    print(
        "| 查询 | zygj 命令 | 一个方案（`--plan p01`） | 工作区 30 个方案（`-w ws`） | 比值 | 要求 | 结果 |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, query, goal, a, b in rows:
        ratio = b / a
        verdict = ("达成" if ratio <= 1.2 else "**未达成**") if goal != "—" else "—"
        print(
            f"| {label} | `zygj {' '.join(query)}` | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {ratio:.2f}× | {goal} | {verdict} |"
        )


if __name__ == "__main__":
    main()
