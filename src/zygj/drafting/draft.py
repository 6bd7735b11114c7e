"""``draft_plan``: from a document to the three plan files as plain data, with the review list."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from zygj.core.deadlines import parse_deadline
from zygj.drafting.model import Draft, DraftingError, Loc, ReviewItem
from zygj.drafting.outline import Item, Outline, SectionNode, parse_outline
from zygj.drafting.review import alias_suggestions, guess_kind, text_slips, unit_review
from zygj.drafting.sources import read_source
from zygj.drafting.targets import draft_targets

NOTHING_FOUND = (
    "没有找到可识别的条目：既没有表头含“序号／工作任务（工作措施）／牵头单位／责任单位”的表格，"
    "也没有以“一、”“（一）”“1.”编号的正文条目"
)


def draft_plan(source: Path) -> Draft:
    """Draft the plan folder's three files from ``source`` (.docx, .txt or .html).

    Raises :class:`DraftingError` (a ``ZygjError``, exit code 1) with a Chinese message
    when the file cannot be read or holds no recognisable items; nothing is written.
    """
    doc = read_source(source)
    outline = parse_outline(doc)
    if not outline.items:
        raise DraftingError(NOTHING_FOUND, str(source))
    return _assemble(doc.name, outline)


def _assemble(name: str, outline: Outline) -> Draft:
    review: list[ReviewItem] = list(outline.review)
    meta = outline.meta
    where = {key: str(loc) for key, loc in outline.meta_locs.items()}
    national = str(meta.get("issuer", "")).startswith("国务院") or str(
        meta.get("number", "")
    ).startswith(("国发", "国办发"))

    # ------------------------------------------------------------- numbering
    items = outline.items
    numbers = [item.no for item in items]
    if all(n is not None for n in numbers) and all(
        a is not None and b is not None and a < b for a, b in itertools.pairwise(numbers)
    ):
        nos = [int(n) for n in numbers if n is not None]
    else:
        nos = list(range(1, len(items) + 1))
        review.append(
            ReviewItem(
                "meta", name, "条目编号不是递增的数字，已按出现顺序编为 1…N：请核对 no 与 label"
            )
        )
    partial = nos != list(range(nos[0], nos[0] + len(nos))) or nos[0] != 1

    # ------------------------------------------------------------------ units
    counts: Counter[str] = Counter()
    first_seen: dict[str, Loc] = {}
    for item in items:
        if item.roles is None:
            continue
        for unit in item.roles.all_units():
            counts[unit] += 1
            first_seen.setdefault(unit, item.unit_locs.get(unit, item.loc))
    groups = [u for u in counts if u.startswith("各")]
    units = [u for u in counts if u not in groups]
    unit_entries: list[dict[str, Any]] = []
    for unit in units:
        kind = guess_kind(unit, national)
        unit_entries.append({"name": unit, "kind": kind})
        review.append(unit_review(unit, kind, str(first_seen[unit])))
    for group in groups:
        review.append(
            ReviewItem(
                "group",
                str(first_seen[group]),
                f"“{group}”是集合性单位，记在 units.yaml 的 groups：请补 members（成员单位）",
            )
        )
    for rare, usual in alias_suggestions(counts):
        places = [
            f"第{no}项"
            for no, item in zip(nos, items, strict=True)
            if item.roles and rare in item.roles.all_units()
        ]
        review.append(
            ReviewItem(
                "alias",
                str(first_seen[rare]),
                f"“{rare}”（{'、'.join(places)}）与“{usual}”只差一字，疑为笔误：建议在 units.yaml 把“{rare}”"
                f"列为“{usual}”的 aliases，措施中改写“{usual}”并记 erratum（original: {rare}）",
                {"alias": rare, "name": usual},
            )
        )

    # ---------------------------------------------------------------- sections
    sections = [_section_dict(node) for node in outline.sections]
    fallback_section = 0
    if not sections:
        sections = [
            {
                "no": 1,
                "label": "",
                "title": str(meta.get("plan_title") or meta.get("title") or "全文"),
            }
        ]
        fallback_section = 1
        review.append(
            ReviewItem("meta", name, "原文没有分部分的标题，全部措施归入一个部分：请核对")
        )

    # ---------------------------------------------------------------- measures
    addressees = [a for a in re.split(r"[，,]", str(meta.get("addressees", ""))) if a]
    measures: list[dict[str, Any]] = []
    all_targets: list[dict[str, Any]] = []
    horizon_years: list[int] = []
    for no, item in zip(nos, items, strict=True):
        measures.append(_measure_dict(no, item, fallback_section, addressees, review))
        horizon_years.extend(int(y) for y in re.findall(r"到(\d{4})年", item.text))
        if item.deadline:
            horizon_years.extend(int(y) for y in re.findall(r"(\d{4})年", item.deadline))
        for kind, message, fragment in text_slips(item.text):
            review.append(ReviewItem(kind, str(item.loc_of(fragment)), f"第{no}项：{message}"))
    end_year = max(horizon_years) if horizon_years else None
    for no, item in zip(nos, items, strict=True):
        drafted, notes = draft_targets(no, item.text, end_year)
        all_targets.extend(drafted)
        quotes = {
            t["id"]: t["quote"] if isinstance(t["quote"], str) else t["quote"][0] for t in drafted
        }
        for note in notes:
            place = item.loc_of(quotes.get(note.target_id, ""))
            review.append(
                ReviewItem(note.kind, str(place), f"目标 {note.target_id}：{note.message}")
            )

    # --------------------------------------------------------------- document
    document: dict[str, Any] = {}
    if "number" in meta:
        document["number"] = meta["number"]
    else:
        review.append(
            ReviewItem("meta", name, "没有找到文号（如 国发〔2018〕42号）：document.number 未填")
        )
    for key, label in (("issuer", "发文机关"), ("date", "成文日期"), ("title", "标题")):
        if key in meta:
            document[key] = meta[key]
        else:
            document[key] = "（待填）" if key != "date" else "1970-01-01"
            review.append(
                ReviewItem(
                    "meta", name, f"没有找到{label}：document.{key} 暂填占位值，请按原件填写"
                )
            )
    for key in ("plan_title", "addressees"):
        if key in meta:
            document[key] = meta[key]
    if partial:
        document["partial"] = True
        review.append(
            ReviewItem("meta", name, "条目编号不从 1 开始或不连续：记为 document.partial: true")
        )

    start = str(document["date"])
    start_year = int(start[:4])
    end_year = max(end_year or start_year, start_year)
    period: dict[str, Any] = {"start": start, "end": f"{end_year}-12-31"}
    if any(t.get("annual") for t in all_targets):
        first = start_year + 1 if start[5:7] == "12" else start_year
        period["annual_years"] = list(range(first, end_year + 1)) or [end_year]
    review.append(
        ReviewItem(
            "period",
            where.get("date", name),
            f"实施期推定为 {period['start']} 至 {period['end']}（成文日期至文中最晚的“到…年”）"
            + (
                f"，每年目标按 {period['annual_years']} 逐年考核"
                if "annual_years" in period
                else ""
            )
            + "：请核对",
        )
    )

    measures_file: dict[str, Any] = {
        "document": document,
        "period": period,
        "sections": sections,
        "measures": measures,
    }
    unread = _check_deadlines(items, measures, period, review)

    units_file: dict[str, Any] = {"units": unit_entries}
    if groups:
        units_file["groups"] = [{"name": g, "members": [], "aliases": []} for g in groups]
    targets_file: dict[str, Any] = {"targets": all_targets}
    conventions = list(outline.conventions)
    return Draft(name, units_file, measures_file, targets_file, review, conventions, unread)


def _section_dict(node: SectionNode) -> dict[str, Any]:
    section: dict[str, Any] = {"no": node.no, "label": node.label, "title": node.title}
    if node.intro:
        section["intro"] = "\n".join(node.intro)
    if node.children:
        section["sections"] = [_section_dict(child) for child in node.children]
    return section


def _measure_dict(
    no: int, item: Item, fallback_section: int, addressees: list[str], review: list[ReviewItem]
) -> dict[str, Any]:
    measure: dict[str, Any] = {"no": no}
    if item.label:
        measure["label"] = item.label
    measure["section"] = item.section.no if item.section is not None else fallback_section
    measure["text"] = item.text
    roles = item.roles
    if roles is not None:
        for attr in ("lead", "responsible", "cooperating"):
            names = getattr(roles, attr)
            if names:
                measure[attr] = list(names)
        if roles.units_open:
            measure["units_open"] = True
    if roles is None or not roles.all_units():
        measure["addressees"] = list(addressees) or ["（待填）"]
        review.append(
            ReviewItem(
                "addressees",
                str(item.loc),
                f"第{no}项没有列出单位：addressees 暂取主送机关 {measure['addressees']}，请按原文核对",
            )
        )
    if item.deadline:
        measure["deadline"] = item.deadline
    return measure


def _check_deadlines(
    items: list[Item],
    measures: list[dict[str, Any]],
    period: dict[str, Any],
    review: list[ReviewItem],
) -> dict[int, str]:
    """Read each 完成时限 with core's grammar against the drafted period, as validate will.

    One it cannot read is taken out of the measure (the draft must validate) and listed
    for a person; the ones read with a guess (the year of 6月底前, 每半年 assessed
    yearly) are listed too. Returns the measures' numbers → the deadlines taken out.
    """
    start, end = (dt.date.fromisoformat(period[key]) for key in ("start", "end"))
    unread: dict[int, str] = {}
    for item, measure in zip(items, measures, strict=True):
        text = measure.get("deadline")
        if text is None:
            continue
        no = measure["no"]
        key = re.sub(r"\s+", "", text)
        note = None
        try:
            deadline = parse_deadline(text, start, end)
        except ValueError as exc:
            del measure["deadline"]
            unread[no] = text
            note = (
                f"第{no}项：{exc}。未写入 deadline：请改写成可识别的写法后补入 measures.yaml，"
                "或不写（不按完成时限考核）"
            )
        else:
            if deadline.kind == "date" and not re.match(r"\d{4}年", key):
                note = f"第{no}项完成时限“{text}”没有写年份，按实施期读作 {deadline.date}：请核对"
            elif deadline.kind == "recurring" and not key.startswith("每年"):
                note = (
                    f"第{no}项完成时限“{text}”按每年考核一次（zygj 尚不能按半年、季度或月考核）："
                    "请核对"
                )
        if note is not None:
            review.append(ReviewItem("deadline", str(item.deadline_loc or item.loc), note))
    return unread
