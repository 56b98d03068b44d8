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

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from app.core.metrics import CATALOGUE, METRICS, Gap, Sample

FloatArray = npt.NDArray[np.float64]


class SeriesBuffer:
    """Append-only (t, v) series with amortised O(1) append and zero-copy views."""

    __slots__ = ("_n", "_t", "_v", "version")

    def __init__(self, capacity: int = 4096) -> None:
        capacity = max(16, int(capacity))
        self._t: FloatArray = np.empty(capacity, dtype=np.float64)
        self._v: FloatArray = np.empty(capacity, dtype=np.float64)
        self._n = 0
        self.version = 0
        """Bumped on every change, so a view can tell whether it must redraw."""

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
        if n + 1 > self.capacity:
            self._grow(n + 1)
        if n and t < self._t[n - 1]:
            self._insert_sorted(np.array([t]), np.array([v]))
            return
        self._t[n] = t
        self._v[n] = v
        self._n = n + 1
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
        in_order = bool(np.all(ta[1:] >= ta[:-1])) and (n == 0 or ta[0] >= self._t[n - 1])
        if not in_order:
            self._insert_sorted(ta, va)
            return
        self._t[n : n + k] = ta
        self._v[n : n + k] = va
        self._n = n + k
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
        self.version += 1

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

    def value_at(self, t: float) -> float | None:
        """The value of the last point at or before `t` (a sample holds until the
        next one), or None before the first point or inside a gap."""
        i = int(np.searchsorted(self._t[: self._n], t, side="right")) - 1
        if i < 0:
            return None
        v = float(self._v[i])
        return None if np.isnan(v) else v


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


class SeriesSet:
    """One session's buffers: a `SeriesBuffer` per catalogue metric, with time in
    seconds since the session started and values in display units (yuan,
    seconds, counts)."""

    def __init__(self, started_ms: int, capacity: int = 4096) -> None:
        self.started_ms = started_ms
        self.buffers: dict[str, SeriesBuffer] = {m.key: SeriesBuffer(capacity) for m in CATALOGUE}
        self.gaps: list[tuple[float, float | None, str]] = []
        """(start s, end s or None while open, reason), for shading on the plots."""
        self._gap_index: dict[tuple[str, int], int] = {}
        self._metrics_by_source: dict[str, set[str]] = {}

    def add_samples(self, samples: Iterable[Sample]) -> None:
        started = self.started_ms
        for s in samples:
            t = (s.ts_ms - started) / 1000.0
            seen = self._metrics_by_source.setdefault(s.source, set())
            for key, raw in s.values.items():
                self.buffers[key].append(t, METRICS[key].display_float(raw))
                seen.add(key)

    def add_gap(self, gap: Gap) -> None:
        """Show a gap. A source reports a gap when it opens (no end yet) and again
        when it closes; the second report updates the first."""
        start = (gap.start_ms - self.started_ms) / 1000.0
        end = None if gap.end_ms is None else (gap.end_ms - self.started_ms) / 1000.0
        key = (gap.source, gap.start_ms)
        if key in self._gap_index:
            self.gaps[self._gap_index[key]] = (start, end, gap.reason)
            return
        self._gap_index[key] = len(self.gaps)
        self.gaps.append((start, end, gap.reason))
        # Break the lines of the metrics this source delivers at the gap's
        # start, so nothing is drawn across it; other sources' lines go on.
        for metric_key in self._metrics_by_source.get(gap.source, ()):
            buf = self.buffers[metric_key]
            if len(buf):
                buf.mark_gap(start)

    def last_time(self) -> float:
        return max((b.t[-1] for b in self.buffers.values() if len(b)), default=0.0)
