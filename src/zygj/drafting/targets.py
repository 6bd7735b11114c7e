"""Targets drafted from the quantity phrases of a measure's text.

Rules (the op words follow issue 14; 以上/以下 include the figure, 超过 does not):

- 以上 / 不少于 / 至少 / 达到 / a plain count (建成1所) → ``ge``
- 超过 / 突破 / 余（1000余名） → ``gt``
- 左右 / 约 → ``approx``; 稳定在…左右 → ``approx`` with ``two_sided: true``
- X—Y个 / X到Y个 / X至Y个 → ``range``
- 每年 → ``annual: true``; 到20XX年 → ``deadline: 20XX-12-31`` for the rest of its paragraph
- 力争 → ``soft: true``
- 万 / 亿 / 万亿 multiply (1.5万, 2万亿元); Chinese numerals (一次, 两个, 十万) are read by
  core/numerals
- a count in any task is a target when a verb of making or doing comes before it (新建2座,
  新改扩建公办幼儿园45所, 惠及居民2836户, 立项建设32所…和55个…), even without 到20XX年
- N年内 / 2012年起5年内 date the clause's sentence like the plan period does
- “A、B均达到N” is one target per listed item
- a growth rate (增长6.2%左右) is drafted as a growth target (op: growth, judged on the
  full-year figure), with a review note; a fall (下降、降低3%) stays a value to reach,
  with a note: the format's growth target is "at least", not "at most"
- a figure of 1 after 参加/接受/提供/提升/掌握/有 (至少1次, 至少有1人) is per-person
  coverage, drafted as ``qualitative``
- money (…元, 补贴, 补助, 经费, 资金, 奖励) and requests (申请, 争取) are left out,
  as in the bundled plan; figures inside quotation marks (“十万职工大练兵”) are names.
- figure-less clauses become ``qualitative`` targets when their sentence says 到20XX年
  and has no figure, when they say 每年, or when they state a result (全部, 所有,
  显著, 基本, 明显, 有效 …) in a sentence with a horizon.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from zygj.core.numbers import number_text
from zygj.core.numerals import parse_number

CN_NUM = "零一二两三四五六七八九十百千"
UNITS = (
    "人次|场次|千瓦|万亩|公里|小时|个(?!月|工作日)|所|名|人|次|届|家|项|门|亩|户|处|座|条|支|期|场|篇|台|套|辆|吨|天|张"
    "|元|%|％"
)
FIGURE = re.compile(
    rf"(?<![第每])(?P<a>\d+(?:\.\d+)?|[{CN_NUM}]+)(?:\s*[—–\-~～至到]\s*(?P<b>\d+(?:\.\d+)?))?"
    rf"(?P<more1>余)?(?P<mag>万亿|[万亿])?(?P<unit>{UNITS})(?P<more>余)?"
)
#: Verbs of making or doing: a count after one is a target in any task, dated or not.
COUNT_VERB = re.compile(
    r"新建|建成|建设|新增|新改扩建|改扩建|扩建|改造|提升改造|完成|打造|推出|培育|创建|新开工|开工|竣工|"
    r"培训|安置|招聘|招募|引进|惠及|覆盖|帮扶|资助|救助|新开|开通|铺设|种植|植树|造林|治理|整治|栽"
)
#: An amount of money that is a scale to reach (产业总规模达到2万亿元), not a subsidy.
SCALE = re.compile(r"规模|总值|产值|收入|总额|交易额|销售额|营业额|增加值")
GROWTH = re.compile(r"增长|增速|下降|降低|提高|同比")
#: The words right before a growth rate's figure (增长6%, 增速达到7%, 同比增长8%).
RISE = re.compile(r"(?:增长|增速|增幅)率?(?:保持在|保持|达到|为|在)?$")
HORIZON = re.compile(r"到(\d{4})年(?:底|末)?|(?<!\d)(\d{4})年(?:底|末)?(?:前|以前|之前)")
MONEY = re.compile(r"[\d十百千万亿]元|补贴|补助|经费|资金|奖励|激励金|办赛")
MONEY_WORDS = re.compile(r"补贴|补助|经费|资金|奖励|激励金|办赛")
REQUEST = re.compile(r"申请|争取")
RESULT = re.compile(r"全部|所有|显著|大幅|明显|基本|全面|有效|进一步|持续|加快|趋于|取得")
PER_PERSON = re.compile(r"(?:参加|接受|提供|提升|掌握|有)$")
OP_WORDS = {
    "ge": ("以上", "不少于", "至少", "达到", "不低于"),
    "gt": ("超过", "突破", "高于"),
    "approx": ("左右", "约"),
}


@dataclass
class TargetNote:
    """A guess made while drafting a target, for the review list."""

    target_id: str
    message: str
    kind: str = "op"


#: The order of a target's fields in targets.yaml.
FIELD_ORDER = (
    "id", "measure", "title", "quote", "op", "value", "min", "max", "unit_of_measure",
    "two_sided", "deadline", "annual", "soft", "owner", "note",
)  # fmt: skip


def ordered(target: dict[str, Any]) -> dict[str, Any]:
    return {key: target[key] for key in FIELD_ORDER if key in target}


def _mask_quotes(text: str) -> str:
    """The text with everything inside “…” replaced, same length (figures there are names)."""
    return re.sub(r"“[^”]*”", lambda m: "“" + "□" * (len(m.group(0)) - 2) + "”", text)


def _number(token: str, magnitude: str | None) -> int | float | None:
    """The figure ``token`` times the 万/亿 written after it; None when the token is not one
    number (二三十个 is 20 to 30, 一二 is two digits)."""
    try:
        return parse_number(token + (magnitude or ""))
    except ValueError:
        return None


def _split_top(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` split at ``seps`` outside brackets and quotes."""
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = start
    for i in range(start, end):
        char = text[i]
        if char in "（“(《":
            depth += 1
        elif char in "）”)》":
            depth = max(0, depth - 1)
        elif char in seps and depth == 0:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [(a, b) for a, b in spans if b > a]


