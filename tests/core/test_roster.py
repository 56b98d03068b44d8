"""The leap ladder's arithmetic on a hand-made January 2026 (31 days), in fen."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.library import StreamerMonth
from app.core.roster import (
    LEAP_THRESHOLDS_FEN,
    GmvBasis,
    MonthPhase,
    add_months,
    days_in_month,
    describe_schedule,
    first_crossings,
    format_clock,
    format_month,
    month_gmv,
    months_between,
    parse_clock,
    parse_month,
    parse_weekdays,
    provider_summary,
    standing,
    thresholds_from_yuan,
    thresholds_to_yuan,
)
from app.core.session import ScheduleSlot

WAN = 10_000 * 100  # 1万 yuan in fen
T50, T200, T500 = LEAP_THRESHOLDS_FEN
JAN = 202601


def sm(
    sid: int, month: int, gmv: int, sessions: int = 10, platform: int | None = None
) -> StreamerMonth:
    return StreamerMonth(sid, month, sessions, gmv, platform, None if platform is None else "typed")


def test_the_ladder_is_50_200_500_wan_in_fen() -> None:
    assert (
        LEAP_THRESHOLDS_FEN
        == (50 * WAN, 200 * WAN, 500 * WAN)
        == (50_000_000, 200_000_000, 500_000_000)
    )


# -- months ------------------------------------------------------------------------------
def test_month_arithmetic_on_calendar_months() -> None:
    assert add_months(202512, 1) == 202601
    assert add_months(202601, -1) == 202512
    assert add_months(202601, -12) == 202501
    assert add_months(202603, -14) == 202501
    assert add_months(202611, 14) == 202801
    assert days_in_month(202601) == 31
    assert days_in_month(202602) == 28
    assert days_in_month(202402) == 29
    assert days_in_month(210002) == 28  # not a leap year
    assert days_in_month(202604) == 30
    assert months_between(202511, 202602) == [202511, 202512, 202601, 202602]
    assert months_between(202602, 202601) == []


@pytest.mark.parametrize(
    ("text", "month"),
    [("2026-03", 202603), ("2026/3", 202603), ("202603", 202603), ("2026年3月", 202603),
     (" 2025-12 ", 202512)],
)  # fmt: skip
def test_months_are_read_the_way_they_are_typed(text: str, month: int) -> None:
    assert parse_month(text) == month
    assert format_month(month) == f"{month // 100}-{month % 100:02d}"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "March", "26-03", ""])
def test_a_month_that_is_not_one_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError, match="month"):
        parse_month(text)


def test_thresholds_from_the_settings_yuan() -> None:
    assert thresholds_from_yuan([500_000, 2_000_000, 5_000_000]) == LEAP_THRESHOLDS_FEN
    assert thresholds_from_yuan([2_000_000, 500_000, 500_000, -1, 0, "x"]) == (T50, T200)
    assert thresholds_from_yuan([0.015]) == (2,)  # rounded to the fen, half up
    assert thresholds_from_yuan([]) == LEAP_THRESHOLDS_FEN
    assert thresholds_to_yuan(LEAP_THRESHOLDS_FEN) == [500_000, 2_000_000, 5_000_000]
    assert thresholds_to_yuan((12_345,)) == [123.45]


# -- one streamer --------------------------------------------------------------------------
def test_crossing_200wan_on_the_last_day_of_the_month() -> None:
    """Seen on the 30th she needs 10万 in one day; her 31st session crosses."""
    history = [sm(1, 202511, 80 * WAN), sm(1, 202512, 150 * WAN)]
    before = standing(1, JAN, date(2026, 1, 30), sm(1, JAN, 190 * WAN, 29), history)
    assert before.phase is MonthPhase.CURRENT
    assert before.next_threshold_fen == T200
    assert before.remaining_fen == 10 * WAN
    assert before.progress == 0.95
    assert (before.days_elapsed, before.days_left) == (30, 1)
    assert before.pace_needed_fen == 10 * WAN
    assert before.pace_so_far_fen == 6_333_333  # 190万 / 30 days, in fen
    assert before.on_pace is False
    assert before.projected_crossing is None  # day 32 at the pace so far
    assert before.leaps[1].first_month is None

    last = standing(1, JAN, date(2026, 1, 31), sm(1, JAN, T200, 30), history)
    assert last.gmv_fen == T200 and last.basis is GmvBasis.RECORDED
    assert last.next_threshold_fen == T500
    assert last.remaining_fen == 300 * WAN
    assert last.progress == 0.4
    assert (last.days_elapsed, last.days_left) == (31, 0)
    assert last.pace_needed_fen is None, "no day left to spread it over"
    assert last.pace_so_far_fen == 6_451_613  # 2亿 fen / 31, half up
    assert last.projected_crossing is None
    assert [(lp.threshold_fen, lp.first_month, lp.crossed_this_month, lp.first_time_this_month)
            for lp in last.leaps] == [
        (T50, 202511, True, False),
        (T200, JAN, True, True),
        (T500, None, False, False),
    ]  # fmt: skip
    assert last.first_time_leaps == (T200,)
    assert [lp.threshold_fen for lp in last.past_leaps] == [T50, T200]

    one_fen_short = standing(1, JAN, date(2026, 1, 31), sm(1, JAN, T200 - 1, 30), history)
    assert one_fen_short.next_threshold_fen == T200
    assert one_fen_short.remaining_fen == 1
    assert one_fen_short.first_time_leaps == ()


def test_partly_recorded_sessions_use_the_platform_figure() -> None:
    """Genbo recorded 30万 of her month; the platform says 62.5万."""
    row = sm(2, JAN, 30 * WAN, sessions=6, platform=625_000_00)
    assert month_gmv(row) == (625_000_00, GmvBasis.PLATFORM)
    st = standing(2, JAN, date(2026, 1, 20), row, [])
    assert st.basis is GmvBasis.PLATFORM
    assert (st.gmv_fen, st.recorded_gmv_fen, st.platform_gmv_fen) == (
        625_000_00,
        30 * WAN,
        625_000_00,
    )
    assert st.platform_source == "typed"
    assert not st.platform_below_recorded
    assert st.sessions == 6
    assert st.next_threshold_fen == T200
    assert st.remaining_fen == 137_500_000
    assert st.progress == 0.3125
    assert st.days_left == 11
    assert st.pace_needed_fen == 12_500_000  # 137.5万 over 11 days
    assert st.pace_so_far_fen == 3_125_000  # 62.5万 over 20 days
    assert st.leaps[0].first_time_this_month  # 50万 reached on the platform's figure
    # At 3.125万 a day 200万 is reached on day 64: not this month.
    assert st.projected_crossing is None


def test_a_platform_figure_below_the_recorded_sum_is_used_and_flagged() -> None:
    st = standing(3, JAN, date(2026, 1, 20), sm(3, JAN, 55 * WAN, platform=48 * WAN), [])
    assert st.gmv_fen == 48 * WAN and st.basis is GmvBasis.PLATFORM
    assert st.platform_below_recorded
    assert st.next_threshold_fen == T50
    assert not st.leaps[0].crossed_this_month


def test_a_pace_that_crosses_within_the_month_gives_the_day() -> None:
    st = standing(4, JAN, date(2026, 1, 10), sm(4, JAN, 40 * WAN), [])
    assert st.pace_so_far_fen == 4 * WAN
    assert st.remaining_fen == 10 * WAN
    assert st.days_left == 21
    assert st.pace_needed_fen == 476_191  # 10万 / 21 days, rounded up
    assert st.on_pace is True
    # 44万 at the end of the 11th, 48万 the 12th, 52万 the 13th.
    assert st.projected_crossing == date(2026, 1, 13)


def test_the_projection_lands_on_the_month_end_or_not_at_all() -> None:
    # 1.6万 a day over 25 days: 49.6万 by the 31st, short of 50万.
    assert standing(5, JAN, date(2026, 1, 25), sm(5, JAN, 40 * WAN), []).projected_crossing is None
    # 1.625万 a day over 24 days (39万): 50.375万 on the 31st exactly.
    st = standing(5, JAN, date(2026, 1, 24), sm(5, JAN, 39 * WAN), [])
    assert st.projected_crossing == date(2026, 1, 31)


def test_nothing_this_month() -> None:
    st = standing(6, JAN, date(2026, 1, 5), None, [sm(6, 202512, 70 * WAN)])
    assert (st.gmv_fen, st.sessions, st.basis) == (0, 0, GmvBasis.RECORDED)
    assert st.next_threshold_fen == T50 and st.progress == 0.0
    assert st.pace_so_far_fen == 0
    assert st.pace_needed_fen == 1_923_077  # 50万 over 26 days, rounded up
    assert st.projected_crossing is None
    assert st.leaps[0].first_month == 202512 and not st.leaps[0].crossed_this_month


def test_past_the_top_of_the_ladder() -> None:
    st = standing(7, JAN, date(2026, 1, 12), sm(7, JAN, 520 * WAN), [])
    assert st.next_threshold_fen is None
    assert (st.remaining_fen, st.progress) == (0, 1.0)
    assert st.pace_needed_fen is None and st.projected_crossing is None
    assert st.first_time_leaps == (T50, T200, T500)


def test_a_past_month_is_paced_over_all_its_days() -> None:
    st = standing(8, 202512, date(2026, 1, 3), sm(8, 202512, 31 * WAN), [])
    assert st.phase is MonthPhase.PAST
    assert (st.days_in_month, st.days_elapsed, st.days_left) == (31, 31, 0)
    assert st.pace_so_far_fen == WAN
    assert st.pace_needed_fen is None and st.projected_crossing is None
    feb = standing(8, 202602, date(2026, 3, 1), sm(8, 202602, 28 * WAN), [])
    assert (feb.days_elapsed, feb.pace_so_far_fen) == (28, WAN)


def test_a_future_month_has_no_pace_so_far() -> None:
    st = standing(9, 202602, date(2026, 1, 20), None, [])
    assert st.phase is MonthPhase.FUTURE
    assert (st.days_elapsed, st.days_left) == (0, 28)
    assert st.pace_so_far_fen is None
    assert st.pace_needed_fen == 1_785_715  # 50万 / 28, rounded up


def test_leaps_ignore_months_after_the_viewed_one() -> None:
    history = [sm(10, 202512, 10 * WAN), sm(10, 202602, 300 * WAN)]
    st = standing(10, JAN, date(2026, 3, 5), sm(10, JAN, 60 * WAN), history)
    assert [lp.first_month for lp in st.leaps] == [JAN, None, None]
    assert first_crossings(history, LEAP_THRESHOLDS_FEN) == {T50: 202602, T200: 202602, T500: None}


def test_a_custom_ladder() -> None:
    st = standing(
        11, JAN, date(2026, 1, 15), sm(11, JAN, 15 * WAN), [], thresholds=(20 * WAN, 10 * WAN)
    )
    assert st.next_threshold_fen == 20 * WAN
    assert [lp.threshold_fen for lp in st.leaps] == [10 * WAN, 20 * WAN]


# -- the provider --------------------------------------------------------------------------
def test_provider_summary_counts_first_times_and_repeats_across_the_year_end() -> None:
    rows = [
        # 1: 50万 first in Nov, 200万 first in January (on the last day)
        sm(1, 202511, 80 * WAN), sm(1, 202512, 150 * WAN), sm(1, JAN, T200),
        # 2: partly recorded, the platform's 62.5万 is her first 50万
        sm(2, JAN, 30 * WAN, platform=625_000_00),
        # 3: crossed 50万 in December and again in January (a repeat)
        sm(3, 202512, 51 * WAN), sm(3, JAN, 52 * WAN),
        # 4: recorded 55万 but the platform says 48万: not crossed
        sm(4, JAN, 55 * WAN, platform=48 * WAN),
        # 5: 500万 in February 2025 (outside the 12 months), 600万 again now
        sm(5, 202502, 510 * WAN), sm(5, 202501, 10 * WAN), sm(5, JAN, 600 * WAN),
        # 6: a later month must not count
        sm(6, 202602, 900 * WAN),
    ]  # fmt: skip
    s = provider_summary(JAN, rows)
    assert s.thresholds == LEAP_THRESHOLDS_FEN
    assert [m.month for m in s.history] == months_between(202502, JAN)
    assert len(s.history) == 12
    now = s.current
    assert now.month == JAN
    assert [(c.threshold_fen, c.crossed, c.first_time) for c in now.counts] == [
        (T50, 4, 1),  # 1, 2, 3, 5 crossed; only 2 for the first time
        (T200, 2, 1),  # 1 (first), 5 (repeat)
        (T500, 1, 0),  # 5, a repeat
    ]
    dec = s.history[-2]
    assert dec.month == 202512
    assert [(c.crossed, c.first_time) for c in dec.counts] == [(2, 1), (0, 0), (0, 0)]
    assert [(c.crossed, c.first_time) for c in s.history[-3].counts] == [(1, 1), (0, 0), (0, 0)]
    feb25 = s.history[0]
    assert feb25.month == 202502
    assert [(c.crossed, c.first_time) for c in feb25.counts] == [(1, 1), (1, 1), (1, 1)]
    assert feb25.count(T200).first_time == 1
    assert all(c.crossed == 0 for m in s.history[1:-3] for c in m.counts)


def test_provider_summary_of_nothing() -> None:
    s = provider_summary(202603, [], months=3)
    assert [m.month for m in s.history] == [202601, 202602, 202603]
    assert all(c.crossed == c.first_time == 0 for m in s.history for c in m.counts)


# -- planned starts as typed -----------------------------------------------------------------
def test_clock_and_weekdays_as_typed() -> None:
    assert parse_clock("06:30") == 390
    assert parse_clock("6:30") == 390
    assert parse_clock("23：59") == 23 * 60 + 59  # a full-width colon from a Chinese keyboard
    for bad in ("24:00", "6:60", "630", "six"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_clock(bad)
    assert format_clock(390) == "06:30"
    assert parse_weekdays("mon") == [0]
    assert parse_weekdays("sat,sun") == [5, 6]
    assert parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_weekdays("fri-mon") == [0, 4, 5, 6]
    assert parse_weekdays("Sunday, MONDAY") == [0, 6]
    with pytest.raises(ValueError, match="not a weekday"):
        parse_weekdays("someday")
    with pytest.raises(ValueError, match="names no weekday"):
        parse_weekdays(",")


def test_a_schedule_in_one_line() -> None:
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    daily = ScheduleSlot(None, 390, 480)
    sat, sun = ScheduleSlot(5, 600, 480), ScheduleSlot(6, 600, 480)
    assert describe_schedule([], names, "daily") == "—"
    assert describe_schedule([daily], names, "daily") == "daily 06:30"
    assert describe_schedule([sun, sat], names, "daily") == "Sat 10:00, Sun 10:00"
    assert describe_schedule([sat, daily], names, "每天") == "每天 06:30; Sat 10:00"


def test_what_is_shown_never_reads_as_crossed_before_it_is() -> None:
    from app.core.numbers import NumberFormat
    from app.core.roster import gmv_shown, shown_progress

    fmt = NumberFormat()
    assert shown_progress(0.995) == 0.99 and shown_progress(1.0) == 1.0
    assert shown_progress(0.289999) == 0.28
    assert gmv_shown(fmt, 199_999_950, 200_000_000) == "¥1,999,999.50"
    assert gmv_shown(fmt, 199_000_000, 200_000_000) == "¥199万"
    assert gmv_shown(fmt, 200_000_000, 500_000_000) == "¥200万"


def test_the_first_month_of_figures_has_no_first_times() -> None:
    """Nothing is known before Genbo's first month: every streamer already
    past 50万 then would count as a first-time leap (June of a demo history
    showed six)."""
    from app.core.library import StreamerMonth
    from app.core.roster import provider_summary

    rows = [
        StreamerMonth(1, 202606, 30, 60_0000_00),  # past 50万 from the start
        StreamerMonth(1, 202607, 30, 70_0000_00),
        StreamerMonth(2, 202606, 30, 10_0000_00),
        StreamerMonth(2, 202607, 30, 55_0000_00),  # a real first time
    ]
    summary = provider_summary(202607, rows)
    assert summary.figures_start == 202606
    jun, jul = summary.history[-2], summary.history[-1]
    assert (jun.counts[0].crossed, jun.counts[0].first_time) == (1, 0)
    assert (jul.counts[0].crossed, jul.counts[0].first_time) == (2, 1)
