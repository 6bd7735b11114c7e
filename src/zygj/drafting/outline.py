"""The document's outline: metadata, sections (一、 /（一）/ 1.) and items, from blocks.

Two shapes are recognised:

- **a table** with header cells such as 序号 / 工作任务 / 牵头单位 / 责任单位 / 完成时限,
  either a real table (.docx) or a table written as lines (a web page's text: one
  cell per tab-led line, rows separated by blank lines, a cell broken across lines
  continued on a line without the tab);
- **prose** whose items are numbered 一、 / （一） / 1. / （1）, the roles inline at the
  end of each item. The item level is the one whose items carry role clauses
  (else the deepest level); the levels above it are nested sections.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zygj.core.numerals import from_chinese
from zygj.drafting.model import Loc, ReviewItem
from zygj.drafting.roles import (
    ROLE_KEYS,
    ROLE_LINE,
    Roles,
    from_cells,
    parse_clause,
    trailing_clause,
)
from zygj.drafting.sources import Cell, Para, SourceDoc, Table, join_pieces

CN_DIGITS = "零一二三四五六七八九十百"
#: Numbering styles, outermost first as usually printed.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("一、", re.compile(rf"^([{CN_DIGITS}]+)、\s*(.*)$", re.S)),
    ("（一）", re.compile(rf"^[（(]([{CN_DIGITS}]+)[）)]\s*(.*)$", re.S)),
    ("1.", re.compile(r"^(\d{1,3})[．.、](?!\d)\s*(.*)$", re.S)),
    ("（1）", re.compile(r"^[（(](\d{1,3})[）)]\s*(.*)$", re.S)),
]
HEADER_ROLES = {
    "序号": "label",
    "编号": "label",
    "工作任务": "task",
    "工作措施": "task",
    "重点任务": "task",
    "主要任务": "task",
    "具体措施": "task",
    "任务": "task",
    "措施": "task",
    **ROLE_KEYS,  # 牵头单位, 责任单位, 配合单位 … as the inline clauses name them
    "完成时限": "deadline",
    "时间节点": "deadline",
    "完成时间": "deadline",
    "时限": "deadline",
}
DATE_LINE = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?$")
#: The date as older documents print it: 二〇一二年五月十日.
CN_DATE_LINE = re.compile(
    r"^[（(]?([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[）)]?$"
)
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


def date_line(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a line that is a date alone (成文日期), in either numerals."""
    if match := DATE_LINE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := CN_DATE_LINE.match(text):
        year = int("".join(str(_CN_DIGIT[c]) for c in match[1]))
        month, day = from_chinese(match[2]), from_chinese(match[3])
    else:
        return None
    try:  # a day the calendar does not have (2020年2月30日) is no date: never a crash later
        dt.date(year, month, day)
    except ValueError:
        return None
    return (year, month, day)


LEADER_LINE = re.compile(r"^(?:责任|牵头|分管|联系|包抓)(?:市|县|区)?领导\s*[：:]")
PLAN_NAME = re.compile(r"(?:方案|意见|通知|分工|计划|要点|清单|办法|细则)$")
NUMBER_LINE = re.compile(r"^\S{0,20}〔\d{4}〕\d+号$")


def numbering(text: str) -> tuple[str, str, str, int | None] | None:
    """(style, label as printed, rest, number) of a numbered line, else ``None``."""
    for style, pattern in STYLES:
        match = pattern.match(text)
        if match:
            label = text[: match.start(2)].rstrip()
            digits = match.group(1)
            try:
                number = int(digits) if digits.isdigit() else from_chinese(digits)
            except ValueError:
                number = None
            return style, label, match.group(2), number
    return None


