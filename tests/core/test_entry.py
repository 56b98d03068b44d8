from datetime import datetime, time, timedelta, timezone

import pytest

from app.core.entry import (
    ALIASES,
    EntryError,
    SessionSpan,
    clock_in_session,
    contradictions,
    metric_key,
    parse_entry,
)
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


def _ms(dt: datetime) -> int:
    return round(dt.timestamp() * 1000)


CST = timezone(timedelta(hours=8))


def test_clock_resolves_to_the_most_recent_moment_within_the_session() -> None:
    # A session in Beijing time that runs past midnight, read on a laptop in any zone.
    span = SessionSpan(_ms(datetime(2026, 11, 24, 22, 0, tzinfo=CST)), 480,
                       _ms(datetime(2026, 11, 25, 0, 10, tzinfo=CST)))  # fmt: skip
    assert clock_in_session(time(23, 50), span) == _ms(datetime(2026, 11, 24, 23, 50, tzinfo=CST))
    assert clock_in_session(time(0, 5), span) == _ms(datetime(2026, 11, 25, 0, 5, tzinfo=CST))


def test_a_time_later_than_now_is_refused_not_moved_to_yesterday() -> None:
    # Once stored 23.7 h before the session started.
    start = datetime(2026, 11, 25, 7, 0, tzinfo=CST)
    span = SessionSpan(_ms(start), 480, _ms(datetime(2026, 11, 25, 7, 20, tzinfo=CST)))
    with pytest.raises(EntryError, match=r"@07:35 is later than now.*07:00:00 – 07:20:00"):
        clock_in_session(time(7, 35), span, with_seconds=False)
    # Within the tolerance it is now.
    assert clock_in_session(time(7, 20, 40), span) == span.now_ms


def test_a_time_before_the_session_started_is_refused() -> None:
    start = datetime(2026, 11, 25, 7, 0, 30, tzinfo=CST)
    span = SessionSpan(_ms(start), 480, _ms(datetime(2026, 11, 25, 7, 20, tzinfo=CST)))
    with pytest.raises(EntryError, match=r"@06:59 is before this session started.*07:00:30"):
        clock_in_session(time(6, 59), span, with_seconds=False)
    # The minute it started in, typed without seconds, is its start.
    assert clock_in_session(time(7, 0), span, with_seconds=False) == span.started_ms
    with pytest.raises(EntryError, match="before this session started"):
        clock_in_session(time(7, 0, 10), span)


def test_every_metric_has_english_and_chinese_aliases() -> None:
    whole = {k for k in ALIASES if "." not in k}
    assert whole == set(METRICS)
    for key in whole:
        assert any(a.isascii() for a in ALIASES[key]), key
        assert any(not a.isascii() for a in ALIASES[key]), key
    for key in set(ALIASES) - whole:  # by channel: Chinese names; gmv.paid in English
        assert key in METRICS, key


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("曝光 5万 进入 3200 付费流量 800 自然流量 2100",
         {"impressions": 50_000, "entries": 3200, "entries.paid": 800, "entries.natural": 2100}),
        ("gmv.paid 1.2万 gmv.natural 3万", {"gmv.paid": 1_200_000, "gmv.natural": 3_000_000}),
        ("千川成交 2万 推荐进入 300", {"gmv.paid": 2_000_000, "entries.natural": 300}),
        ("entries.直播广场 30 exits 12", {"entries.直播广场": 30, "exits": 12}),
        ("进房 120 离开 80", {"entries": 120, "exits": 80}),
    ],
)  # fmt: skip
def test_the_funnel_and_channels_are_typed_as_operators_say_them(line: str, values: dict) -> None:
    assert parse_entry(line).values == values


def test_a_channel_on_a_metric_without_channels_is_explained() -> None:
    with pytest.raises(EntryError, match="not a metric by channel"):
        parse_entry("viewers.paid 30")
    assert metric_key("gmv.千川") == "gmv.paid" and metric_key("成交金额.付费") == "gmv.paid"
    assert metric_key("viewers.paid") is None


def test_running_totals_are_checked_against_both_neighbours_in_time() -> None:
    stored = {
        "gmv": [(1_000, 970_000.0), (5_000, 995_000.0)],
        "viewers": [(1_000, 5_000.0)],
        "orders": [(1_000, 10.0)],
    }

    def neighbours(key, ts):
        pts = stored.get(key, [])
        before = [p for p in pts if p[0] <= ts]
        after = [p for p in pts if p[0] > ts]
        return (before[-1] if before else None, after[0] if after else None)

    # Typed now: below the newest GMV (a typo); viewers are not a running total.
    values = parse_entry("gmv 1.2万 v 3000 o 12").values
    (c,) = contradictions(values, 9_000, neighbours)
    assert (c.metric, c.other_ms, c.later) == ("gmv", 5_000, False)
    # Back-dated between the two: 98万 fits, 99.6万 is above the later 99.5万.
    assert contradictions(parse_entry("gmv 98万").values, 3_000, neighbours) == []
    (c,) = contradictions(parse_entry("gmv 99.6万").values, 3_000, neighbours)
    assert (c.other_ms, c.other_value, c.later) == (5_000, 995_000.0, True)
    (c,) = contradictions(parse_entry("gmv 96万").values, 3_000, neighbours)
    assert (c.other_ms, c.later) == (1_000, False)
