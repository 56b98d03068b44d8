"""A session by the minute, and the curves that compare sessions with each other.

Operators read sessions the way the platforms' own minute exports show them:
one row per minute since the start. `minute_table` turns a stored session's
columns into that table with whole-array numpy (a day at 10 Hz in a few
milliseconds); the Excel minute sheet, the PDF report, the comparison and the
live ghost line are all built on it, so they agree on what a minute's value is.

**What a minute holds.** Minute *m* is the time from ``start + m·60 s``
(exclusive) to ``start + (m+1)·60 s`` (inclusive): a reading exactly on a
minute mark belongs to the minute that ends there, so row 14's GMV is the
session's first-15-minute GMV (`SessionStats` counts up to and including
900 s). Readings before the start count towards minute 0.

- A **counter** (GMV, orders, …; a running total) holds the last reading at or
  before the minute's end, carried forward over minutes without a reading: the
  total is what it was last seen to be. It is *missing* before its first
  reading, and when a stored gap (of a source that delivers the metric, or of
  every source) lies between that reading and the minute's end — what was sold
  during an outage is not known until a reading arrives after it. A reading
  within the minute itself always counts (a total typed by hand while the
  poller is down is a real reading).
- A **gauge** (viewers, dwell) holds the last reading *within* the minute, and
  is missing in a minute without one. Nothing is carried or interpolated.

Missing minutes hold 0 in `raw` and False in `present`; never read `raw`
without `present`.

On the minute table rest `SessionCurve` (GMV and viewers of one session, for
comparison), `reference_curve` (the ghost line: the median, best or last of a
streamer's earlier sessions, and the projection's basis), `ghost_standing`
("+12% vs median at 0:42") and `project_final_gmv`. The last two are what a
live session calls on every update: a few array look-ups, no pass over the
minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from app.core.columns import SessionColumns
from app.core.metrics import EVERY_SOURCE, METRICS, Gap, MetricKind

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

MINUTE_MS = 60_000
_NEVER = np.iinfo(np.int64).max


def minute_count(started_ms: int, end_ms: int | None) -> int:
    """How many minute rows cover start..end: a session of exactly 60 s has one,
    60.001 s two; a session that ends at its start still has minute 0."""
    if end_ms is None or end_ms < started_ms:
        return 0
    return max(1, -(-(end_ms - started_ms) // MINUTE_MS))


@dataclass(frozen=True, slots=True)
class MinuteSeries:
    """One metric by the minute: raw integers (metric's raw unit) and which
    minutes have a value. `raw[m]` is 0 where `present[m]` is False."""

    raw: IntArray
    present: BoolArray

    def __len__(self) -> int:
        return int(self.raw.shape[0])

    def values(self) -> list[int | None]:
        """Row by row, None where missing (for tables and JSON)."""
        return [
            v if p else None for v, p in zip(self.raw.tolist(), self.present.tolist(), strict=True)
        ]


@dataclass(frozen=True)
class MinuteTable:
    """A session by the minute since its start (see the module docstring for
    what a minute's value is). Every metric asked for has a column, even one
    the session never recorded (all missing), so a sheet's columns are stable."""

    started_ms: int
    minutes: int
    raw: dict[str, IntArray]
    present: dict[str, BoolArray]

    @property
    def metrics(self) -> list[str]:
        return list(self.raw)

    def minute_end_ms(self, minute: int) -> int:
        """The UTC instant minute `minute` ends (its values are as of then)."""
        return self.started_ms + (minute + 1) * MINUTE_MS

    def series(self, metric: str) -> MinuteSeries:
        return MinuteSeries(self.raw[metric], self.present[metric])

    def value(self, metric: str, minute: int) -> int | None:
        """One cell: the raw value, or None when missing or out of range."""
        if metric not in self.raw or not 0 <= minute < self.minutes:
            return None
        return int(self.raw[metric][minute]) if self.present[metric][minute] else None

    def per_minute_increment(self, metric: str) -> MinuteSeries:
        """What a counter grew by in each minute (GMV sold in that minute), raw.

        Minute 0 counts from 0 at the start, so a show joined in progress puts
        what it had sold before Genbo was there into minute 0. A minute's
        increment is missing when its own value or the previous minute's is
        (after an outage the first known total is not one minute's sales). A
        corrected (lower) typed total gives a negative increment, as it is.
        """
        raw, present = self.raw[metric], self.present[metric]
        prev = np.concatenate([np.zeros(1, dtype=np.int64), raw[:-1]])
        prev_ok = np.concatenate([np.ones(1, dtype=np.bool_), present[:-1]])
        ok = present & prev_ok
        inc = np.where(ok, raw - prev, 0).astype(np.int64)
        return MinuteSeries(inc, ok)

    def increment_since_known(self, metric: str) -> tuple[MinuteSeries, BoolArray]:
        """Like `per_minute_increment`, except that the first minute after
        missing ones holds what the counter grew by since its last known total
        (the minutes of an outage included), so the column adds up to the
        session's total, as an operator summing it in a spreadsheet expects.
        The second array marks those minutes (their amount spans more than one
        minute)."""
        raw, present = self.raw[metric], self.present[metric]
        n = raw.shape[0]
        idx = np.where(present, np.arange(n), -1)
        last_known = np.maximum.accumulate(idx) if n else idx
        # The last known minute before each one (−1: none, count from 0).
        before = np.concatenate([np.full(1, -1, dtype=np.int64), last_known[:-1]])
        base = np.where(before >= 0, raw[np.maximum(before, 0)], 0)
        inc = np.where(present, raw - base, 0).astype(np.int64)
        spans = present & (before < np.arange(n) - 1)
        return MinuteSeries(inc, present.copy()), spans


def minute_table(
    columns: SessionColumns,
    started_ms: int,
    metrics: Sequence[str] | None = None,
    gaps: Sequence[Gap] = (),
    end_ms: int | None = None,
) -> MinuteTable:
    """The session's minute table. `metrics` defaults to every metric it
    recorded, in their stored order; `end_ms` (the session's end) defaults to
    its last reading, and sets how many minutes there are. An open gap
    (`end_ms` None) lasts to the end."""
    end = columns.last_ms() if end_ms is None else end_ms
    n = minute_count(started_ms, end)
    keys = list(columns.metrics() if metrics is None else metrics)
    ends = started_ms + (np.arange(n, dtype=np.int64) + 1) * MINUTE_MS
    starts = ends - MINUTE_MS
    if n:
        starts[0] = np.iinfo(np.int64).min  # readings before the start count in minute 0
    raw: dict[str, IntArray] = {}
    present: dict[str, BoolArray] = {}
    for key in keys:
        col = columns.merged(key)
        if not len(col) or n == 0:
            raw[key] = np.zeros(n, dtype=np.int64)
            present[key] = np.zeros(n, dtype=np.bool_)
            continue
        idx = np.searchsorted(col.ts_ms, ends, side="right") - 1
        seen = idx >= 0
        safe = np.maximum(idx, 0)
        at = col.ts_ms[safe]
        vals = col.raw[safe]
        in_minute = seen & (at > starts)
        kind = METRICS[key].kind if key in METRICS else MetricKind.GAUGE
        if kind is MetricKind.GAUGE:
            ok = in_minute
        else:
            ok = seen & ~(_hidden_by_gap(columns, key, gaps, at, ends) & ~in_minute)
        raw[key] = np.where(ok, vals, 0).astype(np.int64)
        present[key] = ok
    return MinuteTable(started_ms, n, raw, present)


def _hidden_by_gap(
    columns: SessionColumns, key: str, gaps: Sequence[Gap], at: IntArray, ends: IntArray
) -> BoolArray:
    """Minutes whose end is separated from the reading `at` by a stored gap of
    a source delivering `key` (or of every source)."""
    hidden = np.zeros(ends.shape[0], dtype=np.bool_)
    if not gaps:
        return hidden
    delivering = {s.source for s in columns.sources if key in s.series and len(s.series[key])}
    for gap in gaps:
        if gap.source != EVERY_SOURCE and gap.source not in delivering:
            continue
        gap_end = _NEVER if gap.end_ms is None else gap.end_ms
        hidden |= (gap.start_ms < ends) & (gap_end > at)
    return hidden


# ------------------------------------------------------------- session curves

CURVE_METRICS = ("gmv", "viewers")
"""What comparison and the ghost line draw: GMV (a counter) and viewers (a gauge)."""


@dataclass(frozen=True)
class SessionCurve:
    """One session's GMV and viewers by the minute since its start.

    Row *m* is the value as of the end of minute *m*, so on a "minutes since
    start" axis it sits at x = m + 1 (`x()`). `final_gmv_fen` is the session's
    last known GMV total."""

    started_ms: int
    minutes: int
    gmv: MinuteSeries
    viewers: MinuteSeries
    session_id: int | None = None
    utc_offset_min: int = 0

    @classmethod
    def from_table(
        cls, table: MinuteTable, session_id: int | None = None, utc_offset_min: int = 0
    ) -> SessionCurve:
        def get(key: str) -> MinuteSeries:
            if key in table.raw:
                return table.series(key)
            return MinuteSeries(
                np.zeros(table.minutes, dtype=np.int64), np.zeros(table.minutes, dtype=np.bool_)
            )

        return cls(
            table.started_ms, table.minutes, get("gmv"), get("viewers"), session_id, utc_offset_min
        )

    @classmethod
    def from_columns(
        cls,
        columns: SessionColumns,
        started_ms: int,
        gaps: Sequence[Gap] = (),
        end_ms: int | None = None,
        session_id: int | None = None,
        utc_offset_min: int = 0,
    ) -> SessionCurve:
        table = minute_table(columns, started_ms, CURVE_METRICS, gaps, end_ms)
        return cls.from_table(table, session_id, utc_offset_min)

    def series(self, metric: str) -> MinuteSeries:
        if metric == "gmv":
            return self.gmv
        if metric == "viewers":
            return self.viewers
        raise KeyError(f"a session curve has gmv and viewers, not {metric!r}")

    def x(self) -> FloatArray:
        """Minutes since start at which each row's value holds."""
        return np.arange(1, self.minutes + 1, dtype=np.float64)

    def floats(self, metric: str) -> FloatArray:
        """Raw values as floats with NaN where missing (for plots and medians;
        exact up to 2**53 fen)."""
        s = self.series(metric)
        return np.where(s.present, s.raw.astype(np.float64), np.nan)

    @property
    def final_gmv_fen(self) -> int | None:
        idx = np.flatnonzero(self.gmv.present)
        return int(self.gmv.raw[idx[-1]]) if idx.size else None


# ----------------------------------------------------------- reference curves


class ReferenceKind(Enum):
    MEDIAN = "median"
    """Per minute, the median over the earlier sessions still on air then."""
    BEST = "best"
    """The earlier session with the highest final GMV (the whole session, not a
    per-minute maximum stitched from several)."""
    LAST = "last"
    """The most recent earlier session."""


@dataclass(frozen=True)
class ReferenceCurve:
    """What a live session is held against: the ghost line of one kind, and the
    projection basis (always the median, whatever the ghost's kind).

    Arrays are raw units as floats (fen for GMV), one row per minute as in
    `SessionCurve` (row k holds at x = k + 1 minutes), NaN where no session
    gives a value.

    - `gmv`, `viewers`: the ghost. For the median, a session counts at a minute
      only while it was still on air (row k < its minute count) and had a value
      there: the ghost is "a session still going at this minute", so it ends
      where the longest earlier session ended. A median of the survivors can
      step when a short session drops out; that is what the streamer's
      sessions did.
    - `carried` (one row per basis session): GMV with a finished session's
      final total carried forward after its end. The projection scales the
      median of these: a session that has ended by minute x had its final total
      at x, and leaving it out would make the shape's tail that of the longest
      session alone. After every session has ended the median is that of their
      finals. `gmv_carried` is that median per minute (to draw the projected
      shape).
    """

    kind: ReferenceKind
    session_ids: tuple[int | None, ...]
    """The earlier sessions the ghost rests on (for the one-session kinds, that one)."""
    basis_ids: tuple[int | None, ...]
    """The sessions the projection rests on (every earlier session with GMV)."""
    gmv: FloatArray
    viewers: FloatArray
    counts: IntArray
    """How many sessions the ghost's GMV rests on at each minute."""
    carried: FloatArray
    """(basis sessions × minutes) GMV, finals carried after each end."""
    finals: FloatArray
    """Each basis session's final GMV."""
    gmv_carried: FloatArray
    longest_minutes: float
    """The longest earlier session's minute count: from there on every earlier
    session has ended."""

    @property
    def minutes(self) -> int:
        return int(self.gmv.shape[0])

    def x(self) -> FloatArray:
        return np.arange(1, self.minutes + 1, dtype=np.float64)

    def value_at(self, metric: str, minute: float) -> float | None:
        """The ghost's value at `minute` minutes since start, linear between
        minute ends (GMV from 0 at the start; viewers hold minute 0's value
        before its end). None beyond the reference or where it has no value."""
        arr = self.gmv if metric == "gmv" else self.viewers
        return _interp(arr, minute, counter=metric == "gmv")


def _interp(arr: FloatArray, minute: float, counter: bool) -> float | None:
    """`arr[k]` holds at x = k + 1; O(1)."""
    n = int(arr.shape[0])
    if n == 0 or minute < 0 or minute > n or minute != minute:
        return None
    p = minute - 1.0
    if p <= 0.0:
        first = float(arr[0])
        if first != first:
            return None
        if counter:
            return first * max(minute, 0.0)  # from 0 at the start
        return first
    k = int(p)
    frac = p - k
    lo = float(arr[k])
    if frac == 0.0:
        return None if lo != lo else lo
    hi = float(arr[k + 1])
    if lo != lo or hi != hi:
        return None
    return lo + (hi - lo) * frac


def _nan_quantiles(matrix: FloatArray, qs: Sequence[float]) -> tuple[list[FloatArray], IntArray]:
    """Per column, quantiles of the non-NaN values by linear interpolation (as
    numpy's default), NaN where a column has none; and the counts. Whole-array,
    without nanmedian's warnings on empty columns."""
    counts = np.sum(~np.isnan(matrix), axis=0).astype(np.int64)
    out: list[FloatArray] = []
    if matrix.shape[0] == 0:
        return [np.full(matrix.shape[1], np.nan) for _ in qs], counts
    srt = np.sort(matrix, axis=0)  # NaN sort last
    cols = np.arange(matrix.shape[1])
    safe = np.maximum(counts - 1, 0)
    for q in qs:
        pos = q * safe
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, safe)
        frac = pos - lo
        a = srt[lo, cols]
        b = srt[hi, cols]
        # a + (b - a) * frac, but exact when frac is 0 or a == b
        val = np.where(frac == 0.0, a, a + (b - a) * frac)
        out.append(np.where(counts > 0, val, np.nan))
    return out, counts


def reference_curve(
    curves: Sequence[SessionCurve], kind: ReferenceKind | str = ReferenceKind.MEDIAN
) -> ReferenceCurve | None:
    """The reference a live session is held against, from the streamer's
    earlier sessions (any order). None when there are none with any GMV or
    viewers reading — the streamer's first session has no ghost."""
    kind = ReferenceKind(kind)
    curves = [
        c for c in curves if c.minutes > 0 and (c.gmv.present.any() or c.viewers.present.any())
    ]
    if not curves:
        return None
    width = max(c.minutes for c in curves)
    n = len(curves)
    gmv = np.full((n, width), np.nan)
    viewers = np.full((n, width), np.nan)
    carried = np.full((n, width), np.nan)
    finals = np.full(n, np.nan)
    for i, c in enumerate(curves):
        g = c.floats("gmv")
        gmv[i, : c.minutes] = g
        viewers[i, : c.minutes] = c.floats("viewers")
        carried[i, : c.minutes] = g
        final = c.final_gmv_fen
        if final is not None:
            finals[i] = final
            carried[i, c.minutes :] = final

    if kind is ReferenceKind.MEDIAN:
        (ghost_gmv,), counts = _nan_quantiles(gmv, (0.5,))
        (ghost_viewers,), _ = _nan_quantiles(viewers, (0.5,))
        ids = tuple(c.session_id for c in curves)
    else:
        if kind is ReferenceKind.LAST:
            pick = max(range(n), key=lambda i: curves[i].started_ms)
        else:
            scores = np.where(np.isnan(finals), -1.0, finals)
            pick = max(range(n), key=lambda i: (scores[i], curves[i].started_ms))
        ghost_gmv, ghost_viewers = gmv[pick].copy(), viewers[pick].copy()
        counts = (~np.isnan(ghost_gmv)).astype(np.int64)
        ids = (curves[pick].session_id,)

    with_gmv = ~np.isnan(finals)
    basis = carried[with_gmv]
    (carried_median,), _ = _nan_quantiles(basis, (0.5,))
    return ReferenceCurve(
        kind=kind,
        session_ids=ids,
        basis_ids=tuple(c.session_id for c, ok in zip(curves, with_gmv, strict=True) if ok),
        gmv=ghost_gmv,
        viewers=ghost_viewers,
        counts=counts,
        carried=basis,
        finals=finals[with_gmv],
        gmv_carried=carried_median,
        longest_minutes=float(width),
    )


# -------------------------------------------------------------- live standing


@dataclass(frozen=True, slots=True)
class Standing:
    """How a live value stands against the ghost at a minute: `change` is
    live / reference - 1 (0.12 is "+12% vs median at 0:42")."""

    change: float
    reference_value: float
    minute: float
    kind: ReferenceKind


def ghost_standing(
    live_value: float | None,
    reference: ReferenceCurve | None,
    minute: float,
    metric: str = "gmv",
) -> Standing | None:
    """O(1). None when there is no reference, no live value, the reference has
    no value at that minute (beyond its end, or missing there) or it is 0 (a
    percentage of nothing)."""
    if reference is None or live_value is None:
        return None
    ref = reference.value_at(metric, minute)
    if ref is None or ref == 0:
        return None
    return Standing(live_value / ref - 1.0, ref, minute, reference.kind)


# ----------------------------------------------------------------- projection


class ProjectionMethod(Enum):
    SCALED_MEDIAN = "scaled_median"
    """live GMV × (median final / median GMV at this minute): the median
    session's remaining shape scaled by how the live session stands now."""
    SO_FAR = "so_far"
    """The live session is already longer than every earlier one: nothing is
    left of their shape to scale, so the projection is the GMV so far."""
    NONE = "none"
    """No projection; `reason` says why."""


class NoProjection(Enum):
    FIRST_SESSION = "first_session"
    """No earlier session with GMV readings: nothing to project from."""
    NO_LIVE_VALUE = "no_live_value"
    """The live session has no GMV reading yet."""
    NOTHING_SOLD_YET = "nothing_sold_yet"
    """The live GMV is 0: scaling gives 0, which says nothing."""
    ZERO_MEDIAN = "zero_median"
    """The median session had sold nothing by this minute: no ratio to scale by."""
    NO_REFERENCE_HERE = "no_reference_here"
    """No earlier session has a GMV value at this minute (gaps in all of them)."""


@dataclass(frozen=True, slots=True)
class Projection:
    """A projected final GMV in fen, with its range and how it was made.
    `value_fen`, `low_fen`, `high_fen` are None exactly when `method` is NONE."""

    value_fen: int | None
    low_fen: int | None
    high_fen: int | None
    method: ProjectionMethod
    minute: float
    basis: int
    """How many earlier sessions the value and the range rest on."""
    ratio: Fraction | None = None
    """live / median GMV at this minute (the scale applied to the median's shape)."""
    reason: NoProjection | None = None


def project_final_gmv(
    live_gmv_fen: int | None, minute: float, reference: ReferenceCurve | None
) -> Projection:
    """The live session's projected final GMV at `minute` minutes since start.

    At `minute`, each earlier session's GMV (linear between its minute ends,
    finals carried after its end) is taken; with M the median of those and F
    the median of the same sessions' finals, the value is live × F / M
    (computed exactly, rounded half-even to a fen). The range is live × the
    25th and 75th percentile (linear, numpy's default) of each session's
    final / GMV-then ratio, over the sessions that had sold something by then:
    the streamer's own spread. The range is widened to take in the value, and
    nothing is below the GMV so far (a running total does not fall). Costs a
    few array operations over the earlier sessions (about 30), whatever the
    session's length."""
    basis = 0 if reference is None else len(reference.basis_ids)
    if reference is None or basis == 0:
        return _none(minute, 0, NoProjection.FIRST_SESSION)
    if live_gmv_fen is None:
        return _none(minute, basis, NoProjection.NO_LIVE_VALUE)
    if minute >= reference.longest_minutes:
        v = live_gmv_fen
        return Projection(v, v, v, ProjectionMethod.SO_FAR, minute, basis, Fraction(1))
    if live_gmv_fen == 0:
        return _none(minute, basis, NoProjection.NOTHING_SOLD_YET)
    at = _interp_rows(reference.carried, max(minute, 0.0))
    ok = ~np.isnan(at)
    if not ok.any():
        return _none(minute, basis, NoProjection.NO_REFERENCE_HERE)
    at, finals = at[ok], reference.finals[ok]
    med = float(np.median(at))
    if med <= 0:
        return _none(minute, int(ok.sum()), NoProjection.ZERO_MEDIAN)
    ratio = Fraction(live_gmv_fen) / Fraction(med)
    value = round(ratio * Fraction(float(np.median(finals))))
    sold = at > 0
    low_r, high_r = np.percentile(finals[sold] / at[sold], (25, 75))
    live = Fraction(live_gmv_fen)
    low = max(min(round(live * Fraction(float(low_r))), value), live_gmv_fen)
    high = max(round(live * Fraction(float(high_r))), value)
    value = max(value, live_gmv_fen)
    return Projection(
        value, low, high, ProjectionMethod.SCALED_MEDIAN, minute, int(ok.sum()), ratio
    )


def _interp_rows(matrix: FloatArray, minute: float) -> FloatArray:
    """Every row of a counter matrix at `minute` (row k holds at x = k + 1, 0 at
    x = 0); NaN where a neighbouring minute is missing."""
    width = matrix.shape[1]
    p = minute - 1.0
    if p <= 0.0:
        out: FloatArray = matrix[:, 0] * minute
        return out
    k = min(int(p), width - 1)
    frac = p - k
    if frac == 0.0 or k + 1 >= width:
        return matrix[:, k].copy()
    lo, hi = matrix[:, k], matrix[:, k + 1]
    mixed: FloatArray = lo + (hi - lo) * frac
    return mixed


def _none(minute: float, basis: int, reason: NoProjection) -> Projection:
    return Projection(None, None, None, ProjectionMethod.NONE, minute, basis, None, reason)
