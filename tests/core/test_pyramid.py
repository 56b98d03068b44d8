"""The incremental min/max pyramid gives exactly what the raw reduction gives:
every bucket's minimum and maximum, every gap, the edge points, in time order."""

import numpy as np
import pytest

from app.core.series import MinMaxPyramid, ReducedView, SeriesBuffer, reduce_minmax


def _buckets(t, v, t0, t1, buckets):
    """(min, max, has_gap) per bucket, assigning points like reduce_minmax does
    (points just outside the window count in the first or last bucket)."""
    edges = np.linspace(t0, t1, buckets + 1)
    lo = max(0, int(np.searchsorted(t, t0, side="left")) - 1)
    hi = min(t.size, int(np.searchsorted(t, t1, side="right")) + 1)
    tw, vw = t[lo:hi], v[lo:hi]
    b = np.clip(np.searchsorted(edges, tw, side="right") - 1, 0, buckets - 1)
    out = {}
    for i in np.unique(b):
        vals = vw[b == i]
        real = vals[~np.isnan(vals)]
        out[int(i)] = (
            real.min() if real.size else None,
            real.max() if real.size else None,
            bool(np.isnan(vals).any()),
        )
    return out


def _check_same(buf: SeriesBuffer, t0: float, t1: float, buckets: int) -> None:
    t, v = buf.t, buf.v
    rt, rv = buf.reduced(t0, t1, buckets)
    assert np.all(np.diff(rt) >= 0), "points stay in time order"
    assert rt.size <= 3 * buckets + 4
    want = _buckets(t, v, t0, t1, buckets)
    got = _buckets(rt, rv, t0, t1, buckets)
    assert got == want
    # The line reaches the window's edges from the same points.
    raw_t, _ = reduce_minmax(t, v, t0, t1, buckets)
    assert rt[0] == raw_t[0] and rt[-1] == raw_t[-1]


def _random_buffer(n: int, seed: int) -> SeriesBuffer:
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.exponential(0.1, n))
    v = np.cumsum(rng.normal(0, 1, n))
    spikes = rng.choice(n, 30, replace=False)
    v[spikes] += rng.choice([-1, 1], 30) * 1e4  # one-sample spikes
    v[rng.choice(n, 15, replace=False)] = np.nan  # gap markers
    v[rng.choice(n, 200, replace=False)] = 7.0  # ties
    buf = SeriesBuffer(capacity=64)
    # Appended in uneven batches, as sources deliver them.
    i = 0
    while i < n:
        k = int(rng.integers(1, 5000))
        buf.extend(t[i : i + k], v[i : i + k])
        i += k
    return buf


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_bucket_keeps_its_min_max_and_gaps_at_any_zoom(seed: int) -> None:
    buf = _random_buffer(120_000, seed)
    t_end = float(buf.t[-1])
    rng = np.random.default_rng(seed + 100)
    windows = [(0.0, t_end, 1600), (0.0, t_end, 37), (-50.0, t_end + 50, 999)]
    for _ in range(12):
        a, b = sorted(rng.uniform(-10, t_end + 10, 2))
        windows.append((float(a), float(b), int(rng.integers(20, 2000))))
    for t0, t1, width in windows:
        _check_same(buf, t0, t1, width)


def test_pyramid_catches_up_after_more_points_arrive() -> None:
    buf = _random_buffer(50_000, 7)
    t_end = float(buf.t[-1])
    _check_same(buf, 0, t_end, 300)
    rng = np.random.default_rng(8)
    more_t = t_end + np.cumsum(rng.exponential(0.1, 70_000))
    more_v = rng.normal(0, 1, 70_000)
    more_v[12_345] = -1e9
    buf.extend(more_t, more_v)
    _check_same(buf, 0, float(buf.t[-1]), 300)
    assert np.nanmin(buf.reduced(0, float(buf.t[-1]), 300)[1]) == -1e9


def test_out_of_order_insert_rebuilds_the_pyramid() -> None:
    t = np.arange(100_000, dtype=np.float64)
    buf = SeriesBuffer()
    buf.extend(t, np.zeros_like(t))
    buf.reduced(0, 100_000, 100)
    buf.append(50_000.5, 1e6)  # late, out of order
    _, rv = buf.reduced(0, 100_000, 100)
    assert rv.max() == 1e6


def test_a_spike_survives_every_zoom_of_a_day() -> None:
    t = np.arange(864_000, dtype=np.float64) / 10  # 24 h at 10 Hz
    buf = SeriesBuffer()
    v = np.zeros_like(t)
    v[431_234] = 1e6
    buf.extend(t, v)
    for t0, t1, width in [(0, 86_400, 1600), (0, 86_400, 300), (43_000, 43_200, 800)]:
        rt, rv = buf.reduced(t0, t1, width)
        assert rv.max() == 1e6
        assert rt.size <= 3 * width + 4


