"""The ledger: every progress record, checked against the plan, with where it came from.

A record is one unit's cumulative figure for one target as of a date. The
reader for each file type (:mod:`zygj.load.progress`) returns the rows as
written; here they are typed (:mod:`zygj.load.progress.cells`, or Pydantic for
a file with a cell in another form) and checked against the plan (target known,
unit declared, a figure where the target needs one), and *all* problems are
reported located by line. Appending a record (``zygj progress add``) is checked
here too; the text it appends is the YAML format's (:mod:`zygj.load.progress.yaml`).
"""

from __future__ import annotations

import gc
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from zygj.core import clock
from zygj.core.diagnostics import (
    EXIT_DATA,
    Diagnostic,
    Locator,
    UsageError,
    ZygjError,
    checked,
    display_path,
)
from zygj.core.models import RATE_OPS, STATUS_WORDS, ProgressRecord, Target
from zygj.core.numbers import number_text
from zygj.core.plan import Plan
from zygj.core.progress import Ledger, Record
from zygj.core.units import suggestion_text
from zygj.files.reading import decode_utf8
from zygj.load.progress.cells import Columns, Row, columns_of, parse_records
from zygj.load.progress.columns import RawRecords
from zygj.load.progress.csv import read_csv
from zygj.load.progress.xlsx import read_xlsx

DEFAULT_PROGRESS = Path("progress.yaml")

Reader = Callable[[Path, str], RawRecords]


def read_yaml(path: Path, shown: str) -> RawRecords:
    """The YAML reader, imported (with PyYAML) only when a YAML file is read."""
    from zygj.load.progress.yaml import read_yaml as read

    return read(path, shown)


#: One reader per kind of progress file, chosen by the file's suffix.
READERS: dict[str, Reader] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}


def default_progress_paths(options: Sequence[Path] | None) -> list[Path]:
    """Every --progress given (files or folders), else ./progress.yaml when it exists."""
    if options:
        return list(options)
    return [DEFAULT_PROGRESS] if DEFAULT_PROGRESS.is_file() else []


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """The progress files that ``paths`` name, in order, each once.

    A folder stands for every progress file directly inside it (a suffix with a
    reader), in name order; Excel's lock files (~$…) and hidden files are skipped.
    A folder holding no progress file is a usage error: nothing is dropped silently.
    """
    files: list[Path] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            inside = sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in READERS
                    and not p.name.startswith(("~$", "."))
                ),
                key=lambda p: p.name,
            )
            _refuse_left_out(path)
            if not inside:
                raise UsageError(
                    "文件夹中没有进度文件（.yaml、.yml、.csv、.xlsx）", display_path(path)
                )
        else:
            inside = [path]
        for file in inside:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


#: Spreadsheets zygj cannot read: in a folder of forms, each is refused by name, not skipped.
_UNREADABLE = {".xls": "旧的 .xls 格式", ".xlsb": ".xlsb 格式", ".et": "WPS 的 .et 格式", ".ods": ".ods 格式",
               ".numbers": "Numbers 格式"}  # fmt: skip


def _refuse_left_out(folder: Path) -> None:
    """A form the folder holds that would not be read (in a subfolder, or in a format zygj
    cannot read) is refused by name: its unit would otherwise be listed 未报送."""
    problems: list[Diagnostic] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(("~$", ".")):
            continue
        if entry.is_file() and entry.suffix.lower() in _UNREADABLE:
            problems.append(
                Diagnostic(
                    display_path(entry),
                    None,
                    None,
                    f"是{_UNREADABLE[entry.suffix.lower()]}，zygj 读不了，不会被汇总："
                    "请在 Excel 或 WPS 中“另存为”.xlsx 后重试，不需要的请移出文件夹",
                )
            )
        elif entry.is_dir() and not entry.is_symlink():
            found = _progress_files_under(entry)
            if found:
                problems.append(
                    Diagnostic(
                        display_path(entry),
                        None,
                        None,
                        f"子文件夹中有 {len(found)} 个进度文件（如 {found[0]}），不会被读取："
                        f"请把它们移到 {display_path(folder)} 中，或在命令中另外列出这个子文件夹；"
                        f"不需要的请移出 {display_path(folder)}",
                    )
                )
    if problems:
        raise ZygjError(problems)


