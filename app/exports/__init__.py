"""Exports that video editors' tools import as they are.

Every writer takes an `ExportInput` (a session's highlights, milestones, gaps,
and for JSON its samples) and `ExportOptions` (offset to a separate video
recording, frame rate), and returns the file's text plus notes that say what it
had to change (merged chapters, items before the video started).

Libraries do the formats they know: OpenTimelineIO and its adapters write CMX
3600 EDL, FCP 7 XML (Premiere) and FCPXML; `srt` writes subtitles. Written by
hand: YouTube chapters, DaVinci Resolve's marker EDL, CSV and the JSON schema.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from app.core.columns import IntArray, SessionColumns
from app.core.highlights import Highlight
from app.core.metrics import METRICS, Gap
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import format_elapsed
from app.core.segments import SegmentStats
from app.core.session import SessionInfo
from app.formats import FORMATS

JSON_FORMAT_VERSION = 1
MIN_CHAPTER_S = 10
POST_ROLL_S = 5.0
"""A highlight's clip runs from its pre-roll start to this long after the mark."""


class ExportError(ValueError):
    """The export cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ExportOptions:
    offset_s: float = 0.0
    """Added to session time to get video time: +120 when the recording started
    two minutes before the session."""
    fps: int = 30
    timeline_start: str = "01:00:00:00"
    """Where the Resolve timeline starts (its default)."""


@dataclass(frozen=True)
class ExportInput:
    info: SessionInfo
    highlights: Sequence[Highlight]
    milestones: Sequence[Milestone] = ()
    gaps: Sequence[Gap] = ()
    columns: SessionColumns = field(default_factory=SessionColumns)
    """Every sample, for the formats that carry them (JSON)."""
    duration_s: float = 0.0
    segments: Sequence[SegmentStats] = ()


class ExportResult:
    """A written file, kept as the pieces it was made of (a day's JSON is a few
    hundred MB, which one joined string would only copy again), and the notes
    on what the writer had to change."""

    def __init__(self, text: str | Sequence[str], notes: list[str] | None = None) -> None:
        self.parts: list[str] = [text] if isinstance(text, str) else list(text)
        self.notes: list[str] = notes if notes is not None else []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def __len__(self) -> int:
        """Characters in the file."""
        return sum(len(p) for p in self.parts)

    def write(self, stream: TextIO) -> None:
        for part in self.parts:
            stream.write(part)

    def save(self, target: Path) -> None:
        """Write to `target` through a `.part` file renamed at the end, so a
        failed export never leaves half a file under the real name."""
        tmp = target.with_name(target.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            self.write(f)
        tmp.replace(target)


def parse_offset(text: str) -> float:
    """ "+0:02:00", "-1:30", "90" → seconds."""
    m = re.fullmatch(r"\s*([+-]?)(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*", text)
    if not m:
        raise ExportError(f"{text!r} is not an offset; write it like +0:02:00 or -1:30")
    sign = -1 if m.group(1) == "-" else 1
    parts = [p for p in (m.group(2), m.group(3)) if p is not None]
    seconds = float(m.group(4))
    if len(parts) == 2:
        seconds += int(parts[0]) * 3600 + int(parts[1]) * 60
    elif len(parts) == 1:
        seconds += int(parts[0]) * 60
    return sign * seconds


# -- time helpers ----------------------------------------------------------------------
def _video_s(ts_ms: int, data: ExportInput, opt: ExportOptions) -> float:
    return (ts_ms - data.info.started_ms) / 1000 + opt.offset_s


def _clock(seconds: float) -> str:
    """YouTube style: m:ss below an hour, h:mm:ss from an hour on."""
    return format_elapsed(max(0.0, seconds))


def _timecode(seconds: float, fps: int) -> str:
    frames = round(seconds * fps)
    f = frames % fps
    total = frames // fps
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}:{f:02d}"


def _parse_timecode(tc: str, fps: int) -> float:
    h, m, s, f = (int(x) for x in tc.split(":"))
    return h * 3600 + m * 60 + s + f / fps


@dataclass(frozen=True)
class _Item:
    video_s: float
    start_s: float
    h: Highlight


def _items(data: ExportInput, opt: ExportOptions, notes: list[str]) -> list[_Item]:
    items = []
    for h in sorted(data.highlights, key=lambda x: x.mark_ms):
        mark = _video_s(h.mark_ms, data, opt)
        start = _video_s(h.clip_start_ms(data.info.started_ms), data, opt)
        if mark < 0:
            notes.append(f"dropped {h.title!r}: it happened before the video started")
            continue
        items.append(_Item(mark, max(0.0, start), h))
    return items


def _video_end(data: ExportInput, opt: ExportOptions, items: list[_Item]) -> float:
    end = data.duration_s + opt.offset_s
    if items:
        end = max(end, items[-1].video_s + POST_ROLL_S)
    return end


# -- chapters --------------------------------------------------------------------------
def write_chapters(data: ExportInput, opt: ExportOptions) -> ExportResult:
    notes: list[str] = []
    items = _items(data, opt, notes)
    opening = data.info.title or "Start"
    merged: list[list[Any]] = [[0.0, opening]]
    for it in items:
        start, title = it.start_s, it.h.title
        if start - merged[-1][0] < MIN_CHAPTER_S:
            prev = merged[-1]
            notes.append(
                f"merged {title!r} into the chapter at {_clock(prev[0])}: chapters must be "
                f"at least {MIN_CHAPTER_S} s apart"
            )
            prev[1] = title if (prev[0] == 0 and prev[1] == opening) else f"{prev[1]} / {title}"
            continue
        merged.append([start, title])
    end = _video_end(data, opt, items)
    if len(merged) > 1 and end - merged[-1][0] < MIN_CHAPTER_S:
        last = merged.pop()
        notes.append(f"merged the last chapter {last[1]!r}: it would be shorter than 10 s")
        merged[-1][1] = f"{merged[-1][1]} / {last[1]}"
    if len(merged) < 3:
        raise ExportError(
            f"YouTube shows chapters only when there are at least 3, each at least "
            f"{MIN_CHAPTER_S} s long; this session gives {len(merged)}. Mark more moments "
            "(H) or export another format."
        )
    lines = [f"{_clock(start)} {_one_line(title)}" for start, title in merged]
    return ExportResult("\n".join(lines) + "\n", notes)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- SRT -------------------------------------------------------------------------------
def write_srt(data: ExportInput, opt: ExportOptions) -> ExportResult:
    import srt

    notes: list[str] = []
    items = _items(data, opt, notes)
    subs = []
    for i, it in enumerate(items, 1):
        nxt = items[i].video_s if i < len(items) else it.video_s + 4
        end = max(it.video_s + 1, min(it.video_s + 4, nxt))
        text = it.h.title
        extra = " ".join(
            [it.h.note if it.h.note != it.h.title else "", *(f"#{t}" for t in it.h.tags)]
        )
        if extra.strip():
            text += "\n" + extra.strip()
        subs.append(srt.Subtitle(i, timedelta(seconds=it.video_s), timedelta(seconds=end), text))
    return ExportResult(srt.compose(subs), notes)


# -- CSV -------------------------------------------------------------------------------
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """OWASP CSV injection: a text cell that starts like a formula gets a leading '."""
    return "'" + text if text.startswith(_DANGEROUS) else text


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
            notes.append(f"dropped {seg.name!r}: it ended before the video started")
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
_SAMPLES_MARK = "@genbo-samples@"


