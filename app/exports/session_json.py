"""The whole session as versioned JSON (docs/session-export.schema.json),
written one sample per line.

Version 2 carries what another Genbo needs to rebuild the session exactly
(`app.session.importing`): the session's unique id, notes, tags, platform and
account, every figure of its summary, its sources in their stored order (which
orders samples taken at the same instant) and the stored events as they are
(`events`: uid, kind, label, payload). `milestones`, `highlights` and
`segments` stay, worded for readers; an importer reads `events`."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np

from app.core.columns import IntArray, SessionColumns
from app.core.highlights import EventRecord, highlight_record, milestone_record
from app.core.metrics import METRICS
from app.core.segments import segment_record
from app.exports.common import (
    ExportInput,
    ExportOptions,
    ExportResult,
)

JSON_FORMAT_VERSION = 2
"""1: samples, gaps and the worded events. 2: also the session's uid, notes,
tags, platform, account, detail, whole summary, `sources` and raw `events`."""


_SAMPLES_MARK = "@genbo-samples@"


def write_json(
    data: ExportInput, opt: ExportOptions, progress: Callable[[float], None] | None = None
) -> ExportResult:
    info = data.info
    start = info.started_ms
    sm = info.summary

    def money(fen: int | None) -> float | None:
        return None if fen is None else float(Decimal(fen) / 100)

    lines = _sample_lines(data.columns, start, progress)
    doc = {
        "format": "genbo-session",
        "version": JSON_FORMAT_VERSION,
        "session": {
            "id": info.id,
            "uid": info.uid,
            "streamer": info.streamer.name,
            "platform": info.streamer.platform,
            "account_id": info.streamer.account_id,
            "title": info.title,
            "started_at": info.started_at.isoformat(timespec="milliseconds"),
            "started_ms": start,
            "ended_ms": info.ended_ms,
            "utc_offset_min": info.utc_offset_min,
            "status": info.status.value,
            "detail": info.detail.value,
            "duration_s": sm.duration_s,
            "notes": info.notes,
            "tags": list(info.tags),
            "summary": {
                "peak_viewers": sm.peak_viewers,
                "gmv": money(sm.gmv_fen),
                "gmv_15m": money(sm.gmv_15m_fen),
                "gmv_30m": money(sm.gmv_30m_fen),
                "sample_count": sm.sample_count,
                "gpm": money(sm.gpm_fen),
                "avg_dwell_s": None if sm.avg_dwell_ds is None else sm.avg_dwell_ds / 10,
                "avg_viewers": sm.avg_viewers,
                "orders": sm.orders,
                "buyers": sm.buyers,
                "watch_uv": sm.watch_uv,
                "watch_pv": sm.watch_pv,
                "new_followers": sm.new_followers,
                "spend": money(sm.spend_fen),
            },
        },
        "video_offset_s": opt.offset_s,
        "metrics": {
            m.key: {
                "label": m.label,
                "label_zh": m.label_zh,
                "kind": m.kind.value,
                "unit": m.unit.value,
            }
            for m in METRICS.values()
        },
        # A resumed session has a second source of the same kind; samples
        # carry only the kind, so each kind is named once.
        "sources": list(dict.fromkeys(src.source for src in data.columns.sources)),
        "samples": _SAMPLES_MARK,
        "gaps": [
            {"source": g.source, "start_ms": g.start_ms, "end_ms": g.end_ms, "reason": g.reason}
            for g in data.gaps
        ],
        "events": [
            {
                "uid": uid,
                "ts_ms": r.ts_ms,
                "kind": r.kind,
                "label": r.label,
                "payload": dict(r.payload),
            }
            for uid, r in _event_records(data)
        ],
        "milestones": [
            {
                "ts_ms": m.ts_ms,
                "kind": m.kind.value,
                "metric": m.metric,
                "value": m.value,
                "detail": m.detail,
                "major": m.major,
                "title": m.describe(),
            }
            for m in data.milestones
        ],
        "highlights": [
            {
                "uid": h.uid,
                "mark_ms": h.mark_ms,
                "clip_start_ms": h.clip_start_ms(start),
                "title": h.title,
                "note": h.note,
                "tags": list(h.tags),
                "origin": h.origin,
                "major": h.major,
            }
            for h in data.highlights
        ],
        "segments": [
            {
                "uid": st.segment.uid,
                "name": st.segment.name,
                "start_ms": st.segment.start_ms,
                "end_ms": st.segment.end_ms,
                "gmv": None if st.gmv is None else float(st.gmv),
                "gmv_per_min": None if st.gmv_per_min is None else float(st.gmv_per_min),
                "orders": st.orders,
                "peak_viewers": st.peak_viewers,
            }
            for st in data.segments
        ],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    # Splice the samples in; no string the user typed can look like this key
    # and value, since json.dumps escapes their quotes.
    before, after = text.split(f'"samples": "{_SAMPLES_MARK}"', 1)
    samples = ["[\n  ", ",\n  ".join(lines), "\n ]"] if lines else ["[]"]
    if progress is not None:
        progress(1.0)
    return ExportResult([before, '"samples": ', *samples, after], [])


def _event_records(data: ExportInput) -> list[tuple[str | None, EventRecord]]:
    """The stored events as they are, when the input carries them (`events`,
    read by `load_export_input`); otherwise rebuilt from the milestones,
    highlights and segments, in time order. Rebuilt milestones have no uid
    (null): the importer gives them one."""
    stored: Sequence[EventRecord] = data.events
    if stored:
        return [(r.uid, r) for r in stored]
    rebuilt: list[tuple[str | None, EventRecord]] = [
        (None, milestone_record(m, m.describe(), uid="")) for m in data.milestones
    ]
    rebuilt += [(h.uid, highlight_record(h)) for h in data.highlights]
    rebuilt += [(st.segment.uid, segment_record(st.segment)) for st in data.segments]
    rebuilt.sort(key=lambda pair: pair[1].ts_ms)
    return rebuilt


def _sample_lines(
    columns: SessionColumns, start_ms: int, progress: Callable[[float], None] | None
) -> list[str]:
    """Every sample as one line of compact JSON, in time order (sources in their
    order at the same instant). A day at 10 Hz is 864,000 lines: a source whose
    samples all carry the same metrics is written through one %-template, row
    by row; any other through the C JSON encoder, sample by sample."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def display(key: str, raw: IntArray) -> list[float]:
        # raw / scale is exactly the float of the Decimal `from_raw` gives, and
        # %r writes a float as the JSON encoder does (its repr).
        floats: list[float] = (raw / METRICS[key].scale).tolist()
        return floats

    per_source: list[tuple[IntArray, list[str]]] = []
    total = max(len(columns.sources), 1)
    for k, src in enumerate(columns.sources):
        times = src.sample_times()
        elapsed = ((times - start_ms) / 1000).tolist()
        cols = {key: c for key, c in src.series.items() if len(c)}
        name = encode(src.source).replace("%", "%%")
        head = '{"ts_ms": %d, "elapsed_s": %r, "source": ' + name
        if all(
            c.ts_ms.shape == times.shape and np.array_equal(c.ts_ms, times) for c in cols.values()
        ):
            # Whole counts are written as "%d.0", which is their float's repr
            # (below 1e16) and faster to make; other values through %r.
            whole = {
                key: METRICS[key].scale == 1 and bool(np.all(np.abs(c.raw) < 10**15))
                for key, c in cols.items()
            }
            fields = ", ".join(f"{encode(key)}: {'%d.0' if whole[key] else '%r'}" for key in cols)
            template = head + ', "values": {' + fields + "}}"
            values = [
                c.raw.tolist() if whole[key] else display(key, c.raw) for key, c in cols.items()
            ]
            lines = [template % row for row in zip(times.tolist(), elapsed, *values, strict=True)]
        else:
            lines = []
            alone = SessionColumns((src,))
            for (ts, source, vals), el in zip(alone.rows(display), elapsed, strict=True):
                lines.append(
                    encode({"ts_ms": ts, "elapsed_s": el, "source": source, "values": vals})
                )
        per_source.append((times, lines))
        if progress is not None:
            progress(0.9 * (k + 1) / total)
    if len(per_source) == 1:
        return per_source[0][1]
    if not per_source:
        return []
    order = np.lexsort(
        (
            np.concatenate([np.full(t.shape[0], k) for k, (t, _) in enumerate(per_source)]),
            np.concatenate([t for t, _ in per_source]),
        )
    )
    everything = [line for _, lines in per_source for line in lines]
    return [everything[i] for i in order.tolist()]


# -- Resolve marker EDL ----------------------------------------------------------------
