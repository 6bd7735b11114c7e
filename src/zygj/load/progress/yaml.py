"""The YAML progress file: reading ``records:`` (and the document that locates them), appending.

Appending keeps the existing text byte for byte (comments, quoting, blank lines,
BOM, line endings): the new records are spliced in as text right after the last
record of the ``records:`` list, in the same indentation, and accepted only when
the whole file reads back as before plus the new records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import yaml

from zygj.core.diagnostics import Diagnostic, ZygjError
from zygj.files.reading import decode_utf8
from zygj.load.progress.columns import RawRecords
from zygj.load.yaml_doc import YamlDocument, load_yaml, parse_yaml


def read_yaml(path: Path, shown: str) -> RawRecords:
    return records_of(load_yaml(path, shown))


def records_of(document: YamlDocument) -> RawRecords:
    """The records of a parsed YAML progress file (its other keys checked too)."""
    data = document.data
    if not isinstance(data, dict) or "records" not in data:
        raise ZygjError(
            [Diagnostic(document.path, 1, 1, "进度文件应以 records: 开头，下面每条记录以“- ”开头")]
        )
    others = {k: v for k, v in data.items() if k != "records"}
    if others:  # only records: (the usual file) needs no Pydantic to check
        from pydantic import ValidationError

        from zygj.core.models import ProgressFile
        from zygj.load.pydantic_errors import adapter, located_errors

        try:
            adapter(ProgressFile).validate_python(others)
        except ValidationError as exc:
            raise ZygjError(located_errors(exc, document)) from None
    return RawRecords(data["records"] or [], document)


# ----------------------------------------------------------------------- write

NEW_FILE_HEADER = (
    "# zygj 进度文件：每条记录是一个单位对一个目标、截至某日的累计数。\n"
    "# 字段：target（目标编号，加引号）、date、unit、value、status、note。\n"
    "records:\n"
)


def append_yaml(shown: str, raw: bytes | None, rows: Sequence[dict[str, object]]) -> bytes:
    """The YAML ledger whose bytes are ``raw`` (None: none yet) with ``rows`` appended; a BOM is kept."""
    bom = b"\xef\xbb\xbf" if raw is not None and raw.startswith(b"\xef\xbb\xbf") else b""
    text = decode_utf8(raw, shown) if raw is not None else ""
    document = parse_yaml(text, shown) if text.strip() else None
    return bom + append_records(text, document, rows).encode("utf-8")


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as exactly this value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    # JSON strings are valid YAML double-quoted scalars (with ensure_ascii off, CJK stays).
    return json.dumps(str(value), ensure_ascii=False)


def record_block(fields: dict[str, object], indent: int, newline: str) -> str:
    lines = []
    pad = " " * indent
    first = True
    for key, value in fields.items():
        if value is None:
            continue
        prefix = f"{pad}- " if first else f"{pad}  "
        lines.append(f"{prefix}{key}: {_scalar(value)}")
        first = False
    return newline.join(lines) + newline


def append_record(text: str, document: YamlDocument | None, fields: dict[str, object]) -> str:
    """The new file text: ``text`` with one record added at the end of ``records``."""
    return append_records(text, document, [fields])


def append_records(
    text: str, document: YamlDocument | None, records: Sequence[dict[str, object]]
) -> str:
    """The new file text: ``text`` with ``records`` added, in order, at the end of ``records``.

    Every candidate text is parsed again and accepted only when the old records
    and every other key read back exactly as before and the new records read back
    as given; otherwise nothing is appended and a located error explains why.
    """
    path = document.path if document is not None else "?"
    newline = "\r\n" if "\r\n" in text else "\n"
    if document is None or document.root is None:
        block = _blocks(records, 2, newline)
        if not text.strip():  # a new or empty file
            return NEW_FILE_HEADER.replace("\n", newline) + block
        if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
            head = text if text.endswith(("\n", "\r")) else text + newline
            return head + "records:" + newline + block
        raise ZygjError(
            [Diagnostic(path, 1, 1, "进度文件应以 records: 开头，下面每条记录以“- ”开头")]
        )
    candidates = _candidates(text, document, records, newline)
    for candidate in candidates:
        if _reads_back(candidate, document, records):
            return candidate
    line, col = document.position(("records",))
    raise ZygjError(
        [
            Diagnostic(
                path,
                line,
                col,
                "无法在不改动原有内容的前提下追加记录（records 的写法特殊）：文件未改动，"
                "请手工添加" + ("这条记录" if len(records) == 1 else "这些记录"),
            )
        ]
    )


def _records_nodes(document: YamlDocument) -> tuple[yaml.Node, yaml.Node]:
    root = document.root
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "records":
                return key_node, value_node
    raise ZygjError(
        [Diagnostic(document.path, 1, 1, "进度文件应以 records: 开头，下面每条记录以“- ”开头")]
    )


def _blocks(records: Sequence[dict[str, object]], indent: int, newline: str) -> str:
    return "".join(record_block(fields, indent, newline) for fields in records)


def _candidates(
    text: str, document: YamlDocument, records: Sequence[dict[str, object]], newline: str
) -> list[str]:
    records_key, records_node = _records_nodes(document)
    lines = text.splitlines(keepends=True)
    if (
        isinstance(records_node, yaml.SequenceNode)
        and records_node.value
        and not records_node.flow_style
    ):
        indent = _dash_column(lines, records_node.value[0])
        block = _blocks(records, indent, newline)
        last = records_node.value[-1]
        found: list[str] = []
        # Preferred first: right after the last record's text; then where the parser
        # ends it; then after the whole list (the last item may be an *alias).
        places = (_after_content(lines, last, indent), _after_node(last), _after_node(records_node))
        for insert_at in dict.fromkeys(places):
            head = "".join(lines[:insert_at])
            if head and not head.endswith(("\n", "\r")):
                head += newline
            found.append(head + block + "".join(lines[insert_at:]))
        return found
    is_empty_flow = isinstance(records_node, yaml.SequenceNode) and not records_node.value
    is_null = (
        isinstance(records_node, yaml.ScalarNode)
        and records_node.tag == "tag:yaml.org,2002:null"
        and records_node.value in ("", "~", "null", "Null", "NULL")
    )
    if is_empty_flow or is_null:
        # `records: []` or `records:` — replace the empty value with a block list.
        line_no = records_key.start_mark.line
        line = lines[line_no]
        ending = line[len(line.rstrip("\r\n")) :] or newline
        after_key = line[records_key.end_mark.column :]
        comment = ""
        if "#" in after_key:
            comment = "  " + after_key[after_key.index("#") :].rstrip("\r\n")
        indent = records_key.start_mark.column + 2
        new_line = line[: records_key.end_mark.column] + ":" + comment + ending
        return [
            "".join(lines[:line_no])
            + new_line
            + _blocks(records, indent, newline)
            + "".join(lines[line_no + 1 :])
        ]
    at_line, at_col = records_node.start_mark.line + 1, records_node.start_mark.column + 1
    raise ZygjError(
        [
            Diagnostic(
                document.path,
                at_line,
                at_col,
                "records 使用了行内 [ ] 写法或不是列表：请改为每条记录一行“- ”的写法后再追加",
            )
        ]
    )


def _dash_column(lines: list[str], item: yaml.Node) -> int:
    """Column of the ``-`` that introduces ``item`` (on its line or alone on an earlier one)."""
    line_no, column = item.start_mark.line, item.start_mark.column
    if line_no < len(lines):
        before = lines[line_no][:column]
        dash = before.rfind("-")
        if dash >= 0 and before[:dash].strip() == "" and before[dash + 1 :].strip() == "":
            return dash
    for earlier in range(min(line_no, len(lines)) - 1, -1, -1):
        stripped = lines[earlier].split("#", 1)[0].rstrip()
        if not stripped:
            continue
        if stripped.strip() == "-":
            return len(stripped) - 1
        break
    return max(column - 2, 0)


def _after_node(node: yaml.Node) -> int:
    """The line after ``node`` as the parser ends it (may include trailing comments)."""
    end = node.end_mark
    return int(end.line if end.column == 0 else end.line + 1)


def _after_content(lines: list[str], item: yaml.Node, indent: int) -> int:
    """The line after the last text of ``item``, keeping comments indented inside it.

    Trailing blank lines and comments at the list's own level or further left stay
    after the new record, where they were: they belong to the end of the file.
    """
    node = item
    while not getattr(node, "flow_style", True):
        children = node.value
        if isinstance(node, yaml.MappingNode):
            node = children[-1][1] if children else node
        elif isinstance(node, yaml.SequenceNode):
            node = children[-1] if children else node
        if not children:
            break
    end = node.end_mark
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        insert_at = end.line if end.column == 0 else end.line + 1
        while insert_at > node.start_mark.line + 1 and not lines[insert_at - 1].strip():
            insert_at -= 1
    else:
        insert_at = end.line + 1 if end.column > 0 or end.line == node.start_mark.line else end.line
    while insert_at < len(lines):
        following = lines[insert_at]
        stripped = following.lstrip(" ")
        if stripped.startswith("#") and len(following) - len(stripped) > indent:
            insert_at += 1
            continue
        break
    return insert_at


def _reads_back(
    candidate: str, document: YamlDocument, records: Sequence[dict[str, object]]
) -> bool:
    try:
        new = parse_yaml(candidate, document.path).data
        expected = parse_yaml(_blocks(records, 0, "\n"), document.path).data
    except ZygjError:
        return False
    old = document.data
    if not isinstance(new, dict) or not isinstance(old, dict):
        return False
    old_records = old.get("records") or []
    new_records = new.get("records")
    count = len(records)
    if not isinstance(new_records, list) or new_records[: len(new_records) - count] != old_records:
        return False
    if new_records[len(new_records) - count :] != expected:
        return False
    others_old = {k: v for k, v in old.items() if k != "records"}
    others_new = {k: v for k, v in new.items() if k != "records"}
    return others_old == others_new and list(new) == list(old)