#: Header words by how they end and begin, for the names not listed above:
#: 承办科室, 主责部门, 配合责任单位, 办结时间 … (the task column is found by its shape).
_UNIT_HEADER = re.compile(r"^(?P<role>\S{0,4}?)(?:单位|部门|科室|处室)$")
_ROLE_WORDS = (
    ("配合", "cooperating"),
    ("协办", "cooperating"),
    ("协助", "cooperating"),
    ("参与", "cooperating"),
    ("牵头", "lead"),
    ("主办", "lead"),
    ("责任", "responsible"),
    ("承办", "responsible"),
    ("主责", "responsible"),
    ("实施", "responsible"),
)
_DEADLINE_HEADER = re.compile(r"^(?:完成|办结|计划)?(?:时限|时间|时间节点|期限|进度安排)(?:要求)?$")


def header_role(text: str) -> str | None:
    key = re.sub(r"\s+", "", text)
    if key in HEADER_ROLES:
        return HEADER_ROLES[key]
    if match := _UNIT_HEADER.match(key):
        for word, role in _ROLE_WORDS:
            if word in match["role"]:
                return role
    if _DEADLINE_HEADER.match(key):
        return "deadline"
    return None


def looks_like_header(text: str) -> bool:
    """A header cell of a table whose task column has a header of its own (民生实事,
    重点工作, 项目名称…): a short label without punctuation or digits."""
    key = re.sub(r"\s+", "", text)
    return 2 <= len(key) <= 8 and not re.search(r"[\d，。；：、,.;:（）()]", key)


@dataclass
class SectionNode:
    label: str
    title: str
    loc: Loc
    level: int
    no: int = 0
    intro: list[str] = field(default_factory=list)
    children: list[SectionNode] = field(default_factory=list)


@dataclass
class Item:
    """A measure as found: its number and label, verbatim text, roles, 完成时限."""

    label: str
    no: int | None
    text: str
    loc: Loc
    section: SectionNode | None
    roles: Roles | None = None
    deadline: str | None = None
    deadline_loc: Loc | None = None
    #: Paragraph texts of the item (text split on lines), for quotes and horizons.
    unit_locs: dict[str, Loc] = field(default_factory=dict)
    #: The place of each paragraph of ``text`` (text.split("\n")), when known.
    paragraph_locs: list[Loc] = field(default_factory=list)
    #: Lines of their own after the item naming a role (牵头单位:X / 责任单位:Y,Z).
    role_lines: list[Para] = field(default_factory=list)

    def loc_of(self, fragment: str) -> Loc:
        """The place of the paragraph that holds ``fragment`` (the item's own place otherwise)."""
        for index, paragraph in enumerate(self.text.split("\n")):
            if fragment in paragraph and index < len(self.paragraph_locs):
                return self.paragraph_locs[index]
        return self.loc


@dataclass
class Outline:
    meta: dict[str, object]
    meta_locs: dict[str, Loc]
    sections: list[SectionNode]
    items: list[Item]
    review: list[ReviewItem]
    conventions: list[str]
    shape: str  # "table" or "prose"


# ------------------------------------------------------------------ metadata


