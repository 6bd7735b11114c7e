"""Appending one record to a YAML progress file without touching anything else.

The existing text is kept byte for byte (comments, quoting, blank lines, BOM,
line endings); the new record is spliced in as text right after the last
record of the ``records:`` list, in the same indentation.
"""

from __future__ import annotations

import datetime as dt
import json

import yaml

from zygj.diagnostics import Diagnostic, ZygjError
from zygj.sources import YamlDocument

NEW_FILE_HEADER = (
    "# zygj 进度文件：每条记录是一个单位对一个目标、截至某日的累计数。\n"
    "# 字段：target（目标编号，加引号）、date、unit、value、status、note。\n"
    "records:\n"
)


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as exactly this value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
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
    newline = "\r\n" if "\r\n" in text else "\n"
    if document is None or document.root is None:
        body = text if text.strip() else NEW_FILE_HEADER.replace("\n", newline)
        if text.strip():
            raise ZygjError([Diagnostic(document.path if document else "?", 1, 1,
                                        "进度文件应以 records: 开头")])  # fmt: skip
        return body + record_block(fields, 2, newline)
    root = document.root
    records_key = records_node = None
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "records":
                records_key, records_node = key_node, value_node
    if records_key is None or records_node is None:
        raise ZygjError([Diagnostic(document.path, 1, 1, "进度文件中没有 records: 列表")])
    lines = text.splitlines(keepends=True)
    if isinstance(records_node, yaml.SequenceNode) and records_node.value and not records_node.flow_style:
        first = records_node.value[0]
        last = records_node.value[-1]
        # The '- ' of an item sits two columns left of its mapping's first key.
        indent = max(first.start_mark.column - 2, 0)
        end = last.end_mark
        insert_at = end.line if end.column == 0 else end.line + 1
        # Keep comments or blank lines that follow the last item where they are.
        head = "".join(lines[:insert_at])
        if head and not head.endswith(("\n", "\r")):
            head += newline
        return head + record_block(fields, indent, newline) + "".join(lines[insert_at:])
    is_empty_flow = isinstance(records_node, yaml.SequenceNode) and not records_node.value
    is_null = isinstance(records_node, yaml.ScalarNode) and records_node.value in ("", "~", "null")
    if is_empty_flow or is_null:
        # `records: []` or `records:` — replace the empty value with a block list.
        line_no = records_key.start_mark.line
        line = lines[line_no]
        ending = line[len(line.rstrip("\r\n")):] or newline
        key_text = line[: records_key.end_mark.column].rstrip()
        comment = ""
        if "#" in line[records_key.end_mark.column:]:
            comment = "  " + line[line.index("#", records_key.end_mark.column):].rstrip("\r\n")
        indent = records_key.start_mark.column + 2
        new_line = f"{key_text}:{comment}".replace("::", ":") + ending
        return (
            "".join(lines[:line_no]) + new_line + record_block(fields, indent, newline)
            + "".join(lines[line_no + 1 :])
        )  # fmt: skip
    line, col = records_node.start_mark.line + 1, records_node.start_mark.column + 1
    raise ZygjError(
        [Diagnostic(document.path, line, col,
                    "records 使用了行内 [ ] 写法或不是列表：请改为每条记录一行“- ”的写法后再追加")]
    )  # fmt: skip
