"""The funnel's four rates, exact from the counters; missing inputs and zero
denominators; each rate against the median of the streamer's previous
sessions' rates; the first step below its median; the channels' shares, GMV
and GPM; the stacked plot's minutes from a session's buffers."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.funnel import (
    NO_HISTORY,
    STEP_DEFS,
    FunnelHistory,
    channel_minutes,
    channel_table,
    channels_of,
    entry_shares,
    final_values,
    funnel,
    gpm,
    latest_values,
    minute_count_done,
    minute_count_live,
    minute_increments,
    minute_totals,
    ordered_channels,
    rate,
)
from app.core.metrics import EVERY_SOURCE, Gap, Sample
from app.core.series import SeriesSet

FULL = {"impressions": 20_000, "entries": 1_000, "product_clicks": 300, "buyers": 45}


def test_the_four_steps_are_exact_fractions_of_the_counters() -> None:
    f = funnel(FULL)
    assert [s.key for s in f.steps] == [d.key for d in STEP_DEFS]
    assert [s.definition.label_zh for s in f.steps] == [
        "曝光进入率", "商品点击率", "点击成交率", "观看成交率",
    ]  # fmt: skip
    assert f.step("entry_rate").rate == Decimal("0.05")
    assert f.step("click_rate").rate == Decimal("0.3")
    assert f.step("click_to_buy").rate == Decimal("0.15")
    assert f.step("watch_to_buy").rate == Decimal("0.045")
    # exact, not a float: 1 of 3 is the Decimal division, not 0.333…(float)
    assert funnel({"entries": 3, "product_clicks": 1}).step("click_rate").rate == Decimal(1) / 3
    for s in f.steps:
        assert s.missing == () and not s.zero
        assert s.median is None and s.median_of == 0 and s.of_median is None
        assert s.rank == 1 and s.rank_of == 1
        assert not s.below and not s.act
    assert f.act is None


@pytest.mark.parametrize(
    ("drop", "steps_missing"),
    [
        ("impressions", {"entry_rate": ("impressions",)}),
        ("entries", {"entry_rate": ("entries",), "click_rate": ("entries",),
                     "watch_to_buy": ("entries",)}),
        ("product_clicks", {"click_rate": ("product_clicks",),
                            "click_to_buy": ("product_clicks",)}),
        ("buyers", {"click_to_buy": ("buyers",), "watch_to_buy": ("buyers",)}),
    ],
)  # fmt: skip
def test_a_missing_input_is_named_and_gives_no_rate(
    drop: str, steps_missing: dict[str, tuple[str, ...]]
) -> None:
    latest = {k: v for k, v in FULL.items() if k != drop}
    f = funnel(latest)
    for s in f.steps:
        want = steps_missing.get(s.key, ())
        assert s.missing == want
        assert (s.rate is None) == bool(want)
        if want:
            assert s.rank is None and s.rank_of == 0 and not s.zero


def test_nothing_read_yet_names_both_inputs() -> None:
    f = funnel({})
    assert f.step("entry_rate").missing == ("entries", "impressions")
    assert f.step("click_to_buy").missing == ("buyers", "product_clicks")
    assert all(s.rate is None for s in f.steps)


def test_a_zero_denominator_gives_no_rate_never_zero() -> None:
    f = funnel({"impressions": 0, "entries": 0, "product_clicks": 0, "buyers": 0})
    for s in f.steps:
        assert s.rate is None and s.zero and s.missing == ()
    # a zero numerator is a real 0 %
    g = funnel({"impressions": 500, "entries": 0})
    assert g.step("entry_rate").rate == 0 and not g.step("entry_rate").zero
    assert g.step("click_rate").missing == ("product_clicks",)
    assert rate(5, 0) is None and rate(None, 5) is None and rate(0, 5) == 0


def finals(*rows: tuple[int, int, int, int]) -> list[dict[str, int]]:
    keys = ("impressions", "entries", "product_clicks", "buyers")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def test_medians_are_of_the_sessions_rates_not_a_rate_of_medians() -> None:
    # entry rates 10 %, 5 %, 2 % → median 5 %; the rate of the median counts
    # (1,000 / 10,000 = 10 %) would be another number.
    h = FunnelHistory.from_finals(
        finals((1_000, 100, 50, 5), (10_000, 500, 100, 10), (100_000, 2_000, 200, 40))
    )
    assert h.sessions == 3
    assert h.medians["entry_rate"] == Decimal("0.05")
    assert h.rates["entry_rate"] == (Decimal("0.1"), Decimal("0.05"), Decimal("0.02"))
    assert h.medians["click_rate"] == Decimal("0.2")  # 0.5, 0.2, 0.1
    assert h.medians["click_to_buy"] == Decimal("0.1")  # 0.1, 0.1, 0.2
    assert h.medians["watch_to_buy"] == Decimal("0.02")  # 0.05, 0.02, 0.02
    # an even count: the mean of the middle two, exactly
    h2 = FunnelHistory.from_finals(finals((100, 10, 1, 1), (100, 20, 1, 1)))
    assert h2.medians["entry_rate"] == Decimal("0.15")


def test_sessions_without_a_rate_do_not_count_towards_its_median() -> None:
    h = FunnelHistory.from_finals(
        [{"entries": 100, "product_clicks": 10}, {"impressions": 0, "entries": 0}, {}]
    )
    assert h.sessions == 3
    assert "entry_rate" not in h.medians  # 0 impressions: no rate
    assert h.rates["click_rate"] == (Decimal("0.1"),)
    assert h.medians["click_rate"] == Decimal("0.1")
    f = funnel(FULL, h)
    assert f.step("entry_rate").median is None and f.step("entry_rate").median_of == 0
    assert f.step("click_rate").median_of == 1


def test_each_step_against_its_median_and_the_first_below_is_where_to_act() -> None:
    # medians: entry 5 %, click 20 %, click→buy 10 %, watch→buy 2 %
    h = FunnelHistory.from_finals(
        finals((1_000, 100, 50, 5), (10_000, 500, 100, 10), (100_000, 2_000, 200, 40))
    )
    # entry 6 % (above), clicks 15 % (below), click→buy 5 % (below), watch→buy 0.75 % (below)
    f = funnel({"impressions": 20_000, "entries": 1_200, "product_clicks": 180, "buyers": 9}, h)
    e, c, b, w = f.steps
    assert e.of_median == Decimal("1.2") and not e.below and not e.act
    assert c.of_median == Decimal("0.75") and c.below and c.act
    assert b.below and not b.act and w.below and not w.act
    assert f.act is c
    # ranks among this session and the three before it
    assert e.rank == 2 and e.rank_of == 4  # only 10 % is higher than 6 %
    assert c.rank == 3 and c.rank_of == 4  # 50 % and 20 % are higher than 15 %
    # at the median exactly is not below
    g = funnel({"impressions": 1_000, "entries": 50, "product_clicks": 10, "buyers": 1}, h)
    assert not g.step("entry_rate").below
    assert not any(s.below for s in g.steps) and g.act is None


def test_a_step_a_hair_below_its_median_is_not_where_to_act() -> None:
    """99 % of the median was marked "act here" (9.3 % against 9.4 %): the
    operator was sent to a step that was on par. A step must be at least 5 %
    below its median; the first such one is marked, a near miss before it not."""
    h = FunnelHistory.from_finals(finals((1_000, 100, 50, 5), (1_000, 100, 50, 5)))
    # entry 9.9 % (99 % of 10 %), clicks 40 % (80 % of 50 %)
    f = funnel({"impressions": 1_000, "entries": 99, "product_clicks": 40, "buyers": 4}, h)
    e, c = f.steps[0], f.steps[1]
    assert e.below and not e.act, "a hair below: below, but not the place to act"
    assert c.act and f.act is c
    on_par = funnel({"impressions": 1_000, "entries": 99, "product_clicks": 49, "buyers": 5}, h)
    assert on_par.act is None, "nothing clearly below: no step is marked"


def test_a_step_without_a_rate_is_never_the_place_to_act() -> None:
    h = FunnelHistory.from_finals(finals((1_000, 100, 50, 5)))
    f = funnel({"entries": 100, "product_clicks": 10, "buyers": 5}, h)
    assert f.step("entry_rate").missing == ("impressions",)
    assert not f.step("entry_rate").below
    assert f.act is f.step("click_rate")  # 10 % against 50 %


def test_a_zero_median_has_no_fraction_and_nothing_is_below_it() -> None:
    h = FunnelHistory.from_finals(finals((1_000, 0, 0, 0), (500, 0, 0, 0)))
    assert h.medians["entry_rate"] == 0
    f = funnel(FULL, h)
    assert f.step("entry_rate").of_median is None and not f.step("entry_rate").below


# -- channels ------------------------------------------------------------------------------


def test_channels_are_ordered_known_first_then_by_name() -> None:
    assert ordered_channels(["zeta", "paid", "natural", "alpha", "search"]) == [
        "natural", "search", "paid", "alpha", "zeta",
    ]  # fmt: skip
    keys = ["entries.paid", "gmv.mall", "entries.natural", "entries", "entries.tuan"]
    assert channels_of(keys) == ["natural", "paid", "tuan"]
    assert channels_of(keys, "gmv") == ["mall"]


def test_channel_table_shares_gmv_and_gpm() -> None:
    latest = {
        "entries": 1_000,
        "entries.natural": 600,
        "entries.paid": 300,
        "entries.tuan": 100,  # a channel the catalogue does not know, by its name
        "gmv.natural": 1_200_000,  # ¥12,000
        "gmv.paid": 150_050,
        "gmv.mall": 5_000,  # GMV without entries by that channel
    }
    t = channel_table(latest)
    assert t.channels == ["natural", "mall", "paid", "tuan"]
    assert t.total_entries == 1_000 and t.unattributed is None
    n = t.row("natural")
    assert n.share == Decimal("0.6") and n.gmv_fen == 1_200_000
    assert n.gpm == Decimal(20_000)  # ¥12,000 per 600 entries = ¥20,000 per 1,000
    assert t.row("paid").gpm == Decimal("5001.666666666666666666666667")
    assert t.row("tuan").share == Decimal("0.1") and not t.row("tuan").known
    assert t.row("tuan").gmv_fen is None and t.row("tuan").gpm is None
    mall = t.row("mall")
    assert mall.entries is None and mall.share is None and mall.gpm is None and mall.known
    assert gpm(100, 0) is None and gpm(None, 10) is None


def test_shares_are_of_the_whole_and_the_rest_is_unattributed() -> None:
    t = channel_table({"entries": 1_000, "entries.paid": 250, "entries.natural": 250})
    assert t.row("paid").share == Decimal("0.25") and t.unattributed == 500
    # a whole that lags its channels: the shares are of the channels' sum
    t2 = channel_table({"entries": 100, "entries.paid": 150, "entries.natural": 50})
    assert t2.total_entries == 200 and t2.row("paid").share == Decimal("0.75")
    assert t2.unattributed is None
    # no whole at all
    assert entry_shares({"entries.paid": 1, "entries.other": 3}) == {
        "paid": Decimal("0.25"), "other": Decimal("0.75")
    }  # fmt: skip
    assert entry_shares({"entries.paid": 0}) == {} and entry_shares({"entries": 5}) == {}
    empty = channel_table({"entries": 10})
    assert empty.rows == () and empty.total_entries is None and empty.unattributed is None


def test_median_shares_over_sessions_with_entries_by_channel() -> None:
    h = FunnelHistory.from_finals(
        [
            {"entries.natural": 80, "entries.paid": 20},
            {"entries.natural": 50, "entries.paid": 50},
            {"entries.natural": 30, "entries.paid": 60, "entries.tuan": 10},
            {"entries": 500},  # no channels: not counted
        ]
    )
    assert h.channel_sessions == 3 and h.sessions == 4
    assert h.median_shares["natural"] == Decimal("0.5")
    assert h.median_shares["paid"] == Decimal("0.5")
    # absent where a session listed channels but not this one: it brought none there
    assert h.shares["tuan"] == (Decimal(0), Decimal(0), Decimal("0.1"))
    assert h.median_shares["tuan"] == 0
    t = channel_table({"entries.natural": 30, "entries.paid": 70}, h)
    assert t.row("paid").median_share == Decimal("0.5")
    assert t.row("paid").share_change == Decimal("0.2")
    assert t.row("natural").share_change == Decimal("-0.2")
    assert channel_table({"entries.paid": 1}).row("paid").share_change is None
    assert NO_HISTORY.median_shares == {}


# -- from a session's readings ---------------------------------------------------------


def test_latest_and_final_values_read_only_what_the_views_need() -> None:
    s = SeriesSet(0)
    s.add_samples(
        [
            Sample(1_000, {"entries": 5, "viewers": 9, "gmv.paid": 1_234, "entries.paid": 2}),
            Sample(2_000, {"entries": 7, "impressions": 90, "gmv": 5_000}),
        ]
    )
    assert latest_values(s) == {"entries": 7, "impressions": 90, "gmv.paid": 1_234,
                                "entries.paid": 2}  # fmt: skip
    s.add_gap(Gap(EVERY_SOURCE, 3_000, 4_000, "down"))
    assert latest_values(s)["entries"] == 7  # the gap marker is not a reading
    ts = np.array([1_000, 2_000], dtype=np.int64)
    cols = SessionColumns(
        (
            SourceColumns("http", {"buyers": Column(ts, np.array([3, 8])),
                                   "viewers": Column(ts, np.array([1, 2]))}),
            SourceColumns("manual", {"buyers": Column(ts[:1] + 500, np.array([4]))}),
        )
    )  # fmt: skip
    assert final_values(cols) == {"buyers": 8}


def test_minute_totals_and_increments() -> None:
    t = np.array([10.0, 59.0, 60.0, 130.0, 200.0, 250.0])
    v = np.array([1.0, 2.0, 4.0, 9.0, np.nan, 20.0])
    totals, present = minute_totals(t, v, 5)
    # minute 0 ends at 60 s (a reading on the mark belongs to it), 1 at 120 s …
    assert present.tolist() == [True, True, True, False, True]
    assert totals.tolist() == [4.0, 4.0, 9.0, 0.0, 20.0]
    inc = minute_increments(totals, present)
    assert inc[:3].tolist() == [4.0, 0.0, 5.0]
    assert np.isnan(inc[3]) and np.isnan(inc[4])  # the minute after a gap: unknown
    totals, present = minute_totals(np.array([90.0]), np.array([3.0]), 2)
    assert present.tolist() == [False, True]
    assert np.isnan(minute_increments(totals, present)).tolist() == [True, True]
    assert minute_totals(np.empty(0), np.empty(0), 3)[1].tolist() == [False] * 3


def test_channel_minutes_stack_the_channels_bottom_to_top() -> None:
    s = SeriesSet(0)
    s.add_samples(
        Sample(k * 30_000, {"entries.paid": 3 * k, "entries.natural": 10 * k, "entries.zz": k})
        for k in range(1, 9)
    )  # readings every 30 s for 4 minutes
    assert minute_count_live(s) == 4 and minute_count_done(s) == 4
    m = channel_minutes(s, minute_count_live(s))
    assert m.channels == ("natural", "paid", "zz")
    assert m.x().tolist() == [60.0, 120.0, 180.0, 240.0]
    assert m.increments["natural"].tolist() == [20.0] * 4
    natural, paid, zz = m.stacked()
    assert natural.tolist() == [20.0] * 4
    assert paid.tolist() == [26.0] * 4 and zz.tolist() == [28.0] * 4
    # one channel unknown in a minute breaks every band there
    s.add_samples([Sample(250_000, {"entries.paid": 30})])
    s.add_gap(Gap("manual", 260_000, 400_000, "down"))
    s.add_samples([Sample(400_000, {"entries.paid": 40, "entries.natural": 100, "entries.zz": 9})])
    m = channel_minutes(s, minute_count_done(s))
    assert m.minutes == 7
    tops = m.stacked()
    assert np.isnan(tops[0][5]) and np.isnan(tops[2][5]) and not np.isnan(tops[0][3])
    assert channel_minutes(SeriesSet(0), 3).stacked() == []