def document_meta(paras: list[Para], body_start: int) -> tuple[dict[str, object], dict[str, Loc]]:
    meta: dict[str, object] = {}
    locs: dict[str, Loc] = {}
    texts = [(i, p) for i, p in enumerate(paras) if p.text]
    head = [(i, p) for i, p in texts if i < body_start]
    for _i, p in head[:15]:
        if NUMBER_LINE.match(p.text):
            meta["number"] = p.text
            locs["number"] = p.loc
            break
    date_index: int | None = None
    for position, (i, p) in enumerate(texts):
        match = date_line(p.text)
        if match:
            year, month, day = match
            meta["date"] = f"{year:04d}-{month:02d}-{day:02d}"
            locs["date"] = p.loc
            date_index = i
            if position > 0:
                previous = texts[position - 1][1]
                if len(previous.text) <= 30 and "。" not in previous.text:
                    meta["issuer"] = previous.text
                    locs["issuer"] = previous.loc
            break
    addressee_at: int | None = None
    for i, p in head:
        if (
            p.text.endswith(("：", ":"))
            and len(p.text) < 200
            and not p.text.startswith("经")
            # Not an item cut off at its role clause (212.…(责任单位:), nor a sentence.
            and not numbering(p.text)
            and "。" not in p.text
            and not ROLE_LINE.search(p.text.rstrip("：:") + "：")
        ):
            meta["addressees"] = p.text.rstrip("：:")
            locs["addressees"] = p.loc
            addressee_at = i
            break
    title_end = addressee_at if addressee_at is not None else body_start
    title_lines: list[Para] = []
    started = False
    for i, p in head:
        if i >= title_end:
            break
        if "关于" in p.text:
            started = True
        if started and not NUMBER_LINE.match(p.text) and not date_line(p.text):
            if p.text.endswith("。"):
                break
            title_lines.append(p)
    if title_lines:
        meta["title"] = "".join(p.text for p in title_lines)
        locs["title"] = title_lines[0].loc
    else:
        # No 关于… title (a page reposting the plan alone): the head line named like a plan.
        named = [p for _i, p in head if len(p.text) <= 60 and PLAN_NAME.search(p.text)]
        if named:
            meta["title"] = named[0].text
            locs["title"] = named[0].loc
    before_body = [p for i, p in head if i < body_start]
    if before_body:
        last = before_body[-1]
        after_date = (
            date_index is None or date_index >= body_start or paras.index(last) > date_index
        )
        if (
            after_date
            and len(last.text) <= 60
            and not last.text.endswith(("。", "：", ":"))
            and last.text != meta.get("title")
            and not NUMBER_LINE.match(last.text)
            and not date_line(last.text)
        ):
            meta["plan_title"] = last.text
            locs["plan_title"] = last.loc
    if "title" not in meta and "plan_title" in meta:
        meta["title"] = meta["plan_title"]
        locs["title"] = locs["plan_title"]
    return meta, locs


def signature_lines(paras: list[Para]) -> set[int]:
    """Indexes of the signature block (发文机关, date, （此件公开发布）) after the body."""
    found: set[int] = set()
    for i, p in enumerate(paras):
        if date_line(p.text):
            found.add(i)
            j = i - 1
            while j >= 0 and not paras[j].text:
                j -= 1
            if j >= 0 and len(paras[j].text) <= 30 and "。" not in paras[j].text:
                found.add(j)
            k = i + 1
            while k < len(paras) and (
                not paras[k].text or re.match(r"^（此件.*）$", paras[k].text)
            ):
                found.add(k)
                k += 1
    return found


# --------------------------------------------------------------------- tables


def _close_cell(current: list[Cell], pieces: list[str]) -> None:
    """Give the last cell of ``current`` its text, joined from the lines it was broken into."""
    if current and pieces:
        text, glued = join_pieces(pieces)
        cell = current[-1]
        cell.text = text
        if glued:
            cell.joined = list(pieces)


UNIT_ROLES = frozenset({"lead", "responsible", "cooperating"})
_ROW_NUMBER = re.compile(r"^(\d{1,3})[.、．]?$")


def _header_run(paras: list[Para], start: int) -> list[int]:
    """Indexes of the header cells written one per line from ``start`` (blank lines
    between them allowed), when they read as a table's header: at least three cells,
    one of them a unit column (责任单位, 牵头部门…), the others header words or short labels."""
    first = paras[start].text
    if not (header_role(first) in ("label", "task") or looks_like_header(first)):
        return []
    run: list[int] = []
    j = start
    while j < len(paras) and len(run) < 8:
        text = paras[j].text
        if not text:
            j += 1
            continue
        if not (header_role(text) or looks_like_header(text)):
            break
        run.append(j)
        j += 1
    roles = [header_role(paras[i].text) for i in run]
    if len(run) < 3 or not (UNIT_ROLES & set(roles)):
        return []
    if "task" not in roles and None not in roles:
        return []
    return run


