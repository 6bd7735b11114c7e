"""Reading users' files safely: size limit, encodings, YAML with positions.

Nothing here prints. Problems come back as :class:`ZygjError` carrying located
:class:`Diagnostic` values, never as a parser's raw exception.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zygj.diagnostics import EXIT_DATA, EXIT_USAGE, Diagnostic, ZygjError

#: Hand-kept plan and progress files are small; a 100,000-record ledger is about
#: 10 MB as CSV. Anything far beyond is a wrong file, not a ledger.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Aliases are legitimate (`<<: *defaults`), but "billion laughs" documents expand
#: exponentially: bound the number of nodes the expanded document may have.
MAX_EXPANDED_NODES = 2_000_000

try:  # the C parser is several times faster; positions survive in its nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


def read_bytes(path: Path) -> bytes:
    """Read a whole file, turning every OS problem into a Chinese message."""
    shown = str(path)
    try:
        if path.is_dir():
            raise ZygjError([Diagnostic(shown, None, None, "这是一个文件夹，不是文件")], EXIT_USAGE)
        size = path.stat().st_size
    except FileNotFoundError:
        raise ZygjError([Diagnostic(shown, None, None, "文件不存在")], EXIT_USAGE) from None
    except OSError as exc:
        raise ZygjError(
            [Diagnostic(shown, None, None, f"无法读取文件：{exc.strerror or exc}")], EXIT_USAGE
        ) from None
    if size > MAX_FILE_BYTES:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    f"文件过大（{size / 1024 / 1024:.1f} MB），超过上限 "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB，请确认是否选错了文件",
                )
            ],
            EXIT_DATA,
        )
    try:
        with path.open("rb") as handle:
            return handle.read()
    except PermissionError:
        raise ZygjError([Diagnostic(shown, None, None, "没有读取该文件的权限")], EXIT_USAGE) from None
    except OSError as exc:
        raise ZygjError(
            [Diagnostic(shown, None, None, f"无法读取文件：{exc.strerror or exc}")], EXIT_USAGE
        ) from None


def decode_utf8(raw: bytes, shown: str) -> str:
    """Decode UTF-8 (with or without BOM); anything else is a located error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    line,
                    col,
                    "文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在编辑器中“另存为”UTF-8 编码后重试",
                )
            ],
            EXIT_DATA,
        ) from None


def decode_text_guess(raw: bytes) -> str:
    """Decode a CSV saved by Excel/WPS: strict UTF-8 first, then GB18030.

    The order matters: valid UTF-8 almost never decodes as meaningful GB18030 text,
    but GB18030 accepts nearly any byte string, so trying it first would garble
    UTF-8 files silently.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


# --------------------------------------------------------------------------- YAML

_PROBLEMS_ZH: Sequence[tuple[str, str]] = (
    ("found character '\\t' that cannot start any token", "使用了制表符（Tab）：YAML 只能用空格缩进"),
    ("found character '\\t'", "使用了制表符（Tab）：YAML 只能用空格缩进"),
    ("found unexpected end of stream", "引号没有闭合：文件在引号内结束"),
    ("found undefined alias", "引用了未定义的锚点（*名称 之前需要有 &名称）"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”：可能是冒号后的文字需要加引号，或缩进不对"),
    ("could not find expected ':'", "缺少冒号“:”，或引号没有闭合"),
    ("did not find expected key", "缩进不一致，或列表项前缺少“- ”"),
    ("did not find expected '-' indicator", "缩进不一致：列表项应以“- ”开头并对齐"),
    ("expected <block end>, but found", "缩进不一致：这一行与上一层的缩进对不上"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符（\\），可改用单引号"),
    ("could not determine a constructor for the tag", "不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"),
    ("found duplicate anchor", "锚点名称重复"),
    ("expected a single document", "文件中有多个 YAML 文档（---），zygj 只读取一个"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("unacceptable character", "文件中有不可打印的控制字符"),
)


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for needle, chinese in _PROBLEMS_ZH:
        if needle in problem or needle in context:
            return chinese
    return f"YAML 语法错误（{problem or context}）"


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loading that refuses duplicate keys instead of keeping the last one.

    Booleans follow YAML 1.2: only true/false. Under PyYAML's YAML 1.1 rules a key
    written ``no:`` (a measure number!) or a value ``yes``/``off`` silently
    becomes a boolean, which is not what a person typing Chinese office data means.
    """

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            # Dates stay text: Pydantic parses them with a located message, where
            # PyYAML would raise a bare ValueError on 2020-13-01.
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
        ]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    duplicate_keys: list[tuple[str, yaml.Node, yaml.Node]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Hashable, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable):
                if key in seen:
                    self.duplicate_keys.append((str(key), seen[key], key_node))
                else:
                    seen[key] = key_node
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _count_expanded(node: yaml.Node, limit: int) -> int:
    """Count nodes as if every alias were expanded, stopping at ``limit``."""
    memo: dict[int, int] = {}

    def visit(current: yaml.Node) -> int:
        key = id(current)
        if key in memo:
            return memo[key]
        total = 1
        if isinstance(current, yaml.SequenceNode):
            for child in current.value:
                total += visit(child)
                if total > limit:
                    break
        elif isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                total += visit(key_node) + visit(value_node)
                if total > limit:
                    break
        memo[key] = total
        return total

    return visit(node)


