from decimal import Decimal

import pytest

from app.core.numbers import (
    NumberFormat,
    NumberParseError,
    format_elapsed,
    parse_duration,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3500", "3500"),
        ("1,234", "1234"),
        ("1,234,567", "1234567"),
        ("1.2万", "12000"),
        ("3.5w", "35000"),
        ("3.5W", "35000"),
        ("2k", "2000"),
        ("2K", "2000"),
        ("3千", "3000"),
        ("¥98万", "980000"),
        ("￥1,234.50", "1234.50"),
        ("1234元", "1234"),
        ("１２３", "123"),
        ("１．２万", "12000"),
        ("3.45亿", "345000000"),
        ("1亿2000万", "120000000"),
        ("  56.8w ", "568000"),
        (".5万", "5000"),
        ("0", "0"),
    ],
)
def test_parse_number_accepts_what_operators_type(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("abc", "not a number"),
        ("1,2", "comma groups thousands"),
        ("1万2", "ambiguous"),
        ("2000万1亿", "large to small"),
        ("-5", "cannot be negative"),
        ("1.2.3", "not a number"),
        ("12x", "not a number"),
    ],
)
def test_parse_number_explains_bad_input(text: str, fragment: str) -> None:
    with pytest.raises(NumberParseError, match=fragment):
        parse_number(text)


def test_parse_number_negative_when_allowed() -> None:
    assert parse_number("-1.5万", allow_negative=True) == Decimal(-15000)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("95", 95), ("1:35", 95), ("1:02:03", 3723), ("1m35s", 95), ("1分35秒", 95), ("95s", 95)],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "1:75", "abc", "1:2:3:4"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(NumberParseError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "count", "money"),
    [
        (0, "0", "¥0"),
        (999, "999", "¥999"),
        (3500, "3,500", "¥3,500"),
        (9999, "9,999", "¥9,999"),
        (10000, "1万", "¥1万"),
        (12000, "1.2万", "¥1.2万"),
        (12345, "1.23万", "¥1.23万"),
        (1_000_000, "100万", "¥100万"),
        (99_999_999, "1亿", "¥1亿"),
        (345_000_000, "3.45亿", "¥3.45亿"),
        (-12000, "-1.2万", "-¥1.2万"),
        (12_345_678_900, "123.46亿", "¥123.46亿"),
    ],
)
def test_format_count_and_money(value: int, count: str, money: str) -> None:
    fmt = NumberFormat()
    assert fmt.count(value) == count
    assert fmt.money(value) == money


def test_money_keeps_fen_below_wan_and_exact_form() -> None:
    fmt = NumberFormat()
    assert fmt.money(Decimal("1234.5")) == "¥1,234.50"
    assert fmt.money_exact(Decimal("1234567.8")) == "¥1,234,567.80"


def test_locale_separators_and_west_units() -> None:
    de = NumberFormat(group_sep=".", decimal_sep=",")
    assert de.count(3500) == "3.500"
    assert de.count(12000) == "1,2万"
    assert de.money(Decimal("1234.5")) == "¥1.234,50"
    west = NumberFormat(units="west")
    assert west.count(9999) == "9,999"
    assert west.count(10_000) == "10K"
    assert west.count(12_345) == "12.3K", "three significant digits"
    assert west.money(123_456) == "¥123K"
    assert west.money(99_960) == "¥100K" and west.count(999_999) == "1M", "rounded up a unit"
    assert west.count(1_234_567) == "1.23M"
    assert west.money(-12_345) == "-¥12.3K"
    assert west.count(3_450_000_000) == "3.45B"


def test_what_is_shown_in_k_and_m_reads_back() -> None:
    """An English user types what Genbo shows: 1.5M, 12.3K, 2B."""
    assert parse_number("1.5M") == 1_500_000 and parse_number("12.3k") == 12_300
    assert parse_number("¥1.23m") == 1_230_000
    west = NumberFormat(units="west")
    for v in (10_000, 12_300, 123_000, 1_230_000, 45_600_000):
        assert parse_number(west.count(v)) == v
    assert (
        west.count(Decimal("9999.5")) == "10K" and NumberFormat().count(Decimal("9999.5")) == "1万"
    )
    assert west.count(Decimal("9999.4")) == "9,999"
    with pytest.raises(NumberParseError):  # "b" is the entry line's buyers, not billions
        parse_number("2b")


def test_none_is_no_value() -> None:
    fmt = NumberFormat()
    assert fmt.count(None) == "—"
    assert fmt.money(None) == "—"
    assert fmt.ratio(None) == "—"
    assert fmt.percent(None) == "—"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (5, "0:05"), (754, "12:34"), (3723, "1:02:03"), (-5, "-0:05")],
)
def test_format_elapsed(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text


def test_money_typed_in_yuan_becomes_whole_fen() -> None:
    from app.core.numbers import NumberParseError, parse_money_fen

    assert parse_money_fen("123.4万") == 123_4000_00
    assert parse_money_fen("3.5w") == 3_5000_00
    assert parse_money_fen("¥1,234.50") == 1_234_50
    with pytest.raises(NumberParseError, match="parts of a fen"):
        parse_money_fen("3.333")


@pytest.mark.parametrize("text", ["1,2345", "12,3456", "1,2345.5", "1,2345万"])
def test_a_comma_group_must_be_three_digits(text: str) -> None:
    """Not 1,2345 → 12,345: a group of four digits is a misplaced comma."""
    with pytest.raises(NumberParseError, match="comma groups thousands"):
        parse_number(text)


@pytest.mark.parametrize(("text", "expected"), [("1,234.5万", "12345000"), ("12,345k", "12345000")])
def test_comma_groups_before_decimals_and_units_still_read(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)