def find_text_table(paras: list[Para]) -> tuple[int, Table, int] | None:
    """A table written as lines: (index of its header line, the table, index after it).

    Two forms: one cell per tab-led line with rows separated by blank lines (a web
    page's text as zygj's html reader gives it), and one cell per line with nothing
    to mark a row (a table flattened as web pages publish it), whose rows start at
    the running number of the 序号 column.
    """
    for start in range(len(paras)):
        run = _header_run(paras, start)
        if not run:
            continue
        header = [paras[i] for i in run]
        k = run[-1] + 1
        following = next((q for q in paras[k:] if q.text or q.indented), None)
        if following is None:
            return None
        if following.indented:
            rows, k = _tabbed_rows(paras, k)
        else:
            if header_role(header[0].text) != "label":
                continue
            roles = [header_role(h.text) for h in header]
            task = roles.index("task") if "task" in roles else roles.index(None)
            rows, k = _numbered_rows(paras, k, len(header), task)
        if not rows:
            continue
        return start, Table([[Cell(h.text, h.loc) for h in header], *rows], header[0].loc), k
    return None


def _tabbed_rows(paras: list[Para], k: int) -> tuple[list[list[Cell]], int]:
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    pieces: list[str] = []
    blank_run = 0
    while k < len(paras):
        q = paras[k]
        if not q.text and not q.indented:
            blank_run += 1
            k += 1
            continue
        if q.indented:
            if blank_run and current:
                _close_cell(current, pieces)
                rows.append(current)
                current = []
            _close_cell(current, pieces)
            pieces = [q.text]
            current.append(Cell(q.text, q.loc))
        elif (
            current
            and current[-1].text
            and len(q.text) <= 40
            and not q.text.endswith("。")
            # After a row's end (</tr> leaves two blank lines) or at the signature's
            # date, the table is over: the line is not the rest of a broken cell.
            and blank_run < 2
            and not date_line(q.text)
        ):
            pieces.append(q.text)  # a cell broken across lines
        else:
            break
        blank_run = 0
        k += 1
    _close_cell(current, pieces)
    if current:
        rows.append(current)
    return rows, k


def _numbered_rows(
    paras: list[Para], k: int, width: int, task: int
) -> tuple[list[list[Cell]], int]:
    """Rows of a table flattened one cell per line, each starting at its number (1, 2 …).

    A line more than the row's cells is a section row when numbered 一、/（一）, the end
    of the table after the last row (the signature), else the task broken across lines:
    the columns before the task (``task`` is its index) are read from the row's start,
    those after it from its end, and the lines between are the task's.
    """
    lines = [i for i in range(k, len(paras)) if paras[i].text]
    rows: list[list[Cell]] = []
    expected = 1
    position = 0
    end = k
    while position < len(lines):
        at = lines[position]
        match = _ROW_NUMBER.match(paras[at].text)
        if match is None or int(match[1]) != expected:
            break
        following = position + 1
        while following < len(lines):
            found = _ROW_NUMBER.match(paras[lines[following]].text)
            if found and int(found[1]) == expected + 1:
                break
            following += 1
        chunk = [paras[i] for i in lines[position:following]]
        last = following >= len(lines)
        cells = [Cell(q.text, q.loc) for q in chunk[:width]]
        extra = chunk[width:]
        section: Para | None = None
        if last:
            # What follows the last row's cells is not the table (the signature, a note).
            end = lines[position + width] if extra else lines[-1] + 1
        else:
            if extra and (n := numbering(extra[-1].text)) and n[0] in ("一、", "（一）"):
                section = extra.pop()
            if extra:
                row = chunk[: width + len(extra)]
                after = width - task - 1
                pieces = row[task : len(row) - after]
                cells = [Cell(q.text, q.loc) for q in row[:task]]
                cells.append(Cell("".join(q.text for q in pieces), pieces[0].loc))
                cells[task].joined = [q.text for q in pieces]
                cells.extend(Cell(q.text, q.loc) for q in row[len(row) - after :])
        rows.append(cells)
        if section is not None:
            rows.append([Cell(section.text, section.loc, span=width)])
        expected += 1
        position = following
    return rows, end