SINCE = re.compile(r"(\d{4})年起[，,]?(?:用)?([\d一二两三四五六七八九十]+)年(?:内|时间)")
WITHIN = re.compile(r"(?<![\d年起])([一二两三四五六七八九十]|\d{1,2})年(?:内|时间)")


def _within(sentence: str, doc_date: str | None) -> int | None:
    """The last year of “2012年起5年内” (2016) or of “三年内” counted from the 成文日期
    (a document of the first half-year counts its own year), as the plan period reads them."""
    if since := SINCE.search(sentence):
        return int(since[1]) + _count(since[2]) - 1
    if doc_date and (within := WITHIN.search(sentence)):
        return int(doc_date[:4]) + _count(within[1]) - (1 if int(doc_date[5:7]) <= 6 else 0)
    return None


def _count(token: str) -> int:
    number = parse_number(token.replace("两", "二"))
    return int(number)


def draft_targets(
    measure_no: int, text: str, plan_end_year: int | None, doc_date: str | None = None
) -> tuple[list[dict[str, Any]], list[TargetNote]]:
    """The targets of one measure (dicts in targets.yaml order) and the guesses made."""
    masked = _mask_quotes(text)
    targets: list[dict[str, Any]] = []
    notes: list[TargetNote] = []
    offset = 0
    for paragraph in text.split("\n"):
        p_start, p_end = offset, offset + len(paragraph)
        offset = p_end + 1
        horizon: int | None = None
        for s_start, s_end in _split_top(text, p_start, p_end, "。"):
            sentence = masked[s_start:s_end]
            found = HORIZON.search(sentence)
            if found:
                horizon = int(found.group(1) or found.group(2))
            elif (within := _within(sentence, doc_date)) is not None:
                horizon = within
            has_horizon_here = found is not None
            sentence_has_figures = any(
                FIGURE.search(masked[a:b])
                and not (MONEY.search(masked[a:b]) and not SCALE.search(masked[a:b]))
                for a, b in _split_top(text, s_start, s_end, "，；：")
            )
            annual_sentence = False
            for c_start, c_end in _split_top(text, s_start, s_end, "，；："):
                clause = masked[c_start:c_end]
                dated = HORIZON.match(clause)
                head = dated or re.match(r"其中|同时|此外", clause)
                if head:
                    c_start += head.end()
                    clause = masked[c_start:c_end]
                if not clause.strip():
                    continue
                if (
                    (
                        MONEY.search(clause)
                        and (MONEY_WORDS.search(clause) or not SCALE.search(clause))
                    )
                    or REQUEST.search(clause)
                    or clause.startswith(("对", "按规定", "按照"))
                ):
                    continue
                if "每年" in clause:
                    annual_sentence = True
                # 每年 governs the clauses after it in its sentence, except a result (使…).
                # A clause with its own year (2016年底前…) falls due then, not every year.
                annual = "每年" in clause or (
                    annual_sentence and not clause.startswith("使") and not dated
                )
                figures = list(FIGURE.finditer(clause))
                in_scope = (
                    horizon is not None
                    # 打造一支…队伍: 一 before a measure word is an article, not a count.
                    or any(
                        COUNT_VERB.search(clause[: f.start()]) and f["a"] != "一" for f in figures
                    )
                    # 一般公共预算收入增长5%: a growth rate is a target in any task.
                    or any(
                        GROWTH.search(clause[: f.start()]) and f["unit"] in "%％" for f in figures
                    )
                    or "每年" in sentence
                    or any(w in clause for words in OP_WORDS.values() for w in words)
                )
                if figures and in_scope:
                    for piece in _pieces(text, masked, c_start, c_end):
                        targets.extend(
                            _quantitative(
                                measure_no,
                                text,
                                masked,
                                piece,
                                horizon,
                                annual,
                                plan_end_year,
                                targets,
                                notes,
                            )
                        )
                elif not figures and (
                    (has_horizon_here and not sentence_has_figures)
                    or "每年" in clause
                    or (horizon is not None and RESULT.search(clause))
                ):
                    targets.append(
                        _target(
                            measure_no,
                            len(targets) + 1,
                            text[c_start:c_end],
                            "qualitative",
                            horizon,
                            annual,
                            plan_end_year,
                        )
                    )
    return [ordered(t) for t in targets], notes