def _progress_files_under(folder: Path, limit: int = 10_000) -> list[str]:
    """The progress files anywhere under ``folder`` (hidden ones and Excel's ~$ skipped), by name."""
    found: list[str] = []
    for _root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += sorted(
            f for f in files if Path(f).suffix.lower() in READERS and not f.startswith(("~$", "."))
        )
        if len(found) >= limit:
            break
    return found


def load_progress_files(
    plan: Plan, paths: Sequence[Path]
) -> tuple[Ledger | None, list[Diagnostic]]:
    """Read many progress files (folders expanded) into one ledger, checked as a whole.

    Every file's problems are reported, then conflicts between records: the same
    target, unit, date and year with a different value or status. An exact
    duplicate (the same record in two forms) counts once.
    """
    files = expand_sources(paths)
    problems: list[Diagnostic] = []
    ledgers: list[Ledger] = []
    with _collector_paused():
        for file in files:
            ledger, found = load_progress(plan, file)
            problems += found
            if ledger is not None:
                ledgers.append(ledger)
    if problems:
        return None, problems
    if len(ledgers) == 1:
        merged = ledgers[0]
    else:
        records: list[Record] = []
        for ledger in ledgers:
            offset = len(records)
            records += [r._replace(seq=r.seq + offset) for r in ledger.records]
        merged = Ledger(records, [source for lg in ledgers for source in lg.sources])
    if len(ledgers) > 1:  # each file was checked on its own already
        kept, conflicts = without_duplicates(merged.records)
        if conflicts:
            return None, conflicts
        merged.records = kept
    return merged, []


def progress_warnings(plan: Plan, ledger: Ledger) -> list[Diagnostic]:
    """What is probably a slip but may be right: `validate` warns (``--strict``: errors).

    A record for an annual target dated in January without a 年度 (is it last year's
    full-year figure?); a percentage of at most 1 (61％ written as 0.61?).
    """
    targets = {t.id: t for t in plan.targets}
    warnings: list[Diagnostic] = []
    for record in ledger.records:
        target = targets[record.target]
        if target.annual and record.year is None and record.date.month == 1:
            warnings.append(
                Diagnostic(
                    record.path,
                    record.line or None,
                    None,
                    f"目标 {target.id} 是年度目标，这条记录日期在 1 月（{record.date.isoformat()}）却没有写年度："
                    f"若是 {record.date.year - 1} 年全年的数字，请写 year: {record.date.year - 1}"
                    f"（否则计入 {record.date.year} 年）",
                    severity="warning",
                )
            )
        if target.is_percent and record.value is not None and 0 < record.value <= 1:
            shown = number_text(record.value)
            warnings.append(
                Diagnostic(
                    record.path,
                    record.line or None,
                    None,
                    f"目标 {target.id} 是百分比目标，填报值为 {shown}：是否把 {number_text(record.value * 100)}％ 写成了 {shown}？"
                    "（百分比填 65 表示 65％）",
                    severity="warning",
                )
            )
    return warnings


#: :func:`record_key` in C: (target, unit, date, year).
_KEY = operator.itemgetter(0, 2, 1, 8)


def record_key(record: Record) -> tuple[str, str, Any, int | None]:
    return (record.target, record.unit, record.date, record.year)


def conflict_diagnostic(record: Record, earlier: Record) -> Diagnostic:
    where = f"工作表“{record.sheet}”第 {record.line} 行" if record.sheet else ""
    return Diagnostic(
        record.path,
        record.line or None,
        None,
        f"{where}与 {earlier.source} 冲突：目标 {record.target}、{record.unit}、"
        f"{record.date.isoformat()}"
        + (f"（{record.year} 年度）" if record.year is not None else "")
        + f" 填了两个不同的数：{_figure(earlier)} 和 {_figure(record)}；请核实后只保留一条",
    )


