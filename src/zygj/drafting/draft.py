"""``draft_plan``: from a document to the three plan files as plain data, with the review list."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from zygj.core.deadlines import parse_deadline
from zygj.core.diagnostics import Diagnostic
from zygj.core.numerals import from_chinese
from zygj.drafting.model import Draft, DraftingError, Loc, ReviewItem
from zygj.drafting.outline import Item, Outline, SectionNode, parse_outline
from zygj.drafting.review import alias_suggestions, guess_kind, text_slips, unit_review
from zygj.drafting.sources import read_source
from zygj.drafting.targets import draft_targets

NOTHING_FOUND = (
    "没有找到可识别的条目：既没有表头含“序号／工作任务（工作措施）／牵头单位／责任单位”的表格，"
    "也没有以“一、”“（一）”“1.”编号的正文条目"
)


def draft_plan(source: Path, date: dt.date | None = None) -> Draft:
    """Draft the plan folder's three files from ``source`` (.docx, .txt or .html).

    ``date`` (``init --date``): the 成文日期 when the text states none, as a fragment
    published on a web page often does; the text's own date wins, a difference is listed.

    Raises :class:`DraftingError` (a ``ZygjError``, exit code 1) with a Chinese message
    when the file cannot be read or holds no recognisable items; nothing is written.
    """
    doc = read_source(source)
    outline = parse_outline(doc)
    if not outline.items:
        raise DraftingError(NOTHING_FOUND, str(source))
    draft = _assemble(doc.name, outline, date)
    draft.problems = check_draft(draft)
    for problem in draft.problems:
        where = problem.path + (f":{problem.line}" if problem.line is not None else "")
        level = "错误" if problem.severity == "error" else "提醒"
        draft.review.append(ReviewItem("validate", where, f"{level}：{problem.message}"))
    return draft


def check_draft(draft: Draft) -> list[Diagnostic]:
    """What ``zygj validate`` says of the draft: the files rendered exactly as they will be
    written, loaded by the same loader in a scratch folder; paths are the bare file names."""
    from zygj.drafting.writing import render_measures, render_targets, render_units
    from zygj.load.plan import load_plan

    files = {
        "units.yaml": render_units(draft),
        "measures.yaml": render_measures(draft),
        "targets.yaml": render_targets(draft),
    }
    with tempfile.TemporaryDirectory(prefix="zygj-init-check-") as scratch:
        folder = Path(scratch)
        for filename, content in files.items():
            (folder / filename).write_text(content, encoding="utf-8", newline="\n")
        _plan, problems = load_plan(folder)
    return [
        replace(
            problem,
            path=Path(problem.path).name if problem.path.startswith(scratch) else problem.path,
        )
        for problem in problems
    ]


def _assemble(name: str, outline: Outline, given_date: dt.date | None = None) -> Draft:
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
            if (
                key == "date"
                and given_date is not None
                and str(meta[key]) != given_date.isoformat()
            ):
                review.append(
                    ReviewItem(
                        "meta",
                        where.get("date", name),
                        f"原文的成文日期 {meta[key]} 与 --date {given_date.isoformat()} 不同：按原文记",
                    )
                )
        elif key == "date" and given_date is not None:
            document[key] = given_date.isoformat()
        elif key == "date":
            # Never a placeholder date: a 1970-01-01 would pass for the document's own.
            review.append(
                ReviewItem("meta", name, "没有找到成文日期：document.date 未填，请按原件填写")
            )
        else:
            document[key] = "（待填）"
            review.append(
                ReviewItem(
                    "meta", name, f"没有找到{label}：document.{key} 暂填“（待填）”，请按原件填写"
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

    if "date" in document:
        _relative_deadlines(nos, items, measures, str(document["date"]), review)
    # The spans the text states are read from the items and the sections' own words.
    texts = [item.text for item in items]
    texts.extend(text for node in outline.sections for text in _texts(node))
    period, how = infer_period(
        str(document["date"]) if "date" in document else None,
        [str(meta.get("title", "")), str(meta.get("plan_title", ""))],
        texts,
        end_year,
    )
    for no, item in zip(nos, items, strict=True):
        drafted, notes = draft_targets(
            no,
            item.text,
            int(period["end"][:4]) if period else None,
            str(document["date"]) if "date" in document else None,
        )
        all_targets.extend(drafted)
        quotes = {
            t["id"]: t["quote"] if isinstance(t["quote"], str) else t["quote"][0] for t in drafted
        }
        for note in notes:
            place = item.loc_of(quotes.get(note.target_id, ""))
            review.append(
                ReviewItem(note.kind, str(place), f"目标 {note.target_id}：{note.message}")
            )
    if period is None:
        review.append(
            ReviewItem(
                "period",
                where.get("date", name),
                "没有成文日期，文中也没有“2012年起5年内”“到2025年”“十四五期间”一类的期限："
                "实施期（period）未填，请按原件填写 start 与 end",
            )
        )
    else:
        years = {int(t["deadline"][:4]) for t in all_targets if "deadline" in t}
        if years and max(years) > int(period["end"][:4]):
            period["end"] = f"{max(years)}-12-31"
        if any(t.get("annual") for t in all_targets):
            start_year = int(period["start"][:4])
            first = start_year + 1 if period["start"][5:7] == "12" else start_year
            last_year = int(period["end"][:4])
            period["annual_years"] = list(range(first, last_year + 1)) or [last_year]
        review.append(
            ReviewItem(
                "period",
                where.get("date", name),
                f"实施期推定为 {period['start']} 至 {period['end']}（{how}）"
                + (
                    f"，每年目标按 {period['annual_years']} 逐年考核"
                    if "annual_years" in period
                    else ""
                )
                + "：请核对",
            )
        )

    if any(m["section"] == 0 for m in measures):
        # Rows before the table's first section row (or items before the first heading)
        # get a section of their own, named after the plan, ahead of the others.
        title = str(meta.get("plan_title") or meta.get("title") or "全文")
        sections.insert(0, {"no": 0, "label": "", "title": title})
        review.append(
            ReviewItem("meta", name, f"第一个部分标题之前的措施归入部分“{title}”：请核对")
        )
    sections = _prune_sections(sections, measures, document, review, name)
    measures_file: dict[str, Any] = {"document": document}
    if period is not None:
        measures_file["period"] = period
    measures_file["sections"] = sections
    measures_file["measures"] = measures
    unread = _check_deadlines(items, measures, period, review) if period else {}
    _target_deadlines_and_owners(all_targets, measures, period, review)

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
    if roles is not None and roles.addressed:
        # （各有关部门和单位按职责分工负责）: the clause itself says whom the item addresses.
        measure["addressees"] = list(roles.addressed)
    elif roles is None or not roles.all_units():
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


_SINCE = re.compile(r"(\d{4})年起[，,]?(?:用)?([\d一二两三四五六七八九十]+)年(?:内|时间|左右)")
_FIVE_YEAR = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:期间|时期|末)")
_WITHIN = re.compile(r"(?<![\d年起])([一二两三四五六七八九十]|\d{1,2})年(?:内|时间)")
_BY_YEAR = re.compile(r"(?:到|至)(\d{4})年|(?<!\d)(\d{4})年(?:底|末)?(?:前|以前|之前)")
_TITLE_YEAR = re.compile(r"(\d{4})年")


#: A time limit counted from the document's own date: 本意见印发之日起30日内.
_DAYS_FROM_ISSUE = re.compile(r"印发之日起([\d一二两三四五六七八九十]+)(?:日|天)内")


def _relative_deadlines(
    nos: list[int],
    items: list[Item],
    measures: list[dict[str, Any]],
    date: str,
    review: list[ReviewItem],
) -> None:
    """A measure without a 完成时限 whose text says “印发之日起30日内” falls due that many
    days after the 成文日期 (the document is taken to be issued on the day it is dated)."""
    for no, item, measure in zip(nos, items, measures, strict=True):
        found = _DAYS_FROM_ISSUE.search(item.text)
        if item.deadline or "deadline" in measure or found is None:
            continue
        due = dt.date.fromisoformat(date) + dt.timedelta(days=_count(found[1]))
        measure["deadline"] = f"{due.year}年{due.month}月{due.day}日前"
        review.append(
            ReviewItem(
                "deadline",
                str(item.loc_of(found[0])),
                f"第{no}项“{found[0]}”按成文日期 {date} 起算，完成时限记为 {measure['deadline']}：请按印发日期核对",
            )
        )


def _count(text: str) -> int:
    return int(text) if text.isdigit() else from_chinese(text.replace("两", "二"))


def infer_period(
    date: str | None, titles: list[str], texts: list[str], end_year: int | None
) -> tuple[dict[str, Any] | None, str]:
    """The plan period from the 成文日期 and the spans the text states, with how it was read.

    “2012年起5年内” → 2012 to 2016, “十四五期间” → 2021 to 2025, “到2025年” / “2016年底前”
    → ends 2025 / 2016, “三年内” → three years from the 成文日期, a title year
    (2023年民生实事) → that year. Without a 成文日期 the period starts on the first day of
    the earliest year the text states; with neither, ``None`` (a review item, never a
    placeholder date).
    """
    starts: list[int] = []
    ends: list[int] = [end_year] if end_year else []
    how: list[str] = ["成文日期"] if date else []
    body = "\n".join(texts)
    for match in _SINCE.finditer(body):
        first, span = int(match[1]), _count(match[2])
        starts.append(first)
        ends.append(first + span - 1)
        how.append(f"“{match[0]}”")
    for match in _FIVE_YEAR.finditer(body):
        first = 2006 + 5 * (from_chinese(match[1]) - 1)
        starts.append(first)
        ends.append(first + 4)
        how.append(f"“{match[0]}”即 {first}—{first + 4} 年")
    for match in _BY_YEAR.finditer(body):
        ends.append(int(match[1] or match[2]))
    if date:
        year, month = int(date[:4]), int(date[5:7])
        for match in _WITHIN.finditer(body):
            span = _count(match[1])
            ends.append(year + span - (1 if month <= 6 else 0))
            how.append(f"“{match[0]}”自成文日期起算")
    title_years = [int(y) for t in titles for y in _TITLE_YEAR.findall(t)]
    if not starts and not ends and title_years:
        starts.append(min(title_years))
        ends.append(max(title_years))
        how.append("标题中的年份")
    if ends and len(how) == 1 and date:
        how.append("文中最晚的“到…年”“…年底前”")
    if date:
        start = date
    elif starts:
        start = f"{min(starts)}-01-01"
    else:
        return None, ""
    last = max([int(start[:4]), *ends])
    return {"start": start, "end": f"{last}-12-31"}, "、".join(how) or "起始年份"


def _texts(node: SectionNode) -> list[str]:
    return [node.title, *node.intro, *(t for child in node.children for t in _texts(child))]


def _prune_sections(
    sections: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    document: dict[str, Any],
    review: list[ReviewItem],
    name: str,
) -> list[dict[str, Any]]:
    """Sections holding no measure (一、总体目标, 指导思想…) leave the outline — validate
    rejects a section without measures — and their text goes to document.intro, verbatim."""
    used = {m["section"] for m in measures}

    def holds(section: dict[str, Any]) -> bool:
        return section["no"] in used or any(holds(c) for c in section.get("sections", []))

    moved: list[str] = []

    def keep(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for node in nodes:
            if holds(node):
                if "sections" in node:
                    node["sections"] = keep(node["sections"])
                    if not node["sections"]:
                        del node["sections"]
                kept.append(node)
            else:
                moved.append(f"{node['label']}{node['title']}".strip())
                if node.get("intro"):
                    moved.append(node["intro"])
                for child in node.get("sections", []):
                    moved.extend(_flatten(child))
        return kept

    kept = keep(sections)
    if moved:
        _moved_to_intro(moved, len(sections) - len(kept), document, review, name)
    renumber: dict[int, int] = {}
    counter = [0]

    def number(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            counter[0] += 1
            renumber[node["no"]] = counter[0]
            node["no"] = counter[0]
            number(node.get("sections", []))

    number(kept)
    for measure in measures:
        measure["section"] = renumber.get(measure["section"], measure["section"])
    return kept


def _moved_to_intro(
    moved: list[str], count: int, document: dict[str, Any], review: list[ReviewItem], name: str
) -> None:
    document["intro"] = "\n".join([*filter(None, [document.get("intro")]), *moved])
    review.append(
        ReviewItem(
            "meta",
            name,
            f"{count or '若干'}个部分没有措施（如“{moved[0][:20]}”），"
            "其文字照录在 document.intro：请核对",
        )
    )


def _flatten(node: dict[str, Any]) -> list[str]:
    lines = [f"{node['label']}{node['title']}".strip()]
    if node.get("intro"):
        lines.append(node["intro"])
    for child in node.get("sections", []):
        lines.extend(_flatten(child))
    return lines


def _target_deadlines_and_owners(
    targets: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    period: dict[str, Any] | None,
    review: list[ReviewItem],
) -> None:
    """Every target gets a deadline validate accepts and, without a 牵头单位, an owner.

    A target that states no year falls due with its measure's 完成时限 (a date), else at
    the end of the period; a measure with 责任单位 but no 牵头单位 gives its targets to the
    first-listed unit (the sole one needs no check). Each guess is a review item.
    """
    by_no = {m["no"]: m for m in measures}
    for target in targets:
        measure = by_no[target["measure"]]
        if "deadline" not in target and not target.get("annual") and period is not None:
            start, end = (dt.date.fromisoformat(period[k]) for k in ("start", "end"))
            due: dt.date | None = None
            source = "实施期末"
            if "deadline" in measure:
                with contextlib.suppress(ValueError):
                    parsed = parse_deadline(measure["deadline"], start, end)
                    if parsed.kind == "date":
                        due, source = parsed.date, f"所属措施的完成时限“{measure['deadline']}”"
            due = due or end
            target["deadline"] = due.isoformat()
            review.append(
                ReviewItem(
                    "deadline",
                    f"目标 {target['id']}",
                    f"目标 {target['id']} 没有写期限，按{source}定为 {due}：请核对",
                )
            )
        if "lead" not in measure and "owner" not in target:
            units = measure.get("responsible") or []
            if units:
                target["owner"] = units[0]
                if len(units) > 1:
                    review.append(
                        ReviewItem(
                            "roles",
                            f"目标 {target['id']}",
                            f"第{measure['no']}项没有牵头单位，目标 {target['id']} 的 owner 取列第一位的"
                            f"责任单位“{units[0]}”：请核对",
                        )
                    )
