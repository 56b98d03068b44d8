"""DaVinci Resolve's marker EDL, written by hand."""

from __future__ import annotations

from app.core.messages import QT_TRANSLATE_NOOP, say
from app.exports.common import (
    ExportInput,
    ExportOptions,
    ExportResult,
    _items,
    _one_line,
    _parse_timecode,
    _timecode,
)

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
            notes.append(
                say(
                    "exports",
                    QT_TRANSLATE_NOOP(
                        "exports", "moved “{title}” one frame on: two markers cannot share a frame"
                    ),
                    title=it.h.title,
                )
            )
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
