"""Growable numpy series and the min/max display reduction.

A `SeriesBuffer` holds one metric's (time, value) history in preallocated
float64 arrays that double when full, so appending is amortised O(1) and never
copies the history per sample. `NaN` values mark gaps: the plot breaks there
and the reduction keeps the break.

`reduce_minmax` turns any visible window into at most two points per bucket
(one bucket per pixel column), keeping each bucket's minimum and maximum in
time order, so a one-sample spike survives every zoom level and drawing cost
depends on the widget's width, not on the session's length.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from app.core.columns import SessionColumns
from app.core.metrics import CATALOGUE, EVERY_SOURCE, METRICS, Gap, Sample

FloatArray = npt.NDArray[np.float64]


class SeriesBuffer:
    """Append-only (t, v) series with amortised O(1) append and zero-copy views."""

    __slots__ = ("_last_t", "_n", "_pyramid", "_t", "_v", "rebuilds", "version")

    def __init__(self, capacity: int = 4096) -> None:
        capacity = max(16, int(capacity))
        self._t: FloatArray = np.empty(capacity, dtype=np.float64)
        self._v: FloatArray = np.empty(capacity, dtype=np.float64)
        self._n = 0
        self._last_t = -math.inf
        """The newest time, kept as a float: reading it back from numpy costs more."""
        self.version = 0
        """Bumped on every change, so a view can tell whether it must redraw."""
        self._pyramid = MinMaxPyramid()
        self.rebuilds = 0
        """Bumped when a late point was inserted before others (caches restart)."""

    def __len__(self) -> int:
        return self._n

    @property
    def capacity(self) -> int:
        return int(self._t.shape[0])

    def _grow(self, need: int) -> None:
        cap = self.capacity
        while cap < need:
            cap *= 2
        t = np.empty(cap, dtype=np.float64)
        v = np.empty(cap, dtype=np.float64)
        t[: self._n] = self._t[: self._n]
        v[: self._n] = self._v[: self._n]
        self._t, self._v = t, v

    def append(self, t: float, v: float) -> None:
        """Append one point. Times must not go backwards (out-of-order points are
        inserted in place, which is rare and costs O(n))."""
        n = self._n
        if n + 1 > self._t.shape[0]:
            self._grow(n + 1)
        if t < self._last_t:
            self._insert_sorted(np.array([t]), np.array([v]))
            return
        self._t[n] = t
        self._v[n] = v
        self._n = n + 1
        self._last_t = t
        self.version += 1

    def extend(self, t: npt.ArrayLike, v: npt.ArrayLike) -> None:
        ta = np.asarray(t, dtype=np.float64).ravel()
        va = np.asarray(v, dtype=np.float64).ravel()
        if ta.shape != va.shape:
            raise ValueError("t and v must have the same length")
        k = int(ta.shape[0])
        if k == 0:
            return
        n = self._n
        if n + k > self.capacity:
            self._grow(n + k)
        in_order = bool(np.all(ta[1:] >= ta[:-1])) and ta[0] >= self._last_t
        if not in_order:
            self._insert_sorted(ta, va)
            return
        self._t[n : n + k] = ta
        self._v[n : n + k] = va
        self._n = n + k
        self._last_t = float(ta[-1])
        self.version += 1

    def mark_gap(self, t: float) -> None:
        """Break the line at `t`: a NaN point that the plot and reduction keep."""
        self.append(t, float("nan"))

    def _insert_sorted(self, ta: FloatArray, va: FloatArray) -> None:
        n = self._n
        t_all = np.concatenate([self._t[:n], ta])
        v_all = np.concatenate([self._v[:n], va])
        order = np.argsort(t_all, kind="stable")
        m = int(t_all.shape[0])
        if m > self.capacity:
            self._grow(m)
        self._t[:m] = t_all[order]
        self._v[:m] = v_all[order]
        self._n = m
        self._last_t = float(self._t[m - 1])
        self.version += 1
        self._pyramid.clear()  # rare; rebuilt lazily at the next reduction
        self.rebuilds += 1

    @property
    def t(self) -> FloatArray:
        """A read-only view of the times (no copy)."""
        view = self._t[: self._n]
        view.flags.writeable = False
        return view

    @property
    def v(self) -> FloatArray:
        view = self._v[: self._n]
        view.flags.writeable = False
        return view

    def last(self) -> tuple[float, float] | None:
        """The newest point that is not a gap marker."""
        i = self._n - 1
        while i >= 0:
            if not np.isnan(self._v[i]):
                return float(self._t[i]), float(self._v[i])
            i -= 1
        return None

    def reduced(
        self, t0: float, t1: float, buckets: int, inside_only: bool = False
    ) -> tuple[FloatArray, FloatArray]:
        """`reduce_minmax` of this series over [t0, t1], in time proportional to
        `buckets`, not to the number of points in the window: whole blocks of
        points are represented by their precomputed minimum, maximum and first
        gap marker (see `MinMaxPyramid`), raw points only where a bucket edge
        cuts a block. With `inside_only`, only the points in [t0, t1) count
        (no edge points beyond the window), for reducing a window piece by piece."""
        n = self._n
        t, v = self._t[:n], self._v[:n]
        if n == 0 or buckets <= 0 or t1 <= t0:
            return reduce_minmax(t, v, t0, t1, buckets)
        if inside_only:
            lo = int(np.searchsorted(t, t0, side="left"))
            hi = int(np.searchsorted(t, t1, side="left"))
        else:
            lo = max(0, int(np.searchsorted(t, t0, side="left")) - 1)
            hi = min(n, int(np.searchsorted(t, t1, side="right")) + 1)
        if hi <= lo:
            return t[:0].copy(), v[:0].copy()
        if hi - lo <= max(8 * buckets, PYRAMID_FROM):
            return reduce_minmax(t[lo:hi], v[lo:hi], t0, t1, buckets)
        self.update_pyramid()
        edges = np.linspace(t0, t1, buckets + 1)[1:-1]
        cuts = np.searchsorted(t[lo:hi], edges, side="left").astype(np.int64) + lo
        idx = self._pyramid.candidates(lo, hi, target=2 * buckets, cuts=cuts)
        if inside_only:
            idx = idx[(idx >= lo) & (idx < hi)]
        return reduce_minmax(t[idx], v[idx], t0, t1, buckets)

    def update_pyramid(self) -> None:
        """Bring the min/max pyramid up to date with the points appended since
        (a reduction does this itself; a frame may do it ahead of time)."""
        self._pyramid.update(self._v[: self._n])

    def value_at(self, t: float) -> float | None:
        """The value of the last point at or before `t` (a sample holds until the
        next one), or None before the first point or inside a gap."""
        i = int(np.searchsorted(self._t[: self._n], t, side="right")) - 1
        if i < 0:
            return None
        v = float(self._v[i])
        return None if np.isnan(v) else v


IntArray = npt.NDArray[np.int64]

PYRAMID_FROM = 32_768
"""Windows with fewer points are reduced directly (a millisecond or so)."""


class MinMaxPyramid:
    """Per-block extremes of a series at block sizes 16, 32, 64, … points.

    Level k holds, for every complete block of 16·2^k points, the index of its
    minimum, of its maximum and of its first gap marker (−1 if none). A window
    of any length is then represented by those few indices per whole block plus
    the raw points at its two ragged ends: every bucket's true minimum and
    maximum are among them (a one-sample spike is some block's extreme), and
    every gap marker that breaks a line is kept. Levels are brought up to date
    lazily and vectorised from the points appended since, so appending stays
    O(1) per sample and a 24-hour series costs about 0.1 index per point.
    """

    BASE = 16
    LEVELS = 14  # up to blocks of 16 · 2^13 = 131,072 points

    def __init__(self) -> None:
        self._imin: list[IntArray] = [np.empty(0, np.int64) for _ in range(self.LEVELS)]
        self._imax: list[IntArray] = [np.empty(0, np.int64) for _ in range(self.LEVELS)]
        self._inan: list[IntArray] = [np.empty(0, np.int64) for _ in range(self.LEVELS)]
        self._done = [0] * self.LEVELS
        """Complete blocks computed per level."""

    def clear(self) -> None:
        self._done = [0] * self.LEVELS

    def _store(self, k: int, imin: IntArray, imax: IntArray, inan: IntArray) -> None:
        done, add = self._done[k], int(imin.shape[0])
        if done + add > self._imin[k].shape[0]:
            cap = max(64, 2 * (done + add))
            for arrs in (self._imin, self._imax, self._inan):
                grown = np.empty(cap, np.int64)
                grown[:done] = arrs[k][:done]
                arrs[k] = grown
        self._imin[k][done : done + add] = imin
        self._imax[k][done : done + add] = imax
        self._inan[k][done : done + add] = inan
        self._done[k] = done + add

    def update(self, v: FloatArray) -> None:
        n = int(v.shape[0])
        base = self.BASE
        if n // base == self._done[0]:
            return  # no new complete block, so nothing new above it either
        # Level 0 from the raw points.
        first, last = self._done[0], n // base
        if last > first:
            block = v[first * base : last * base].reshape(-1, base)
            nan = np.isnan(block)
            offs = np.arange(first, last, dtype=np.int64) * base
            imin = np.argmin(np.where(nan, np.inf, block), axis=1) + offs
            imax = np.argmax(np.where(nan, -np.inf, block), axis=1) + offs
            has = nan.any(axis=1)
            inan = np.where(has, np.argmax(nan, axis=1) + offs, -1)
            self._store(0, imin, imax, inan)
        # Level k from pairs of level k-1 blocks.
        for k in range(1, self.LEVELS):
            first, last = self._done[k], self._done[k - 1] // 2
            if last <= first:
                break
            sl = slice(2 * first, 2 * last)
            a_min, a_max = (
                self._imin[k - 1][sl].reshape(-1, 2),
                self._imax[k - 1][sl].reshape(-1, 2),
            )
            a_nan = self._inan[k - 1][sl].reshape(-1, 2)
            vmin = np.where(np.isnan(v[a_min]), np.inf, v[a_min])
            vmax = np.where(np.isnan(v[a_max]), -np.inf, v[a_max])
            rows = np.arange(a_min.shape[0])
            # Ties go to the earlier block, like argmin/argmax do.
            imin = a_min[rows, (vmin[:, 1] < vmin[:, 0]).astype(np.int64)]
            imax = a_max[rows, (vmax[:, 1] > vmax[:, 0]).astype(np.int64)]
            inan = np.where(a_nan[:, 0] >= 0, a_nan[:, 0], a_nan[:, 1])
            self._store(k, imin, imax, inan)

    def candidates(self, lo: int, hi: int, target: int, cuts: IntArray | None = None) -> IntArray:
        """Sorted indices in [lo, hi) (plus a few just outside) among which lie
        the minimum, the maximum and the first gap marker of every stretch
        between two `cuts` (the first index of each bucket after the first).

        Whole blocks of the coarsest level that still gives about `target`
        blocks stand for themselves; a block that a cut splits is opened up
        level by level, each time keeping the half the cut does not touch, down
        to 16 raw points. `lo` and `hi - 1` are always kept (they are where the
        line enters and leaves the window)."""
        m = hi - lo
        k = 0
        while k + 1 < self.LEVELS and m // (self.BASE << (k + 1)) >= target:
            k += 1
        parts: list[IntArray] = [np.array([lo, hi - 1], dtype=np.int64)]
        self._cover(lo, hi, k, parts)
        if cuts is not None and cuts.size:
            for level in range(k, 0, -1):
                j = cuts // (self.BASE << level)
                j = j[j < self._done[level]]
                if not j.size:
                    continue
                # Both halves of the block the cut splits: the one the cut is
                # not in is whole on one side; the other is opened next level.
                sel = np.concatenate([2 * j, 2 * j + 1])
                parts += [self._imin[level - 1][sel], self._imax[level - 1][sel]]
                nan = self._inan[level - 1][sel]
                parts.append(nan[nan >= 0])
            j0 = cuts // self.BASE
            j0 = np.unique(j0[j0 < self._done[0]])
            parts.append((j0[:, None] * self.BASE + np.arange(self.BASE)).ravel())
        return np.unique(np.concatenate(parts))

    def _cover(self, lo: int, hi: int, k: int, parts: list[IntArray]) -> None:
        while k >= 0:
            size = self.BASE << k
            b0 = -(-lo // size)
            b1 = min(hi // size, self._done[k])
            if b1 > b0:
                self._cover(lo, b0 * size, k - 1, parts)
                inan = self._inan[k][b0:b1]
                parts += [self._imin[k][b0:b1], self._imax[k][b0:b1], inan[inan >= 0]]
                lo = b1 * size  # the ragged end, with finer blocks
            k -= 1
        parts.append(np.arange(lo, hi, dtype=np.int64))


def reduce_minmax(
    t: FloatArray, v: FloatArray, t0: float, t1: float, buckets: int
) -> tuple[FloatArray, FloatArray]:
    """Reduce the points of `t`/`v` inside [t0, t1] to about two per bucket.

    Each bucket keeps its minimum and maximum in time order; a bucket that holds
    a gap marker keeps a NaN so the drawn line breaks. One point on each side
    just outside the window is kept so the line reaches the window's edges. When
    the window holds no more than 2 × `buckets` points they are returned as is.
    """
    n = int(t.shape[0])
    if n == 0 or buckets <= 0 or t1 <= t0:
        return t[:0].copy(), v[:0].copy()
    lo = max(0, int(np.searchsorted(t, t0, side="left")) - 1)
    hi = min(n, int(np.searchsorted(t, t1, side="right")) + 1)
    tw, vw = t[lo:hi], v[lo:hi]
    m = int(tw.shape[0])
    if m <= 2 * buckets:
        return tw.copy(), vw.copy()

    edges = np.linspace(t0, t1, buckets + 1)
    bucket_of = np.clip(np.searchsorted(edges, tw, side="right") - 1, 0, buckets - 1)
    starts = np.flatnonzero(np.r_[True, bucket_of[1:] != bucket_of[:-1]])
    idx = np.arange(m)

    nan = np.isnan(vw)
    big = np.float64(np.inf)
    v_for_min = np.where(nan, big, vw)
    v_for_max = np.where(nan, -big, vw)
    mins = np.minimum.reduceat(v_for_min, starts)
    maxs = np.maximum.reduceat(v_for_max, starts)
    has_gap = np.maximum.reduceat(nan.astype(np.int8), starts).astype(bool)

    counts = np.diff(np.r_[starts, m])
    # First index in each bucket where the min (max) occurs.
    is_min = v_for_min == np.repeat(mins, counts)
    is_max = v_for_max == np.repeat(maxs, counts)
    i_min = np.minimum.reduceat(np.where(is_min, idx, m), starts)
    i_max = np.minimum.reduceat(np.where(is_max, idx, m), starts)
    first = np.minimum(i_min, i_max)
    second = np.maximum(i_min, i_max)

    all_nan = ~np.isfinite(mins)
    out_i = np.empty(2 * len(starts), dtype=np.int64)
    out_i[0::2] = first
    out_i[1::2] = second
    keep = np.ones(out_i.shape[0], dtype=bool)
    keep[1::2] = second != first
    # A bucket made only of gap markers keeps a single point (its first index).
    keep[1::2] &= ~all_nan
    out_i[0::2] = np.where(all_nan, starts, first)
    rt = tw[out_i[keep]]
    rv = vw[out_i[keep]].copy()

    if has_gap.any():
        # A bucket that holds real points and a gap marker: keep the break by
        # inserting the marker's time with NaN after the bucket's points.
        gap_idx = np.flatnonzero(has_gap & ~all_nan)
        if gap_idx.size:
            nan_pos = np.minimum.reduceat(np.where(nan, idx, m), starts)[gap_idx]
            rt = np.concatenate([rt, tw[nan_pos]])
            rv = np.concatenate([rv, np.full(gap_idx.size, np.nan)])
            order = np.argsort(rt, kind="stable")
            rt, rv = rt[order], rv[order]
    return rt, rv


class ReducedView:
    """What a plot curve draws of one `SeriesBuffer`: the min/max reduction of
    the visible window, kept between frames.

    Buckets are aligned to multiples of a bucket width taken from a power-of-two
    ladder (between one and two buckets per pixel column), so a window that
    slides with live data or grows with the session keeps the same buckets.
    Every bucket that is complete (a later point exists) is reduced once and
    cached; a frame then reduces only the newest bucket or two and slices the
    cache. Drawing cost follows the widget's width, never the session's length.
    """

    def __init__(self, buf: SeriesBuffer) -> None:
        self.buf = buf
        self._dt = 0.0
        self._rebuilds = -1
        self._b0 = self._b1 = 0
        """Cached complete buckets [b0, b1)."""
        self._t: FloatArray = np.empty(0)
        self._v: FloatArray = np.empty(0)

    @staticmethod
    def bucket_width(span: float, width: int) -> float:
        return float(2.0 ** math.floor(math.log2(span / width)))

    def _reduce(self, b0: int, b1: int) -> tuple[FloatArray, FloatArray]:
        """Reduced points of buckets [b0, b1) only (none from outside)."""
        return self.buf.reduced(b0 * self._dt, b1 * self._dt, b1 - b0, inside_only=True)

    def _fill(self, b_lo: int, b_hi: int, width: int) -> None:
        """Make the cache cover the complete buckets [b_lo, b_hi)."""
        c0, c1 = self._b0, self._b1
        if c1 <= c0 or b_hi < c0 or b_lo > c1:  # empty or out of reach: start afresh
            self._t, self._v = self._reduce(b_lo, b_hi)
            self._b0, self._b1 = b_lo, b_hi
            return
        if b_lo < c0:
            lt, lv = self._reduce(b_lo, c0)
            self._t, self._v = np.concatenate([lt, self._t]), np.concatenate([lv, self._v])
            self._b0 = b_lo
        if b_hi > c1:
            rt, rv = self._reduce(c1, b_hi)
            self._t, self._v = np.concatenate([self._t, rt]), np.concatenate([self._v, rv])
            self._b1 = b_hi
        # Keep a few screens around the view, not the whole day: a window that
        # slides for hours would otherwise grow the cache without end.
        keep = 4 * width
        if self._b1 - self._b0 > 3 * keep:
            lo, hi = max(self._b0, b_lo - keep), min(self._b1, b_hi + keep)
            i0 = int(np.searchsorted(self._t, lo * self._dt, side="left"))
            i1 = int(np.searchsorted(self._t, hi * self._dt, side="left"))
            self._t, self._v = self._t[i0:i1].copy(), self._v[i0:i1].copy()
            self._b0, self._b1 = lo, hi

    def get(self, t0: float, t1: float, width: int) -> tuple[FloatArray, FloatArray]:
        buf = self.buf
        n = len(buf)
        if n == 0 or width <= 0 or t1 <= t0:
            return reduce_minmax(buf.t, buf.v, t0, t1, width)
        dt = self.bucket_width(t1 - t0, width)
        if dt != self._dt or buf.rebuilds != self._rebuilds:
            self._dt, self._rebuilds = dt, buf.rebuilds
            self._b0 = self._b1 = 0
            self._t, self._v = np.empty(0), np.empty(0)
        t = buf.t
        b_lo, b_hi = math.floor(t0 / dt), math.floor(t1 / dt) + 1
        complete = math.floor(float(t[-1]) / dt)  # buckets below this have ended
        want_hi = min(b_hi, complete)
        if want_hi > b_lo:
            self._fill(b_lo, want_hi, width)
        parts_t: list[FloatArray] = []
        parts_v: list[FloatArray] = []
        # The point before the window, so the line reaches its left edge.
        i0 = int(np.searchsorted(t, b_lo * dt, side="left"))
        if i0 > 0:
            parts_t.append(t[i0 - 1 : i0])
            parts_v.append(buf.v[i0 - 1 : i0])
        if want_hi > b_lo:
            c0 = int(np.searchsorted(self._t, b_lo * dt, side="left"))
            c1 = int(np.searchsorted(self._t, want_hi * dt, side="left"))
            parts_t.append(self._t[c0:c1])
            parts_v.append(self._v[c0:c1])
        start = max(b_lo, complete)
        if b_hi > start:  # the newest, still open bucket(s)
            nt, nv = self._reduce(start, b_hi)
            parts_t.append(nt)
            parts_v.append(nv)
        # And the point after it, for the right edge.
        i1 = int(np.searchsorted(t, b_hi * dt, side="left"))
        if i1 < n:
            parts_t.append(t[i1 : i1 + 1])
            parts_v.append(buf.v[i1 : i1 + 1])
        if not parts_t:
            return t[:0].copy(), t[:0].copy()
        return np.concatenate(parts_t), np.concatenate(parts_v)


class _Buffers(dict[str, "SeriesBuffer"]):
    """A buffer per catalogue metric, and one for a metric by channel
    ("entries.paid") made when its first reading comes."""

    def __init__(self, capacity: int) -> None:
        super().__init__((m.key, SeriesBuffer(capacity)) for m in CATALOGUE)
        self.capacity = capacity

    def __missing__(self, key: str) -> SeriesBuffer:
        if key not in METRICS:
            raise KeyError(key)
        buf = self[key] = SeriesBuffer(self.capacity)
        return buf


class SeriesSet:
    """One session's buffers: a `SeriesBuffer` per catalogue metric (and per
    metric by channel that has readings), with time in seconds since the
    session started and values in display units (yuan, seconds, counts)."""

    def __init__(self, started_ms: int, capacity: int = 4096) -> None:
        self.started_ms = started_ms
        self.buffers: dict[str, SeriesBuffer] = _Buffers(capacity)
        self.gaps: list[tuple[float, float | None, str]] = []
        """(start s, end s or None while open, reason), for shading on the plots."""
        self._gap_index: dict[tuple[str, int], int] = {}
        self._metrics_by_source: dict[str, set[str]] = {}

    def add_samples(self, samples: Iterable[Sample]) -> None:
        started = self.started_ms
        buffers = self.buffers
        for s in samples:
            t = (s.ts_ms - started) / 1000.0
            for key, raw in s.values.items():
                buffers[key].append(t, raw / METRICS[key].scale)
            seen = self._metrics_by_source.get(s.source)
            if seen is None:
                seen = self._metrics_by_source[s.source] = set()
            if not seen.issuperset(s.values):
                seen.update(s.values)

    def load(self, columns: SessionColumns, gaps: Iterable[Gap] = ()) -> None:
        """Fill empty buffers with a stored session in one go: the same result
        as `add_samples` with its samples in time order followed by `add_gap`
        for each gap, without a Python step per point."""
        started = self.started_ms
        markers: dict[str, list[float]] = {}
        for gap in gaps:
            if self._register_gap(gap):
                sources = [s for s in columns.sources if gap.source in (s.source, EVERY_SOURCE)]
                start = (gap.start_ms - started) / 1000.0
                for key in {k for s in sources for k, c in s.series.items() if len(c)}:
                    markers.setdefault(key, []).append(start)
        for src in columns.sources:
            delivered = {k for k, c in src.series.items() if len(c)}
            self._metrics_by_source.setdefault(src.source, set()).update(delivered)
        for key in columns.metrics():
            parts = [s.series[key] for s in columns.sources if len(s.series.get(key, ()))]
            scale = METRICS[key].scale
            t = np.concatenate([(c.ts_ms - started) / 1000.0 for c in parts])
            v = np.concatenate([c.raw / scale for c in parts])
            if key in markers:
                t = np.concatenate([t, np.array(markers[key])])
                v = np.concatenate([v, np.full(len(markers[key]), np.nan)])
            if len(parts) > 1 or key in markers:
                order = np.argsort(t, kind="stable")
                t, v = t[order], v[order]
            self.buffers[key].extend(t, v)

    def add_gap(self, gap: Gap) -> None:
        """Show a gap. A source reports a gap when it opens (no end yet) and again
        when it closes; the second report updates the first."""
        if not self._register_gap(gap):
            return
        # Break the lines of the metrics this source delivers at the gap's
        # start, so nothing is drawn across it; other sources' lines go on.
        start = (gap.start_ms - self.started_ms) / 1000.0
        if gap.source == EVERY_SOURCE:
            metrics: set[str] = set().union(*self._metrics_by_source.values())
        else:
            metrics = self._metrics_by_source.get(gap.source, set())
        for metric_key in metrics:
            buf = self.buffers[metric_key]
            if len(buf):
                buf.mark_gap(start)

    def _register_gap(self, gap: Gap) -> bool:
        """Record the gap for shading; False when it only updated a known one."""
        start = (gap.start_ms - self.started_ms) / 1000.0
        end = None if gap.end_ms is None else (gap.end_ms - self.started_ms) / 1000.0
        key = (gap.source, gap.start_ms)
        if key in self._gap_index:
            self.gaps[self._gap_index[key]] = (start, end, gap.reason)
            return False
        self._gap_index[key] = len(self.gaps)
        self.gaps.append((start, end, gap.reason))
        return True

    def last_time(self) -> float:
        return max((b.t[-1] for b in self.buffers.values() if len(b)), default=0.0)

    def neighbours(
        self, key: str, ts_ms: int
    ) -> tuple[tuple[int, float] | None, tuple[int, float] | None]:
        """The readings of metric `key` at or before `ts_ms` and after it, as
        (UTC ms, display value), gap markers skipped; None where there is none."""
        buf = self.buffers[key]
        t, v = buf.t, buf.v
        i = int(np.searchsorted(t, (ts_ms - self.started_ms) / 1000.0, side="right"))
        j = i - 1
        while j >= 0 and np.isnan(v[j]):
            j -= 1
        while i < len(t) and np.isnan(v[i]):
            i += 1

        def reading(k: int) -> tuple[int, float]:
            return self.started_ms + round(float(t[k]) * 1000), float(v[k])

        return (reading(j) if j >= 0 else None, reading(i) if i < len(t) else None)
