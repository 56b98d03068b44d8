"""Segments: named stretches of a show (讲解 "商品A", a lucky-bag round) with the
GMV, orders, peak viewers and GMV per minute they brought in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from app.core.highlights import EventRecord, new_uid
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.series import SeriesSet


@dataclass(frozen=True, slots=True)
class Segment:
    uid: str
    name: str
    start_ms: int
    end_ms: int | None = None
    """None while it is running."""


@dataclass(frozen=True, slots=True)
class SegmentStats:
    segment: Segment
    duration_s: float
    gmv: Decimal | None
    orders: int | None
    peak_viewers: int | None
    gmv_per_min: Decimal | None


class SegmentNameError(Explained, ValueError):
    """A segment started without a name (in the user's language)."""

    context = "numbers"


def start_segment(name: str, now_ms: int) -> Segment:
    name = " ".join(name.split())
    if not name:
        raise SegmentNameError(
            QT_TRANSLATE_NOOP("numbers", "a segment needs a name, e.g. 讲解 商品A")
        )
    return Segment(new_uid(), name, now_ms)


def segment_stats(
    segments: Iterable[Segment], series: SeriesSet, now_ms: int
) -> list[SegmentStats]:
    """What each segment brought in: the rise of the running totals (GMV, orders)
    from its start to its end, the highest viewer count inside it, and GMV per
    minute. A running segment is measured up to `now_ms`. Lookups are binary
    searches in the session's buffers, so long sessions cost nothing extra."""
    started = series.started_ms
    gmv_buf, orders_buf = series.buffers["gmv"], series.buffers["orders"]
    viewers = series.buffers["viewers"]
    out = []
    for seg in segments:
        end = seg.end_ms if seg.end_ms is not None else now_ms
        t0, t1 = (seg.start_ms - started) / 1000, (end - started) / 1000
        g0, g1 = gmv_buf.value_at(t0), gmv_buf.value_at(t1)
        o0, o1 = orders_buf.value_at(t0), orders_buf.value_at(t1)
        gmv = None if g1 is None else Decimal(str(round(g1 - (g0 or 0.0), 2)))
        orders = None if o1 is None else round(o1 - (o0 or 0.0))
        lo = int(np.searchsorted(viewers.t, t0, side="left"))
        hi = int(np.searchsorted(viewers.t, t1, side="right"))
        inside = viewers.v[lo:hi]
        inside = inside[np.isfinite(inside)]
        peak = int(inside.max()) if inside.size else None
        minutes = Decimal(max(end - seg.start_ms, 0)) / 60_000
        per_min = (
            (gmv / minutes).quantize(Decimal("0.01")) if gmv is not None and minutes > 0 else None
        )
        out.append(SegmentStats(seg, (end - seg.start_ms) / 1000, gmv, orders, peak, per_min))
    return out


def segment_record(seg: Segment) -> EventRecord:
    return EventRecord(seg.uid, seg.start_ms, "segment", seg.name, {"end_ms": seg.end_ms})


def segment_from_record(r: EventRecord) -> Segment:
    end = r.payload.get("end_ms")
    return Segment(r.uid, r.label, r.ts_ms, None if end is None else int(end))
