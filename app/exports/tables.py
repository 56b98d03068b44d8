"""CSV tables: every highlight and milestone, and the ranked clip list of segments."""

from __future__ import annotations

import csv
import io

from app.core.messages import QT_TRANSLATE_NOOP, say
from app.core.milestones import MilestoneKind
from app.core.segments import SegmentStats
from app.exports.common import (
    ExportInput,
    ExportOptions,
    ExportResult,
    _clock,
    _items,
    _safe,
    _video_s,
)


def write_csv(data: ExportInput, opt: ExportOptions) -> ExportResult:
    notes: list[str] = []
    out = io.StringIO()
    out.write("\ufeff")  # so Excel opens Chinese text correctly
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "type",
            "video_time",
            "video_seconds",
            "session_seconds",
            "title",
            "note",
            "tags",
            "metric",
            "value",
            "major",
        ]
    )
    for it in _items(data, opt, notes):
        h = it.h
        w.writerow(
            [
                "highlight",
                _clock(it.video_s),
                round(it.video_s, 3),
                round((h.mark_ms - data.info.started_ms) / 1000, 3),
                _safe(h.title),
                _safe(h.note),
                _safe(" ".join(f"#{t}" for t in h.tags)),
                "",
                "",
                int(h.major),
            ]
        )
    for m in sorted(data.milestones, key=lambda m: m.ts_ms):
        v = _video_s(m.ts_ms, data, opt)
        w.writerow(
            [
                "joined" if m.kind is MilestoneKind.JOINED else "milestone",
                _clock(v),
                round(v, 3),
                round((m.ts_ms - data.info.started_ms) / 1000, 3),
                _safe(m.describe()),
                "",
                "",
                m.metric,
                m.value,
                int(m.major),
            ]
        )
    for st in data.segments:
        seg = st.segment
        v = _video_s(seg.start_ms, data, opt)
        w.writerow(
            [
                "segment",
                _clock(v),
                round(v, 3),
                round((seg.start_ms - data.info.started_ms) / 1000, 3),
                _safe(seg.name),
                "",
                "",
                "gmv",
                "" if st.gmv is None else float(st.gmv),
                0,
            ]
        )
    return ExportResult(out.getvalue(), notes)


def write_clips(data: ExportInput, opt: ExportOptions) -> ExportResult:
    """Segments as a clip list, ranked by GMV (then GMV per minute)."""
    notes: list[str] = []
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "rank",
            "segment",
            "start",
            "end",
            "start_seconds",
            "end_seconds",
            "duration_seconds",
            "gmv",
            "gmv_per_min",
            "orders",
            "peak_viewers",
        ]
    )

    def key(st: SegmentStats) -> tuple[float, float]:
        return (
            float(st.gmv) if st.gmv is not None else float("-inf"),
            float(st.gmv_per_min) if st.gmv_per_min is not None else float("-inf"),
        )

    for rank, st in enumerate(sorted(data.segments, key=key, reverse=True), 1):
        seg = st.segment
        start = _video_s(seg.start_ms, data, opt)
        end = start + st.duration_s
        if end < 0:
            notes.append(
                say(
                    "exports",
                    QT_TRANSLATE_NOOP(
                        "exports",
                        "dropped “{name}”: it ended before the video started",
                    ),
                    name=seg.name,
                )
            )
            continue
        w.writerow(
            [
                rank,
                _safe(seg.name),
                _clock(start),
                _clock(end),
                round(max(start, 0.0), 3),
                round(end, 3),
                round(st.duration_s, 3),
                "" if st.gmv is None else float(st.gmv),
                "" if st.gmv_per_min is None else float(st.gmv_per_min),
                "" if st.orders is None else st.orders,
                "" if st.peak_viewers is None else st.peak_viewers,
            ]
        )
    return ExportResult(out.getvalue(), notes)


# -- JSON ------------------------------------------------------------------------------
