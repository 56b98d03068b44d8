"""SRT subtitles, one per highlight, written by `srt`."""

from __future__ import annotations

from datetime import timedelta

from app.exports.common import (
    ExportInput,
    ExportOptions,
    ExportResult,
    _items,
)


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
