"""完成时限 as documents write them: “2023年6月底前”, “长期坚持”, “每年……”. Pure.

The one grammar of deadlines: ``validate`` checks a plan with it and ``zygj init``
drafts with it (a deadline it cannot read goes to REVIEW.md, not into measures.yaml).

A measure's ``deadline`` is kept as written; :func:`parse_deadline` reads it against
the plan period. Three kinds come out:

* ``date``: a day (“2023年6月底前” / “2023年6月之前” → 2023-06-30, “2023年底前” →
  2023-12-31, “2023年上半年” → 2023-06-30, “2023年第三季度” → 2023-09-30, “6月底前” →
  the first 30 June in the plan period, “年底前” / “年内” / “下半年” like “12月底前”,
  “上半年” like “6月底前”; a trailing 完成 / 建成 / 完工 / 办结 / 到位 is the same day);
* ``ongoing``: 长期坚持 / 持续推进 / 持续开展 / 常态化推进 … — never overdue (tracked
  with :data:`ONGOING`, the last day a date can be, as its deadline);
* ``recurring``: 每年…… / 每半年…… / 每季度…… / 每月…… — assessed once a year in the
  plan period (a target cannot yet fall due twice a year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

#: The deadline of an ongoing task: it never falls due.
ONGOING = dt.date.max

#: Ongoing tasks, as 完成时限 columns write them.
ONGOING_WORDS = ("长期坚持", "长期", "持续推进", "持续开展", "常态化推进", "常态化开展")
#: A deadline starting with one of these recurs; each is assessed once a year.
RECURRING_PREFIXES = ("每年", "每半年", "每季度", "每月")
#: One example of each form, as the error message lists them.
EXAMPLES = (
    "2023年6月底前",
    "2023年6月30日前",
    "2023年底前",
    "2023年上半年",
    "2023年第三季度",
    "6月底前（年份取方案期）",
    *ONGOING_WORDS,
    *(f"{prefix}……" for prefix in RECURRING_PREFIXES),
)
RECOGNISED = "、".join(EXAMPLES)

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
#: 底/末 (end of) then 前/以前/之前 (by): 6月底前, 6月之前, 6月末, 6月.
_BEFORE = r"(?:底|末)?(?:前|以前|之前)?"
_YEAR_MONTH = re.compile(rf"^(\d{{4}})年(\d{{1,2}})月{_BEFORE}$")
_YEAR_MONTH_DAY = re.compile(rf"^(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日{_BEFORE}$")
_YEAR_END = re.compile(rf"^(\d{{4}})年(?:年)?{_BEFORE}$")
_HALF = re.compile(rf"^(\d{{4}})年([上下])半年{_BEFORE}$")
_QUARTER = re.compile(rf"^(\d{{4}})年第?([一二三四1-4])季度{_BEFORE}$")
_MONTH = re.compile(rf"^(\d{{1,2}})月{_BEFORE}$")
#: Without a year, like 12月底前 / 6月底前: 年底前, 年内, 上半年, 下半年.
_NO_YEAR = {"年底": 12, "年末": 12, "年内": 12, "上半年": 6, "下半年": 12}
_NO_YEAR_FORM = re.compile(rf"^(年底|年末|年内|上半年|下半年){_BEFORE}$")
#: A 完成时限 column often adds the verb: 2023年6月底前完成, 9月底前建成.
_DONE = re.compile(r"(?<=[前底末月年])(?:完成|建成|完工|办结|到位)$")

Kind = Literal["date", "ongoing", "recurring"]


@dataclass(frozen=True)
class Deadline:
    kind: Kind
    date: dt.date | None = None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_without_year(key: str) -> int | None:
    """The month of 6月底前 / 年底前 / 上半年 (read in the plan period), else ``None``."""
    if match := _MONTH.match(key):
        return int(match[1])
    if match := _NO_YEAR_FORM.match(key):
        return _NO_YEAR[match[1]]
    return None


def parse_deadline(text: str, start: dt.date, end: dt.date) -> Deadline:
    """The deadline ``text`` stands for in a plan running from ``start`` to ``end``.

    Raises ValueError (in Chinese, listing the recognised forms) for anything else.
    """
    key = "".join(unicodedata.normalize("NFKC", text).split()).rstrip("。；;，,")
    key = _DONE.sub("", key)
    if key in ONGOING_WORDS:
        return Deadline("ongoing")
    if key.startswith(RECURRING_PREFIXES):
        return Deadline("recurring")
    try:
        if match := _YEAR_MONTH_DAY.match(key):
            year, month, day_of_month = map(int, match.groups())
            return Deadline("date", dt.date(year, month, day_of_month))
        if match := _YEAR_MONTH.match(key):
            return Deadline("date", _month_end(int(match[1]), int(match[2])))
        if match := _HALF.match(key):
            return Deadline("date", _month_end(int(match[1]), 6 if match[2] == "上" else 12))
        if match := _QUARTER.match(key):
            return Deadline("date", _month_end(int(match[1]), _QUARTERS[match[2]] * 3))
        if match := _YEAR_END.match(key):
            return Deadline("date", dt.date(int(match[1]), 12, 31))
        yearless = _month_without_year(key)
        if yearless is not None:
            for year in range(start.year, end.year + 1):
                month_end = _month_end(year, yearless)
                if start <= month_end <= end:
                    return Deadline("date", month_end)
            raise ValueError(f"方案期（{start} 至 {end}）内没有“{text}”")
    except ValueError as exc:
        if "方案期" in str(exc):
            raise
        raise ValueError(f"完成时限“{text}”不是有效的日期") from exc
    raise ValueError(f"不认识的完成时限“{text}”（可写 {RECOGNISED}）")