def table_header(table: Table) -> tuple[int, list[str | None]] | None:
    """(row index, grid roles) of the first row that reads as the header.

    A header needs a unit column (牵头单位, 责任单位, 承办单位, 牵头部门…). The task
    column is the one named 工作任务 / 主要任务 …, else found by its shape: of the
    columns with a short label of their own (民生实事, 重点工作, 项目名称…), the one
    whose cells hold the longest text.
    """
    for index, row in enumerate(table.rows[:3]):
        roles: list[str | None] = []
        labels: list[str] = []
        for cell in row:
            roles.extend([header_role(cell.text)] * cell.span)
            labels.extend([cell.text] * cell.span)
        if not (UNIT_ROLES & set(roles)):
            continue
        if "task" not in roles:
            candidates = [
                i for i, role in enumerate(roles) if role is None and looks_like_header(labels[i])
            ]
            if not candidates:
                continue
            roles[max(candidates, key=lambda i: _column_length(table, index, i))] = "task"
        return index, roles
    return None


def _column_length(table: Table, header_at: int, column: int) -> int:
    """The total length of the text in grid column ``column`` below the header."""
    total = 0
    for row in table.rows[header_at + 1 :]:
        grid = [cell for cell in row for _ in range(cell.span)]
        if column < len(grid):
            total += len(grid[column].text)
    return total


