"""core/numerals: Chinese numerals both ways, checked against cn2an (a test-only dependency)."""

from __future__ import annotations

import random

import cn2an  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zygj.core.numerals import from_chinese, parse_number, to_chinese


def sample() -> list[int]:
    """Every number to 10 000, then 500 of each length up to 16 digits (cn2an's limit)."""
    rng = random.Random(18)
    numbers = list(range(10_001))
    for digits in range(5, 17):
        numbers += [rng.randrange(10 ** (digits - 1), 10**digits) for _ in range(500)]
        numbers += [10 ** (digits - 1), 10**digits - 1, 10 ** (digits - 1) + 1]
    return numbers


def test_written_as_cn2an_writes_below_one_hundred_million() -> None:
    wrong = [(n, to_chinese(n), cn2an.an2cn(n)) for n in sample() if n < 10**8]
    assert [w for w in wrong if w[1] != w[2]] == []


def test_cn2an_reads_what_we_write_and_we_read_what_cn2an_writes() -> None:
    # Above 10**8 cn2an leaves out the 零 of an empty 万 group (一亿二千 for 100002000);
    # both spellings must still read as the same number.
    numbers = sample()
    assert [n for n in numbers if cn2an.cn2an(to_chinese(n), "strict") != n] == []
    assert [n for n in numbers if from_chinese(cn2an.an2cn(n)) != n] == []
    assert [n for n in numbers if from_chinese(to_chinese(n)) != n] == []


@given(st.integers(min_value=0, max_value=10**40))
def test_any_size_reads_back(number: int) -> None:
    assert from_chinese(to_chinese(number)) == number


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_cn2an_reads_any_number_we_write(number: int) -> None:
    assert cn2an.cn2an(to_chinese(number), "strict") == number


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (10_000, "一万"),
        (10_005, "一万零五"),
        (100_010, "十万零一十"),
        (10**8, "一亿"),
        (100_002_000, "一亿零二千"),
        (10**9, "十亿"),
        (10**12, "一万亿"),
        (10**16, "一亿亿"),
        (12 * 10**16 + 3, "十二亿亿零三"),
    ],
)
def test_to_chinese_boundaries(number: int, text: str) -> None:
    assert to_chinese(number) == text
    assert from_chinese(text) == number


def test_one_hundred_and_fifty_million_spoken() -> None:
    assert from_chinese("一亿五") == 150_000_000  # cn2an fails on this one (KeyError)


def test_the_headings_of_a_long_document_go_past_ten() -> None:
    assert [to_chinese(n) for n in range(9, 13)] == ["九", "十", "十一", "十二"]


def test_a_negative_number_has_no_chinese_label() -> None:
    with pytest.raises(ValueError) as caught:
        to_chinese(-1)
    assert str(caught.value) == "负数没有中文序号：-1"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("两", 2), ("两百", 200), ("两万", 20_000), ("〇", 0), ("一百〇五", 105),
        # Spoken shortening: a digit after the unit stands for the next place down.
        ("一百五", 150), ("一千五", 1500), ("一万五", 15_000), ("十三万六", 136_000),
        ("一亿五百万", 105_000_000), (" 十二 ", 12),
    ],
)  # fmt: skip
def test_from_chinese_reads_as_cn2an_does(text: str, number: int) -> None:
    assert from_chinese(text) == number
    assert cn2an.cn2an(text.strip(), "normal") == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "十十",
        "百",
        "十百",
        "一二",
        "二〇二三",
        "一百零十",
        "一百零",
        "零五",
        "万",
        "十万十",
        "一万零五千",
        "二三十",
        "12",
        "十二个",
        "一万万",
    ],
)
def test_from_chinese_refuses_what_is_not_one_numeral(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        from_chinese(text)
    assert str(caught.value) == f"“{text}”不是中文数字"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("15", 15),
        ("1.5", 1.5),
        ("1.5万", 15_000),
        ("1.1万", 11_000),
        ("3千万", 30_000_000),
        ("2.5亿", 250_000_000),
        ("1万亿", 10**12),
        ("十万", 100_000),
        ("两万", 20_000),
        ("一点五", 1.5),
        ("零点五", 0.5),
        ("一点五万", 15_000),
        ("０.５", 0.5),
    ],
)
def test_parse_number(text: str, number: float) -> None:
    value = parse_number(text)
    assert value == number
    assert isinstance(value, int) == (number == int(number))


def test_parse_number_agrees_with_cn2an_smart() -> None:
    texts = ["15", "1.5万", "3千万", "2.5亿", "十万", "两万", "一点五", "一百零五"]
    assert [parse_number(t) for t in texts] == [cn2an.cn2an(t, "smart") for t in texts]


@pytest.mark.parametrize("text", ["", "1.5.1", "万", "1.5万千", "一点", "点五", "1,000", "一二"])
def test_parse_number_refuses_what_is_not_a_figure(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(text)
    assert str(caught.value) == f"“{text}”不是数字"
