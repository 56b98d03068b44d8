"""Minute tables and the curves built on them: hand-made sessions with the
exact numbers written out."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from app.core.columns import SessionColumns
from app.core.curves import (
    MINUTE_MS,
    MinuteSeries,
    NoProjection,
    ProjectionMethod,
    ReferenceKind,
    SessionCurve,
    ghost_standing,
    minute_count,
    minute_table,
    project_final_gmv,
    reference_curve,
)
from app.core.metrics import EVERY_SOURCE, Gap, Sample
from app.core.stats import SessionStats

T0 = 1_700_000_000_000
S = 1000
M = MINUTE_MS


def _cols(*samples: Sample) -> SessionColumns:
    return SessionColumns.from_samples(samples)


# ---------------------------------------------------------------- minute table


def test_minute_count_edges() -> None:
    assert minute_count(T0, None) == 0
    assert minute_count(T0, T0 - 1) == 0
    assert minute_count(T0, T0) == 1
    assert minute_count(T0, T0 + M) == 1
    assert minute_count(T0, T0 + M + 1) == 2


def test_counter_carries_last_total_gauge_only_within_its_minute() -> None:
    cols = _cols(
        Sample(T0 + 10 * S, {"gmv": 100, "viewers": 50}, "sim"),
        Sample(T0 + 59 * S, {"gmv": 300, "viewers": 70}, "sim"),
        # minute 1: nothing
        Sample(T0 + 2 * M + 5 * S, {"gmv": 900, "viewers": 40}, "sim"),
    )
    table = minute_table(cols, T0)
    assert table.minutes == 3
    assert table.metrics == ["gmv", "viewers"]
    assert table.series("gmv").values() == [300, 300, 900]
    assert table.series("viewers").values() == [70, None, 40]
    assert table.raw["viewers"].tolist() == [70, 0, 40]  # missing holds 0
    assert table.value("gmv", 1) == 300
    assert table.value("viewers", 1) is None
    assert table.value("gmv", 3) is None
    assert table.minute_end_ms(0) == T0 + M
    inc = table.per_minute_increment("gmv")
    assert inc.values() == [300, 0, 600]


def test_reading_on_the_mark_belongs_to_the_minute_ending_there() -> None:
    cols = _cols(
        Sample(T0 - 2 * S, {"gmv": 5}, "sim"),  # before the start: minute 0
        Sample(T0 + M, {"gmv": 10}, "sim"),
        Sample(T0 + M + 1, {"gmv": 20}, "sim"),
    )
    table = minute_table(cols, T0)
    assert table.series("gmv").values() == [10, 20]


def test_row_14_is_the_first_15_minute_gmv() -> None:
    rng = np.random.default_rng(3)
    ts = T0 + np.cumsum(rng.integers(200, 9000, size=400))
    gmv = np.cumsum(rng.integers(0, 5000, size=400))
    samples = [Sample(int(t), {"gmv": int(g)}, "sim") for t, g in zip(ts, gmv, strict=True)]
    cols = _cols(*samples)
    snap = SessionStats.from_columns(T0, cols).snapshot()
    table = minute_table(cols, T0)
    assert snap.gmv_first_15m is not None and snap.gmv_first_30m is not None
    assert table.value("gmv", 14) == int(snap.gmv_first_15m * 100)
    assert table.value("gmv", 29) == int(snap.gmv_first_30m * 100)


def test_gap_hides_carried_total_until_a_reading_after_it() -> None:
    cols = _cols(
        Sample(T0 + 30 * S, {"gmv": 100, "viewers": 9}, "http"),
        # http down from 0:40 to 3:20; a typed total at 2:30 during the outage
        Sample(T0 + 2 * M + 30 * S, {"gmv": 400}, "manual"),
        Sample(T0 + 3 * M + 20 * S, {"gmv": 500, "viewers": 8}, "http"),
        Sample(T0 + 5 * M + 1 * S, {"gmv": 600}, "http"),
    )
    gaps = [Gap("http", T0 + 40 * S, T0 + 3 * M + 20 * S, "timeout")]
    table = minute_table(cols, T0, gaps=gaps)
    assert table.minutes == 6
    # minute 1 ends inside the gap with no reading of its own: unknown;
    # minute 2 has the typed total; minute 4 carries the reading after the gap
    assert table.series("gmv").values() == [100, None, 400, 500, 500, 600]
    assert table.series("viewers").values() == [9, None, None, 8, None, None]
    inc = table.per_minute_increment("gmv")
    assert inc.values() == [100, None, None, 100, 0, 100]


def test_gap_of_another_source_does_not_matter_every_source_does() -> None:
    cols = _cols(
        Sample(T0 + 10 * S, {"gmv": 100}, "sim"),
        Sample(T0 + 3 * M + 10 * S, {"gmv": 200}, "sim"),
    )
    other = [Gap("http", T0 + M, T0 + 2 * M, "x")]
    assert minute_table(cols, T0, gaps=other).series("gmv").values() == [100, 100, 100, 200]
    down = [Gap(EVERY_SOURCE, T0 + M + S, T0 + 2 * M + 30 * S, "Genbo was not running")]
    assert minute_table(cols, T0, gaps=down).series("gmv").values() == [100, None, None, 200]
    still_open = [Gap("sim", T0 + 2 * M + 30 * S, None, "x")]
    table = minute_table(cols, T0, gaps=still_open, end_ms=T0 + 5 * M)
    assert table.series("gmv").values() == [100, 100, None, 200, None]


def test_metrics_asked_for_and_end_given() -> None:
    cols = _cols(Sample(T0 + 10 * S, {"gmv": 100}, "sim"))
    table = minute_table(cols, T0, metrics=["viewers", "gmv"], end_ms=T0 + 3 * M)
    assert table.metrics == ["viewers", "gmv"]
    assert table.series("viewers").values() == [None, None, None]
    assert table.series("gmv").values() == [100, 100, 100]
    empty = minute_table(SessionColumns(), T0)
    assert empty.minutes == 0 and empty.metrics == []
    assert minute_table(SessionColumns(), T0, metrics=["gmv"]).series("gmv").values() == []


def test_two_sources_merge_and_the_newest_reading_wins() -> None:
    cols = _cols(
        Sample(T0 + 10 * S, {"viewers": 5, "gmv": 10}, "sim"),
        Sample(T0 + 20 * S, {"viewers": 7}, "http"),
        Sample(T0 + 30 * S, {"gmv": 12}, "manual"),
    )
    table = minute_table(cols, T0)
    assert table.series("viewers").values() == [7]
    assert table.series("gmv").values() == [12]


def test_a_day_at_10_hz_takes_milliseconds() -> None:
    n = 864_000
    ts = T0 + np.arange(n, dtype=np.int64) * 100
    from app.core.columns import Column, SourceColumns

    cols = SessionColumns(
        (
            SourceColumns(
                "sim",
                {
                    "gmv": Column(ts, np.arange(n, dtype=np.int64) * 3),
                    "viewers": Column(ts, np.arange(n, dtype=np.int64) % 5000),
                    "orders": Column(ts, np.arange(n, dtype=np.int64) // 10),
                },
            ),
        )
    )
    gaps = [Gap("sim", T0 + k * 3_600_000, T0 + k * 3_600_000 + 90_000, "x") for k in range(10)]
    best = min(_timed(lambda: minute_table(cols, T0, gaps=gaps)) for _ in range(3))
    assert best < 0.05, best
    table = minute_table(cols, T0, gaps=gaps)
    assert table.minutes == 1440
    assert table.value("gmv", 0) == 600 * 3  # the reading on the 1:00 mark
    assert bool(table.present["gmv"].all())  # readings inside the gaps are readings


# ------------------------------------------------------- curves and reference

DAY = 86_400_000


def _curve(
    gmv: list[int | None], viewers: list[int | None] | None = None, sid: int = 0
) -> SessionCurve:
    """A session curve from its rows (None: missing), started `sid` days after T0."""
    viewers = viewers if viewers is not None else [None] * len(gmv)

    def series(rows: list[int | None]) -> MinuteSeries:
        return MinuteSeries(
            np.array([r or 0 for r in rows], dtype=np.int64),
            np.array([r is not None for r in rows], dtype=np.bool_),
        )

    return SessionCurve(T0 + sid * DAY, len(gmv), series(gmv), series(viewers), session_id=sid)


def _three() -> list[SessionCurve]:
    """Two 4-minute sessions and a longer, weaker 6-minute one (rows are GMV in
    fen as of each minute's end)."""
    return [
        _curve([100, 200, 300, 400], [10, 20, 30, 40], sid=1),
        _curve([200, 400, 600, 800], [30, 30, 30, 30], sid=2),
        _curve([50, 100, 150, 200, 250, 300], [5, 5, 5, 5, 5, 5], sid=3),
    ]


def _nan_list(a: np.ndarray) -> list[float | None]:
    return [None if x != x else float(x) for x in a.tolist()]


def test_session_curve_from_columns() -> None:
    cols = _cols(
        Sample(T0 + 10 * S, {"gmv": 100, "viewers": 50, "orders": 1}, "sim"),
        Sample(T0 + 2 * M + 5 * S, {"gmv": 900, "viewers": 40}, "sim"),
    )
    curve = SessionCurve.from_columns(cols, T0, session_id=7)
    assert curve.minutes == 3 and curve.session_id == 7
    assert curve.gmv.values() == [100, 100, 900]
    assert curve.viewers.values() == [50, None, 40]
    assert curve.x().tolist() == [1.0, 2.0, 3.0]
    assert _nan_list(curve.floats("viewers")) == [50.0, None, 40.0]
    assert curve.final_gmv_fen == 900
    no_gmv = SessionCurve.from_columns(_cols(Sample(T0, {"viewers": 3}, "sim")), T0)
    assert no_gmv.final_gmv_fen is None and no_gmv.gmv.values() == [None]


def test_median_counts_only_sessions_still_on_air() -> None:
    ref = reference_curve(_three(), "median")
    assert ref is not None
    assert ref.kind is ReferenceKind.MEDIAN
    assert ref.session_ids == (1, 2, 3) and ref.basis_ids == (1, 2, 3)
    assert ref.gmv.tolist() == [100, 200, 300, 400, 250, 300]
    assert ref.counts.tolist() == [3, 3, 3, 3, 1, 1]
    assert ref.viewers.tolist() == [10, 20, 30, 30, 5, 5]
    # finished sessions' totals carried: rows 4 and 5 are median(400, 800, 250|300)
    assert ref.gmv_carried.tolist() == [100, 200, 300, 400, 400, 400]
    assert ref.longest_minutes == 6
    assert ref.value_at("gmv", 2) == 200
    assert ref.value_at("gmv", 2.5) == 250
    assert ref.value_at("gmv", 0.5) == 50  # from 0 at the start
    assert ref.value_at("viewers", 0.5) == 10
    assert ref.value_at("gmv", 6) == 300
    assert ref.value_at("gmv", 6.01) is None


def test_median_of_an_even_count_and_missing_minutes() -> None:
    ref = reference_curve([_curve([100, None, 300], sid=1), _curve([201, 400, 600], sid=2)])
    assert ref is not None
    assert _nan_list(ref.gmv) == [150.5, 400.0, 450.0]
    assert ref.counts.tolist() == [2, 1, 2]
    assert ref.value_at("gmv", 1.5) == pytest.approx(275.25)
    gap = reference_curve([_curve([100, None, 300], sid=1)])
    assert gap is not None and gap.value_at("gmv", 1.5) is None


def test_best_and_last_are_whole_sessions() -> None:
    best = reference_curve(_three(), ReferenceKind.BEST)
    assert best is not None and best.session_ids == (2,)
    assert best.gmv.tolist()[:4] == [200, 400, 600, 800]
    assert _nan_list(best.gmv)[4:] == [None, None]
    last = reference_curve(_three(), "last")
    assert last is not None and last.session_ids == (3,)
    assert last.viewers.tolist() == [5, 5, 5, 5, 5, 5]
    # the projection rests on every session whatever the ghost is
    assert last.basis_ids == (1, 2, 3)
    assert project_final_gmv(300, 2, last) == project_final_gmv(300, 2, reference_curve(_three()))


def test_no_earlier_session_no_reference() -> None:
    assert reference_curve([]) is None
    assert reference_curve([_curve([None, None], sid=1)]) is None
    assert ghost_standing(100, None, 3) is None
    p = project_final_gmv(100, 3, None)
    assert p.method is ProjectionMethod.NONE and p.reason is NoProjection.FIRST_SESSION
    assert p.value_fen is None and p.low_fen is None and p.high_fen is None and p.basis == 0
    viewers_only = reference_curve([_curve([None, None], [5, 6], sid=1)])
    assert viewers_only is not None and viewers_only.basis_ids == ()
    assert project_final_gmv(100, 1, viewers_only).reason is NoProjection.FIRST_SESSION


def test_ghost_standing() -> None:
    ref = reference_curve(_three())
    assert ref is not None
    st = ghost_standing(224, ref, 2)
    assert st is not None
    assert st.change == pytest.approx(0.12) and st.reference_value == 200
    assert st.kind is ReferenceKind.MEDIAN and st.minute == 2
    below = ghost_standing(15, ref, 3, metric="viewers")
    assert below is not None and below.change == pytest.approx(-0.5)
    assert ghost_standing(None, ref, 2) is None
    assert ghost_standing(100, ref, 7) is None  # beyond every earlier session
    zero = reference_curve([_curve([0, 0, 10], sid=1)])
    assert ghost_standing(100, zero, 1) is None  # a percentage of nothing


def test_projection_on_a_known_median_curve() -> None:
    ref = reference_curve(_three())
    # at 2:00 the sessions had 200, 400, 100 (median 200) and finished on
    # 400, 800, 300 (median 400): 300 live scales to 300 × 400 / 200 = 600.
    # Ratios final / then: 2, 2, 3 -> 25th 2, 75th 2.5 -> 600 .. 750.
    p = project_final_gmv(300, 2, ref)
    assert (p.value_fen, p.low_fen, p.high_fen) == (600, 600, 750)
    assert p.method is ProjectionMethod.SCALED_MEDIAN
    assert p.ratio == Fraction(3, 2) and p.basis == 3 and p.reason is None
    # at 0:30: 50, 100, 25 (median 50): 30 × 400 / 50 = 240; ratios 8, 8, 12
    p = project_final_gmv(30, 0.5, ref)
    assert (p.value_fen, p.low_fen, p.high_fen) == (240, 240, 300)
    # at 5:00 two sessions have ended (400, 800 carried) and one has 250:
    # median 400 -> 500 × 400 / 400 = 500; ratios 1, 1, 1.2 -> 500 .. 550
    p = project_final_gmv(500, 5, ref)
    assert (p.value_fen, p.low_fen, p.high_fen) == (500, 500, 550)
    # exact, half-even to the fen: 333 × 400 / 200 = 666; 1 × 400 / 150 = 2.67
    assert project_final_gmv(333, 2, ref).value_fen == 666
    odd = reference_curve([_curve([150, 150, 400], sid=1)])
    q = project_final_gmv(1, 1, odd)
    assert q.value_fen == 3 and q.ratio == Fraction(1, 150)


def test_projection_range_widens_to_take_in_the_value() -> None:
    # medians of at-t and of finals come from different sessions: the ratio of
    # medians can lie outside the spread of the ratios
    ref = reference_curve(
        [_curve([100, 1000], sid=1), _curve([300, 310], sid=2), _curve([500, 510], sid=3)]
    )
    p = project_final_gmv(300, 1, ref)
    # median at 1:00 300, median final 510: 300 × 510 / 300 = 510; ratios
    # 10, 1.0333.., 1.02 -> 25th 1.0267 (308), 75th 5.5167 (1655)
    assert p.value_fen == 510
    assert p.low_fen == 308 and p.high_fen == 1655
    assert p.low_fen <= p.value_fen <= p.high_fen


def test_projection_longer_than_every_earlier_session() -> None:
    ref = reference_curve(_three())
    for minute in (6, 6.5, 90):
        p = project_final_gmv(12_345, minute, ref)
        assert p.method is ProjectionMethod.SO_FAR
        assert (p.value_fen, p.low_fen, p.high_fen) == (12_345, 12_345, 12_345)
    # just before the longest session's end the value is still scaled
    assert project_final_gmv(300, 5.5, ref).method is ProjectionMethod.SCALED_MEDIAN


def test_projection_zero_median_nothing_sold_and_gaps() -> None:
    ref = reference_curve([_curve([0, 0, 100], sid=1), _curve([0, 50, 200], sid=2)])
    p = project_final_gmv(80, 1, ref)
    assert p.method is ProjectionMethod.NONE and p.reason is NoProjection.ZERO_MEDIAN
    assert p.value_fen is None
    assert project_final_gmv(0, 2, ref).reason is NoProjection.NOTHING_SOLD_YET
    assert project_final_gmv(None, 2, ref).reason is NoProjection.NO_LIVE_VALUE
    # at 2:00 the median is 25: 80 × 150 / 25 = 480; only session 2 had sold
    p = project_final_gmv(80, 2, ref)
    assert (p.value_fen, p.low_fen, p.high_fen) == (480, 320, 480)
    holes = reference_curve([_curve([100, None, 300], sid=1), _curve([None, None, 200], sid=2)])
    assert project_final_gmv(80, 2, holes).reason is NoProjection.NO_REFERENCE_HERE
    # a session missing a minute drops out of that minute's median only
    p = project_final_gmv(80, 1, holes)
    assert p.basis == 1 and p.value_fen == 240


def test_reference_over_30_day_long_sessions_is_fast() -> None:
    rng = np.random.default_rng(5)
    curves = []
    for sid in range(30):
        n = int(rng.integers(600, 1440))
        gmv = np.cumsum(rng.integers(0, 50_000, size=n)).astype(np.int64)
        viewers = rng.integers(100, 90_000, size=n).astype(np.int64)
        ok = np.ones(n, dtype=np.bool_)
        curves.append(
            SessionCurve(T0 + sid * DAY, n, MinuteSeries(gmv, ok), MinuteSeries(viewers, ok), sid)
        )
    build = min(_timed(lambda: reference_curve(curves)) for _ in range(3))
    assert build < 0.1, build
    ref = reference_curve(curves)
    assert ref is not None
    t = time.perf_counter()
    for k in range(200):
        ghost_standing(1_000_000 + k, ref, 300.5 + k)
        project_final_gmv(1_000_000 + k, 300.5 + k, ref)
    per_update = (time.perf_counter() - t) / 200
    assert per_update < 0.001, per_update


def _timed(fn: object) -> float:
    assert callable(fn)
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])


def test_increments_since_the_last_known_total_add_up() -> None:
    """For a spreadsheet column: the minute after missing ones holds what was
    sold since the last known total, marked, so the column sums to the total."""
    from app.core.curves import MinuteTable

    raw = np.array([100, 250, 0, 0, 900, 950], dtype=np.int64)
    present = np.array([True, True, False, False, True, True])
    table = MinuteTable(0, 6, {"gmv": raw}, {"gmv": present})
    inc, spans = table.increment_since_known("gmv")
    assert inc.values() == [100, 150, None, None, 650, 50]
    assert spans.tolist() == [False, False, False, False, True, False]
    assert sum(v for v in inc.values() if v is not None) == 950
    assert table.per_minute_increment("gmv").values() == [100, 150, None, None, None, 50]