@dataclass
class YamlDocument:
    """Plain Python data plus the node tree that says where each piece came from."""

    path: str
    data: Any
    root: yaml.Node | None

    def position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        """1-based (line, col) of the deepest node on ``loc`` (a Pydantic error loc)."""
        node = self.root
        if node is None:
            return (1, 1)
        for step in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                        child = value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            if child is None:
                break
            node = child
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)

    def key_position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        """Position of the *key* of the last step of ``loc`` when it is a mapping key."""
        if not loc:
            return self.position(loc)
        parent_line, parent_col = self.position(loc[:-1])
        node = self.root
        for step in loc[:-1]:
            node = _child(node, step)
            if node is None:
                return (parent_line, parent_col)
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(loc[-1]):
                    return (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return (parent_line, parent_col)

    def diagnostic(self, loc: Sequence[Any], message: str) -> Diagnostic:
        line, col = self.position(loc)
        return Diagnostic(self.path, line, col, message)


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            child: yaml.Node = node.value[step]
            return child
    return None


def parse_yaml(text: str, shown: str) -> YamlDocument:
    """Parse YAML text safely, keeping the node tree for positions."""
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(shown, None, None)
        if ("*" in text) and _count_expanded(root, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
            mark = root.start_mark
            raise ZygjError(
                [
                    Diagnostic(
                        shown,
                        mark.line + 1,
                        mark.column + 1,
                        "锚点和别名（& 与 *）展开后过大，疑似“别名炸弹”，拒绝读取",
                    )
                ]
            )
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise ZygjError([Diagnostic(shown, line, col, _explain(exc))]) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        raise ZygjError([Diagnostic(shown, None, None, f"YAML 无法解析：{exc}")]) from None
    except RecursionError:
        raise ZygjError([Diagnostic(shown, None, None, "YAML 嵌套层次过深，无法读取")]) from None
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        problems = []
        for key, first, second in loader.duplicate_keys:
            problems.append(
                Diagnostic(
                    shown,
                    second.start_mark.line + 1,
                    second.start_mark.column + 1,
                    f"键“{key}”重复：第 {first.start_mark.line + 1} 行已经写过一次"
                    f"（YAML 只会保留后一个，前面的内容会丢失）",
                )
            )
        raise ZygjError(problems)
    return YamlDocument(shown, data, root)


def load_yaml(path: Path, shown: str | None = None) -> YamlDocument:
    """Read and parse one YAML file; the empty file is an error."""
    shown = shown if shown is not None else display_path(path)
    text = decode_utf8(read_bytes(path), shown)
    document = parse_yaml(text, shown)
    if document.data is None:
        raise ZygjError([Diagnostic(shown, 1, 1, "文件是空的（没有任何 YAML 内容）")])
    return document


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    absolute = path.absolute()
    here = Path.cwd()
    if absolute.is_relative_to(here):
        return str(absolute.relative_to(here))
    return str(path)
