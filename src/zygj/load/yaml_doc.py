"""YAML with positions: the safe loader, parser errors in Chinese, node positions.

Nothing here prints. Problems come back as :class:`ZygjError` carrying located
:class:`Diagnostic` values, never as a parser's raw exception.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from zygj.core.diagnostics import Diagnostic, ZygjError, describe_loc, display_path
from zygj.files.reading import byte_position, decode_utf8, read_bytes

#: Aliases are legitimate (`<<: *defaults`), but "billion laughs" documents expand
#: exponentially: bound the number of nodes the expanded document may have.
MAX_EXPANDED_NODES = 2_000_000
#: PyYAML builds a node per value: 8 MB of records take about 4 s and 500 MB, 12 MB about
#: 6 s and 800 MB (too close to the 1 GB budget on a shared machine: the cap was 12 MB until
#: issue 22). Beyond this a YAML file is refused (hand-kept plans are well under 1 MB); CSV
#: has no such cost.
MAX_YAML_BYTES = 8 * 1024 * 1024
#: Values (scalars, lists, mappings) a YAML file may have: PyYAML keeps a node and two
#: position marks for each (about 0.4 KB), so a file of tiny values ("[1,1,1,…]": 12 MB
#: took 17 s and 2.4 GB) costs far more than its size suggests. Counted as the parser
#: builds them: 10^6 values (about 90,000 records) take about 2 s and 400 MB.
MAX_YAML_NODES = 1_000_000

try:  # the C parser is several times faster; positions survive in its nodes
    from yaml import CSafeLoader as _BaseLoader

    _C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    _C_PARSER = False


# --------------------------------------------------------------------------- YAML

_REFUSED_TAG = "不允许的标签：zygj 只读取普通 YAML，出于安全拒绝 !! 或 ! 开头的对象标签"
_AFTER_CLOSING = (
    "引号或括号闭合后这一行还有多余内容：值中含引号时，请换用另一种引号括住整个值"
    "（如 '他说\"好\"'），或删去多余文字"
)
_TAB = "使用了制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"
_COLON = "此处不能出现“键: 值”：冒号后的文字若含“: ”请整体加引号，否则是缩进不对"

#: (English text of PyYAML or libyaml, Chinese explanation); the first match wins.
_PROBLEMS_ZH: Sequence[tuple[str, str]] = (
    ("found character '\\t' that cannot start any token", _TAB),
    ("found a tab character", _TAB),
    ("found character '\\t'", _TAB),
    ("found unexpected end of stream", "引号没有闭合"),
    (
        "did not find expected whitespace or line break",
        "“!”开头的标签格式不对：值以 ! 开头时请加引号",
    ),
    (
        "found undefined alias",
        "引用了未定义的锚点（*名称 之前需要有 &名称）：值以 * 开头时请加引号",
    ),
    ("mapping values are not allowed", _COLON),
    ("found unexpected ':'", _COLON),
    ("could not find expected ':'", "缺少冒号“:”，或引号没有闭合"),
    ("did not find expected key", "缩进不一致，或列表项前缺少“- ”"),
    ("did not find expected '-' indicator", "缩进不一致：列表项应以“- ”开头并对齐"),
    ("expected <block end>, but found", "缩进不一致：这一行与上一层的缩进对不上"),
    (
        "did not find expected <document start>",
        "缩进不一致：这一行不属于上面任何一层（检查行首空格）",
    ),
    (
        "block sequence entries are not allowed",
        "此处不能出现列表项“- ”：检查缩进，或上一行是否缺少冒号",
    ),
    ("mapping keys are not allowed", "此处不能出现“?”：值以 ? 开头时请加引号"),
    ("did not find expected comment or line break", _AFTER_CLOSING),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或列表各项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合，或各项之间缺少逗号"),
    (
        "did not find expected node content",
        "此处缺少值，或值以特殊字符开头（[ ] { } , & * ! | > 等），需要加引号",
    ),
    (
        "did not find expected alphabetic or numeric character",
        "“&”或“*”后应紧跟锚点名称：值以 & 或 * 开头时请加引号",
    ),
    (
        "could not find expected directive name",
        "以“%”开头的行被当作 YAML 指令：值以 % 开头时请加引号",
    ),
    ("found unknown escape character", "双引号字符串中有无效的转义字符（\\），可改用单引号"),
    ("could not determine a constructor for the tag", _REFUSED_TAG),
    ("found undefined tag handle", _REFUSED_TAG),
    ("found duplicate anchor", "锚点名称重复"),
    ("expected a single document", "文件中有多个 YAML 文档（---），zygj 只读取一个"),
    ("found unhashable key", "键不能是列表或映射：请用普通文字作键"),
    ("exceeded maximum nesting depth", "嵌套层次过深（超过 1000 层），不像是正常的方案或进度文件"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a block scalar", "“|”或“>”之后的多行文字格式不对：请检查缩进"),
    ("unacceptable character", "文件中有不可打印的控制字符"),
)

_CHARACTER_ZH = {
    "\t": _TAB,
    "@": "“@”是 YAML 的保留字符，不能作为值的开头：请给这个值加引号",
    "`": "“`”是 YAML 的保留字符，不能作为值的开头：请给这个值加引号",
    "%": "“%”开头的值请加引号",
}


def _explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    if "cannot start any token" in problem:
        mark = exc.problem_mark
        char = _char_at(text, mark.line, mark.column) if mark else ""
        return _CHARACTER_ZH.get(char, f"字符“{char}”不能出现在这里：含特殊字符的值请加引号")
    mark = exc.problem_mark
    if mark is not None and ("expected key" in problem or "'-' indicator" in problem):
        line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
        before = line[: mark.column].rstrip()
        if before.strip() and before.endswith(('"', "'", "]", "}")):
            return _AFTER_CLOSING
    for needle, chinese in _PROBLEMS_ZH:
        if needle in problem or needle in context:
            return chinese
    return f"YAML 语法错误（{problem or context}）"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


# Possessive (*+): "- - - …" could otherwise be split between the list dashes and the
# key in every possible way, which is quadratic in the line (a 64 KB line took 38 s).
_OPENING_QUOTE = re.compile(r"""^[ \t]*+(?:-[ \t]+)*+(?:[^\s"'#][^"'#]*?:[ \t]+)?(["'])(.*)$""")


def _unclosed_quote_line(text: str, before_line: int) -> tuple[int, int] | None:
    """(0-based line, column) of the nearest quote opened and not closed on its line."""
    lines = text.split("\n")
    for number in range(min(before_line, len(lines) - 1), -1, -1):
        found = _OPENING_QUOTE.match(lines[number].rstrip("\r"))
        if not found:
            continue
        quote, rest = found.group(1), found.group(2)
        body = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in body:
            return number, found.start(1)
    return None


def _quote_message(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """When an unclosed quote explains the error, a message naming where it opened."""
    context_mark = exc.context_mark
    if "end of stream" in (exc.problem or "") and "quoted" in (exc.context or "") and context_mark:
        return (
            f"引号没有闭合：第 {context_mark.line + 1} 行第 {context_mark.column + 1} 列开始的引号"
            "直到文件末尾都没有闭合"
        )
    mark = exc.problem_mark
    if mark is None:
        return None
    found = _unclosed_quote_line(text, mark.line)
    if found is None:
        return None
    line, column = found
    lines = text.split("\n")
    quote = lines[line][column]
    lines[line] = lines[line].rstrip("\r") + quote
    try:
        trial = _Loader("\n".join(lines))
        try:
            trial.get_single_node()
        finally:
            trial.dispose()
    except yaml.MarkedYAMLError as again:
        moved = again.problem_mark
        if moved is None or moved.line <= mark.line:
            return None
    except yaml.YAMLError:
        return None
    return (
        f"引号没有闭合：第 {line + 1} 行第 {column + 1} 列的引号没有闭合，"
        "从那里到这里的内容都被当成了引号内的文字"
    )


class _TooManyNodes(Exception):
    """More than :data:`MAX_YAML_NODES` values: parsing stops at once."""


class _Loader(_BaseLoader):
    """Safe loading that refuses duplicate keys instead of keeping the last one.

    Booleans follow YAML 1.2: only true/false. Under PyYAML's YAML 1.1 rules a key
    written ``no:`` (a measure number!) or a value ``yes``/``off`` silently
    becomes a boolean, which is not what a person typing Chinese office data means.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level table
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            # Dates stay text: Pydantic parses them with a located message, where
            # PyYAML would raise a bare ValueError on 2020-13-01. Numbers are
            # resolved below, decimal only.
            if tag
            not in (
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:timestamp",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:float",
            )
        ]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    # Only the plain data types of YAML; !!binary, !!set, !!omap, !!pairs and the
    # python/* tags (already absent from the safe loader) are refused as unknown tags.
    yaml_constructors: ClassVar[dict[str | None, Any]] = {
        tag: constructor
        for tag, constructor in _BaseLoader.yaml_constructors.items()
        if tag is None
        or tag.rsplit(":", 1)[-1]
        in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp")
    }

    duplicate_keys: list[tuple[str, yaml.Node, yaml.Node]]

    nodes = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The implicit tags above in one regular expression (PyYAML tries them one by one).

        Called for every node the parser builds: counted against :data:`MAX_YAML_NODES`.
        """
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise _TooManyNodes
        if kind is yaml.ScalarNode:
            if implicit[0]:
                found = _PLAIN_SCALAR.match(value)
                return _PLAIN_TAGS[found.lastgroup] if found and found.lastgroup else _STR_TAG
            return _STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Hashable, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG:
                key: Any = key_node.value  # plain text keys: no need to build them twice
            else:
                key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable):
                if key in seen:
                    self.duplicate_keys.append((str(key), seen[key], key_node))
                else:
                    seen[key] = key_node
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


# Numbers as a person writes them, and nothing else: YAML 1.1 reads 010 as 8 (octal),
# 33:20 as 2000 (base 60), 1_000 as 1000 and 0x10 as 16. Those stay text here, and
# the models say what is wrong with them where a number belongs; 010 is then 10.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?[0-9]+\.[0-9]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_STR_TAG = "tag:yaml.org,2002:str"
#: Every implicit tag of a plain scalar, for :meth:`_Loader.resolve`; keep in step with
#: the resolvers registered above (a test compares the two).
_PLAIN_SCALAR = re.compile(
    r"^(?:(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<float>[-+]?[0-9]+\.[0-9]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
    r"|(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<null>~|null|Null|NULL|)"
    r"|(?P<merge><<)"
    r"|(?P<value>=))$"
)
_PLAIN_TAGS = {
    name: f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "merge", "value")
}


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
        if self.root is None:
            return (1, 1)
        return _mark(self._deepest(loc)[0].start_mark)

    def key_position(self, loc: Sequence[Any]) -> tuple[int | None, int | None]:
        """Position of the *key* of the last step of ``loc`` when it is a mapping key."""
        if self.root is None:
            return (1, 1)
        if not loc:
            return self.position(loc)
        parent, walked = self._deepest(loc[:-1])
        if walked == len(loc) - 1:
            entry = _mapping_entry(parent, loc[-1])
            if entry is not None:
                return _mark(entry[0].start_mark)
        return _mark(parent.start_mark)

    def _deepest(self, loc: Sequence[Any]) -> tuple[yaml.Node, int]:
        """The deepest node reachable along ``loc`` and how many steps were taken."""
        assert self.root is not None
        node: yaml.Node = self.root
        for walked, step in enumerate(loc):
            child = _child(node, step)
            if child is None:
                return node, walked
            node = child
        return node, len(loc)

    @staticmethod
    def describe(loc: Sequence[int | str]) -> str:
        return describe_loc(loc)

    def diagnostic(self, loc: Sequence[Any], message: str) -> Diagnostic:
        line, col = self.position(loc)
        return Diagnostic(self.path, line, col, message)


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _mapping_entry(node: yaml.Node, step: Any) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of ``step`` in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    return None


def _child(node: yaml.Node, step: Any) -> yaml.Node | None:
    entry = _mapping_entry(node, step)
    if entry is not None:
        return entry[1]
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
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
    except _TooManyNodes:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    f"YAML 文件的值过多（超过 {MAX_YAML_NODES} 个）：不像是手写的方案或进度文件。"
                    "这么多记录请改用 CSV 进度文件，或按年度分成几个文件",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        message = _quote_message(exc, text) or _explain(exc, text)
        raise ZygjError([Diagnostic(shown, line, col, message)]) from None
    except yaml.reader.ReaderError as exc:  # control characters: a byte offset, no mark
        if _C_PARSER:  # libyaml counts bytes of the UTF-8 text, PyYAML characters
            line, col = byte_position(text.encode("utf-8", "surrogatepass"), exc.position)
        else:  # pragma: no cover - depends on how PyYAML was built
            line = text.count("\n", 0, exc.position) + 1
            col = exc.position - text.rfind("\n", 0, exc.position)
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    line,
                    col,
                    f"文件中有不可打印的控制字符 U+{code:04X}：请删除它（常见于从网页或表格复制的文字）",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
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
    raw = read_bytes(path, shown)
    if len(raw) > MAX_YAML_BYTES:
        raise ZygjError(
            [
                Diagnostic(
                    shown,
                    None,
                    None,
                    f"YAML 文件过大（{len(raw) / 1024 / 1024:.1f} MB），上限 {MAX_YAML_BYTES // 1024 // 1024} MB："
                    "这么多记录请改用 CSV 进度文件（读取快得多），或按年度分成几个文件",
                )
            ]
        )
    text = decode_utf8(raw, shown)
    document = parse_yaml(text, shown)
    if document.data is None:
        raise ZygjError([Diagnostic(shown, 1, 1, "文件是空的（没有任何 YAML 内容）")])
    return document
