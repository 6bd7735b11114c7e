"""Pydantic errors mapped back to the file, line and column, in Chinese."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from zygj.core.diagnostics import Diagnostic, Locator
from zygj.core.numbers import number_text

ModelT = TypeVar("ModelT")

#: Pydantic's error types for an unknown field: a model's, and a dataclass's.
_UNKNOWN_FIELD = ("extra_forbidden", "unexpected_keyword_argument")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}

#: Errors located one by one; a file with more is reported by its first ones and a count
#: (a malformed 8 MB file has hundreds of thousands, and locating them all costs minutes).
MAX_LOCATED = 100


def adapter(model: type[ModelT]) -> TypeAdapter[ModelT]:
    """The validator of one of the :mod:`zygj.core.models` dataclasses, built once."""
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def _number(value: Any) -> str:
    return number_text(value) if isinstance(value, float) else str(value)


def _shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, str):
        return f"“{value}”"
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一个映射（键: 值）"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def explain(error: ErrorDetails) -> str:
    """One Pydantic error as a Chinese sentence (without the location prefix)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    actual = f"，实际为 {_shown(value)}"
    if kind == "missing":
        return "缺少必填字段"
    if kind in _UNKNOWN_FIELD:
        return "是不认识的字段（可能拼写有误）"
    if kind in ("string_type",):
        if isinstance(value, float | int) and not isinstance(value, bool):
            return f'应为文字{actual}：编号之类请加引号，如 "{value}"'
        return f"应为文字{actual}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数{actual}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"应为数字{actual}{_number_hint(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"应为 true 或 false{actual}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"应为日期，格式 YYYY-MM-DD（如 2020-12-31）{actual}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace(", ", "、")
        return f"应为 {expected} 之一{actual}"
    if kind == "invalid_key":
        return f'键 {value} 应为文字：请加引号，如 "{value}"'
    if kind == "list_type":
        return f"应为列表（每项以“- ”开头，或写成 [a, b]）{actual}"
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return f"应为映射（键: 值）{actual}"
    if kind == "greater_than_equal":
        return f"应不小于 {_number(ctx.get('ge'))}{actual}"
    if kind == "greater_than":
        return f"应大于 {_number(ctx.get('gt'))}{actual}"
    if kind == "less_than":
        return f"应小于 {_number(ctx.get('lt'))}{actual}"
    if kind == "less_than_equal":
        return f"应不大于 {_number(ctx.get('le'))}{actual}"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_pattern_mismatch":
        return f"格式不对{actual}"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return message
    return f"不符合要求（{error['msg']}）{actual}"


def _number_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if text.endswith(("%", "％")):
        return "：百分数只写数字，如 65 表示 65％"
    if "," in text or "，" in text:
        return "：数字中不要写千位分隔符"
    return ""


def _by_measure_no(data: Any, loc: Sequence[int | str], described: str) -> str:
    """“第 3 项措施…” names the measure by its own ``no`` where it has one (a partial
    transcription's 43rd item is the first entry of the list, not the 43rd)."""
    if (
        len(loc) >= 2
        and loc[0] == "measures"
        and isinstance(loc[1], int)
        and isinstance(data, dict)
    ):
        entries = data.get("measures")
        if isinstance(entries, list) and loc[1] < len(entries):
            entry = entries[loc[1]]
            no = entry.get("no") if isinstance(entry, dict) else None
            if isinstance(no, int) and not isinstance(no, bool) and no != loc[1] + 1:
                prefix = f"第 {loc[1] + 1} 项措施"
                if described.startswith(prefix):
                    return (
                        f"第 {no} 项措施（measures 中第 {loc[1] + 1} 条）"
                        + described[len(prefix) :]
                    )
    return described


def located_errors(
    exc: ValidationError,
    locator: Locator,
    loc_prefix: Sequence[int | str] = (),
    data: Any = None,
) -> list[Diagnostic]:
    """Turn every error of ``exc`` into a located diagnostic."""
    diagnostics: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc = [*loc_prefix, *error["loc"]]
        if error["type"] in (*_UNKNOWN_FIELD, "invalid_key"):
            line, col = locator.key_position(loc)
        else:
            line, col = locator.position(loc)
        path = locator.path
        what = _by_measure_no(data, loc, locator.describe(loc))
        if error["type"] == "invalid_key":
            what = locator.describe(loc[:-1]) if len(loc) > 1 else "文件顶层"
            message = f"{what}中的{explain(error)}"
        elif error["type"] == "value_error":
            message = f"{what}：{explain(error)}" if loc else explain(error)
        else:
            message = f"{what} {explain(error)}"
        diagnostics.append(Diagnostic(path, line, col, message))
    return diagnostics


def validate(
    model: type[ModelT], data: Any, locator: Locator
) -> tuple[ModelT | None, list[Diagnostic]]:
    """Validate ``data`` against ``model``; every error comes back located."""
    try:
        return adapter(model).validate_python(data), []
    except ValidationError as exc:
        return None, located_errors(exc, locator, data=data)


#: Records validated at a time in a long list: a wrong 60 MB file stops at its first chunks.
CHUNK = 20_000


def validate_list(
    model: type[ModelT], items: list[Any], locator: Locator, key: str
) -> tuple[list[ModelT] | None, list[Diagnostic]]:
    """Validate a long list chunk by chunk, stopping once more than :data:`MAX_LOCATED` errors are found.

    A list of up to :data:`CHUNK` items is validated whole, with every error
    located when there are at most :data:`MAX_LOCATED`; beyond, the first ones and a count.
    """
    whole = adapter(list[model])  # type: ignore[valid-type]
    parsed: list[ModelT] = []
    found: list[Diagnostic] = []
    total = 0
    for start in range(0, max(len(items), 1), CHUNK):
        chunk = items[start : start + CHUNK]
        try:
            parsed.extend(whole.validate_python(chunk))
        except ValidationError as exc:
            total += exc.error_count()
            if start == 0 and len(items) <= CHUNK and total <= MAX_LOCATED:
                return None, located_errors(exc, locator, (key,))
            single = adapter(model)
            for index, item in enumerate(chunk, start=start):
                if len(found) >= MAX_LOCATED:
                    break
                try:
                    single.validate_python(item)
                except ValidationError as one:
                    found += located_errors(one, locator, (key, index))
            if total > MAX_LOCATED:
                del found[MAX_LOCATED:]
                seen = min(start + CHUNK, len(items))
                counted = (
                    f"共有 {total} 处错误"
                    if seen == len(items)
                    else f"前 {seen} 条中已有 {total} 处错误（共 {len(items)} 条）"
                )
                found.append(
                    Diagnostic(
                        locator.path,
                        None,
                        None,
                        f"{counted}，只列出了前 {len(found)} 处：文件可能选错了，或整列填错；"
                        "请先改正以上各处再检查",
                        count=total - len(found),
                    )
                )
                return None, found
    if found:
        return None, found
    return parsed, []