# ------------------------------------------------------------------ the parser


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sections: list[SectionNode] = []
        self.stack: list[SectionNode] = []
        self.items: list[Item] = []
        self.review: list[ReviewItem] = []
        self.conventions: list[str] = []
        self.first_leads = False

    def open_section(self, label: str, title: str, loc: Loc, level: int) -> SectionNode:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        node = SectionNode(label, title, loc, level)
        (self.stack[-1].children if self.stack else self.sections).append(node)
        self.stack.append(node)
        return node

    def current(self) -> SectionNode | None:
        return self.stack[-1] if self.stack else None

    def joined(self, cell: Cell) -> None:
        if cell.joined:
            shown = "／".join(p for p in cell.joined if p)
            self.review.append(
                ReviewItem(
                    "joined",
                    str(cell.loc),
                    f"单元格跨行断开，已接为“{cell.text}”（原文：{shown}）",
                )
            )

    # ----------------------------------------------------------- table rows

    def table(self, table: Table) -> bool:
        found = table_header(table)
        if found is None:
            return False
        header_at, roles = found
        for row in table.rows[header_at + 1 :]:
            self.table_row(row, roles)
        return True

    def table_row(self, row: list[Cell], header: list[str | None]) -> None:
        grid: list[Cell] = []
        for cell in row:
            grid.extend([cell] * cell.span)
        distinct = [c for i, c in enumerate(row) if c.text and c not in row[:i]]
        for cell in distinct:
            self.joined(cell)
        if not distinct:
            return
        if len(distinct) == 1 and (distinct[0].span > 1 or len(row) == 1):
            self.section_row(distinct[0].text, distinct[0].loc)
            return
        by_role: dict[str, list[Cell]] = {}
        if len(grid) == len(header):
            seen: list[Cell] = []
            for cell, role in zip(grid, header, strict=True):
                if cell in seen or role is None:
                    continue
                seen.append(cell)
                if cell.text and not cell.merged_from_above:
                    by_role.setdefault(role, []).append(cell)
        else:
            # Cells do not line up with the header (a text table whose 序号 column also
            # carries the section title): anchor on the cell that starts with an item number.
            texts = [c for c in row if c.text]
            anchor = next(
                (
                    i
                    for i, c in enumerate(texts)
                    if (n := numbering(c.text)) and n[0] == "1." and n[2]
                ),
                None,
            )
            if anchor is None:
                anchor = max(range(len(texts)), key=lambda i: len(texts[i].text))
            before = texts[:anchor]
            by_role["task"] = [*before[1:], texts[anchor]] if before else [texts[anchor]]
            if before:
                by_role["label"] = [before[0]]
            after_roles = [r for r in header[header.index("task") + 1 :] if r]
            for cell, role in zip(texts[anchor + 1 :], after_roles, strict=False):
                by_role.setdefault(role, []).append(cell)
        self.measure_row(by_role)

    def section_row(self, text: str, loc: Loc) -> None:
        found = numbering(text)
        if found and found[0] in ("一、", "（一）"):
            level = 1 if found[0] == "一、" else 2
            if not any(s.level == 1 for s in self.stack) and level == 2 and not self.sections:
                level = 1
            self.open_section(found[1], found[2].rstrip("。"), loc, level if self.stack else 1)
        else:
            self.open_section("", text, loc, 1)

    def measure_row(self, by_role: dict[str, list[Cell]]) -> None:
        tasks = by_role.get("task", [])
        label_cells = by_role.get("label", [])
        if not tasks:
            return
        text_cell = tasks[-1]
        text = text_cell.text
        label_text = label_cells[0].text if label_cells else ""
        label_num = numbering(label_text) if label_text else None
        section_label = ""
        if label_num and label_num[0] in ("一、", "（一）") and not label_num[2]:
            section_label = label_num[1]
        elif label_text and re.fullmatch(rf"[{CN_DIGITS}]+", label_text):
            section_label = label_text
        role_cells = [
            by_role.get(r, []) for r in ("lead", "responsible", "cooperating", "deadline")
        ]
        own = numbering(text)
        if (
            section_label
            and len(tasks) == 1
            and not any(role_cells)
            and not (own and own[0] == "1.")
        ):
            self.open_section(section_label, text.rstrip("。"), label_cells[0].loc, 1)
            return
        if section_label or len(tasks) > 1:
            title = tasks[0].text if len(tasks) > 1 else ""
            loc = label_cells[0].loc if label_cells else tasks[0].loc
            self.open_section(section_label, title.rstrip("。"), loc, 1)
        label, no = "", None
        if own and own[0] == "1.":
            label, no, text = own[1], own[3], own[2]
        elif label_text and re.fullmatch(r"\d{1,3}[．.、]?", label_text):
            label, no = label_text, int(re.sub(r"\D", "", label_text))
        cells = {
            r: " ".join(c.text for c in by_role.get(r, []))
            for r in ("lead", "responsible", "cooperating")
        }
        roles = from_cells(cells["lead"], cells["responsible"], cells["cooperating"])
        item = Item(label, no, text, text_cell.loc, self.current(), roles=roles)
        for role in ("lead", "responsible", "cooperating"):
            for cell in by_role.get(role, []):
                for name in roles.all_units():
                    if name in cell.text:
                        item.unit_locs.setdefault(name, cell.loc)
        if by_role.get("deadline"):
            item.deadline = by_role["deadline"][0].text
            item.deadline_loc = by_role["deadline"][0].loc
        self.items.append(item)

    # ---------------------------------------------------------------- prose

    def prose(self, paras: list[Para], start: int, stop: set[int]) -> None:
        numbered = [
            (i, n)
            for i in range(start, len(paras))
            if i not in stop and (n := numbering(paras[i].text))
        ]
        styles: list[str] = []
        for _i, n in numbered:
            if n[0] not in styles:
                styles.append(n[0])
        if not styles:
            return
        with_roles = [n[0] for i, n in numbered if self._has_roles(paras, i, stop)]
        item_style = max(set(with_roles), key=with_roles.count) if with_roles else styles[-1]
        item_rank = styles.index(item_style)
        current: Item | None = None
        closing = False  # after an item closed by its role clause, until the next heading or item
        for i in range(start, len(paras)):
            p = paras[i]
            if i in stop or not p.text:
                continue
            n = numbering(p.text)
            if n:
                closing = False
            rank = styles.index(n[0]) if n else None
            if n and rank is not None and rank < item_rank:
                self._finish(current)
                current = None
                title, _, intro = n[2].partition("。")
                node = self.open_section(n[1], title, p.loc, rank + 1)
                if intro:
                    node.intro.append(intro)
            elif n and rank == item_rank:
                self._finish(current)
                current = Item(n[1], n[3], n[2], p.loc, self.current(), paragraph_locs=[p.loc])
            elif current is not None and ROLE_LINE.match(p.text):
                current.role_lines.append(p)
            elif current is not None and LEADER_LINE.match(p.text):
                # 责任领导：张三副区长 — a person, not a unit, and not the task's text.
                self.review.append(
                    ReviewItem(
                        "roles",
                        str(p.loc),
                        f"第{current.no or current.label}项后的“{p.text}”是领导分工，方案文件不记：请核对",
                    )
                )
            elif self._heading(paras, i, stop, item_style):
                # An unnumbered heading (——推进教育高质量发展, 保障措施) between items opens
                # a section one level below the numbered ones; it is never part of an item.
                self._finish(current)
                current = None
                closing = False
                self.open_section("", p.text.lstrip("—-－ "), p.loc, item_rank + 1)
            elif (current is not None and _closed(current.text)) or (current is None and closing):
                # An item ends with its role clause; the unnumbered paragraphs after it are
                # the document's closing prose (各地区、各有关部门要……), never part of the item.
                self._finish(current)
                current = None
                closing = True
                self.review.append(
                    ReviewItem(
                        "closing",
                        str(p.loc),
                        f"未编号的段落不属于上一项，未转录：“{p.text[:30]}{'…' if len(p.text) > 30 else ''}”",
                    )
                )
            elif current is not None:
                current.text += "\n" + p.text
                current.paragraph_locs.append(p.loc)
            elif self.stack:
                self.stack[-1].intro.append(p.text)
        self._finish(current)

    def _has_roles(self, paras: list[Para], i: int, stop: set[int]) -> bool:
        """The numbered line at ``i`` with its continuation names units: a role clause
        at the end of its last paragraph, or role lines of their own after it."""
        last = paras[i].text
        j = i + 1
        while j < len(paras) and j not in stop and not numbering(paras[j].text):
            if ROLE_LINE.match(paras[j].text):
                return True
            if paras[j].text:
                last = paras[j].text
            j += 1
        clause = trailing_clause(last)
        return clause is not None and parse_clause(clause[1], True) is not None

    @staticmethod
    def _heading(paras: list[Para], i: int, stop: set[int], item_style: str) -> bool:
        text = paras[i].text
        if text.startswith(("——", "--", "－－")) and len(text) <= 40:
            return True
        if len(text) > 20 or re.search(r"[，。；：,.;:！？、）)]", text):
            return False
        after = next(
            (q.text for k, q in enumerate(paras[i + 1 :], i + 1) if q.text and k not in stop), ""
        )
        n = numbering(after)
        return n is not None and n[0] == item_style

    def _finish(self, item: Item | None) -> None:
        if item is None:
            return
        split = trailing_clause(item.text)
        if split is not None:
            roles = parse_clause(split[1], self.first_leads)
            if roles is not None:
                if roles.first_leads and not self.first_leads:
                    rule = "列第一位者为牵头单位" + ("，下同" if roles.sticky else "")
                    self.conventions.append(
                        f"原文第{item.label}项注明“{rule}”：凡“X、Y等负责”的条目，"
                        "列第一位的单位写作 lead，其余写作 responsible。"
                    )
                    self.first_leads = roles.sticky
                if not item.text.rstrip("。；; ").endswith(("）", ")")):
                    self.review.append(
                        ReviewItem(
                            "roles",
                            str(item.loc),
                            f"第{item.no or item.label}项的单位括号没有结束（原文到此中断）：请按原件补全单位",
                        )
                    )
                item.text = split[0].rstrip()
                _merge_inner_clauses(item.text, roles, self.first_leads)
                item.roles = roles
                for name in roles.all_units():
                    item.unit_locs.setdefault(name, item.loc)
        for line in item.role_lines:
            found = parse_clause(line.text, False)
            if found is None:
                continue
            if item.roles is None:
                item.roles = Roles()
            for attr in ("lead", "responsible", "cooperating"):
                getattr(item.roles, attr).extend(getattr(found, attr))
            item.roles.units_open = item.roles.units_open or found.units_open
            for name in found.all_units():
                item.unit_locs.setdefault(name, line.loc)
        self.items.append(item)


