"""The moment video's plan: the count-up never passes the line before the
moment, the timeline's parts, the rolling dashboard buffer's bounds, and the
Chinese headline numbers."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest

from app.core.metrics import Sample
from app.core.moment import (
    CLIP_AFTER_S,
    CLIP_SHARE,
    Frame,
    FrameRing,
    MomentData,
    MomentTimeline,
    clip_frames,
    clip_seconds,
    frame_for,
    moment_from_series,
    round_words_zh,
    session_at,
)
from app.core.series import SeriesSet
from app.core.video_spec import check_seconds

T0 = 1_790_000_000_000


def gmv_series(rate: float = 300.0, every_s: float = 2.0, length_s: float = 3600) -> SeriesSet:
    s = SeriesSet(T0)
    t = np.arange(0, length_s, every_s)
    s.add_samples(Sample(T0 + round(x * 1000), {"gmv": round(x * rate * 100)}, "sim") for x in t)
    return s


def data_for(series: SeriesSet, target: float = 1_000_000.0, rate: float = 300.0) -> MomentData:
    mark_s = target / rate
    return moment_from_series(
        series,
        streamer="王姐严选",
        session_title="t",
        started_ms=T0,
        utc_offset_min=480,
        ts_ms=T0 + round(mark_s * 1000),
        headline="大屏破百万",
        metric="gmv",
        target=target,
        candidates=("viewers",),
    )


def test_the_count_stays_below_the_line_until_the_moment_and_passes_it_at() -> None:
    d = data_for(gmv_series())
    assert d.metric == "gmv" and d.target == 1_000_000
    before = [d.shown_value(s) for s in np.linspace(d.start_s, d.mark_s - 1e-3, 500)]
    assert all(v is not None and v < 1_000_000 for v in before)
    assert before == sorted(before)  # it counts up
    final = d.final_value
    assert final is not None and final >= 1_000_000
    assert d.shown_value(d.mark_s) == final
    # The readings copied are the window around the moment only.
    assert d.t[0] >= d.mark_s - 15 * 60 - 2 and d.t[-1] <= d.mark_s + 60


def test_the_chart_grows_to_the_moment_and_no_further() -> None:
    d = data_for(gmv_series())
    t_half, _ = d.chart((d.start_s + d.mark_s) / 2)
    t_end, _ = d.chart(d.mark_s + 500)
    assert t_half[-1] == pytest.approx((d.start_s + d.mark_s) / 2)
    assert t_end[-1] <= d.mark_s + 1e-9
    assert t_half.size < t_end.size
    assert np.all(np.diff(t_end) > 0)


def test_a_highlight_charts_the_first_metric_with_readings() -> None:
    s = SeriesSet(T0)
    s.add_samples(Sample(T0 + i * 5000, {"viewers": 100 + i}, "sim") for i in range(100))
    d = moment_from_series(
        s,
        streamer="a",
        session_title="",
        started_ms=T0,
        utc_offset_min=0,
        ts_ms=T0 + 200_000,
        headline="限时秒杀",
        metric=None,
        target=None,
        candidates=("gmv", "viewers"),
    )
    assert d.metric == "viewers" and d.target is None
    assert d.final_value == pytest.approx(140.0)  # the value at the mark
    none = moment_from_series(
        None,
        streamer="a",
        session_title="",
        started_ms=T0,
        utc_offset_min=0,
        ts_ms=T0,
        headline="x",
        metric="gmv",
        target=1.0,
    )
    assert none.metric is None and none.target is None and none.final_value is None


def test_the_timeline() -> None:
    tl = MomentTimeline(15.0)
    assert tl.frames == 450
    assert tl.reveal(0.0) == 0.0 and tl.reveal(tl.crossing_s) == 1.0
    assert 0 < tl.reveal((tl.reveal_from_s + tl.crossing_s) / 2) < 1
    with_clip = MomentTimeline(15.0, clip_s=6.0)
    assert with_clip.crossing_s > 6.0 and with_clip.crossing_s < 15.0
    assert with_clip.fade_in(5.0) == 0.0 and with_clip.fade_in(6.0) == 1.0
    d = data_for(gmv_series())
    assert session_at(d, tl, 0.0) == d.start_s
    assert session_at(d, tl, tl.crossing_s) == pytest.approx(d.mark_s)


def test_lengths_outside_10_to_20_seconds_are_refused() -> None:
    assert check_seconds(10) == 10.0 and check_seconds(20) == 20.0
    for bad in (9.9, 20.5, float("nan"), 0):
        with pytest.raises(ValueError, match="10–20 s"):
            check_seconds(bad)


def frames(start_ms: int, n: int, every_ms: int = 100, size: int = 90_000) -> list[Frame]:
    """`n` frames of `size` bytes, each its own allocation (as JPEG data is)."""
    return [Frame(start_ms + i * every_ms, bytes(size), 1080, 600) for i in range(n)]


def test_the_clip_is_the_frames_up_to_just_past_the_moment() -> None:
    fs = frames(0, 200)  # 0–19.9 s
    mark = 15_000
    clip = clip_frames(fs, mark, 6.0)
    assert clip[0].ts_ms >= mark + CLIP_AFTER_S * 1000 - 6000
    assert clip[-1].ts_ms <= mark + CLIP_AFTER_S * 1000
    assert clip_seconds(15.0, 20.0) == pytest.approx(15.0 * CLIP_SHARE)
    assert clip_seconds(15.0, 1.0) == 0.0
    # Shown at 30 fps from 10 fps: each frame held for three.
    start = clip[0].ts_ms
    assert frame_for(clip, start, 0.0) is clip[0]
    assert frame_for(clip, start, 0.25) is clip[2]
    assert frame_for([], start, 0.0) is None


def test_the_buffer_keeps_twenty_seconds_and_a_byte_budget_over_a_ten_minute_soak() -> None:
    """Ten minutes at 10 fps of 90 KB frames (6,000, 540 MB in all) through
    one ring: what it holds, and the memory Python holds for it, stay flat."""
    ring = FrameRing(window_ms=20_000, max_bytes=12 * 1024 * 1024)
    tracemalloc.start()
    try:
        peaks = []
        for minute in range(10):
            for f in frames(minute * 60_000, 600):
                ring.add(f)
            gc.collect()
            current, _peak = tracemalloc.get_traced_memory()
            peaks.append(current)
            assert ring.nbytes <= ring.max_bytes
            assert len(ring) <= 201
            assert ring.span_ms() <= 20_000
    finally:
        tracemalloc.stop()
    assert ring.dropped > 0  # 20 s of 90 KB frames is over the 12 MB budget
    assert max(peaks) < ring.max_bytes + 2 * 1024 * 1024
    assert peaks[-1] < peaks[1] * 1.1  # flat from the second minute on


def test_the_buffer_keeps_its_order_and_copies_what_it_gives() -> None:
    ring = FrameRing(window_ms=1_000)
    for f in frames(0, 20):
        ring.add(f)
    ring.add(Frame(500, b"late", 1, 1))  # the clock went back: not kept
    got = ring.between(0, 10_000)
    assert [f.ts_ms for f in got] == sorted(f.ts_ms for f in got)
    assert got[0].ts_ms == 900 and len(got) == 11
    ring.clear()
    assert len(ring) == 0 and len(got) == 11


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1_000_000, "百万"),
        (5_000_000, "五百万"),
        (10_000_000, "千万"),
        (2_000_000, "两百万"),
        (100_000, "十万"),
        (500_000, "五十万"),
        (200_000, "二十万"),
        (10_000, "万"),
        (50_000, "五万"),
        (20_000, "两万"),
        (1_000, "千"),
        (5_000, "五千"),
        (100_000_000, "亿"),
        (15_000, None),
        (1_234_567, None),
        (7, None),
        (0, None),
        (12.5, None),
    ],
)
def test_round_numbers_in_chinese_words(value: float, words: str | None) -> None:
    assert round_words_zh(value) == words


def test_a_long_silence_is_held_not_drawn_across() -> None:
    """¥90万, then nothing for 200 s, then ¥150万: the count does not climb
    through the silence (what happened in it is not known)."""
    t = np.array([0.0, 2.0, 4.0, 204.0, 206.0])
    v = np.array([880_000.0, 890_000.0, 900_000.0, 1_500_000.0, 1_510_000.0])
    d = MomentData("s", "", T0, 0, T0 + 204_000, "破百万", "gmv", 1_000_000.0, t, v)
    assert d.value_at(100.0) == 900_000.0 and d.shown_value(203.0) == 900_000.0
    assert d.value_at(3.0) == pytest.approx(895_000.0)  # between close readings: a line
    assert d.final_value == 1_500_000.0


def test_the_number_after_the_crossing_is_the_reading_past_the_line() -> None:
    """The crossing estimated on the reading before it (9,999 then 17,000):
    the number after the line is 17,000, not 9,999."""
    t = np.array([0.0, 3.0, 6.0])
    v = np.array([9_000.0, 9_999.0, 17_000.0])
    d = MomentData("s", "", T0, 0, T0 + 3_000, "在线破万", "viewers", 10_000.0, t, v)
    assert d.final_value == 17_000.0


def test_a_milestone_with_no_reading_before_it_has_no_run_up() -> None:
    """A source back after a long outage, already past the line: nothing to
    count up from, so no chart (and no number below the line made up)."""
    s = SeriesSet(T0)
    s.add_samples(
        Sample(T0 + 1_000_000 + i * 2000, {"gmv": 150_000_000 + i}, "sim") for i in range(50)
    )
    d = moment_from_series(
        s,
        streamer="a",
        session_title="",
        started_ms=T0,
        utc_offset_min=0,
        ts_ms=T0 + 1_000_000,
        headline="破百万",
        metric="gmv",
        target=1_000_000.0,
    )
    assert d.metric is None and d.target is None and d.final_value is None
