import itertools

import numpy as np
import pytest

from app.core.metrics import Gap, Sample
from app.core.series import SeriesBuffer, SeriesSet, reduce_minmax


def test_buffer_grows_by_doubling_and_keeps_order() -> None:
    buf = SeriesBuffer(capacity=16)
    for i in range(1000):
        buf.append(float(i), float(i * 2))
    assert len(buf) == 1000
    assert buf.capacity == 1024
    assert np.array_equal(buf.t, np.arange(1000.0))
    assert np.array_equal(buf.v, np.arange(1000.0) * 2)


def test_views_are_read_only_and_not_copies() -> None:
    buf = SeriesBuffer()
    buf.extend([0, 1, 2], [5, 6, 7])
    with pytest.raises(ValueError):
        buf.t[0] = 9
    assert buf.v.base is not None


def test_out_of_order_points_are_inserted_in_place() -> None:
    buf = SeriesBuffer()
    buf.extend([0, 2, 4], [0, 2, 4])
    buf.append(3.0, 3.0)
    buf.extend([1.0], [1.0])
    assert list(buf.t) == [0, 1, 2, 3, 4]
    assert list(buf.v) == [0, 1, 2, 3, 4]


def test_value_at_holds_last_value_and_respects_gaps() -> None:
    buf = SeriesBuffer()
    buf.extend([0, 10, 20], [1, 2, 3])
    assert buf.value_at(-1) is None
    assert buf.value_at(0) == 1
    assert buf.value_at(15) == 2
    buf.mark_gap(25)
    assert buf.value_at(30) is None
    assert buf.last() == (20.0, 3.0)


def test_version_changes_on_every_append() -> None:
    buf = SeriesBuffer()
    v0 = buf.version
    buf.append(0, 0)
    buf.extend([1, 2], [1, 2])
    assert buf.version == v0 + 2


def _bucket_extrema(t, v, t0, t1, buckets):
    edges = np.linspace(t0, t1, buckets + 1)
    out = []
    for i in range(buckets):
        m = (t >= edges[i]) & (t < edges[i + 1] if i < buckets - 1 else t <= edges[i + 1])
        if m.any():
            out.append((v[m].min(), v[m].max()))
    return out


def test_reduction_keeps_every_bucket_min_and_max() -> None:
    rng = np.random.default_rng(3)
    t = np.sort(rng.uniform(0, 1000, 20_000))
    v = rng.normal(0, 1, t.size)
    rt, rv = reduce_minmax(t, v, 0, 1000, 200)
    assert rt.size <= 2 * 200 + 2
    assert np.all(np.diff(rt) >= 0), "points stay in time order"
    edges = np.linspace(0, 1000, 201)
    for lo, hi in itertools.pairwise(edges):
        inside = (t >= lo) & (t < hi)
        r_inside = (rt >= lo) & (rt < hi)
        if inside.any():
            assert rv[r_inside].min() == v[inside].min()
            assert rv[r_inside].max() == v[inside].max()


def test_single_sample_spike_survives_every_zoom() -> None:
    t = np.arange(864_000, dtype=np.float64) / 10  # 24 h at 10 Hz
    v = np.zeros_like(t)
    v[431_234] = 1e6
    for t0, t1, width in [(0, 86_400, 1600), (0, 86_400, 300), (43_000, 43_200, 800)]:
        _, rv = reduce_minmax(t, v, t0, t1, width)
        assert rv.max() == 1e6
    # Cost depends on width, not on length.
    rt, _ = reduce_minmax(t, v, 0, 86_400, 1600)
    assert rt.size <= 2 * 1600 + 2


def test_reduction_keeps_points_at_window_edges() -> None:
    t = np.arange(100, dtype=np.float64)
    v = t.copy()
    rt, _ = reduce_minmax(t, v, 10.5, 20.5, 100)
    assert rt[0] == 10 and rt[-1] == 21, "one point beyond each edge so the line reaches it"


def test_small_windows_come_back_unreduced() -> None:
    t = np.arange(10, dtype=np.float64)
    rt, rv = reduce_minmax(t, t * 2, 0, 9, 100)
    assert np.array_equal(rt, t) and np.array_equal(rv, t * 2)


def test_gaps_stay_gaps_after_reduction() -> None:
    t = np.arange(10_000, dtype=np.float64)
    v = np.ones_like(t)
    v[5000] = np.nan  # a gap marker
    rt, rv = reduce_minmax(t, v, 0, 10_000, 100)
    assert np.isnan(rv).sum() == 1
    i = int(np.flatnonzero(np.isnan(rv))[0])
    assert rt[i] == 5000
    assert np.all(np.diff(rt) >= 0)
    # No value was invented across the gap.
    assert set(np.unique(rv[~np.isnan(rv)])) == {1.0}


def test_empty_and_degenerate_windows() -> None:
    t = np.arange(10, dtype=np.float64)
    assert reduce_minmax(t[:0], t[:0], 0, 1, 10)[0].size == 0
    assert reduce_minmax(t, t, 5, 5, 10)[0].size == 0
    assert reduce_minmax(t, t, 0, 9, 0)[0].size == 0


def test_series_set_converts_raw_to_display_units_and_marks_gaps() -> None:
    ss = SeriesSet(started_ms=1_000_000)
    ss.add_samples(
        [
            Sample(1_001_000, {"gmv": 12345, "viewers": 10, "dwell_seconds": 955}, "http"),
            Sample(1_002_000, {"gmv": 22345, "viewers": 12}, "http"),
            Sample(1_002_000, {"orders": 5}, "manual"),
        ]
    )
    assert list(ss.buffers["gmv"].v) == [123.45, 223.45]
    assert list(ss.buffers["gmv"].t) == [1.0, 2.0]
    assert list(ss.buffers["dwell_seconds"].v) == [95.5]
    ss.add_gap(Gap("http", 1_003_000, None, "timeout"))
    assert np.isnan(ss.buffers["viewers"].v[-1])
    assert not np.isnan(ss.buffers["orders"].v[-1]), "another source's line goes on"
    assert ss.gaps == [(3.0, None, "timeout")]
    # The same gap reported again when it closes updates it.
    ss.add_gap(Gap("http", 1_003_000, 1_010_000, "timeout"))
    assert ss.gaps == [(3.0, 10.0, "timeout")]
    assert int(np.isnan(ss.buffers["viewers"].v).sum()) == 1
    assert ss.last_time() == 3.0