def write_json(
    data: ExportInput, opt: ExportOptions, progress: Callable[[float], None] | None = None
) -> ExportResult:
    info = data.info
    start = info.started_ms

    def money(fen: int | None) -> float | None:
        return None if fen is None else float(Decimal(fen) / 100)

    lines = _sample_lines(data.columns, start, progress)
    doc = {
        "format": "genbo-session",
        "version": JSON_FORMAT_VERSION,
        "session": {
            "id": info.id,
            "streamer": info.streamer.name,
            "title": info.title,
            "started_at": info.started_at.isoformat(timespec="milliseconds"),
            "started_ms": start,
            "ended_ms": info.ended_ms,
            "utc_offset_min": info.utc_offset_min,
            "status": info.status.value,
            "duration_s": info.summary.duration_s,
            "summary": {
                "peak_viewers": info.summary.peak_viewers,
                "gmv": money(info.summary.gmv_fen),
                "gmv_15m": money(info.summary.gmv_15m_fen),
                "gmv_30m": money(info.summary.gmv_30m_fen),
                "sample_count": info.summary.sample_count,
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
        "samples": _SAMPLES_MARK,
        "gaps": [
            {"source": g.source, "start_ms": g.start_ms, "end_ms": g.end_ms, "reason": g.reason}
            for g in data.gaps
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
RESOLVE_COLORS = {"manual": "ResolveColorBlue", "milestone": "ResolveColorYellow"}


def write_resolve_edl(data: ExportInput, opt: ExportOptions) -> ExportResult:
    """Timeline markers as DaVinci Resolve exports and imports them."""
    notes: list[str] = []
    fps = opt.fps
    base = _parse_timecode(opt.timeline_start, fps)
    lines = [f"TITLE: {_one_line(data.info.streamer.name)} {_one_line(data.info.title)}".rstrip(),
             "FCM: NON-DROP FRAME", ""]  # fmt: skip
    used: set[int] = set()
    for n, it in enumerate(_items(data, opt, notes), 1):
        frame = round((base + it.video_s) * fps)
        while frame in used:
            frame += 1
            notes.append(f"moved {it.h.title!r} one frame on: two markers cannot share a frame")
        used.add(frame)
        tc_in = _timecode(frame / fps, fps)
        tc_out = _timecode((frame + 1) / fps, fps)
        color = RESOLVE_COLORS.get(it.h.origin, "ResolveColorBlue")
        lines.append(f"{n:03d}  001      V     C        {tc_in} {tc_out} {tc_in} {tc_out}  ")
        name = _one_line(it.h.title).replace("|", "/")
        lines.append(f" |C:{color} |M:{name} |D:1")
        lines.append("")
    return ExportResult("\n".join(lines), notes)


# -- OpenTimelineIO formats ------------------------------------------------------------
def _otio_timeline(data: ExportInput, opt: ExportOptions, notes: list[str], clips: bool) -> Any:
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime, TimeRange

    rate = float(opt.fps)
    items = _items(data, opt, notes)
    end = _video_end(data, opt, items)
    name = f"{data.info.streamer.name} {data.info.title}".strip()
    tl = otio.schema.Timeline(name=name)
    track = otio.schema.Track(name="Genbo", kind=otio.schema.TrackKind.Video)
    tl.tracks.append(track)
    ref = otio.schema.ExternalReference(
        target_url="recording.mp4",
        available_range=TimeRange(RationalTime(0, rate), RationalTime(round(end * rate), rate)),
    )

    def rt(seconds: float) -> Any:
        return RationalTime(round(seconds * rate), rate)

    if clips:
        # One event per highlight (pre-roll to a few seconds after the mark).
        cursor = 0.0
        for it in items:
            start = max(it.start_s, cursor)
            stop = max(start + 1 / rate, it.video_s + POST_ROLL_S)
            if start > cursor:
                track.append(
                    otio.schema.Gap(source_range=TimeRange(rt(cursor), rt(start - cursor)))
                )
            clip = otio.schema.Clip(
                name=_one_line(it.h.title),
                media_reference=ref.clone(),
                source_range=TimeRange(rt(start), rt(stop - start)),
            )
            clip.markers.append(
                otio.schema.Marker(
                    name=_one_line(it.h.title), marked_range=TimeRange(rt(it.video_s), rt(0))
                )
            )
            track.append(clip)
            cursor = stop
    else:
        # The whole recording with a marker at each highlight.
        clip = otio.schema.Clip(
            name=name or "Genbo session",
            media_reference=ref,
            source_range=TimeRange(rt(0), rt(end)),
        )
        for it in items:
            clip.markers.append(
                otio.schema.Marker(
                    name=_one_line(it.h.title),
                    marked_range=TimeRange(rt(it.video_s), rt(0)),
                    color=otio.schema.MarkerColor.ORANGE
                    if it.h.major
                    else otio.schema.MarkerColor.BLUE,
                )
            )
        track.append(clip)
    return tl


def _otio_write(adapter: str, clips: bool) -> Callable[[ExportInput, ExportOptions], ExportResult]:
    def write(data: ExportInput, opt: ExportOptions) -> ExportResult:
        import opentimelineio as otio

        notes: list[str] = []
        tl = _otio_timeline(data, opt, notes, clips)
        return ExportResult(otio.adapters.write_to_string(tl, adapter), notes)

    return write


WRITERS: dict[str, Callable[[ExportInput, ExportOptions], ExportResult]] = {
    "chapters": write_chapters,
    "edl": _otio_write("cmx_3600", clips=True),
    "resolve-edl": write_resolve_edl,
    "premiere": _otio_write("fcp_xml", clips=False),
    "fcpxml": _otio_write("fcpx_xml", clips=False),
    "srt": write_srt,
    "csv": write_csv,
    "json": write_json,
    "clips": write_clips,
}


def export(
    fmt: str,
    data: ExportInput,
    opt: ExportOptions | None = None,
    progress: Callable[[float], None] | None = None,
) -> ExportResult:
    """Write `data` as `fmt`. `progress` hears the share written, for the
    formats that carry every sample (JSON); the others take no time."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "clips":
        if not data.segments:
            raise ExportError("this session has no segments; start one with S and end it with E")
    elif fmt != "json" and not data.highlights:
        raise ExportError(
            "this session has no highlights yet; mark moments with H (milestones add "
            "their own) and export again"
        )
    if fmt == "json":
        return write_json(data, opt or ExportOptions(), progress)
    return WRITERS[fmt](data, opt or ExportOptions())