def _closed(text: str) -> bool:
    """The item's text so far ends with a role clause: it is complete."""
    split = trailing_clause(text.rsplit("\n", 1)[-1])
    return split is not None and parse_clause(split[1], True) is not None


#: A role clause inside an item's text, for one part of it: （体育总局、教育部负责）.
INNER_CLAUSE = re.compile(r"（([^（）]{2,80}(?:负责|牵头))）")


def _merge_inner_clauses(text: str, roles: Roles, first_leads: bool) -> None:
    """Units named for a part of the item (an inner role clause) are the item's too:
    added after the trailing clause's units, in the role their clause gives."""
    for match in INNER_CLAUSE.finditer(text):
        inner = parse_clause(match.group(1), first_leads)
        if inner is None:
            continue
        named = set(roles.all_units())
        for attr in ("lead", "responsible", "cooperating"):
            for name in getattr(inner, attr):
                if name not in named:
                    # Only the trailing clause says who leads the whole item.
                    target = "responsible" if attr == "lead" else attr
                    getattr(roles, target).append(name)
                    named.add(name)
        roles.units_open = roles.units_open or inner.units_open


def parse_outline(doc: SourceDoc) -> Outline:
    builder = _Builder(doc.name)
    paras = [b for b in doc.blocks if isinstance(b, Para)]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    shape = "prose"
    body_start = len(paras)
    if tables:
        # A heading paragraph (一、…) just before a table, or between tables, opens a
        # section for the rows after it.
        blocks = doc.blocks
        count = 0
        seen_table = False
        for index, block in enumerate(blocks):
            if isinstance(block, Para):
                count += 1
                n = numbering(block.text)
                if not (n and n[0] in ("一、", "（一）") and len(block.text) < 60):
                    continue
                following = next(
                    (b for b in blocks[index + 1 :] if not isinstance(b, Para) or b.text), None
                )
                if seen_table or isinstance(following, Table):
                    builder.open_section(n[1], n[2].rstrip("。"), block.loc, 1)
            elif builder.table(block):
                shape = "table"
                if not seen_table:
                    seen_table = True
                    body_start = _heading_before(paras, count)
    if shape == "prose":
        text_table = find_text_table(paras)
        if text_table is not None:
            start, table, _end = text_table
            if builder.table(table):
                shape = "table"
                body_start = start
    stop = signature_lines(paras)
    if shape == "prose":
        meta_probe = document_meta(paras, len(paras))[1]
        after = 0
        if "addressees" in meta_probe:
            after = next(i for i, p in enumerate(paras) if p.loc == meta_probe["addressees"]) + 1
        body_start = next(
            (i for i in range(after, len(paras)) if i not in stop and numbering(paras[i].text)),
            len(paras),
        )
        # A heading line of its own (——推进教育高质量发展) just before the first item
        # opens the body: it is the first section, not the document's title.
        while body_start > after and (
            not paras[body_start - 1].text or paras[body_start - 1].text.startswith("——")
        ):
            body_start -= 1
        builder.prose(paras, body_start, stop)
    meta, locs = document_meta(paras, body_start)
    _number_sections(builder.sections, [0])
    return Outline(
        meta, locs, builder.sections, builder.items, builder.review, builder.conventions, shape
    )


def _heading_before(paras: list[Para], count: int) -> int:
    """Where the body starts when the first table follows ``count`` paragraphs (a heading
    line such as 一、… just before the table belongs to the body)."""
    start = count
    while start > 0 and (not paras[start - 1].text or numbering(paras[start - 1].text)):
        start -= 1
    return start


def _number_sections(nodes: list[SectionNode], counter: list[int]) -> None:
    for node in nodes:
        counter[0] += 1
        node.no = counter[0]
        _number_sections(node.children, counter)
