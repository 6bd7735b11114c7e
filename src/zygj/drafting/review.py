"""The review list: every guess the draft made, one line each, with its place in the source."""

from __future__ import annotations

import re
from collections import Counter

from zygj.drafting.model import Draft, ReviewItem

#: Set phrases of policy documents; a form one character short of one of them
#: (校企作 for 校企合作) suggests a dropped character.
SET_PHRASES = (
    "校企合作",
    "产教融合",
    "协同育人",
    "工学结合",
    "知行合一",
    "精益求精",
    "提质增效",
    "转型升级",
    "互联互通",
    "简政放权",
    "放管结合",
    "优化服务",
    "因地制宜",
    "乡村振兴",
    "脱贫攻坚",
    "全面推进",
    "落到实处",
    "统筹推进",
    "多措并举",
    "齐抓共管",
)
KIND_MASS = (
    "总工会",
    "团市委",
    "团县委",
    "团区委",
    "团省委",
    "共青团",
    "妇联",
    "残联",
    "工商联",
    "科协",
    "侨联",
    "文联",
)
KIND_COUNTY = ("区", "县", "县级市", "区政府", "县政府", "区人民政府", "县人民政府", "市人民政府")
KIND_AGENCY = (
    "局",
    "委",
    "办",
    "部",
    "署",
    "厅",
    "行",
    "会",
    "院",
    "中心",
    "室",
    "处",
    "所",
    "站",
    "社",
)


def guess_kind(name: str, national: bool) -> str:
    """A unit's kind from its name (issue 14): …局/…委/…办 → 市级部门, …区/…县 → 县（区）政府, …"""
    if any(word in name for word in KIND_MASS):
        return "群团组织"
    if "管委会" in name or "管理委员会" in name:
        return "园区管委会"
    if name.startswith(("市委", "县委", "区委", "省委")):
        return f"{name[:2]}部门"
    if name.endswith(KIND_COUNTY) and not name.endswith("管委会"):
        return "县（区）政府"
    if name.endswith(KIND_AGENCY):
        if national:
            return "国务院部门"
        # A county or district office (县教育局, 区发改局) is not a 市级部门.
        return f"{name[0]}级部门" if name[0] in "省县区" else "市级部门"
    return "其他"


def one_apart(a: str, b: str) -> bool:
    """One slip apart: one character changed, added or dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 2 and diff[1] == diff[0] + 1:  # two neighbours swapped
            i = diff[0]
            return a[i] == b[i + 1] and a[i + 1] == b[i]
        return len(diff) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def alias_suggestions(counts: Counter[str]) -> list[tuple[str, str]]:
    """(rare name, the name it likely stands for): a name seen at most twice, one character
    from a name seen more often; names under five characters are left alone (市财政局 /
    市民政局 are different units one character apart)."""
    pairs: list[tuple[str, str]] = []
    for rare, rare_count in counts.items():
        if rare_count > 2 or len(rare) < 5:
            continue
        best = [n for n, c in counts.items() if c > rare_count and one_apart(rare, n)]
        if best:
            pairs.append((rare, max(best, key=lambda n: counts[n])))
    return pairs


def text_slips(text: str) -> list[tuple[str, str, str]]:
    """(kind, message, the fragment) for suspected slips in a measure's text."""
    found: list[tuple[str, str, str]] = []
    for match in re.finditer(r"[A-Za-z]+", text):
        near = text[max(0, match.start() - 1) : match.start()] + text[match.end() : match.end() + 1]
        if re.search(r"[\u4e00-\u9fff]", near):
            word = match.group(0)
            hint = "（小写，疑为大写缩写之误）" if word.islower() else ""
            found.append(
                ("latin", f"正文夹有拉丁字母“{word}”{hint}：请与原件核对，笔误请记 erratum", word)
            )
    for phrase in SET_PHRASES:
        if phrase in text:
            continue
        for i in range(1, len(phrase) - 1):  # an inner character: 化服务 is in 社会化服务
            short = phrase[:i] + phrase[i + 1 :]
            if short in text:
                found.append(
                    (
                        "missing_char",
                        f"“{short}”疑脱字，应为“{phrase}”：请与原件核对，笔误请记 erratum",
                        short,
                    )
                )
                break
    return found


def _inert(text: str) -> str:
    """Like output.escaping.markdown_text (drafting sits below output): ``<`` ``>`` as entities."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def review_markdown(draft: Draft) -> str:
    """REVIEW.md: the guesses to check, grouped by kind, one line each with the source place."""
    titles = {
        "validate": "校验结果（zygj validate 对草稿的检查）",
        "alias": "疑似笔误的单位名称（建议并入别名并记 erratum）",
        "latin": "正文中的拉丁字母",
        "missing_char": "疑似脱字",
        "joined": "跨行断开后接上的单元格",
        "roles": "单位角色的推定",
        "group": "集合性单位（groups）",
        "addressees": "未列单位的措施",
        "deadline": "完成时限",
        "op": "目标的比较方式（op）",
        "qualitative": "按定性记的数字",
        "growth": "增长率和增减幅度",
        "closing": "未转录的段落（不属于任何条目）",
        "period": "实施期",
        "meta": "文件信息",
        "unit_kind": "单位类别（按名称推定）",
    }
    errors = sum(1 for p in draft.problems if p.severity == "error")
    verdict = (
        "草稿已按 zygj validate 的同一套检查核过：**通过校验**，"
        if not errors
        else f"草稿已按 zygj validate 的同一套检查核过：**未通过校验**（{errors} 个错误，见“校验结果”），"
    )
    lines = [
        f"# 待核对清单：{_inert(draft.source)}",
        "",
        f"`zygj init` 从原文起草了 units.yaml、measures.yaml、targets.yaml。{verdict}",
        "下列每一条都是推定或问题，请逐条对照原件核对、修改后删去。位置写作 文件:行号 或 文件:表N第R行第C格。",
        "",
    ]
    order = list(titles)
    kinds = sorted(
        {item.kind for item in draft.review}, key=lambda k: order.index(k) if k in order else 99
    )
    for kind in kinds:
        lines.append(f"## {titles.get(kind, kind)}")
        lines.append("")
        for item in draft.review:
            if item.kind == kind:
                # The source's own text (a unit name, a quote) must not become live HTML.
                lines.append(f"- [ ] {_inert(item.where)}：{_inert(item.message)}")
        lines.append("")
    if not draft.review:
        lines.append("（没有推定项。）")
    return "\n".join(lines).rstrip() + "\n"


def unit_review(name: str, kind: str, where: str) -> ReviewItem:
    return ReviewItem("unit_kind", where, f"{name} → kind: {kind}（按名称推定）")
