from datetime import datetime, time

import pytest

from app.core.entry import ALIASES, EntryError, backwards, parse_entry, resolve_clock
from app.core.metrics import METRICS

GOOD = [
    ("v 3500", {"viewers": 3500}),
    ("viewers 3,500", {"viewers": 3500}),
    ("V 3500", {"viewers": 3500}),
    ("v3500", {"viewers": 3500}),
    ("在线 1.2万", {"viewers": 12000}),
    ("人数 3500", {"viewers": 3500}),
    ("在线人数 ３５００", {"viewers": 3500}),
    ("gmv 1.2万", {"gmv": 1_200_000}),
    ("GMV ¥98万", {"gmv": 98_000_000}),
    ("成交 56.8w", {"gmv": 56_800_000}),
    ("销售额 3.45亿", {"gmv": 34_500_000_000}),
    ("gmv 1,234.56", {"gmv": 123_456}),
    ("dwell 1:35", {"dwell_seconds": 950}),
    ("dwell 95", {"dwell_seconds": 950}),
    ("停留 1分35秒", {"dwell_seconds": 950}),
    ("人均停留时长 82.5", {"dwell_seconds": 825}),
    ("o 120 f 45", {"orders": 120, "new_followers": 45}),
    ("orders 120, buyers 100", {"orders": 120, "buyers": 100}),
    ("人数 3500 成交 56.8w", {"viewers": 3500, "gmv": 56_800_000}),
    ("人数3500成交56.8w", {"viewers": 3500, "gmv": 56_800_000}),
    ("成交人数 88", {"buyers": 88}),
    ("成交订单数 120", {"orders": 120}),
    ("订单 120；涨粉 30", {"orders": 120, "new_followers": 30}),
    ("uv 2.3万 pv 4.1万", {"watch_uv": 23_000, "watch_pv": 41_000}),
    ("累计观看 23000", {"watch_uv": 23_000}),
    ("观看次数 4.1万", {"watch_pv": 41_000}),
    ("clicks 2k", {"product_clicks": 2000}),
    ("点击 1200", {"product_clicks": 1200}),
    ("likes 12万 comments 3k", {"likes": 120_000, "comments": 3000}),
    ("点赞 12万 评论 3000", {"likes": 120_000, "comments": 3000}),
    ("spend 5000", {"ad_spend": 500_000}),
    ("消耗 1.5万", {"ad_spend": 1_500_000}),
    ("投流 2000元", {"ad_spend": 200_000}),
    ("refunds 800", {"refunds": 80_000}),
    ("退款 1.2k", {"refunds": 120_000}),
    ("  v   3500   ", {"viewers": 3500}),
    ("ｖ　３５００", {"viewers": 3500}),
    ("fans 45", {"new_followers": 45}),
]

BAD = [
    ("", "Type a metric"),
    ("   ", "Type a metric"),
    ("3500", "names no metric"),
    ("hello 5", "names no metric"),
    ("3500 v", "comes before any metric"),
    ("v", "needs a value"),
    ("gmv", "needs a value"),
    ("v abc", "not a number"),
    ("v 1.5", "whole number"),
    ("v 3500 v 3600", "appears twice"),
    ("gmv 1万2", "ambiguous"),
    ("v -5", "cannot be negative"),
    ("dwell 1:75", "below 60"),
    ("v 3500 @25:00", "not a time of day"),
    ("v 3500 @noon", "@21:03"),
    ("v @21:00 3500", "@ goes at the end"),
    ("gmv 1,2", "comma groups thousands"),
]


@pytest.mark.parametrize(("line", "values"), GOOD)
def test_accepts(line: str, values: dict[str, int]) -> None:
    entry = parse_entry(line)
    assert entry.values == values
    assert entry.at is None


@pytest.mark.parametrize(("line", "fragment"), BAD)
def test_refuses_with_a_helpful_message(line: str, fragment: str) -> None:
    with pytest.raises(EntryError, match=fragment):
        parse_entry(line)


def test_table_is_big_enough() -> None:
    assert len(GOOD) + len(BAD) >= 40


def test_clock_time() -> None:
    entry = parse_entry("gmv 98万 @21:03")
    assert entry.values == {"gmv": 98_000_000}
    assert entry.at == time(21, 3)
    assert parse_entry("v 10 @ 9:05:30").at == time(9, 5, 30)


def test_clock_resolves_to_the_most_recent_past_moment() -> None:
    now = datetime(2026, 11, 25, 0, 10)
    assert resolve_clock(time(23, 50), now) == datetime(2026, 11, 24, 23, 50)
    assert resolve_clock(time(0, 5), now) == datetime(2026, 11, 25, 0, 5)


def test_every_metric_has_english_and_chinese_aliases() -> None:
    assert set(ALIASES) == set(METRICS)
    for key, aliases in ALIASES.items():
        assert any(a.isascii() for a in aliases), key
        assert any(not a.isascii() for a in aliases), key


def test_backwards_only_for_cumulative_metrics() -> None:
    latest = {"gmv": 98_000_000, "viewers": 5000, "orders": 10}
    values = parse_entry("gmv 1.2万 v 3000 o 12").values
    assert backwards(values, latest) == ["gmv"]
