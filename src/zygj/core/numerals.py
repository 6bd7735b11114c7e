"""Chinese numerals, both ways and of any size: 十一, 一百零五, 两万, 十万零一十, 1.5万. Pure.

One implementation for every place that reads or writes them: section labels
(（十二）, 二十一、), the 公文's headings (一、…十一、) and the figures of a document
(两个, 十万名, 1.5万人). :func:`to_chinese` writes the usual form (10 → 十,
110 → 一百一十, 100010 → 十万零一十, 10**16 → 一亿亿); :func:`from_chinese`
reads it back, and also 两 for 二, 〇 for 零 and the spoken shortening of a
trailing digit (一百五 → 150, 一万五 → 15000). :func:`parse_number` reads a
figure: Arabic or Chinese, with a decimal part (1.5, 一点五) and 万/亿 after it.

cn2an does the same and is what the tests check against; it is not used here
because importing it costs about 90 ms and it stops at 16 digits.
"""

from __future__ import annotations

import re

_DIGIT_NAMES = "零一二三四五六七八九"
_DIGITS = {name: value for value, name in enumerate(_DIGIT_NAMES)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WAN = 10**4
_YI = 10**8
#: A figure with a decimal part or in Arabic digits: the number, then what multiplies it.
#: (Patterns compiled on first use: labels and headings, read on every query, need none.)
_ARABIC = r"(\d+(?:\.\d+)?)([百千]?万?亿*)"
_CHINESE_DECIMAL = rf"(.+)点([{_DIGIT_NAMES}〇]+)(万?亿*)"
_SCALE = {"百": 100, "千": 1000, "万": _WAN, "亿": _YI}


class _Malformed(Exception):
    """Raised inside the reader; turned into one ValueError that quotes the whole text."""


def to_chinese(number: int) -> str:
    """``number`` in Chinese numerals as a heading or label prints it (11 → 十一).

    Raises ValueError for a negative number (a label is never negative).
    """
    if number < 0:
        raise ValueError(f"负数没有中文序号：{number}")
    if number == 0:
        return "零"
    text = _spell(number)
    # 一十 is written 十 only at the very start: 十五, 十万, but 一百一十, 十万零一十.
    return text[1:] if text.startswith("一十") else text


def _spell(number: int) -> str:
    """``number`` (> 0) in full, every 十 with its digit (一十)."""
    if number < _WAN:
        return _section(number)
    size, mark = (_YI, "亿") if number >= _YI else (_WAN, "万")
    high, low = divmod(number, size)
    text = _spell(high) + mark
    if low:
        # A skipped place is marked with 零: 一万零五 (10005), not 一万五 (15000).
        text += ("零" if low < size // 10 else "") + _spell(low)
    return text


def _section(number: int) -> str:
    """1…9999: 千, 百, 十 and the units, one 零 for each run of skipped places inside."""
    text = ""
    gap = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            gap = bool(text)
            continue
        if gap:
            text += "零"
            gap = False
        text += _DIGIT_NAMES[digit] + name
    return text


def from_chinese(text: str) -> int:
    """The whole number that ``text`` (Chinese numerals only) writes.

    Raises ValueError ““…”不是中文数字” for anything else: Arabic digits, digits
    one after another (一二), units out of order (十百), a stray 零.
    """
    key = text.strip()
    try:
        if key in ("零", "〇"):
            return 0
        return _integer(key, leading=True)
    except _Malformed:
        raise ValueError(f"“{text}”不是中文数字") from None


def _integer(text: str, leading: bool) -> int:
    """A positive number; ``leading``: it starts the whole numeral (so 十 may stand alone)."""
    if "亿" in text:
        high, low = text.rsplit("亿", 1)  # 一万亿, 一亿亿: the part before can hold 万, 亿
        return _join(high, low, _YI, leading)
    if "万" in text:
        high, low = text.split("万", 1)
        if "万" in low:
            raise _Malformed
        return _join(high, low, _WAN, leading)
    return _small(text, leading)


def _join(high: str, low: str, size: int, leading: bool) -> int:
    value = _integer(high, leading) * size
    if not low:
        return value
    if low.startswith(("零", "〇")):
        rest = _integer(low[1:], leading=False) if low[1:] else 0
        if not 0 < rest < size // 10:  # 零 marks a skipped place: 一万零五, not 一万零五千
            raise _Malformed
        return value + rest
    if len(low) == 1 and low in _DIGITS and _DIGITS[low]:
        return value + _DIGITS[low] * size // 10  # spoken: 一万五 is 15000
    rest = _integer(low, leading=False)
    if rest >= size:
        raise _Malformed
    return value + rest


def _small(text: str, leading: bool) -> int:
    """1…9999 from 千/百/十 and digits, in order; 十 alone only at the start (十五)."""
    if not text:
        raise _Malformed
    value = 0
    above = 10 * 1000  # the unit before the current one; units must get smaller
    pending: int | None = None
    gap = False
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            if pending is not None or (digit == 0 and (gap or value == 0)):
                raise _Malformed
            if digit == 0:
                gap = True
            else:
                pending = digit
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= above or (gap and unit * 10 >= above):
                raise _Malformed
            if pending is None:
                if not (unit == 10 and leading and value == 0 and not gap):
                    raise _Malformed
                pending = 1
            value += pending * unit
            above, pending, gap = unit, None, False
        else:
            raise _Malformed
    if pending is None:
        if gap:
            raise _Malformed  # 一百零
        return value
    if gap:
        if above <= 10:
            raise _Malformed
        return value + pending
    if above in (10, 10 * 1000):
        return value + pending  # 十五, 二十五, or a lone digit
    return value + pending * above // 10  # spoken: 一百五 is 150


def parse_number(text: str) -> int | float:
    """A figure as documents write it: 15, 1.5, 1.5万, 3千万, 两万, 十万, 一点五.

    An int when the figure is whole (1.5万 → 15000), else a float. Raises ValueError
    ““…”不是数字” for anything else.
    """
    from decimal import Decimal  # exact 1.1万; not loaded for labels (query, headings)

    key = text.strip()
    try:
        if match := re.fullmatch(_ARABIC, key):
            value = Decimal(match[1]) * _scale(match[2])
        elif match := re.fullmatch(_CHINESE_DECIMAL, key):
            whole = _integer(match[1], leading=True) if match[1] not in ("零", "〇") else 0
            fraction = "".join(str(_DIGITS[c]) for c in match[2])
            value = (whole + Decimal(f"0.{fraction}")) * _scale(match[3])
        else:
            return from_chinese(key)
    except (_Malformed, ValueError):
        raise ValueError(f"“{text}”不是数字") from None
    return int(value) if value == value.to_integral_value() else float(value)


def _scale(marks: str) -> int:
    factor = 1
    for mark in marks:
        factor *= _SCALE[mark]
    return factor
