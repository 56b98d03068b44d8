"""Timelines through OpenTimelineIO and its adapters: CMX 3600 EDL, FCP 7
XML (Premiere) and FCPXML."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.messages import QT_TRANSLATE_NOOP, translate
from app.exports.common import (
    POST_ROLL_S,
    ExportInput,
    ExportOptions,
    ExportResult,
    _items,
    _one_line,
    _video_end,
)


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
            name=name or translate("exports", QT_TRANSLATE_NOOP("exports", "Genbo session")),
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