def without_duplicates(records: Sequence[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """Records with exact duplicates dropped (the first kept), and every conflict found."""
    if len(set(map(_KEY, records))) == len(records):  # no two alike (the usual case): in C
        return list(records), []
    first: dict[tuple[str, str, Any, int | None], Record] = {}
    kept: list[Record] = []
    problems: list[Diagnostic] = []
    for record in records:
        key = record_key(record)
        earlier = first.get(key)
        if earlier is None:
            first[key] = record
            kept.append(record)
        elif (earlier.value, earlier.status) != (record.value, record.status):
            problems.append(conflict_diagnostic(record, earlier))
    return kept, problems


def _figure(record: Record) -> str:
    parts = []
    if record.value is not None:
        parts.append(number_text(record.value))
    if record.status is not None:
        parts.append(STATUS_WORDS[record.status])
    return "“" + "，".join(parts) + "”" if parts else "“（空）”"


def load_progress(
    plan: Plan, path: Path, *, forms: bool = False
) -> tuple[Ledger | None, list[Diagnostic]]:
    """Read a progress file and check every record against the plan.

    Like :func:`zygj.load.plan.load_plan`: the ledger (None when the file has
    problems) and every problem found. A file that cannot be read at all (missing,
    a folder, an unknown type) is a usage error, raised. ``forms`` (`collect`): a
    spreadsheet's blank 单位 is the form's unit (:func:`_form_units`), never the owner's.
    """
    shown = display_path(path)
    if path.is_dir():
        raise UsageError("这是一个文件夹，不是进度文件", shown)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageError(f"不支持的进度文件类型“{path.suffix}”：请用 .yaml、.csv 或 .xlsx", shown)
    try:
        with _collector_paused():
            spreadsheet = forms and path.suffix.lower() in (".csv", ".xlsx", ".xlsm")
            return checked_ledger(plan, reader(path, shown), unit_required=spreadsheet), []
    except ZygjError as exc:
        if exc.exit_code != EXIT_DATA:
            raise
        return None, exc.diagnostics


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while records are built.

    10^5 records are some 10^6 new objects (cells, tuples, dates), none in a cycle;
    the collector would walk them all again and again as they pile up: a third of
    the time of reading a large CSV file. It runs again right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_checked_progress(plan: Plan, path: Path) -> Ledger:
    """The ledger, or a ZygjError carrying every problem (for commands that use it)."""
    return checked(*load_progress(plan, path))


def checked_ledger(plan: Plan, raw: RawRecords, *, unit_required: bool = False) -> Ledger:
    """Validate raw records and check them against the plan; ZygjError with all problems.

    Records in the plain form are typed by the strict cell parser
    (:mod:`zygj.load.progress.cells`); a file with any other cell is validated by
    Pydantic, whose messages say what is wrong and where.
    """
    raw_records, locator = raw.records, raw.locator
    columns = raw.typed
    if columns is None:
        if not isinstance(raw_records, list):
            line, col = locator.position(("records",))
            raise ZygjError(
                [Diagnostic(locator.path, line, col, "records 应为列表（每条记录以“- ”开头）")]
            )
        rows = parse_records(raw_records)
        columns = columns_of(
            rows if rows is not None else _validated_rows(plan, raw_records, locator)
        )
    if raw.declared_unit is not None or unit_required or raw.numeric_targets:
        columns = _form_units(plan, columns, raw, unit_required)
    records = plain_records(plan, columns, locator)
    if records is None:  # some record has a problem: record by record, to say which and why
        records, problems = resolve_records(plan, list(zip(*columns, strict=True)), locator)
        if problems:
            raise ZygjError(problems)
    if raw_records and any(type(item) is dict and "evidence" in item for item in raw_records):
        records = _with_evidence(records, raw_records)
    records, conflicts = without_duplicates(records)
    if conflicts:
        raise ZygjError(conflicts)
    return Ledger(records, [locator.path])


def _with_evidence(records: list[Record], raw_records: list[Any]) -> list[Record]:
    """The 佐证材料 each raw record names (validated as text by Pydantic), kept on its record.

    The typed columns carry the record's seven fields; the few records with evidence get it
    back by their place in the file (``seq``)."""
    kept = []
    for record in records:
        cell = raw_records[record.seq].get("evidence")
        kept.append(
            record._replace(evidence=cell.strip() or None) if isinstance(cell, str) else record
        )
    return kept


def _form_units(plan: Plan, columns: Columns, raw: RawRecords, unit_required: bool) -> Columns:
    """A form's records checked for what the form itself says; ZygjError with every problem.

    * A blank 单位 is the unit the form declares (its 填报说明, its title), never the
      target's owner; a row naming another unit is refused.
    * ``unit_required`` (`collect`, a spreadsheet form that declares no unit): a blank 单位
      is the unit the form's other rows name; when they name several, it is refused. A form
      that names no unit at all is read as a ledger (each record its target's owner's).
    * A 目标编号 cell holding a number (1.10 stored as 1.1) is accepted only when the plan
      has exactly that target and no other it could have been.
    """
    locator = raw.locator
    problems: list[Diagnostic] = []

    def problem(i: int, field: str, message: str) -> None:
        line, col = locator.position(("records", i, field))
        problems.append(
            Diagnostic(
                locator.path, line, col, f"{locator.describe(('records', i, field))}{message}"
            )
        )

    targets_col, units = columns[0], list(columns[2])
    for i, number in raw.numeric_targets.items():
        candidates = [t.id for t in plan.targets if _same_number(t.id, number)]
        if candidates and candidates != [targets_col[i]]:
            shown = targets_col[i]
            who = (
                f"本方案的目标 {'、'.join(candidates)} 都可能是它"
                if len(candidates) > 1
                else f"本方案的目标 {candidates[0]} 可能才是它"
            )
            problem(
                i,
                "target",
                f"是数字 {shown}，不是文字：Excel 会把 {shown}0 存成 {shown}，{who}。"
                "请把该列设为“文本”格式后重新输入编号",
            )
    if raw.declared_unit is not None:
        declared, where = raw.declared_unit
        found = plan.registry.get(declared)
        canonical = found.name if found else declared
        for i, unit in enumerate(units):
            if unit is None:
                units[i] = declared
            elif (other := plan.registry.get(unit)) is not None and other.name != canonical:
                problem(
                    i,
                    "unit",
                    f"是“{unit}”，但这是{canonical}的填报表（{where}）：请改回{canonical}，"
                    "其他单位的数字请用该单位的填报表报送",
                )
    elif unit_required and None in units:
        named = {
            found.name for u in set(units) - {None} if (found := plan.registry.get(u)) is not None
        }
        if len(named) == 1:  # the form's other rows say whose it is
            (only,) = named
            units = [only if unit is None else unit for unit in units]
        elif named:
            both = "、".join(sorted(named))
            for i, unit in enumerate(units):
                if unit is None:
                    problem(
                        i,
                        "unit",
                        f" 是空的：这份填报表的各行写了不同的单位（{both}），"
                        "无法判断这一行是哪个单位的（汇总时不按目标的责任单位默认），请填写",
                    )
    if problems:
        raise ZygjError(problems)
    return (*columns[:2], units, *columns[3:])


def _same_number(target_id: str, number: float) -> bool:
    """Whether a target id reads as ``number`` (1.10 and 1.1 both read as 1.1)."""
    try:
        return float(target_id) == number
    except ValueError:
        return False


def plain_records(plan: Plan, columns: Columns, locator: Locator) -> list[Record] | None:
    """The records, when none has a problem against the plan; else None (nothing said).

    The checks of :func:`resolve_records`, column by column: each distinct target,
    unit, (target, unit) and (target, year) is checked once, dates by their
    minimum and maximum, and the records are built in C. A 10^5-record ledger is
    checked in a few hundredths of a second; any problem → None, and
    :func:`resolve_records` goes record by record to say which and why.
    """
    targets_col, dates, units, values, statuses, notes, years = columns
    count = len(targets_col)
    if count == 0:
        return []
    targets: dict[str, Target] = {t.id: t for t in plan.targets}
    if not set(targets_col) <= targets.keys():
        return None
    if min(dates) < plan.measures_file.period.start or max(dates) > clock.today():
        return None
    unit_names: list[str]
    if None in (distinct_units := set(units)):
        pairs: dict[tuple[str, str | None], str | None] = {}
        for target_id, unit in set(zip(targets_col, units, strict=True)):
            pairs[(target_id, unit)] = (
                plan.owner_of(targets[target_id]) if unit is None else _unit_name(plan, unit)
            )
        if None in pairs.values():
            return None
        unit_names = list(map(pairs.__getitem__, zip(targets_col, units, strict=True)))  # type: ignore[arg-type]
    else:
        names = {unit: _unit_name(plan, unit) for unit in distinct_units}
        if None in names.values():
            return None
        # Units written by their canonical names (the usual case) are kept as they are.
        canonical = all(map(operator.eq, names, names.values()))
        unit_names = units if canonical else list(map(names.__getitem__, units))  # type: ignore[arg-type]
    needs_figure = {t.id for t in plan.targets if t.op != "qualitative"}
    figures = (
        values
        if values.count(None) == 0
        else list(compress(values, map(operator.is_not, values, repeat(None))))
    )
    if len(figures) < count:  # some record has no figure: has it a status?
        blank = map(
            operator.and_,
            map(operator.is_, values, repeat(None)),
            map(operator.is_, statuses, repeat(None)),
        )
        if not needs_figure.isdisjoint(compress(targets_col, blank)):
            return None
    if min(figures, default=0) < 0:
        rates = {t.id for t in plan.targets if t.op in RATE_OPS}
        if any(
            v is not None and v < 0 and t not in rates
            for t, v in zip(targets_col, values, strict=True)
        ):
            return None
    if max(figures, default=0) > 100:
        percent = {t.id for t in plan.targets if t.is_percent}
        if any(
            v is not None and v > 100 and t in percent
            for t, v in zip(targets_col, values, strict=True)
        ):
            return None
    if set(years) != {None}:
        for target_id, year in set(zip(targets_col, years, strict=True)):
            if year is not None and (
                not targets[target_id].annual or year not in plan.years_of(targets[target_id])
            ):
                return None
    lines: list[int] | None = getattr(locator, "record_lines", None)
    if lines is None:
        lines = [locator.position(("records", i))[0] or 0 for i in range(count)]
    fields = zip(
        targets_col,
        dates,
        unit_names,
        values,
        statuses,
        notes,
        lines,
        range(count),
        years,
        repeat(locator.path),
        repeat(getattr(locator, "sheet", None)),
        repeat(None),
        strict=False,
    )
    return list(map(tuple.__new__, repeat(Record), fields))


def _unit_name(plan: Plan, unit: str) -> str | None:
    return plan.registry.reporter(unit)


def _validated_rows(plan: Plan, raw_records: list[Any], locator: Locator) -> list[Row]:
    """The records validated by Pydantic (the file has a cell not in the plain form).

    When some record is invalid, the negative figures of targets that cannot go below
    zero (checked against the plan later) are said in the same pass, in file order.
    """
    from zygj.load.pydantic_errors import validate_list

    for item in raw_records:  # "61%" in a CSV cell reads as in a spreadsheet: 61
        if isinstance(item, dict):
            value = item.get("value")
            if isinstance(value, str) and value.strip().endswith(("%", "％")):
                item["value"] = value.strip()[:-1].strip()
    # Chunk by chunk: a wrong or hostile file stops at its first hundred errors.
    parsed, invalid = validate_list(ProgressRecord, raw_records, locator, "records")
    if parsed is None:
        if all(d.count == 1 and d.line is not None for d in invalid):  # no "only the first 100"
            invalid = sorted(
                [*invalid, *_negative_figures(plan, raw_records, locator)],
                key=lambda d: (d.line or 0, d.col or 0),
            )
        raise ZygjError(invalid)
    return [_row(record) for record in parsed]


def negative_text(value: float) -> str:
    return f" 应不小于 0，实际为 {number_text(value)}（只有增长率、相对目标可以填负数）"


def _negative_figures(plan: Plan, raw_records: list[Any], locator: Locator) -> list[Diagnostic]:
    """A negative figure for a target that cannot go below zero, located."""
    from zygj.load.progress.cells import figure

    signed = {t.id for t in plan.targets if t.op in RATE_OPS}
    known = {t.id for t in plan.targets}
    found: list[Diagnostic] = []
    for i, item in enumerate(raw_records):
        if (
            not isinstance(item, dict)
            or item.get("target") not in known
            or item.get("target") in signed
        ):
            continue
        number = figure(item.get("value"))
        if isinstance(number, float) and number < 0:
            where = ("records", i, "value")
            line, col = locator.position(where)
            found.append(
                Diagnostic(
                    locator.path, line, col, f"{locator.describe(where)}{negative_text(number)}"
                )
            )
    return found


def _row(record: ProgressRecord) -> Row:
    return (
        record.target,
        record.date,
        record.unit,
        record.value,
        record.status,
        record.note,
        record.year,
    )


def resolve_records(
    plan: Plan, rows: Sequence[Row], locator: Locator
) -> tuple[list[Record], list[Diagnostic]]:
    """Check typed records against the plan: known target, declared unit, figure present.

    Runs once per record of a 10^5-record ledger: what depends only on the target
    or the unit is looked up once, not worked out again for every record.
    """
    targets: dict[str, Target] = {t.id: t for t in plan.targets}
    registry = plan.registry
    owners = {t.id: plan.owner_of(t) for t in plan.targets}
    needs_figure = {t.id for t in plan.targets if t.op != "qualitative"}
    percent = {t.id for t in plan.targets if t.is_percent}
    rates = {t.id for t in plan.targets if t.op in RATE_OPS}  # may fall below zero
    start = plan.measures_file.period.start
    path = locator.path
    sheet = getattr(locator, "sheet", None)
    #: Each record's line, when the locator has them listed (CSV rows, sheet rows).
    lines: Sequence[int] | None = getattr(locator, "record_lines", None)
    today = clock.today()
    unit_cache: dict[str, str | None] = {}
    problems: list[Diagnostic] = []
    records: list[Record] = []
    new_record = Record._make

    def problem(i: int, field: str, message: str) -> None:
        line, col = locator.position(("records", i, field))
        problems.append(
            Diagnostic(path, line, col, f"{locator.describe(('records', i, field))}{message}")
        )

    for i, (target_id, date, unit, value, status, note, year) in enumerate(rows):
        target = targets.get(target_id)
        if target is None:
            head = target_id.split(".")[0]
            close = [t for t in targets if t.split(".")[0] == head]
            hint = f"；第 {head} 项措施的目标有 {'、'.join(close)}" if close else ""
            problem(i, "target", f" 目标“{target_id}”不存在（zygj targets 可列出全部目标）{hint}")
            continue
        if unit is None:
            unit_name = owners[target_id]
            if unit_name is None:
                problem(i, "unit", " 缺少填报单位（该目标没有默认的责任单位）")
                continue
        else:
            if unit not in unit_cache:
                unit_cache[unit] = registry.reporter(unit)
            resolved = unit_cache[unit]
            if resolved is None:
                problem(
                    i,
                    "unit",
                    f" 单位“{unit}”未在 units.yaml 中声明"
                    + suggestion_text(registry.suggest(unit)),
                )
                continue
            unit_name = resolved
        if value is None and status is None and target_id in needs_figure:
            problem(i, "value", f" 缺少填报值：目标 {target_id} 是数量目标，需要累计数")
            continue
        if value is not None and value < 0 and target_id not in rates:
            problem(i, "value", negative_text(value))
            continue
        if value is not None and value > 100 and target_id in percent:
            problem(
                i, "value", f" 应为 0—100 之间的百分数（65 表示 65％），实际为 {number_text(value)}"
            )
            continue
        if date > today:
            problem(
                i,
                "date",
                f" 日期 {date.isoformat()} 晚于今天（{today.isoformat()}）：进度只能填已经发生的",
            )
            continue
        if date < start:
            problem(i, "date", f" 日期 {date.isoformat()} 早于方案期起始日 {start.isoformat()}")
            continue
        if year is not None:
            if not target.annual:
                problem(i, "year", f" 目标 {target_id} 不是年度目标，不应填写年度（{year}）")
                continue
            assessed = plan.years_of(target)
            if year not in assessed:
                years = "、".join(str(y) for y in assessed)
                problem(i, "year", f" 年度 {year} 不在方案的考核年度（{years}）之内")
                continue
        line = lines[i] if lines is not None else locator.position(("records", i))[0]
        records.append(
            new_record(
                (
                    target_id,
                    date,
                    unit_name,
                    value,
                    status,
                    note,
                    line or 0,
                    i,
                    year,
                    path,
                    sheet,
                    None,
                )
            )
        )
    return records, problems


# ------------------------------------------------------------ progress add

#: Where messages about the record being added point: it is not in any file yet.
NEW_RECORD_PATH = "zygj progress add"


class NewRecordLocator:
    """A locator for the record given on the command line (no file, no line)."""

    path = NEW_RECORD_PATH

    @staticmethod
    def position(loc: Sequence[Any]) -> tuple[int | None, int | None]:
        return (None, None)

    key_position = position

    @staticmethod
    def describe(loc: Sequence[int | str]) -> str:
        return f"新记录的 {loc[-1]}" if loc else "新记录"


def checked_new_record(fields: dict[str, object], plan: Plan | None = None) -> ProgressRecord:
    """The record given on the command line, validated on its own before any file is read.

    A bad value (not a number, not a date …) is a ZygjError (exit 1) with a message
    about the new record, never a raw ValidationError. With a plan, the record is
    also checked against it (known target, declared unit, a figure where needed).
    """
    from pydantic import ValidationError

    from zygj.load.pydantic_errors import adapter, located_errors

    try:
        record = adapter(ProgressRecord).validate_python(
            {k: v for k, v in fields.items() if v is not None}
        )
    except ValidationError as exc:
        raise ZygjError(located_errors(exc, NewRecordLocator())) from None
    if plan is not None:
        _, problems = resolve_records(plan, [_row(record)], NewRecordLocator())
        if problems:
            raise ZygjError(problems)
    return record


def appended_file(
    plan: Plan, shown: str, raw: bytes | None, fields: dict[str, object]
) -> tuple[bytes, Ledger]:
    """The bytes of the progress file with one record added, and the ledger they hold.

    ``raw`` is the file as it is now (None: it does not exist yet). The existing
    file is checked first, so a problem in it is reported at its real line, not
    at a line of a text that was never written; then the new text is checked as
    a whole. A BOM and the line endings are kept.
    """
    from zygj.load.progress.yaml import append_record, records_of
    from zygj.load.yaml_doc import parse_yaml

    if raw is None:
        text, document, bom = "", None, b""
    else:
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        text = decode_utf8(raw, shown)
        document = parse_yaml(text, shown)
        if document.root is not None:
            checked_ledger(plan, records_of(document))
    new_text = append_record(text, document, fields)
    ledger = checked_ledger(plan, records_of(parse_yaml(new_text, shown)))
    return bom + new_text.encode("utf-8"), ledger
