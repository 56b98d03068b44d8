"""What every export shares: its input and options, its result, and the
mapping of session times onto the video's clock."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from app.core.columns import SessionColumns
from app.core.highlights import EventRecord, Highlight
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say
from app.core.metrics import Gap
from app.core.milestones import Milestone
from app.core.numbers import format_elapsed
from app.core.segments import SegmentStats
from app.core.session import SessionInfo

MIN_CHAPTER_S = 10
POST_ROLL_S = 5.0


class ExportError(Explained, ValueError):
    """The export cannot be made as asked; the message says why and what to do
    (in the user's language: `app.core.messages`)."""

    context = "exports"


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
    events: Sequence[EventRecord] = ()
    """The stored event records as they are (the JSON carries them for an
    exact import)."""


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


class BinaryExportResult(ExportResult):
    """A file that is bytes, not text (an Excel workbook)."""

    def __init__(self, data: bytes, notes: list[str] | None = None) -> None:
        super().__init__((), notes)
        self.data = data

    @property
    def text(self) -> str:
        raise ExportError(
            QT_TRANSLATE_NOOP(
                "exports",
                "this export is a binary file, not text; save it to a file",
            )
        )

    def __len__(self) -> int:
        """Bytes in the file."""
        return len(self.data)

    def write(self, stream: TextIO) -> None:
        """Into the byte stream under a text stream (`genbo export … > file.xlsx`);
        a stream with none under it cannot take a binary file."""
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            raise ExportError(
                QT_TRANSLATE_NOOP(
                    "exports",
                    "a binary file cannot be written as text; save it to a file",
                )
            )
        stream.flush()
        buffer.write(self.data)
        buffer.flush()

    def save(self, target: Path) -> None:
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(self.data)
        tmp.replace(target)


def parse_offset(text: str) -> float:
    """ "+0:02:00", "-1:30", "90" → seconds."""
    m = re.fullmatch(r"\s*([+-]?)(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*", text)
    if not m:
        raise ExportError(
            QT_TRANSLATE_NOOP(
                "exports",
                "“{text}” is not an offset; write it like +0:02:00 or -1:30",
            ),
            text=text,
        )
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
            notes.append(
                say(
                    "exports",
                    QT_TRANSLATE_NOOP(
                        "exports",
                        "dropped “{title}”: it happened before the video started",
                    ),
                    title=h.title,
                )
            )
            continue
        items.append(_Item(mark, max(0.0, start), h))
    return items


def _video_end(data: ExportInput, opt: ExportOptions, items: list[_Item]) -> float:
    end = data.duration_s + opt.offset_s
    if items:
        end = max(end, items[-1].video_s + POST_ROLL_S)
    return end


# -- chapters --------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- SRT -------------------------------------------------------------------------------


_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """OWASP CSV injection: a text cell that starts like a formula gets a leading '."""
    return "'" + text if text.startswith(_DANGEROUS) else text