def test_candidates_are_few_for_a_long_window() -> None:
    pyr = MinMaxPyramid()
    v = np.random.default_rng(1).normal(size=864_000)
    pyr.update(v)
    idx = pyr.candidates(0, 864_000, target=3200)
    assert idx.size < 30_000, "a day of points stands for itself by far fewer indices"
    assert idx[0] == 0 and idx[-1] == 863_999


def _aligned_extremes(t, v, b_lo, b_hi, dt):
    """Bucket ids, min, max and has-gap of every non-empty aligned bucket in
    [b_lo, b_hi), vectorised (NaN-only buckets have min = +inf, max = -inf)."""
    inside = (t >= b_lo * dt) & (t < b_hi * dt)
    tb, vb = t[inside], v[inside]
    b = np.floor(tb / dt).astype(np.int64)
    if not b.size:
        return ([], [], [], [])
    starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
    nan = np.isnan(vb)
    mins = np.minimum.reduceat(np.where(nan, np.inf, vb), starts)
    maxs = np.maximum.reduceat(np.where(nan, -np.inf, vb), starts)
    gaps = np.maximum.reduceat(nan.astype(np.int8), starts)
    return (b[starts].tolist(), mins.tolist(), maxs.tolist(), gaps.tolist())


def _check_view(view: ReducedView, t0: float, t1: float, width: int) -> None:
    buf = view.buf
    t, v = buf.t, buf.v
    rt, rv = view.get(t0, t1, width)
    dt = ReducedView.bucket_width(t1 - t0, width)
    assert (t1 - t0) / dt >= width and (t1 - t0) / dt < 2 * width + 2
    b_lo, b_hi = int(np.floor(t0 / dt)), int(np.floor(t1 / dt)) + 1
    assert np.all(np.diff(rt) >= 0)
    assert rt.size <= 2 * (b_hi - b_lo) + 8 + 2 * 16, "about two points per bucket"
    assert _aligned_extremes(rt, rv, b_lo, b_hi, dt) == _aligned_extremes(t, v, b_lo, b_hi, dt)
    before = t[t < b_lo * dt]
    if before.size:
        assert rt[0] == before[-1], "the line enters from the point before the window"
    after = t[t >= b_hi * dt]
    if after.size:
        assert rt[-1] == after[0]


def test_a_live_window_slides_over_cached_buckets_exactly() -> None:
    rng = np.random.default_rng(5)
    buf = SeriesBuffer()
    view = ReducedView(buf)
    t_now = 0.0
    for frame in range(400):
        k = int(rng.integers(0, 40))
        ts = t_now + np.cumsum(rng.exponential(0.1, k))
        vs = rng.normal(0, 1, k)
        if k and frame % 37 == 0:
            vs[0] = 1e5  # a spike now and then
        if frame % 91 == 0:
            vs[-1:] = np.nan  # and a gap marker
        buf.extend(ts, vs)
        if k:
            t_now = float(ts[-1])
        window = 120.0
        t0 = max(0.0, t_now - window)
        _check_view(view, t0, t0 + window * 1.02, 300)


def test_zoom_pan_and_a_growing_whole_session_view() -> None:
    buf = _random_buffer(200_000, 11)
    view = ReducedView(buf)
    t_end = float(buf.t[-1])
    for t0, t1, width in [
        (0, t_end, 1500),
        (100, 400, 1500),
        (130, 430, 1500),  # pan right: reuses cached buckets
        (70, 370, 1500),  # pan left
        (5000, 5300, 1500),  # far away
        (0, t_end * 1.02, 1500),
        (0, t_end, 200),
    ]:
        _check_view(view, t0, t1, width)
    # A late point before the others restarts the cache.
    buf.append(150.05, 1e9)
    _check_view(view, 100, 400, 1500)
    assert np.nanmax(view.get(100, 400, 1500)[1]) == 1e9


def test_the_cache_stays_small_while_following_for_hours() -> None:
    buf = SeriesBuffer()
    view = ReducedView(buf)
    step = 30.0
    for i in range(2000):  # 16 hours at 10 Hz, 30 s per frame
        ts = i * step + np.arange(300) * 0.1
        buf.extend(ts, np.sin(ts))
        now = float(ts[-1])
        view.get(now - 900, now + 18, 800)
    assert view._t.size < 40 * 800, "a few screens of buckets, not the whole day"
