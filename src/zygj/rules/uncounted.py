"""Records from units that do not report on their target: never added, always shown. Pure.

A figure only counts from a unit among the target's reporters
(:func:`zygj.rules.reporters.reporters_of`); any other unit's record is kept aside
as 未计入 (``Result.uncounted``). `validate` and `collect` warn about each one where
it stands (``--strict``: an error), so a slip (the wrong target number, a unit the
plan forgot to list) is seen before the 通报 goes out.
"""

from __future__ import annotations

from collections.abc import Iterable

from zygj.core.diagnostics import Diagnostic
from zygj.core.plan import Plan
from zygj.core.progress import Record
from zygj.rules.reporters import reporters_of

#: How many reporters a message names before “等 N 个”.
_NAMED = 4


def uncounted_records(plan: Plan, records: Iterable[Record]) -> list[tuple[Record, list[str]]]:
    """Each record whose unit is not among its target's reporters, with those reporters.

    A target nobody is named to report on (未明确责任单位) takes every unit's record.
    """
    reporters = {target.id: reporters_of(plan, target) for target in plan.targets}
    found = []
    for record in records:
        expected = reporters.get(record.target)
        if expected and record.unit not in expected:
            found.append((record, expected))
    return found


def uncounted_warnings(plan: Plan, records: Iterable[Record]) -> list[Diagnostic]:
    """`validate`'s and `collect`'s warning for each record that will not be counted."""
    warnings = []
    for record, expected in uncounted_records(plan, records):
        named = "、".join(expected[:_NAMED]) + (
            f" 等 {len(expected)} 个单位" if len(expected) > _NAMED else ""
        )
        where = f"工作表“{record.sheet}”第 {record.line} 行：" if record.sheet else ""
        warnings.append(
            Diagnostic(
                record.path,
                record.line or None,
                None,
                f"{where}{record.unit} 不是目标 {record.target} 的填报单位（填报单位：{named}），"
                "这条记录不计入完成情况（通报中列为“未计入”）：请核对目标编号或单位；"
                "若该单位确应填报，请在 targets.yaml 该目标的 reporters 中加上它",
                severity="warning",
            )
        )
    return warnings
