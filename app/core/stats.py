"""Derived session figures, updated incrementally one sample at a time.

Ratios with a zero (or unknown) denominator are `None` — "no value" — never 0
or infinity. Money stays exact (`Decimal` yuan from integer fen).
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

import numpy as np

from app.core.columns import SessionColumns
from app.core.metrics import METRICS, Sample

FIRST_15_MIN_S = 15 * 60
FIRST_30_MIN_S = 30 * 60
RECENT_WINDOW_S = 5 * 60
MIN_RATE_SPAN_S = 60.0
"""GMV per minute is what GMV rose by between the first and the newest reading,
shown once those are at least this far apart: one entry 22 s in extrapolated
to ¥2,296.87万/min, and the first reading of a show joined late holds what it
sold before Genbo was there."""
MIN_RECENT_SPAN_S = 30.0
"""The recent rate needs two GMV readings at least this far apart."""
_MAX_HOLD_S = 60.0
"""A viewer reading counts towards the time-weighted average for at most this
long, so a source that went quiet does not drag its last value across a gap."""


class GpmBasis(Enum):
    VIEWS = "views"
    """GMV × 1000 / 观看次数 (views), as Douyin's dashboard computes it."""
    UNIQUE_VIEWERS = "unique_viewers"
    """Fallback when only cumulative unique viewers are known; labelled as such."""


@dataclass(frozen=True, slots=True)
class StatsSnapshot:
    elapsed_s: float
    sample_count: int
    latest: dict[str, int]
    """Newest raw value of each metric seen so far."""
    peak_viewers: int | None
    peak_viewers_at_s: float | None
    avg_viewers: float | None
    avg_dwell: float | None
    """Time-weighted mean of the average-dwell readings, in seconds."""
    gmv: Decimal | None
    gmv_per_min: Decimal | None
    gmv_per_min_recent: Decimal | None
    gmv_recent_span_s: float | None
    """How many seconds the recent rate rests on (at most `RECENT_WINDOW_S`);
    None while there is no recent rate."""
    gpm: Decimal | None
    gpm_basis: GpmBasis | None
    uv_value: Decimal | None
    conversion: Decimal | None
    avg_order_value: Decimal | None
    gmv_first_15m: Decimal | None
    gmv_first_30m: Decimal | None

    def value(self, key: str) -> Decimal | None:
        """The newest value of a catalogue metric in display units."""
        raw = self.latest.get(key)
        return None if raw is None else METRICS[key].from_raw(raw)


def _ratio(num: Decimal | None, den: Decimal | int | None, scale: int = 1) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return num * scale / Decimal(den)


