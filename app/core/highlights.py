"""Highlights (moments marked for the video editors) and how session events are
stored.

A manual mark means "what just happened": the operator's reaction lag is
subtracted from the key press. A clip starts `preroll_s` before the mark (so
it includes the lead-up), never before the session started.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.milestones import Milestone, MilestoneKind

DEFAULT_PREROLL_S = 30.0
DEFAULT_REACTION_LAG_S = 2.0


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Highlight:
    uid: str
    mark_ms: int
    """The moment itself (UTC epoch ms)."""
    title: str
    note: str = ""
    tags: tuple[str, ...] = ()
    preroll_s: float = DEFAULT_PREROLL_S
    origin: str = "manual"
    """"manual" (a key press) or "milestone" (made automatically)."""
    major: bool = False

    def clip_start_ms(self, session_started_ms: int) -> int:
        return max(session_started_ms, self.mark_ms - round(self.preroll_s * 1000))


def mark_now(
    pressed_ms: int,
    session_started_ms: int,
    title: str,
    reaction_lag_s: float = DEFAULT_REACTION_LAG_S,
    preroll_s: float = DEFAULT_PREROLL_S,
) -> Highlight:
    """A highlight for a key press: the moment is the press minus the reaction lag,
    never before the session started."""
    mark = max(session_started_ms, pressed_ms - round(reaction_lag_s * 1000))
    return Highlight(new_uid(), mark, title, preroll_s=preroll_s)


def from_milestone(m: Milestone, title: str, preroll_s: float = DEFAULT_PREROLL_S) -> Highlight:
    """Milestones become highlights on their own, at the crossing time (no lag)."""
    return Highlight(
        new_uid(), m.ts_ms, title, preroll_s=preroll_s, origin="milestone", major=m.major
    )


def parse_note(text: str) -> tuple[str, tuple[str, ...]]:
    """ "great pitch #商品A #replay" → ("great pitch", ("商品A", "replay"))."""
    words, tags = [], []
    for word in text.split():
        if word.startswith(("#", "＃")) and len(word) > 1:
            tags.append(word[1:])
        else:
            words.append(word)
    return " ".join(words), tuple(dict.fromkeys(tags))


def with_note(h: Highlight, text: str) -> Highlight:
    """`h` with the note typed after marking it: its words become the title
    (the old one stays if there are none), its #words the tags."""
    words, tags = parse_note(text)
    return replace(h, title=words or h.title, note=text, tags=tags)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """What the events table holds for a milestone or a highlight."""

    uid: str
    ts_ms: int
    kind: str
    label: str
    payload: Mapping[str, Any] = field(default_factory=dict)


def milestone_record(m: Milestone, label: str, uid: str | None = None) -> EventRecord:
    return EventRecord(
        uid or new_uid(),
        m.ts_ms,
        "milestone",
        label,
        {
            "kind": m.kind.value,
            "metric": m.metric,
            "value": m.value,
            "detail": m.detail,
            "major": m.major,
            "noticed_ms": m.noticed_ms,
        },
    )


def milestone_from_record(r: EventRecord) -> Milestone:
    p = r.payload
    return Milestone(
        r.ts_ms,
        MilestoneKind(p["kind"]),
        str(p["metric"]),
        float(p["value"]),
        str(p.get("detail", "")),
        bool(p.get("major", False)),
        int(p.get("noticed_ms", r.ts_ms)),
    )


def highlight_record(h: Highlight) -> EventRecord:
    return EventRecord(
        h.uid,
        h.mark_ms,
        "highlight",
        h.title,
        {
            "note": h.note,
            "tags": list(h.tags),
            "preroll_s": h.preroll_s,
            "origin": h.origin,
            "major": h.major,
        },
    )


def highlight_from_record(r: EventRecord) -> Highlight:
    p = r.payload
    return Highlight(
        r.uid,
        r.ts_ms,
        r.label,
        str(p.get("note", "")),
        tuple(str(t) for t in p.get("tags", ())),
        float(p.get("preroll_s", DEFAULT_PREROLL_S)),
        str(p.get("origin", "manual")),
        bool(p.get("major", False)),
    )
