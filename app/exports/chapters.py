"""YouTube chapters: "0:00 Title" lines, merged where they would be too close."""

from __future__ import annotations

from typing import Any

from app.core.messages import QT_TRANSLATE_NOOP, say, translate
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
    opening = data.info.title or translate("exports", QT_TRANSLATE_NOOP("exports", "Start"))
    merged: list[list[Any]] = [[0.0, opening]]
    for it in items:
        start, title = it.start_s, it.h.title
        if start - merged[-1][0] < MIN_CHAPTER_S:
            prev = merged[-1]
            notes.append(
                say(
                    "exports",
                    QT_TRANSLATE_NOOP(
                        "exports",
                        "merged “{title}” into the chapter at {clock}: chapters must be "
                        "at least {seconds} s apart",
                    ),
                    title=title,
                    clock=_clock(prev[0]),
                    seconds=MIN_CHAPTER_S,
                )
            )
            prev[1] = title if (prev[0] == 0 and prev[1] == opening) else f"{prev[1]} / {title}"
            continue
        merged.append([start, title])
    end = _video_end(data, opt, items)
    if len(merged) > 1 and end - merged[-1][0] < MIN_CHAPTER_S:
        last = merged.pop()
        notes.append(
            say(
                "exports",
                QT_TRANSLATE_NOOP(
                    "exports", "merged the last chapter “{title}”: it would be shorter than 10 s"
                ),
                title=last[1],
            )
        )
        merged[-1][1] = f"{merged[-1][1]} / {last[1]}"
    if len(merged) < 3:
        raise ExportError(
            QT_TRANSLATE_NOOP(
                "exports",
                "YouTube shows chapters only when there are at least 3, each at least "
                "{seconds} s long; this session gives {n}. Mark more moments "
                "(H) or export another format.",
            ),
            seconds=MIN_CHAPTER_S,
            n=len(merged),
        )
    lines = [f"{_clock(start)} {_one_line(title)}" for start, title in merged]
    return ExportResult("\n".join(lines) + "\n", notes)