@dataclass
class SessionStats:
    """Accumulates one session's samples (from any number of sources)."""

    started_ms: int
    sample_count: int = 0
    _latest: dict[str, int] = field(default_factory=dict)
    _latest_ts: dict[str, int] = field(default_factory=dict)
    _max_elapsed_s: float = 0.0
    _peak: int | None = None
    _peak_at_s: float | None = None
    _vw_sum: float = 0.0
    _vw_time: float = 0.0
    _last_viewers: tuple[float, int] | None = None
    _dw_sum: float = 0.0
    _dw_time: float = 0.0
    _last_dwell: tuple[float, int] | None = None
    _gmv_by_15: int | None = None
    _gmv_by_30: int | None = None
    _gmv_by_15_t: float = -1.0
    _gmv_by_30_t: float = -1.0
    """When those readings were taken: a back-dated one replaces only an older one."""
    _gmv_recent: deque[tuple[float, int]] = field(default_factory=deque)
    _gmv_first: tuple[float, int] | None = None
    """The earliest GMV reading (elapsed s, raw)."""

    def add(self, sample: Sample) -> None:
        elapsed = (sample.ts_ms - self.started_ms) / 1000.0
        self.sample_count += 1
        if elapsed > self._max_elapsed_s:
            self._max_elapsed_s = elapsed
        for key, raw in sample.values.items():
            if sample.ts_ms >= self._latest_ts.get(key, -(2**62)):
                self._latest[key] = raw
                self._latest_ts[key] = sample.ts_ms
        viewers = sample.values.get("viewers")
        if viewers is not None:
            self._add_viewers(elapsed, viewers)
        dwell = sample.values.get("dwell_seconds")
        if dwell is not None:
            self._add_dwell(elapsed, dwell)
        gmv = sample.values.get("gmv")
        if gmv is not None:
            self._add_gmv(elapsed, gmv)

    def extend(self, samples: Iterable[Sample]) -> None:
        for s in samples:
            self.add(s)

    @classmethod
    def from_columns(cls, started_ms: int, columns: SessionColumns) -> SessionStats:
        """The state `extend` reaches with the same samples in time order, worked
        out on whole arrays (a day-long session in milliseconds rather than
        seconds). Sums may differ from the one-by-one path in the last bits."""
        stats = cls(started_ms=started_ms)
        stats.sample_count = columns.sample_count()
        for key in columns.metrics():
            col = columns.merged(key)
            stats._latest[key] = int(col.raw[-1])
            stats._latest_ts[key] = int(col.ts_ms[-1])
            elapsed = (col.ts_ms - started_ms) / 1000.0
            stats._max_elapsed_s = max(stats._max_elapsed_s, float(elapsed[-1]))
            if key == "viewers":
                i = int(np.argmax(col.raw))
                stats._peak, stats._peak_at_s = int(col.raw[i]), float(elapsed[i])
                stats._vw_sum, stats._vw_time = _held_sum(elapsed, col.raw)
                stats._last_viewers = (float(elapsed[-1]), int(col.raw[-1]))
            elif key == "dwell_seconds":
                stats._dw_sum, stats._dw_time = _held_sum(elapsed, col.raw)
                stats._last_dwell = (float(elapsed[-1]), int(col.raw[-1]))
            elif key == "gmv":
                n15 = int(np.searchsorted(elapsed, FIRST_15_MIN_S, side="right"))
                n30 = int(np.searchsorted(elapsed, FIRST_30_MIN_S, side="right"))
                stats._gmv_first = (float(elapsed[0]), int(col.raw[0]))
                stats._gmv_by_15 = int(col.raw[n15 - 1]) if n15 else None
                stats._gmv_by_30 = int(col.raw[n30 - 1]) if n30 else None
                stats._gmv_by_15_t = float(elapsed[n15 - 1]) if n15 else -1.0
                stats._gmv_by_30_t = float(elapsed[n30 - 1]) if n30 else -1.0
                # What the recent-rate window keeps after the last point: from
                # the point before the first one inside the window, but never
                # fewer than two points.
                n = elapsed.shape[0]
                j = int(np.searchsorted(elapsed, elapsed[-1] - RECENT_WINDOW_S, side="right"))
                i0 = max(0, min(j - 1, n - 2))
                stats._gmv_recent = deque(
                    zip(elapsed[i0:].tolist(), col.raw[i0:].tolist(), strict=True)
                )
        return stats

    def _add_viewers(self, elapsed: float, viewers: int) -> None:
        if self._peak is None or viewers > self._peak:
            self._peak = viewers
            self._peak_at_s = elapsed
        if self._last_viewers is not None:
            t_prev, v_prev = self._last_viewers
            dt = min(max(elapsed - t_prev, 0.0), _MAX_HOLD_S)
            self._vw_sum += v_prev * dt
            self._vw_time += dt
        if self._last_viewers is None or elapsed >= self._last_viewers[0]:
            self._last_viewers = (elapsed, viewers)

    def _add_dwell(self, elapsed: float, dwell: int) -> None:
        if self._last_dwell is not None:
            t_prev, d_prev = self._last_dwell
            dt = min(max(elapsed - t_prev, 0.0), _MAX_HOLD_S)
            self._dw_sum += d_prev * dt
            self._dw_time += dt
        if self._last_dwell is None or elapsed >= self._last_dwell[0]:
            self._last_dwell = (elapsed, dwell)

    def _add_gmv(self, elapsed: float, gmv: int) -> None:
        if self._gmv_first is None or elapsed < self._gmv_first[0]:
            self._gmv_first = (elapsed, gmv)
        if self._gmv_by_15_t <= elapsed <= FIRST_15_MIN_S:
            self._gmv_by_15, self._gmv_by_15_t = gmv, elapsed
        if self._gmv_by_30_t <= elapsed <= FIRST_30_MIN_S:
            self._gmv_by_30, self._gmv_by_30_t = gmv, elapsed
        recent = self._gmv_recent
        if recent and elapsed < recent[-1][0]:
            bisect.insort(recent, (elapsed, gmv))  # typed back-dated: keep time order
        else:
            recent.append((elapsed, gmv))
        newest = recent[-1][0]
        while len(recent) > 2 and recent[1][0] <= newest - RECENT_WINDOW_S:
            recent.popleft()

    def gpm_float(self) -> float | None:
        """GPM as `snapshot()` computes it, as a float, without building one."""
        gmv = self._latest.get("gmv")
        den = self._latest.get("watch_pv") or self._latest.get("watch_uv")
        if gmv is None or not den:
            return None
        return gmv / METRICS["gmv"].scale * 1000 / den

    def avg_dwell_float(self) -> float | None:
        """Average dwell in seconds as `snapshot()` computes it."""
        if self._dw_time > 0:
            return self._dw_sum / self._dw_time / 10
        if self._last_dwell is not None:
            return self._last_dwell[1] / 10
        return None

    def snapshot(self, elapsed_s: float | None = None) -> StatsSnapshot:
        """The figures now. `elapsed_s` is the session clock; defaults to the
        newest sample's time."""
        elapsed = max(self._max_elapsed_s, elapsed_s or 0.0)
        gmv_m = METRICS["gmv"]
        latest = dict(self._latest)

        def money(raw: int | None) -> Decimal | None:
            return None if raw is None else gmv_m.from_raw(raw)

        gmv = money(latest.get("gmv"))
        views = latest.get("watch_pv")
        uv = latest.get("watch_uv")
        if views:
            gpm, basis = _ratio(gmv, views, 1000), GpmBasis.VIEWS
        elif uv:
            gpm, basis = _ratio(gmv, uv, 1000), GpmBasis.UNIQUE_VIEWERS
        else:
            gpm, basis = None, None
        if gpm is None:
            basis = None

        per_min = None
        if self._gmv_first is not None and "gmv" in self._latest_ts:
            t_first, g_first = self._gmv_first
            span = round((self._latest_ts["gmv"] - self.started_ms) / 1000.0 - t_first, 3)
            if span >= MIN_RATE_SPAN_S:
                per_min = gmv_m.from_raw(self._latest["gmv"] - g_first) * 60 / Decimal(str(span))
        recent_rate, recent_span = None, None
        if len(self._gmv_recent) >= 2:
            (t0, g0), (t1, g1) = self._gmv_recent[0], self._gmv_recent[-1]
            span = round(t1 - t0, 3)
            if span >= MIN_RECENT_SPAN_S:
                recent_rate = gmv_m.from_raw(g1 - g0) * 60 / Decimal(str(span))
                recent_span = min(span, float(RECENT_WINDOW_S))

        avg = None
        if self._vw_time > 0:
            avg = self._vw_sum / self._vw_time
        elif self._last_viewers is not None:
            avg = float(self._last_viewers[1])

        avg_dwell = None
        if self._dw_time > 0:
            avg_dwell = self._dw_sum / self._dw_time / 10
        elif self._last_dwell is not None:
            avg_dwell = self._last_dwell[1] / 10

        return StatsSnapshot(
            elapsed_s=elapsed,
            sample_count=self.sample_count,
            latest=latest,
            peak_viewers=self._peak,
            peak_viewers_at_s=self._peak_at_s,
            avg_viewers=avg,
            avg_dwell=avg_dwell,
            gmv=gmv,
            gmv_per_min=per_min,
            gmv_per_min_recent=recent_rate,
            gmv_recent_span_s=recent_span,
            gpm=gpm,
            gpm_basis=basis,
            uv_value=_ratio(gmv, uv),
            conversion=_ratio(
                None if latest.get("buyers") is None else Decimal(latest["buyers"]), uv
            ),
            avg_order_value=_ratio(gmv, latest.get("orders")),
            gmv_first_15m=money(self._gmv_by_15) if elapsed >= FIRST_15_MIN_S else None,
            gmv_first_30m=money(self._gmv_by_30) if elapsed >= FIRST_30_MIN_S else None,
        )


def _held_sum(elapsed: np.ndarray, raw: np.ndarray) -> tuple[float, float]:
    """Σ value × how long it held (capped at `_MAX_HOLD_S`), and Σ of those times."""
    if elapsed.shape[0] < 2:
        return 0.0, 0.0
    dt = np.clip(np.diff(elapsed), 0.0, _MAX_HOLD_S)
    return float(np.dot(raw[:-1].astype(np.float64), dt)), float(dt.sum())
