"""The units' roles: lists in table cells and the inline conventions of prose documents.

Recognised inline forms (the clause in full-width brackets at the end of an item):

- ``（牵头单位：X；责任单位：Y）``, ``（牵头单位：X，配合单位：Y、Z，各区、县级市）``
- ``（X牵头，Y、Z参与）`` — 参与/配合/协助/协办 → ``cooperating``
- ``（X、Y等负责。列第一位者为牵头单位，下同）`` — the first-listed unit leads, here
  and (下同) in every later item; 等 → ``units_open``
- ``（X、Y牵头负责）`` — co-leads
- ``（各省级人民政府负责）`` — a collective (各…), drafted as a group
- ``（X、Y负责，排在第一位的部门为牵头部门，下同）`` — the same rule in other words
- ``（X会同有关部门负责）`` — X leads, the list is open; ``（X等有关部门和单位按职责分工负责）``
  and ``（X、Y等和各有关省级人民政府负责）`` — open lists, the collective a unit of its own;
  ``（各有关部门和单位按职责分工负责）`` names no unit (the item is addressed to everyone)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLE_KEYS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "承办单位": "responsible",
    "主责单位": "responsible",
    "实施单位": "responsible",
    "落实单位": "responsible",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "协助单位": "cooperating",
    "协同单位": "cooperating",
    "参与单位": "cooperating",
    "参与部门": "cooperating",
}
KEYED = re.compile("(" + "|".join(ROLE_KEYS) + r")\s*[：:]")
#: A line of its own naming one role after an item: ``牵头单位:区发改局``.
ROLE_LINE = re.compile(r"^(?:" + "|".join(ROLE_KEYS) + r")\s*[：:]")
#: How unit names end (局/委/办/院/会/部/中心/指挥部/政府…): where names stacked in one
#: cell without a separator (县水务局县住建局) are cut.
UNIT_ENDINGS = (
    "指挥部", "办公室", "管委会", "委员会", "中心", "政府", "公司", "集团", "支队", "大队",
    "分局", "局", "委", "办", "院", "会", "部", "厅", "署", "所", "站", "队", "社", "馆", "处",
    "室", "行", "团", "联",
)  # fmt: skip
VERBS = {
    "牵头负责": "lead",
    "牵头": "lead",
    "负责": "responsible",
    "参与": "cooperating",
    "配合": "cooperating",
    "协助": "cooperating",
    "协办": "cooperating",
}
VERB_FORM = re.compile(r"^(?P<names>.+?)(?P<open>等)?(?P<verb>" + "|".join(VERBS) + r")$")
FIRST_LEADS = re.compile(
    r"[，,]?(?:列|排在?)(?:第一位|首位)(?:者|的单位|的部门)?为牵头(?:单位|部门)(?:[，,]?下同)?"
)
#: Words after the names that are no unit: 按职责分工 (how), 会同有关部门 (X leads others),
#: 等有关部门和单位 (an open list).
BY_DUTY = "按职责分工"
WITH_OTHERS = re.compile(r"会同有关(?:部门|单位|方面)(?:和单位)?$")
OPEN_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位)(?:和单位)?$")
#: Names that stand for no one in particular: the item is addressed to all.
VAGUE = re.compile(r"^各?(?:有关|相关)(?:部门|单位)(?:和单位)?$")
#: The level a unit name starts with; names stacked in one cell repeat it (县…局县…局).
LEVEL_PREFIXES = ("县", "市", "区", "省", "镇", "乡")


def split_stacked(name: str) -> list[str]:
    """Names written one after another without a separator, cut where a name ends
    (局/委/办/中心/指挥部/政府…) and the next begins with the same level (县/市/区…):
    县水务局县住建局县护城河指挥部 → 县水务局 / 县住建局 / 县护城河指挥部."""
    if len(name) < 6 or name[0] not in LEVEL_PREFIXES:
        return [name]
    prefix = name[0]
    parts: list[str] = []
    start = 0
    for index in range(2, len(name) - 2):
        if (
            name[index] == prefix
            and name[start:index].endswith(UNIT_ENDINGS)
            and index - start >= 3
        ):
            parts.append(name[start:index])
            start = index
    parts.append(name[start:])
    return parts


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    units_open: bool = False
    #: The clause said 列第一位者为牵头单位; ``sticky`` when it added 下同.
    first_leads: bool = False
    sticky: bool = False
    #: The clause named 各有关部门和单位 (no unit): the item is addressed to them as well.
    vague: bool = False
    addressed: list[str] = field(default_factory=list)

    def all_units(self) -> list[str]:
        return [*self.lead, *self.responsible, *self.cooperating]


def split_units(value: str) -> tuple[list[str], bool]:
    """Names in a list cell or clause, and whether the list ends in 等 (open).

    ``、`` and ``，`` separate names, except inside a collective: an item starting
    with 各 takes the rest of its comma-piece (``各区、县级市``, ``各省、自治区、直辖市人民政府``).
    """
    # 等和各有关省级人民政府: the list before 等 is open, the collective is one more name.
    value = re.sub(r"\s+", "", value).strip("，；。、,;").replace("等和", "等、")
    is_open = False
    names: list[str] = []
    for piece in re.split(r"[，；,;\n]", value):
        items = [x for x in piece.split("、") if x]
        i = 0
        while i < len(items):
            item = items[i]
            if item.startswith("各") and i + 1 < len(items):
                item = "、".join(items[i:])
                i = len(items)
            else:
                i += 1
            if item.endswith("等") and len(item) > 2:
                item = item[:-1]
                is_open = True
            if item:
                names.extend(split_stacked(item))
    return names, is_open


def trailing_clause(text: str) -> tuple[str, str] | None:
    """Split ``text`` into (body, clause) when it ends in a bracketed clause ``（…）``."""
    stripped = text.rstrip("。；; ")
    if not stripped.endswith(("）", ")")):
        # A page cut off inside the clause (…发展。(牵头单位:市卫健委;责任单位:): the
        # keyed clause still names who leads.
        cut = re.search(r"[（(]((?:" + "|".join(ROLE_KEYS) + r")\s*[：:][^（）()]*)$", stripped)
        return (text[: cut.start()], cut[1]) if cut else None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return text[:index], stripped[index + 1 : -1]
    return None


def parse_clause(clause: str, first_leads_in_force: bool) -> Roles | None:
    """The roles an inline clause gives, or ``None`` when it is not a role clause."""
    roles = Roles()
    sentences = [s for s in re.split(r"[。]", clause) if s]
    role_part: list[str] = []
    for sentence in sentences:
        rule = FIRST_LEADS.search(sentence)
        if rule:
            roles.first_leads = True
            roles.sticky = "下同" in sentence
            # 列第一位者为牵头单位 as its own sentence, or after a comma (排在第一位的部门…).
            sentence = (sentence[: rule.start()] + sentence[rule.end() :]).strip("，,")
        if sentence:
            role_part.append(sentence)
    body = "。".join(role_part)
    if not body:
        return None
    if KEYED.search(body):
        if not _keyed(body, roles):
            return None
    elif not _verb_form(body, roles, first_leads_in_force or roles.first_leads):
        return None
    if not roles.all_units() and not roles.vague:
        return None
    return roles


def _keyed(body: str, roles: Roles) -> bool:
    matches = list(KEYED.finditer(body))
    if body[: matches[0].start()].strip("，；、 "):
        return False
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        names, is_open = split_units(body[match.end() : end])
        getattr(roles, ROLE_KEYS[match.group(1)]).extend(names)
        roles.units_open = roles.units_open or is_open
    return True


def _verb_form(body: str, roles: Roles, first_leads: bool) -> bool:
    pending: list[str] = []
    for segment in (s for s in re.split(r"[，；]", body) if s):
        match = VERB_FORM.match(segment)
        if match is None:
            pending.append(segment)  # names continued after a comma: 各区、县级市 …
            continue
        # 由X牵头 / 由X负责: the 由 is not part of the name.
        written = (
            "，".join([*pending, match.group("names")]).removeprefix("由").removesuffix(BY_DUTY)
        )
        role = VERBS[match.group("verb")]
        with_others = WITH_OTHERS.search(written)
        if with_others and role == "responsible":
            written, role = written[: with_others.start()], "lead"
            roles.units_open = True
        if tail := OPEN_TAIL.search(written):
            written = written[: tail.start()]
            roles.units_open = True
        names, is_open = split_units(written)
        pending = []
        roles.units_open = roles.units_open or bool(match.group("open")) or is_open
        kept = [n for n in names if not VAGUE.match(n.removesuffix(BY_DUTY))]
        if len(kept) < len(names):
            # 各有关部门和单位 is no unit; listed first, it leaves nobody to lead.
            roles.vague = True
            roles.addressed.extend(n.removesuffix(BY_DUTY) for n in names if n not in kept)
            first_leads = first_leads and bool(kept) and names[0] == kept[0]
            names = kept
            if not names:
                continue
        names = [n.removesuffix(BY_DUTY) for n in names]
        if not names or any(len(n) > 30 for n in names):
            return False
        if role == "responsible" and first_leads:
            roles.lead.append(names[0])
            roles.responsible.extend(names[1:])
        else:
            getattr(roles, role).extend(names)
    return not pending


def from_cells(lead: str, responsible: str, cooperating: str) -> Roles:
    """Roles from the 牵头单位 / 责任单位 / 配合单位 cells of a table row."""
    roles = Roles()
    for text, attr in ((lead, "lead"), (responsible, "responsible"), (cooperating, "cooperating")):
        names, is_open = split_units(text)
        getattr(roles, attr).extend(names)
        roles.units_open = roles.units_open or is_open
    return roles