def _pieces(text: str, masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """A clause cut at 、 and 并 so that each piece holds one figure (or one 分别 list)."""
    spans = _split_top(text, start, end, "、")
    pieces: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in spans:
        begin = pending if pending is not None else a
        if FIGURE.search(masked[a:b]):
            pieces.append((begin, b))
            pending = None
        else:
            pending = begin
    if pending is not None:
        if pieces:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((pending, end))
    result: list[tuple[int, int]] = []
    for a, b in pieces:
        if "分别" in masked[a:b]:
            result.append((a, b))
            continue
        # 并力争… starts a second target; so does 和 before a figure (32所…和55个…).
        cut = [m.start() + a for m in re.finditer(r"并(?=力争|使|确保)|和(?=\d)", masked[a:b])]
        bounds = [a, *cut, b]
        for x, y in itertools.pairwise(bounds):
            x2 = x + 1 if masked[x] in "并和" and x != a else x
            if FIGURE.search(masked[x2:y]):
                result.append((x2, y))
    return result


def _target(
    measure_no: int,
    index: int,
    quote: str | list[str],
    op: str,
    horizon: int | None,
    annual: bool,
    plan_end_year: int | None,
) -> dict[str, Any]:
    text = quote if isinstance(quote, str) else "".join(quote)
    title = re.sub(r"^(?:力争|全市|全国)", "", text)
    target: dict[str, Any] = {
        "id": f"{measure_no}.{index}",
        "measure": measure_no,
        "title": title[:40],
        "quote": quote,
        "op": op,
    }
    if annual:
        target["annual"] = True
    elif horizon is not None:
        target["deadline"] = f"{horizon}-12-31"
    elif plan_end_year is not None:
        target["deadline"] = f"{plan_end_year}-12-31"
    if "力争" in text:
        target["soft"] = True
    return target


def _quantitative(
    measure_no: int,
    text: str,
    masked: str,
    span: tuple[int, int],
    horizon: int | None,
    annual: bool,
    plan_end_year: int | None,
    so_far: list[dict[str, Any]],
    notes: list[TargetNote],
) -> list[dict[str, Any]]:
    a, b = span
    clause = masked[a:b]
    quote = text[a:b]
    figures = list(FIGURE.finditer(clause))
    made: list[dict[str, Any]] = []
    if "分别" in clause and len(figures) > 1:
        before = clause[: clause.index("分别")]
        names = [n for n in re.split(r"[、和]", before) if n]
        for k, figure in enumerate(figures):
            fragments = [quote[: clause.index("分别")], quote[figure.start() : figure.end()]]
            target = _figure_target(
                measure_no,
                len(so_far) + len(made) + 1,
                fragments,
                clause,
                figure,
                horizon,
                annual,
                plan_end_year,
                notes,
            )
            target["title"] = f"{before}（分别之{k + 1}：{figure.group(0)}）"
            if k < len(names):
                notes.append(
                    TargetNote(
                        target.get("id", ""),
                        f"“分别”：第{k + 1}个数字对应“{names[k]}”，请核对 title",
                    )
                )
            made.append(target)
        return made
    # "至少有1人掌握1门以上": the first figure is the one the clause is about.
    figure = figures[0]
    listed = clause[: figure.start()]
    both = listed.find("均")
    if len(figures) == 1 and both > 0 and "、" in listed[:both]:
        # 马铃薯种植、收获机械化率均达到45%: one target per listed item, each quoting its
        # own words and the shared rest of the clause.
        start = 0
        names = listed[:both].split("、")
        for k, name in enumerate(names):
            if k < len(names) - 1:
                fragments = [quote[start : start + len(name)], quote[both:]]
            else:
                fragments = [quote[start:]]
            start += len(name) + 1
            target = _figure_target(
                measure_no,
                len(so_far) + len(made) + 1,
                fragments,
                clause,
                figure,
                horizon,
                annual,
                plan_end_year,
                notes,
            )
            target["title"] = f"{''.join(fragments)}（“均”之{k + 1}：{name}）"[:60]
            made.append(target)
        notes.append(
            TargetNote(
                made[0]["id"],
                f"“{listed[:both]}均…”拆为{len(made)}个目标（{made[0]['id']}—{made[-1]['id']}），请核对 title",
            )
        )
        return made
    made.append(
        _figure_target(
            measure_no,
            len(so_far) + 1,
            quote,
            clause,
            figure,
            horizon,
            annual,
            plan_end_year,
            notes,
        )
    )
    return made


def _figure_target(
    measure_no: int,
    index: int,
    quote: str | list[str],
    clause: str,
    figure: re.Match[str],
    horizon: int | None,
    annual: bool,
    plan_end_year: int | None,
    notes: list[TargetNote],
) -> dict[str, Any]:
    target_id = f"{measure_no}.{index}"
    value = _number(figure.group("a"), figure.group("mag"))
    unit = figure.group("unit")
    if unit == "％":
        unit = "%"
    before = clause[: figure.start()]
    after = clause[figure.end() :]
    if value is None:
        target = _target(measure_no, index, quote, "qualitative", horizon, annual, plan_end_year)
        notes.append(
            TargetNote(
                target_id,
                f"“{figure.group(0)}”不是一个确定的数，记为定性目标（qualitative）：请核对",
                "qualitative",
            )
        )
        return target
    if value == 1 and PER_PERSON.search(re.sub(r"至少$", "", before)):
        target = _target(measure_no, index, quote, "qualitative", horizon, annual, plan_end_year)
        notes.append(
            TargetNote(
                target_id,
                f"“{figure.group(0)}”读作按人覆盖（每人/每户至少1次），记为定性目标（qualitative）",
                "qualitative",
            )
        )
        return target
    found_ops = [op for op, words in OP_WORDS.items() for w in words if w in clause]
    if figure.group("more") or figure.group("more1"):
        found_ops.append("gt")
    if figure.group("b"):
        op = "range"
    elif "approx" in found_ops:
        op = "approx"
    elif "gt" in found_ops:
        op = "gt"
    else:
        op = "ge"
    target = _target(measure_no, index, quote, op, horizon, annual, plan_end_year)
    if op == "range":
        target["min"] = value
        target["max"] = _number(figure.group("b"), figure.group("mag"))
    else:
        target["value"] = value
    target["unit_of_measure"] = unit
    if op == "approx" and "稳定在" in before:
        target["two_sided"] = True
        notes.append(
            TargetNote(target_id, "“稳定在…左右”记为双向（two_sided: true）：偏高、偏低都算未达到")
        )
    distinct = sorted(set(found_ops) - {op})
    if distinct and op != "range":
        words = "、".join(w for o in (op, *distinct) for w in OP_WORDS.get(o, ()) if w in clause)
        notes.append(TargetNote(target_id, f"同一句有“{words}”，取 {op}，请核对"))
    if unit == "%" and op != "range" and RISE.search(before.strip()):
        target["op"] = "growth"
        target.pop("two_sided", None)
        approx = op == "approx"
        notes.append(
            TargetNote(
                target_id,
                f"“{clause}”是同比增长率，记为增长目标（op: growth），按全年数判定"
                + (
                    f"；“左右”允许低多少请写 band（如 band: 0.5），不写按 {number_text(value)}% 判定"
                    if approx
                    else ""
                ),
                "growth",
            )
        )
    elif GROWTH.search(before) and unit == "%":
        notes.append(
            TargetNote(
                target_id,
                f"“{clause}”是增减幅度，暂按要达到的值记为 {op}：下降、降低的幅度请核对后改写",
                "growth",
            )
        )
    if "均" in before and isinstance(quote, str):
        notes.append(
            TargetNote(target_id, "“均达到”：列出的几项各自都要达到，按一个目标记，必要时拆开")
        )
    del after
    return target
