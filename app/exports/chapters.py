"""YouTube chapters: "0:00 Title" lines, merged where they would be too close."""

from __future__ import annotations

from typing import Any

from app.exports.common import (
    MIN_CHAPTER_S,
    ExportError,
    ExportInput,
    ExportOptions,
    ExportResult,
    _clock,
    _items,
    _one_line,
    _video_end,
)


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
